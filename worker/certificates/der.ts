/**
 * Just enough DER reading to find the signed bytes of a PKCS#10 request as sent (the signature covers the
 * original encoding of CertificationRequestInfo, which a parse-and-reserialize round trip may not keep),
 * its signature algorithm and its signature bits. Everything else is parsed by @peculiar/x509.
 */

export interface DerElement {
  tag: number;
  /** Offset of the tag byte. */
  offset: number;
  /** Offsets of the contents. */
  start: number;
  end: number;
}

/** The element at `offset`, or undefined when the encoding is truncated or not DER-shaped. */
export function readElement(b: Uint8Array, offset: number, limit = b.length): DerElement | undefined {
  if (offset + 2 > limit) return undefined;
  const tag = b[offset];
  if ((tag & 0x1f) === 0x1f) return undefined; // multi-byte tags do not occur in the structures read here
  let len = b[offset + 1];
  let start = offset + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 4 || start + n > limit) return undefined;
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + b[start + i];
    start += n;
  }
  const end = start + len;
  return end <= limit ? { tag, offset, start, end } : undefined;
}

/** The elements inside a constructed element. */
export function childrenOf(b: Uint8Array, parent: DerElement): DerElement[] | undefined {
  const out: DerElement[] = [];
  for (let at = parent.start; at < parent.end; ) {
    const el = readElement(b, at, parent.end);
    if (!el) return undefined;
    out.push(el);
    at = el.end;
  }
  return out;
}

/** Dotted text of an OBJECT IDENTIFIER's contents. */
export function decodeOid(bytes: Uint8Array): string {
  const arcs: number[] = [];
  let value = 0;
  for (const byte of bytes) {
    value = value * 128 + (byte & 0x7f);
    if (byte & 0x80) continue;
    if (arcs.length === 0) arcs.push(value < 80 ? Math.floor(value / 40) : 2, value < 80 ? value % 40 : value - 80);
    else arcs.push(value);
    value = 0;
  }
  return arcs.join(".");
}

export interface SignedStructure {
  /** The signed bytes (tag and length included). */
  tbs: Uint8Array;
  signatureAlgorithm: string;
  /** The signature bits (BIT STRING contents without the unused-bits byte). */
  signature: Uint8Array;
}

/** Splits `SEQUENCE { tbs, AlgorithmIdentifier, BIT STRING }` (certificates, CRLs and PKCS#10 requests). */
export function splitSigned(der: Uint8Array): SignedStructure | undefined {
  const outer = readElement(der, 0);
  if (!outer || outer.tag !== 0x30 || outer.end !== der.length) return undefined;
  const parts = childrenOf(der, outer);
  if (!parts || parts.length !== 3) return undefined;
  const [tbs, alg, sig] = parts;
  if (tbs.tag !== 0x30 || alg.tag !== 0x30 || sig.tag !== 0x03 || sig.end - sig.start < 1) return undefined;
  const oid = readElement(der, alg.start, alg.end);
  if (!oid || oid.tag !== 0x06) return undefined;
  return {
    tbs: der.subarray(tbs.offset, tbs.end),
    signatureAlgorithm: decodeOid(der.subarray(oid.start, oid.end)),
    signature: der.subarray(sig.start + 1, sig.end),
  };
}
