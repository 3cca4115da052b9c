/**
 * Name, label, port and address rules (k8s.io/apimachinery/pkg/util/validation, .../api/validation/path) and
 * ValidateObjectMeta's create-time checks (k8s.io/apimachinery/pkg/api/validation/objectmeta.go).
 */
import type { FieldError, KubeObject } from "./types";
import { forbidden, invalid, required, tooLong } from "./field-errors-local";

/** A name validator: messages for `name`; `prefix` is true for generateName (a trailing `-` is allowed). */
export type NameValidator = (name: string, prefix: boolean) => string[];

/** validation.RegexError. */
export function regexError(msg: string, fmt: string, ...examples: string[]): string {
  if (!examples.length) return `${msg} (regex used for validation is '${fmt}')`;
  return `${msg} (e.g. ${examples.map((e) => `'${e}', `).join(" or ")}regex used for validation is '${fmt}')`;
}
const maxLenError = (n: number) => `must be no more than ${n} characters`;

const DNS1123_LABEL_FMT = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
const DNS1123_SUBDOMAIN_FMT = `${DNS1123_LABEL_FMT}(\\.${DNS1123_LABEL_FMT})*`;
const DNS1123_LABEL_RE = new RegExp(`^${DNS1123_LABEL_FMT}$`);
const DNS1123_SUBDOMAIN_RE = new RegExp(`^${DNS1123_SUBDOMAIN_FMT}$`);
const WILDCARD_FMT = `\\*\\.${DNS1123_SUBDOMAIN_FMT}`;
const WILDCARD_RE = new RegExp(`^${WILDCARD_FMT}$`);
const QUALIFIED_NAME_FMT = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
const QUALIFIED_NAME_RE = new RegExp(`^${QUALIFIED_NAME_FMT}$`);
const QUALIFIED_NAME_MSG = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const LABEL_VALUE_FMT = `(${QUALIFIED_NAME_FMT})?`;
const LABEL_VALUE_RE = new RegExp(`^${LABEL_VALUE_FMT}$`);

export function isDNS1123Label(v: string): string[] {
  const errs: string[] = [];
  if (v.length > 63) errs.push(maxLenError(63));
  if (!DNS1123_LABEL_RE.test(v)) {
    errs.push(
      regexError(
        "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character",
        DNS1123_LABEL_FMT,
        "my-name",
        "123-abc",
      ),
    );
  }
  return errs;
}

const DNS1035_LABEL_FMT = "[a-z]([-a-z0-9]*[a-z0-9])?";

/** IsDNS1035Label (Service names). */
export function isDNS1035Label(v: string): string[] {
  const errs: string[] = [];
  if (v.length > 63) errs.push(maxLenError(63));
  if (!new RegExp(`^${DNS1035_LABEL_FMT}$`).test(v)) {
    errs.push(
      regexError(
        "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character",
        DNS1035_LABEL_FMT,
        "my-name",
        "abc-123",
      ),
    );
  }
  return errs;
}

export function isDNS1123Subdomain(v: string): string[] {
  const errs: string[] = [];
  if (v.length > 253) errs.push(maxLenError(253));
  if (!DNS1123_SUBDOMAIN_RE.test(v)) {
    errs.push(
      regexError(
        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character",
        DNS1123_SUBDOMAIN_FMT,
        "example.com",
      ),
    );
  }
  return errs;
}

export function isWildcardDNS1123Subdomain(v: string): string[] {
  const errs: string[] = [];
  if (v.length > 253) errs.push(maxLenError(253));
  if (!WILDCARD_RE.test(v)) {
    errs.push(
      regexError(
        "a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS subdomain, which must consist of lower case alphanumeric characters, '-' or '.' and end with an alphanumeric character",
        WILDCARD_FMT,
        "*.example.com",
      ),
    );
  }
  return errs;
}

/** IsQualifiedName: `[prefix/]name`, e.g. label and annotation keys. */
export function isQualifiedName(v: string): string[] {
  const errs: string[] = [];
  const parts = v.split("/");
  let name: string;
  if (parts.length === 1) name = parts[0];
  else if (parts.length === 2) {
    const prefix = parts[0];
    name = parts[1];
    if (!prefix) errs.push("prefix part must be non-empty");
    else errs.push(...isDNS1123Subdomain(prefix).map((m) => `prefix part ${m}`));
  } else {
    return [
      `a qualified name ${regexError(QUALIFIED_NAME_MSG, QUALIFIED_NAME_FMT, "MyName", "my.name", "123-abc")} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
    ];
  }
  if (!name) errs.push("name part must be non-empty");
  else if (name.length > 63) errs.push(`name part ${maxLenError(63)}`);
  if (!QUALIFIED_NAME_RE.test(name)) errs.push(`name part ${regexError(QUALIFIED_NAME_MSG, QUALIFIED_NAME_FMT, "MyName", "my.name", "123-abc")}`);
  return errs;
}

export function isValidLabelValue(v: string): string[] {
  const errs: string[] = [];
  if (v.length > 63) errs.push(maxLenError(63));
  if (!LABEL_VALUE_RE.test(v)) {
    errs.push(
      regexError(
        "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
        LABEL_VALUE_FMT,
        "MyValue",
        "my_value",
        "12345",
      ),
    );
  }
  return errs;
}

/** maskTrailingDash: generateName prefixes may end in `-`. */
const maskTrailingDash = (name: string) => (name.length > 1 && name.endsWith("-") ? name.slice(0, -1) + "a" : name);

/** NameIsDNSSubdomain (the default object name rule). */
export const dnsSubdomainName: NameValidator = (name, prefix) => isDNS1123Subdomain(prefix ? maskTrailingDash(name) : name);
/** NameIsDNSLabel. */
export const dnsLabelName: NameValidator = (name, prefix) => isDNS1123Label(prefix ? maskTrailingDash(name) : name);

/** path.ValidatePathSegmentName: anything but `.` and `..`, without `/` or `%`. */
export const validatePathSegmentName: NameValidator = (name, prefix) => {
  if (!prefix) for (const bad of [".", ".."]) if (name === bad) return [`may not be '${bad}'`];
  return ["/", "%"].filter((c) => name.includes(c)).map((c) => `may not contain '${c}'`);
};

/** ValidateServiceAccountName = NameIsDNSSubdomain. */
export const validateServiceAccountName = (name: string) => dnsSubdomainName(name, false);

export function isValidPortNum(port: number): string[] {
  return port >= 1 && port <= 65535 ? [] : ["must be between 1 and 65535, inclusive"];
}

export function isValidPortName(port: string): string[] {
  const errs: string[] = [];
  if (port.length > 15) errs.push("must be no more than 15 characters");
  if (!/^[-a-z0-9]+$/.test(port)) errs.push("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)");
  if (!/[a-z]/.test(port)) errs.push("must contain at least one letter (a-z)");
  if (port.includes("--")) errs.push("must not contain consecutive hyphens (-)");
  if (port.startsWith("-") || port.endsWith("-")) errs.push("must not begin or end with a hyphen (-)");
  return errs;
}

/** IsDomainPrefixedPath: `acme.io/foo`. */
export function isDomainPrefixedPath(field: string, v: string): FieldError[] {
  if (!v) return [required(field)];
  const slash = v.indexOf("/");
  if (slash <= 0 || slash === v.length - 1) return [invalid(field, v, 'must be a domain-prefixed path (such as "acme.io/foo")')];
  const host = v.slice(0, slash);
  const path = v.slice(slash + 1);
  const errs = isDNS1123Subdomain(host).map((m) => invalid(field, host, m));
  if (!/^[A-Za-z0-9/\-._~%!$&'()*+,;=:]+$/.test(path)) {
    errs.push(invalid(field, path, regexError("must be a valid path", "[A-Za-z0-9/\\-._~%!$&'()*+,;=:]+")));
  }
  return errs;
}

/** ValidateLabels (metav1 validation): keys are qualified names, values label values; errors name the map. */
export function validateLabels(labels: unknown, field: string): FieldError[] {
  if (!labels || typeof labels !== "object") return [];
  const errs: FieldError[] = [];
  for (const [k, v] of Object.entries(labels as Record<string, string>)) {
    for (const m of isQualifiedName(k)) errs.push(invalid(field, k, m));
    for (const m of isValidLabelValue(String(v ?? ""))) errs.push(invalid(field, v, m));
  }
  return errs;
}

/** ValidateAnnotations: keys are (lower-cased) qualified names, total size at most 256 KiB. */
export function validateAnnotations(annotations: unknown, field: string): FieldError[] {
  if (!annotations || typeof annotations !== "object") return [];
  const errs: FieldError[] = [];
  let size = 0;
  for (const [k, v] of Object.entries(annotations as Record<string, string>)) {
    for (const m of isQualifiedName(k.toLowerCase())) errs.push(invalid(field, k, m));
    size += k.length + String(v ?? "").length;
  }
  if (size > 256 * 1024) errs.push(tooLong(field, 256 * 1024));
  return errs;
}

/**
 * ValidateObjectMeta's create-time checks: name (or generateName) by `nameFn`, namespace present exactly for
 * namespaced kinds, labels and annotations.
 */
export function validateMeta(o: KubeObject, namespaced: boolean, nameFn: NameValidator = dnsSubdomainName): FieldError[] {
  const meta: KubeObject = o.metadata ?? {};
  const errs: FieldError[] = [];
  if (meta.generateName) for (const m of nameFn(meta.generateName, true)) errs.push(invalid("metadata.generateName", meta.generateName, m));
  if (!meta.name) errs.push(required("metadata.name", "name or generateName is required"));
  else for (const m of nameFn(meta.name, false)) errs.push(invalid("metadata.name", meta.name, m));
  if (namespaced) {
    if (!meta.namespace) errs.push(required("metadata.namespace"));
    else for (const m of isDNS1123Label(meta.namespace)) errs.push(invalid("metadata.namespace", meta.namespace, m));
  } else if (meta.namespace) {
    errs.push(forbidden("metadata.namespace", "not allowed on this type"));
  }
  errs.push(...validateLabels(meta.labels, "metadata.labels"));
  errs.push(...validateAnnotations(meta.annotations, "metadata.annotations"));
  return errs;
}

/** netutils.ParseIPSloppy: 4 (IPv4) or 16 (IPv6) bytes; IPv4 parts may have leading zeros. */
export function parseIP(s: string): number[] | undefined {
  if (s.includes(":")) return parseIPv6(s);
  const parts = s.split(".");
  if (parts.length !== 4 || parts.some((p) => !/^[0-9]{1,3}$/.test(p) || Number(p) > 255)) return undefined;
  return parts.map(Number);
}

function parseIPv6(s: string): number[] | undefined {
  const halves = s.split("::");
  if (halves.length > 2) return undefined;
  const groups = (h: string): number[] | undefined => {
    if (h === "") return [];
    const out: number[] = [];
    const parts = h.split(":");
    for (let i = 0; i < parts.length; i++) {
      const p = parts[i];
      if (i === parts.length - 1 && p.includes(".")) {
        const v4 = parseIP(p);
        if (!v4 || v4.length !== 4) return undefined;
        out.push(v4[0], v4[1], v4[2], v4[3]);
      } else if (/^[0-9a-fA-F]{1,4}$/.test(p)) {
        const n = parseInt(p, 16);
        out.push(n >> 8, n & 0xff);
      } else return undefined;
    }
    return out;
  };
  const head = groups(halves[0]);
  const tail = halves.length === 2 ? groups(halves[1]) : [];
  if (!head || !tail) return undefined;
  if (halves.length === 1) return head.length === 16 ? head : undefined;
  const fill = 16 - head.length - tail.length;
  return fill >= 2 ? [...head, ...new Array(fill).fill(0), ...tail] : undefined;
}

/** netutils.ParseCIDRSloppy: the network address bytes and prefix length. */
export function parseCIDR(s: string): { ip: number[]; bits: number } | undefined {
  const slash = s.indexOf("/");
  if (slash < 0) return undefined;
  const ip = parseIP(s.slice(0, slash));
  const lenText = s.slice(slash + 1);
  if (!ip || !/^[0-9]{1,3}$/.test(lenText)) return undefined;
  const bits = Number(lenText);
  if (bits > ip.length * 8) return undefined;
  return { ip: ip.map((b, i) => b & maskByte(bits, i)), bits };
}

const maskByte = (bits: number, i: number) => (bits >= (i + 1) * 8 ? 0xff : bits <= i * 8 ? 0 : (0xff << (8 - (bits - i * 8))) & 0xff);

/** `inner` lies inside `outer` and has a strictly longer prefix (IPBlock.except). */
export function isStrictSubnet(outer: { ip: number[]; bits: number }, inner: { ip: number[]; bits: number }): boolean {
  if (outer.ip.length !== inner.ip.length || inner.bits <= outer.bits) return false;
  return outer.ip.every((b, i) => (inner.ip[i] & maskByte(outer.bits, i)) === b);
}

export function isValidCIDR(field: string, v: string): FieldError[] {
  return parseCIDR(v) ? [] : [invalid(field, v, "must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)")];
}

/** ValidateNonSpecialIP: endpoint addresses may not be unspecified, loopback or link-local. */
export function validateNonSpecialIP(field: string, v: string): FieldError[] {
  const ip = parseIP(v);
  if (!ip) return [];
  const v4 = ip.length === 4;
  if (ip.every((b) => b === 0)) return [invalid(field, v, "may not be unspecified (0.0.0.0, ::)")];
  if (v4 ? ip[0] === 127 : ip.slice(0, 15).every((b) => b === 0) && ip[15] === 1) {
    return [invalid(field, v, "may not be in the loopback range (127.0.0.0/8, ::1/128)")];
  }
  if (v4 ? ip[0] === 169 && ip[1] === 254 : ip[0] === 0xfe && (ip[1] & 0xc0) === 0x80) {
    return [invalid(field, v, "may not be in the link-local range (169.254.0.0/16, fe80::/10)")];
  }
  if (v4 ? ip[0] === 224 && ip[1] === 0 && ip[2] === 0 : ip[0] === 0xff && (ip[1] & 0x0f) === 0x02) {
    return [invalid(field, v, "may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)")];
  }
  return [];
}

/** IsFullyQualifiedDomainName (EndpointSlice FQDN addresses). */
export function isFullyQualifiedDomainName(field: string, v: string): FieldError[] {
  if (!v) return [required(field)];
  const name = v.endsWith(".") ? v.slice(0, -1) : v;
  const sub = isDNS1123Subdomain(name);
  if (sub.length) return [invalid(field, name, sub.join(","))];
  const labels = name.split(".");
  if (labels.length < 2) return [invalid(field, name, "should be a domain with at least two segments separated by dots")];
  for (const l of labels) {
    const e = isDNS1123Label(l);
    if (e.length) return [invalid(field, l, e.join(","))];
  }
  return [];
}
