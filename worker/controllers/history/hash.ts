/**
 * ControllerRevision names as k8s.io/kubernetes pkg/controller/history computes them: the FNV hash (Go's
 * hash/fnv New32, i.e. FNV-1) of the revision's raw data followed by the decimal collision count, printed in
 * decimal and passed through apimachinery's rand.SafeEncodeString; the name is `<parent>-<hash>`. The raw data is
 * the JSON Go's encoding/json writes for a map: keys sorted, `<`, `>`, `&`, U+2028 and U+2029 escaped.
 */

const FNV32_OFFSET = 0x811c9dc5;
const FNV32_PRIME = 0x01000193;

/** FNV-1 32-bit over the UTF-8 bytes of `chunks`, in order (Go: fnv.New32, Write per chunk, Sum32). */
export function fnv1_32(...chunks: string[]): number {
  let h = FNV32_OFFSET;
  const enc = new TextEncoder();
  for (const chunk of chunks) {
    for (const b of enc.encode(chunk)) {
      h = Math.imul(h, FNV32_PRIME) >>> 0;
      h = (h ^ b) >>> 0;
    }
  }
  return h >>> 0;
}

/** apimachinery util/rand: no vowels and no easily confused characters, so hashes never spell words. */
const SAFE_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

/** rand.SafeEncodeString: each byte of `s` mapped onto the safe alphabet. */
export function safeEncodeString(s: string): string {
  let out = "";
  for (const b of new TextEncoder().encode(s)) out += SAFE_ALPHABET[b % SAFE_ALPHABET.length];
  return out;
}

/** history.HashControllerRevision: the hash of `rawData` and, when given, the collision count `probe`. */
export function hashControllerRevision(rawData: string, probe?: number): string {
  const chunks = [rawData];
  if (probe !== undefined) chunks.push(String(probe));
  return safeEncodeString(String(fnv1_32(...chunks)));
}

/** history.ControllerRevisionName: `<prefix>-<hash>`, the prefix cut to 223 bytes so the name fits 253. */
export function controllerRevisionName(prefix: string, hash: string): string {
  return `${prefix.length > 223 ? prefix.slice(0, 223) : prefix}-${hash}`;
}

/**
 * `value` as Go's json.Marshal writes a map[string]interface{} decoded from JSON: object keys sorted (byte
 * order), HTML-significant characters and the JS line separators escaped, no whitespace.
 */
export function goJson(value: unknown): string {
  return escapeForGo(JSON.stringify(sortKeys(value)) ?? "null");
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(value).sort(byteOrder)) {
    const v = (value as Record<string, unknown>)[k];
    if (v !== undefined) out[k] = sortKeys(v);
  }
  return out;
}

/** Go sorts map keys by their UTF-8 bytes; for the BMP outside surrogates that is code unit order. */
const byteOrder = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

const GO_ESCAPES: Record<string, string> = { "<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029" };

function escapeForGo(json: string): string {
  return json.replace(/[<>&\u2028\u2029]/g, (c) => GO_ESCAPES[c]);
}
