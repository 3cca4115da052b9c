/**
 * PEM as Go's encoding/pem reads it, and Go's `[]byte` JSON encoding (standard base64). CSR objects carry
 * PEM inside base64: `spec.request` and `status.certificate` are `[]byte` fields.
 */

export interface PemBlock {
  type: string;
  headers: Record<string, string>;
  bytes: Uint8Array;
}

const PEM_BLOCK = /-----BEGIN ([^\r\n]*?)-----[ \t]*\r?\n([\s\S]*?)-----END \1-----/g;
const BASE64_BODY = /^[A-Za-z0-9+/]*={0,2}$/;

/** Every well-formed PEM block in `text`, in order (text between blocks is ignored, as pem.Decode skips it). */
export function pemBlocks(text: string): PemBlock[] {
  const out: PemBlock[] = [];
  for (const m of text.matchAll(PEM_BLOCK)) {
    const lines = m[2].split(/\r?\n/);
    const headers: Record<string, string> = {};
    let i = 0;
    for (; i < lines.length && lines[i].includes(":"); i++) {
      const at = lines[i].indexOf(":");
      headers[lines[i].slice(0, at).trim()] = lines[i].slice(at + 1).trim();
    }
    const body = lines.slice(i).join("").replace(/[ \t]/g, "");
    const bytes = decodeStdBase64(body);
    if (bytes) out.push({ type: m[1], headers, bytes });
  }
  return out;
}

/** One PEM block of `type` wrapping `der`, 64 characters a line (pem.EncodeToMemory). */
export function encodePem(type: string, der: Uint8Array): string {
  const b64 = encodeStdBase64(der);
  const lines = b64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${type}-----\n${lines.join("\n")}\n-----END ${type}-----\n`;
}

/** Standard padded base64 (line breaks ignored, as Go's decoder does), or undefined when malformed. */
export function decodeStdBase64(s: string): Uint8Array | undefined {
  const t = s.replace(/[\r\n]/g, "");
  if (t.length % 4 !== 0 || !BASE64_BODY.test(t)) return undefined;
  const bin = atob(t);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** The byte offset Go's base64 decoder reports for `s` (`illegal base64 data at input byte N`), or -1 when valid. */
export function base64ErrorOffset(s: string): number {
  let n = 0;
  let padding = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === "\r" || c === "\n") continue;
    if (c === "=") {
      padding++;
      if (padding > 2) return i;
    } else if (padding > 0 || !/[A-Za-z0-9+/]/.test(c)) {
      return i;
    }
    n++;
  }
  if (n % 4 !== 0) return s.length - (n % 4 === 1 ? 1 : 0);
  return -1;
}

export function encodeStdBase64(bytes: Uint8Array): string {
  let bin = "";
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin);
}

/** Bytes as text, one character per byte (PEM is ASCII; anything else stays unmatched). */
export function latin1(bytes: Uint8Array): string {
  let s = "";
  for (const b of bytes) s += String.fromCharCode(b);
  return s;
}

/** A `[]byte` value as Go's `%#v` prints it in validation messages: `[]byte{0x2d, 0x2d, …}`. */
export function goBytesLiteral(bytes: Uint8Array): string {
  return `[]byte{${Array.from(bytes, (b) => `0x${b.toString(16)}`).join(", ")}}`;
}
