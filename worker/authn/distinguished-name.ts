/**
 * Distinguished names as strings (RFC 4514 / RFC 2253, with RFC 1779's tolerances: `;` separators, spaces
 * around separators, quoted values, `OID.` prefixes). Written by hand: no library parses the string form.
 * Attribute types are normalized to OIDs where the keyword is known, so names from different printers compare.
 */

/** One attribute of a name: its type (an OID when known, else the upper-cased keyword) and its value. */
export interface NameAttribute {
  type: string;
  value: string;
}

/** A relative distinguished name: one or more attributes joined by `+`. */
export type Rdn = NameAttribute[];

/** Keywords of RFC 4514 §3, RFC 4519 and the common OpenSSL / X.500 short names. */
const KEYWORDS: Record<string, string> = {
  CN: "2.5.4.3",
  SN: "2.5.4.4",
  SURNAME: "2.5.4.4",
  SERIALNUMBER: "2.5.4.5",
  C: "2.5.4.6",
  L: "2.5.4.7",
  ST: "2.5.4.8",
  S: "2.5.4.8",
  STREET: "2.5.4.9",
  O: "2.5.4.10",
  OU: "2.5.4.11",
  T: "2.5.4.12",
  TITLE: "2.5.4.12",
  POSTALCODE: "2.5.4.17",
  G: "2.5.4.42",
  GN: "2.5.4.42",
  GIVENNAME: "2.5.4.42",
  I: "2.5.4.43",
  INITIALS: "2.5.4.43",
  GENERATIONQUALIFIER: "2.5.4.44",
  DNQUALIFIER: "2.5.4.46",
  PSEUDONYM: "2.5.4.65",
  DC: "0.9.2342.19200300.100.1.25",
  UID: "0.9.2342.19200300.100.1.1",
  E: "1.2.840.113549.1.9.1",
  EMAIL: "1.2.840.113549.1.9.1",
  EMAILADDRESS: "1.2.840.113549.1.9.1",
};

export const OID_COMMON_NAME = "2.5.4.3";
export const OID_ORGANIZATION = "2.5.4.10";

/** The OID of a keyword or dotted OID (`OID.` prefix allowed); unknown keywords are returned upper-cased. */
export function attributeTypeOid(type: string): string {
  const t = type.trim();
  const bare = /^oid\./i.test(t) ? t.slice(4) : t;
  if (/^\d+(\.\d+)*$/.test(bare)) return bare;
  return KEYWORDS[bare.toUpperCase()] ?? bare.toUpperCase();
}

const SPECIAL = new Set([",", "=", "+", "<", ">", "#", ";", "\\", '"', " "]);

/**
 * Parses a distinguished name string into RDNs in the order written (RFC 2253 strings list the most specific
 * RDN first: reverse for the certificate's ASN.1 order). Throws an Error naming the offset on malformed input.
 */
export function parseDistinguishedName(dn: string): Rdn[] {
  const rdns: Rdn[] = [];
  let rdn: Rdn = [];
  let i = 0;
  const skipSpaces = () => {
    while (dn[i] === " ") i++;
  };
  const fail = (what: string): never => {
    throw new Error(`invalid distinguished name ${JSON.stringify(dn)}: ${what} at offset ${i}`);
  };
  skipSpaces();
  if (i === dn.length) return [];
  for (;;) {
    skipSpaces();
    const typeStart = i;
    while (i < dn.length && dn[i] !== "=" && !",;+".includes(dn[i])) i++;
    if (dn[i] !== "=") fail("missing '='");
    const type = dn.slice(typeStart, i).trim();
    if (!/^([A-Za-z][A-Za-z0-9-]*|(oid\.|OID\.)?\d+(\.\d+)*)$/.test(type)) fail(`invalid attribute type ${JSON.stringify(type)}`);
    i++;
    skipSpaces();
    let value: string;
    if (dn[i] === "#") {
      const m = /^#((?:[0-9A-Fa-f]{2})+)/.exec(dn.slice(i));
      if (!m) fail("invalid hex string");
      value = berStringValue(m![1]);
      i += m![0].length;
      skipSpaces();
    } else if (dn[i] === '"') {
      i++;
      value = readValue('"');
      if (dn[i] !== '"') fail("unterminated quoted value");
      i++;
      skipSpaces();
    } else {
      value = readValue("");
    }
    rdn.push({ type: attributeTypeOid(type), value });
    if (i === dn.length) break;
    const sep = dn[i++];
    if (sep === "+") continue;
    if (sep !== "," && sep !== ";") fail(`unexpected ${JSON.stringify(sep)}`);
    rdns.push(rdn);
    rdn = [];
  }
  rdns.push(rdn);
  return rdns;

  /** Reads a value up to an unescaped separator (or `quote`), decoding `\c` and `\XX` (UTF-8 bytes). */
  function readValue(quote: string): string {
    const bytes: number[] = [];
    let trailingSpaces = 0; // unescaped spaces at the end are not part of the value
    const enc = new TextEncoder();
    while (i < dn.length) {
      const c = dn[i];
      if (quote ? c === quote : c === "," || c === ";" || c === "+") break;
      if (c === "\\") {
        const hex = /^[0-9A-Fa-f]{2}/.exec(dn.slice(i + 1, i + 3));
        if (hex) {
          bytes.push(parseInt(hex[0], 16));
          i += 3;
        } else if (i + 1 < dn.length && (SPECIAL.has(dn[i + 1]) || quote)) {
          bytes.push(...enc.encode(dn[i + 1]));
          i += 2;
        } else {
          fail("invalid escape");
        }
        trailingSpaces = 0;
        continue;
      }
      if (!quote && c === '"') fail("unescaped '\"'");
      const cp = dn.codePointAt(i)!;
      const ch = String.fromCodePoint(cp);
      bytes.push(...enc.encode(ch));
      trailingSpaces = c === " " && !quote ? trailingSpaces + 1 : 0;
      i += ch.length;
    }
    const kept = bytes.slice(0, bytes.length - trailingSpaces);
    return new TextDecoder().decode(new Uint8Array(kept));
  }
}

/**
 * The string of a `#hex` value: the BER encoding of a directory string (UTF8String, PrintableString,
 * IA5String, TeletexString, NumericString, VisibleString, BMPString, UniversalString). Other encodings keep
 * their `#hex` form, which still compares equal to itself.
 */
export function berStringValue(hex: string): string {
  const b = Uint8Array.from(hex.match(/../g)!, (h) => parseInt(h, 16));
  const raw = `#${hex.toLowerCase()}`;
  if (b.length < 2) return raw;
  let len = b[1];
  let off = 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 3 || b.length < 2 + n) return raw;
    len = 0;
    for (let k = 0; k < n; k++) len = (len << 8) | b[2 + k];
    off = 2 + n;
  }
  if (off + len !== b.length) return raw;
  const content = b.subarray(off);
  switch (b[0]) {
    case 0x0c: // UTF8String
    case 0x12: // NumericString
    case 0x13: // PrintableString
    case 0x16: // IA5String
    case 0x1a: // VisibleString
      return new TextDecoder().decode(content);
    case 0x14: // TeletexString: treated as Latin-1, as most decoders do
      return String.fromCharCode(...content);
    case 0x1e: {
      // BMPString (UTF-16BE)
      let s = "";
      for (let k = 0; k + 1 < content.length; k += 2) s += String.fromCharCode((content[k] << 8) | content[k + 1]);
      return s;
    }
    case 0x1c: {
      // UniversalString (UTF-32BE)
      let s = "";
      for (let k = 0; k + 3 < content.length; k += 4) {
        s += String.fromCodePoint(((content[k] << 24) | (content[k + 1] << 16) | (content[k + 2] << 8) | content[k + 3]) >>> 0);
      }
      return s;
    }
    default:
      return raw;
  }
}

/**
 * Go's pkix.Name view of a subject in ASN.1 order: CommonName is the last CN attribute, Organization every O
 * attribute in order (crypto/x509 FillFromRDNSequence).
 */
export function subjectIdentity(rdns: Rdn[]): { commonName: string; organizations: string[] } {
  let commonName = "";
  const organizations: string[] = [];
  for (const attr of rdns.flat()) {
    if (attr.type === OID_COMMON_NAME) commonName = attr.value;
    else if (attr.type === OID_ORGANIZATION) organizations.push(attr.value);
  }
  return { commonName, organizations };
}

/**
 * Whether two names have the same attributes, regardless of RDN order (printers disagree on it: RFC 2253
 * reverses the ASN.1 order, others keep it).
 */
export function sameName(a: Rdn[], b: Rdn[]): boolean {
  const key = (rdns: Rdn[]) =>
    rdns
      .flat()
      .map((x) => `${x.type}=${x.value}`)
      .sort();
  const ka = key(a);
  const kb = key(b);
  return ka.length === kb.length && ka.every((x, idx) => x === kb[idx]);
}
