/**
 * JSON Pointer (RFC 6901) for JSON patch: parsing, escaping and array index rules.
 */

/**
 * The reference tokens of `pointer`, unescaped (`~1` → `/`, then `~0` → `~`). `""` is the whole document.
 * Returns `undefined` for a malformed pointer: non-empty without a leading `/`, or a `~` not followed by
 * `0` or `1` (RFC 6901 §3).
 */
export function parsePointer(pointer: string): string[] | undefined {
  if (pointer === "") return [];
  if (!pointer.startsWith("/")) return undefined;
  const tokens = pointer.slice(1).split("/");
  if (tokens.some((t) => /~(?![01])/.test(t))) return undefined;
  return tokens.map((t) => t.replaceAll("~1", "/").replaceAll("~0", "~"));
}

/** The pointer for `tokens` (the inverse of `parsePointer`). */
export function formatPointer(tokens: readonly string[]): string {
  return tokens.map((t) => "/" + t.replaceAll("~", "~0").replaceAll("/", "~1")).join("");
}

/**
 * The array index a token denotes, or `undefined` when it is not one. RFC 6901 §4: decimal digits without
 * leading zeros; `-` (the element after the last) is handled by the caller.
 */
export function arrayIndex(token: string): number | undefined {
  return /^(0|[1-9][0-9]*)$/.test(token) ? Number(token) : undefined;
}

/** Whether `prefix` is a proper prefix of `tokens` (a location and one of its children). */
export function isProperPrefix(prefix: readonly string[], tokens: readonly string[]): boolean {
  return prefix.length < tokens.length && prefix.every((t, i) => t === tokens[i]);
}
