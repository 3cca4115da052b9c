/**
 * JSON merge patch (RFC 7386), as kube-apiserver applies `application/merge-patch+json`
 * (evanphx/json-patch `MergePatch`): objects merge recursively, `null` deletes a member, anything else
 * (arrays included) replaces. Values that land where the target had nothing are taken with their `null`
 * members removed at any depth, also inside arrays (evanphx `pruneNulls`; the RFC leaves nulls nested in
 * arrays alone, upstream does not).
 *
 * Merge patch cannot fail on parsed JSON: a body that is not JSON is the caller's 400.
 */
import { cloneJson, isJsonObject, jsonEqual, pruneNulls, setMember, type JsonObject, type JsonValue } from "./json";

/** `doc` with `patch` merged in (RFC 7386 §2 MergePatch). Never mutates its arguments. */
export function applyMergePatch(doc: JsonValue | undefined, patch: JsonValue): JsonValue {
  if (!isJsonObject(patch)) return cloneJson(patch);
  const target: JsonObject = isJsonObject(doc) ? cloneJson(doc) : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) {
      delete target[key];
    } else if (isJsonObject(value) && Object.hasOwn(target, key) && isJsonObject(target[key])) {
      setMember(target, key, applyMergePatch(target[key], value));
    } else {
      setMember(target, key, pruneNulls(value));
    }
  }
  return target;
}

/**
 * The merge patch that turns `from` into `to` (the inverse of `applyMergePatch` for documents without
 * `null` members, which a merge patch cannot express). Members of `from` missing in `to` become `null`.
 */
export function createMergePatch(from: JsonValue, to: JsonValue): JsonValue {
  if (!isJsonObject(from) || !isJsonObject(to)) return cloneJson(to);
  const patch: JsonObject = {};
  for (const key of Object.keys(from)) if (!Object.hasOwn(to, key)) setMember(patch, key, null);
  for (const [key, value] of Object.entries(to)) {
    if (!Object.hasOwn(from, key)) {
      setMember(patch, key, cloneJson(value));
    } else if (!jsonEqual(from[key], value)) {
      const sub = isJsonObject(from[key]) && isJsonObject(value) ? createMergePatch(from[key], value) : cloneJson(value);
      setMember(patch, key, sub);
    }
  }
  return patch;
}
