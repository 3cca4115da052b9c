/**
 * JSON value types and the few structural helpers every patch type needs. All helpers are pure: they never
 * mutate their arguments.
 */
export type JsonPrimitive = string | number | boolean | null;
export type JsonValue = JsonPrimitive | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue;
}

/** A JSON object (not an array, not null). */
export function isJsonObject(v: unknown): v is JsonObject {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * Sets an own member, also for the key `__proto__` (a plain assignment would replace the prototype instead).
 */
export function setMember(obj: JsonObject, key: string, value: JsonValue): void {
  if (key === "__proto__") Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  else obj[key] = value;
}

/** A deep copy of a JSON value (`undefined` members of objects are dropped, as JSON.stringify would). */
export function cloneJson<T extends JsonValue>(v: T): T {
  if (Array.isArray(v)) return v.map((x) => cloneJson(x)) as T;
  if (isJsonObject(v)) {
    const out: JsonObject = {};
    for (const [k, x] of Object.entries(v)) if (x !== undefined) setMember(out, k, cloneJson(x));
    return out as T;
  }
  return v;
}

/**
 * JSON equality: objects compare by members regardless of order, arrays element-wise, numbers by value
 * (so `1` equals `1.0`, as RFC 6902 §4.6 requires for `test`).
 */
export function jsonEqual(a: JsonValue | undefined, b: JsonValue | undefined): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    return Array.isArray(b) && a.length === b.length && a.every((x, i) => jsonEqual(x, b[i]));
  }
  if (isJsonObject(a)) {
    if (!isJsonObject(b)) return false;
    const ka = Object.keys(a);
    if (ka.length !== Object.keys(b).length) return false;
    return ka.every((k) => Object.hasOwn(b, k) && jsonEqual(a[k], b[k]));
  }
  return false;
}

/**
 * A copy of `v` with every `null` member of every object removed, at any depth (including objects inside
 * arrays). `null` elements of arrays are kept. This is what upstream's merge patch does to values that have
 * no counterpart in the target (evanphx/json-patch `pruneNulls`) and what strategic merge patch does to
 * values it takes whole (`discardNullValuesFromPatch`).
 */
export function pruneNulls<T extends JsonValue>(v: T): T {
  if (Array.isArray(v)) return v.map((x) => pruneNulls(x)) as T;
  if (isJsonObject(v)) {
    const out: JsonObject = {};
    for (const [k, x] of Object.entries(v)) if (x !== null && x !== undefined) setMember(out, k, pruneNulls(x));
    return out as T;
  }
  return v;
}

/** Go's `%v`-like rendering used inside upstream error messages (we render JSON instead of Go maps). */
export function show(v: unknown): string {
  return v === undefined ? "<nil>" : JSON.stringify(v);
}
