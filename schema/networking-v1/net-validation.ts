/**
 * String-format validators the networking, discovery, RBAC and batch modules need that schema/validation/names.ts
 * does not provide (yet): IP addresses and CIDRs (netutils.ParseIPSloppy / ParseCIDRSloppy, IsValidCIDR,
 * ValidateNonSpecialIP), FQDNs, wildcard DNS subdomains and domain-prefixed paths (k8s.io/apimachinery/pkg/util/
 * validation), and path segment names (k8s.io/apimachinery/pkg/api/validation/path). Candidates to move into
 * schema/validation/.
 */
import type { FieldError } from "../types";
import { invalid, required } from "../validation/field-errors";
import { DNS1123_SUBDOMAIN_FMT, isDNS1123Label, isDNS1123Subdomain, maxLenError, type NameValidator, regexError } from "../validation/names";

const WILDCARD_FMT = `\\*\\.${DNS1123_SUBDOMAIN_FMT}`;
const WILDCARD_RE = new RegExp(`^${WILDCARD_FMT}$`);

/** IsWildcardDNS1123Subdomain: `*.example.com`. */
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

/** path.ValidatePathSegmentName: anything but `.` and `..`, without `/` or `%` (RBAC names, Ingress backend refs). */
export const validatePathSegmentName: NameValidator = (name, prefix) => {
  if (!prefix) for (const bad of [".", ".."]) if (name === bad) return [`may not be '${bad}'`];
  return ["/", "%"].filter((c) => name.includes(c)).map((c) => `may not contain '${c}'`);
};

/** IsDomainPrefixedPath: `acme.io/foo` (IngressClass controller, Job managedBy). */
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
        out.push(...v4);
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
  return fill >= 2 ? [...head, ...new Array<number>(fill).fill(0), ...tail] : undefined;
}

export interface CIDR {
  /** Network address bytes (host bits cleared). */
  ip: number[];
  bits: number;
}

const maskByte = (bits: number, i: number) =>
  bits >= (i + 1) * 8 ? 0xff : bits <= i * 8 ? 0 : (0xff << (8 - (bits - i * 8))) & 0xff;

/** netutils.ParseCIDRSloppy. */
export function parseCIDR(s: string): CIDR | undefined {
  const slash = s.indexOf("/");
  if (slash < 0) return undefined;
  const ip = parseIP(s.slice(0, slash));
  const lenText = s.slice(slash + 1);
  if (!ip || !/^[0-9]{1,3}$/.test(lenText)) return undefined;
  const bits = Number(lenText);
  if (bits > ip.length * 8) return undefined;
  return { ip: ip.map((b, i) => b & maskByte(bits, i)), bits };
}

/** `inner` lies inside `outer` with a strictly longer prefix (NetworkPolicy ipBlock.except). */
export function isStrictSubnet(outer: CIDR, inner: CIDR): boolean {
  if (outer.ip.length !== inner.ip.length || inner.bits <= outer.bits) return false;
  return outer.ip.every((b, i) => (inner.ip[i] & maskByte(outer.bits, i)) === b);
}

export function isValidCIDR(field: string, v: string): FieldError[] {
  return parseCIDR(v) ? [] : [invalid(field, v, "must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)")];
}

export function isValidIPv4Address(field: string, v: string): FieldError[] {
  return parseIP(v)?.length === 4 ? [] : [invalid(field, v, "must be a valid IPv4 address")];
}

export function isValidIPv6Address(field: string, v: string): FieldError[] {
  return parseIP(v)?.length === 16 ? [] : [invalid(field, v, "must be a valid IPv6 address")];
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
