/**
 * JSON value helpers for server-side apply: equality, upstream's total order over values
 * (sigs.k8s.io/structured-merge-diff/v4/value.Compare), canonical JSON as Go's encoder writes it, and
 * value.ToString for field paths.
 */

export type JsonObject = Record<string, unknown>;

export function isObject(v: unknown): v is JsonObject {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Sets an own property, also for keys such as `__proto__` (valid in ConfigMap data) that `o[k] = v` would not. */
export function setKey(o: JsonObject, k: string, v: unknown): void {
  Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
}

/** Structural equality of JSON values (object key order is irrelevant, list order is not). */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    return Array.isArray(b) && a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  }
  if (isObject(a)) {
    if (!isObject(b)) return false;
    const ka = Object.keys(a);
    if (ka.length !== Object.keys(b).length) return false;
    return ka.every((k) => Object.hasOwn(b, k) && deepEqual(a[k], b[k]));
  }
  return false;
}

function rank(v: unknown): number {
  if (typeof v === "number") return 0;
  if (typeof v === "string") return 1;
  if (typeof v === "boolean") return 2;
  if (Array.isArray(v)) return 3;
  if (isObject(v)) return 4;
  return 5; // null
}

const cmp = <T>(a: T, b: T): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * A total order over JSON values, as upstream's value.Compare: numbers < strings < booleans < lists < maps
 * < null; lists compare lexically, maps by their sorted entries.
 */
export function compareValues(a: unknown, b: unknown): number {
  const ra = rank(a);
  const rb = rank(b);
  if (ra !== rb) return cmp(ra, rb);
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      const c = compareValues(a[i], b[i]);
      if (c) return c;
    }
    return cmp(a.length, b.length);
  }
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a).sort();
    const kb = Object.keys(b).sort();
    for (let i = 0; i < Math.min(ka.length, kb.length); i++) {
      const c = cmp(ka[i], kb[i]) || compareValues(a[ka[i]], b[kb[i]]);
      if (c) return c;
    }
    return cmp(ka.length, kb.length);
  }
  if (ra === 5) return 0;
  return cmp(a as number | string | boolean, b as number | string | boolean);
}

/** Go's encoding/json escapes these even in compact output (HTML safety). */
const GO_ESCAPES: Record<string, string> = {
  "<": "\\u003c",
  ">": "\\u003e",
  "&": "\\u0026",
  "\u2028": "\\u2028",
  "\u2029": "\\u2029",
};

/** Compact JSON with sorted object keys and Go's HTML escaping: the text inside `k:` and `v:` keys. */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(",")}]`;
  if (isObject(v)) {
    const body = Object.keys(v)
      .sort()
      .map((k) => `${canonicalJson(k)}:${canonicalJson(v[k])}`);
    return `{${body.join(",")}}`;
  }
  return (JSON.stringify(v) ?? "null").replace(/[<>&\u2028\u2029]/g, (c) => GO_ESCAPES[c]);
}

/** upstream value.ToString: strings quoted (Go `%q`), other scalars bare; used in `.spec.x[name="a"]`. */
export function valueToString(v: unknown): string {
  if (v === null || v === undefined) return "null";
  if (typeof v === "string") return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(valueToString).join(",")}]`;
  if (isObject(v)) {
    return Object.keys(v)
      .map((k) => `${k}=${valueToString(v[k])}`)
      .join("");
  }
  return String(v);
}
