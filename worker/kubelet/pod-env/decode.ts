/**
 * Secret `data` and ConfigMap `binaryData` values are base64 on the wire; upstream hands the decoded bytes to the
 * runtime unchanged (`string(bytes)` in Go). JavaScript strings are UTF-16, so bytes become text here: valid
 * UTF-8 decodes as UTF-8 (every textual secret), anything else as Latin-1, one character per byte, which loses
 * nothing (`Uint8Array.from(text, (c) => c.charCodeAt(0))` gives the bytes back).
 */

const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/** Bytes as text: UTF-8 when valid, else Latin-1. */
export function bytesToText(bytes: Uint8Array): string {
  try {
    return utf8.decode(bytes);
  } catch {
    let out = "";
    for (let i = 0; i < bytes.length; i += 8192) out += String.fromCharCode(...bytes.subarray(i, i + 8192));
    return out;
  }
}

/** Base64 (standard alphabet, as Go's encoding/json writes []byte) to bytes; unparsable input is taken as text. */
export function base64ToBytes(b64: string): Uint8Array {
  try {
    const bin = atob(b64);
    return Uint8Array.from(bin, (c) => c.charCodeAt(0));
  } catch {
    return new TextEncoder().encode(b64);
  }
}

/** A base64 wire value as text (see the module comment). */
export const decodeBase64Text = (b64: string): string => bytesToText(base64ToBytes(b64));
