/**
 * The pod-template-hash, as upstream's controller.ComputeHash (pkg/controller/controller_utils.go): FNV-32a over
 * the pod template, then the collisionCount as 8 little-endian bytes (a uint32 and four zero bytes) when the
 * Deployment has one, the decimal sum rendered with rand.SafeEncodeString.
 *
 * Upstream feeds the hasher with spew's `%#v` dump of the Go PodTemplateSpec struct (hashutil.DeepHashObject),
 * which depends on Go type names and field order; here the template's canonical JSON (object keys sorted, no
 * whitespace) stands in. The hash is therefore stable and collision-counted like upstream's, but not the same
 * string a real cluster computes for the same template.
 */
import type { KubeObject } from "../../../schema/types";

/** k8s.io/apimachinery/pkg/util/rand's alphabet: no vowels, no confusable characters. */
const SAFE_ALPHANUMS = "bcdfghjklmnpqrstvwxz2456789";

const FNV32_OFFSET = 0x811c9dc5;
const FNV32_PRIME = 0x01000193;

/** FNV-1a, 32-bit, continuing from `hash` (hash/fnv New32a + Write). */
export function fnv32a(bytes: Uint8Array, hash = FNV32_OFFSET): number {
  let h = hash >>> 0;
  for (const b of bytes) h = Math.imul(h ^ b, FNV32_PRIME) >>> 0;
  return h;
}

/** rand.SafeEncodeString: every character mapped into the safe alphabet by its code point. */
export function safeEncodeString(s: string): string {
  let out = "";
  for (const ch of s) out += SAFE_ALPHANUMS[ch.codePointAt(0)! % SAFE_ALPHANUMS.length];
  return out;
}

/** JSON with object keys sorted at every level (arrays keep their order). */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const entries = Object.entries(value as KubeObject)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
}

/** ComputeHash(template, collisionCount). */
export function computeHash(template: KubeObject, collisionCount?: number | null): string {
  let h = fnv32a(new TextEncoder().encode(canonicalJson(template)));
  if (collisionCount !== undefined && collisionCount !== null) {
    const bytes = new Uint8Array(8);
    new DataView(bytes.buffer).setUint32(0, collisionCount >>> 0, true);
    h = fnv32a(bytes, h);
  }
  return safeEncodeString(String(h));
}

/** True for strings ComputeHash can produce (1–10 characters of the safe alphabet). */
export function looksLikeTemplateHash(s: string): boolean {
  return /^[bcdfghjklmnpqrstvwxz2456789]{1,10}$/.test(s);
}
