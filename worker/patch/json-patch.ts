/**
 * JSON patch (RFC 6902), as kube-apiserver applies `application/json-patch+json` (it uses
 * gopkg.in/evanphx/json-patch.v4; see patch.go `applyJSPatch`).
 *
 * Operations apply in order to a copy of the document; the first failure aborts the whole patch.
 * Where evanphx v4 and the RFC differ we follow upstream in one case: `test` of a missing location
 * succeeds when the expected value is `null`. We follow the RFC where v4 is lax: a missing `value` member
 * is an error (v4 would write `null`), array indices must not have leading zeros or be negative, and
 * `move` into one of its own children is refused.
 *
 * Failure → status (see patch-error.ts): a body that is not an array of objects → 400; more than 10000
 * operations → 413; any failing operation (copies growing the document by more than 3 MiB included) → 422.
 */
import { arrayIndex, formatPointer, isProperPrefix, parsePointer } from "./json-pointer";
import { cloneJson, isJsonObject, jsonEqual, setMember, type JsonObject, type JsonValue } from "./json";
import {
  MAX_JSON_PATCH_OPERATIONS,
  asResult,
  badRequest,
  tooManyOperations,
  unprocessable,
  type PatchResult,
} from "./patch-error";

/** One RFC 6902 operation as it appears in the request body. */
export interface JsonPatchOperation {
  op: "add" | "remove" | "replace" | "move" | "copy" | "test";
  path: string;
  from?: string;
  value?: JsonValue;
}

/**
 * Applies the operations `ops` (the parsed request body) to `doc`. Never mutates `doc`.
 * Returns the patched document, or the upstream-equivalent failure.
 */
export function applyJsonPatch(doc: JsonValue, ops: unknown): PatchResult<JsonValue> {
  return asResult(() => {
    if (!Array.isArray(ops)) throw badRequest(`json: cannot unmarshal ${jsonKind(ops)} into Go value of type jsonpatch.Patch`);
    for (const op of ops) {
      if (!isJsonObject(op)) throw badRequest(`json: cannot unmarshal ${jsonKind(op)} into Go value of type jsonpatch.Operation`);
    }
    if (ops.length > MAX_JSON_PATCH_OPERATIONS) throw tooManyOperations(ops.length);
    let current = cloneJson(doc);
    const budget = { copied: 0 };
    for (const op of ops as JsonObject[]) current = applyOperation(current, op, budget);
    return current;
  });
}

const OPERATIONS = new Set(["add", "remove", "replace", "move", "copy", "test"]);

/**
 * The growth `copy` operations may cause in one patch (upstream: jsonpatch.AccumulatedCopySizeLimit, set from
 * the apiserver's JSONPatchMaxCopyBytes, 3 MiB): without it ten thousand copies of a copy double a document
 * ten thousand times. Sizes are the JSON text of the copied values.
 */
export const MAX_JSON_PATCH_COPY_BYTES = 3 * 1024 * 1024;

function applyOperation(doc: JsonValue, op: JsonObject, budget: { copied: number }): JsonValue {
  const kind = typeof op.op === "string" ? op.op : "unknown";
  if (!OPERATIONS.has(kind)) fail(`Unexpected kind: ${kind}`);
  const path = pointerMember(op, "path");
  switch (kind) {
    case "add":
      return add(doc, path, valueMember(op, kind));
    case "remove":
      return remove(doc, path, kind).doc;
    case "replace":
      return replace(doc, path, valueMember(op, kind));
    case "move": {
      const from = pointerMember(op, "from");
      if (isProperPrefix(from, path)) fail(`move operation does not apply: cannot move ${formatPointer(from)} into its own child`);
      const { doc: without, value } = remove(doc, from, kind);
      return add(without, path, value);
    }
    case "copy": {
      const from = pointerMember(op, "from");
      const value = lookup(doc, from);
      if (value === undefined) fail(`copy operation does not apply: doc is missing from path: ${formatPointer(from)}: missing value`);
      budget.copied += JSON.stringify(value).length;
      if (budget.copied > MAX_JSON_PATCH_COPY_BYTES) {
        fail(`Unable to complete the copy, the accumulated size increase of copy is ${budget.copied}, exceeding the limit ${MAX_JSON_PATCH_COPY_BYTES}`);
      }
      return add(doc, path, cloneJson(value));
    }
    default:
      test(doc, path, op);
      return doc;
  }
}

function fail(detail: string): never {
  throw unprocessable(detail);
}

function jsonKind(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  return typeof v === "object" ? "object" : typeof v;
}

function pointerMember(op: JsonObject, member: "path" | "from"): string[] {
  const raw = op[member];
  if (typeof raw !== "string") fail(`operation missing ${member} field: missing value`);
  const tokens = parsePointer(raw);
  if (!tokens) fail(`invalid JSON pointer ${JSON.stringify(raw)} in ${member}`);
  return tokens;
}

function valueMember(op: JsonObject, kind: string): JsonValue {
  if (!Object.hasOwn(op, "value")) fail(`${kind} operation does not apply: missing value`);
  return cloneJson(op.value);
}

/** The value at `tokens`, or `undefined` when there is none. */
function lookup(doc: JsonValue, tokens: readonly string[]): JsonValue | undefined {
  let cur: JsonValue | undefined = doc;
  for (const t of tokens) {
    if (Array.isArray(cur)) {
      const i = arrayIndex(t);
      cur = i !== undefined && i < cur.length ? cur[i] : undefined;
    } else if (isJsonObject(cur)) {
      cur = Object.hasOwn(cur, t) ? cur[t] : undefined;
    } else {
      return undefined;
    }
  }
  return cur;
}

/** The container holding the last token of `tokens`, or a failure naming the operation. */
function parentOf(doc: JsonValue, tokens: readonly string[], kind: string): JsonValue[] | JsonObject {
  const parent = lookup(doc, tokens.slice(0, -1));
  if (!Array.isArray(parent) && !isJsonObject(parent)) {
    fail(`${kind} operation does not apply: doc is missing path: ${formatPointer(tokens)}: missing value`);
  }
  return parent;
}

function add(doc: JsonValue, tokens: readonly string[], value: JsonValue): JsonValue {
  if (tokens.length === 0) return value;
  const parent = parentOf(doc, tokens, "add");
  const key = tokens[tokens.length - 1];
  if (Array.isArray(parent)) {
    const i = key === "-" ? parent.length : arrayIndex(key);
    if (i === undefined || i > parent.length) fail(`Unable to access invalid index: ${key}: invalid index referenced`);
    parent.splice(i, 0, value);
  } else {
    setMember(parent, key, value);
  }
  return doc;
}

function remove(doc: JsonValue, tokens: readonly string[], kind: string): { doc: JsonValue; value: JsonValue } {
  if (tokens.length === 0) fail(`${kind} operation does not apply: cannot remove the whole document`);
  const parent = parentOf(doc, tokens, kind);
  const key = tokens[tokens.length - 1];
  if (Array.isArray(parent)) {
    const i = arrayIndex(key);
    if (i === undefined || i >= parent.length) fail(`Unable to access invalid index: ${key}: invalid index referenced`);
    const [value] = parent.splice(i, 1);
    return { doc, value };
  }
  if (!Object.hasOwn(parent, key)) fail(`Unable to remove nonexistent key: ${key}: missing value`);
  const value = parent[key];
  delete parent[key];
  return { doc, value };
}

function replace(doc: JsonValue, tokens: readonly string[], value: JsonValue): JsonValue {
  if (tokens.length === 0) return value;
  const parent = parentOf(doc, tokens, "replace");
  const key = tokens[tokens.length - 1];
  if (Array.isArray(parent)) {
    const i = arrayIndex(key);
    if (i === undefined || i >= parent.length) fail(`Unable to access invalid index: ${key}: invalid index referenced`);
    parent[i] = value;
  } else {
    if (!Object.hasOwn(parent, key)) fail(`replace operation does not apply: doc is missing key: ${formatPointer(tokens)}: missing value`);
    setMember(parent, key, value);
  }
  return doc;
}

function test(doc: JsonValue, tokens: readonly string[], op: JsonObject): void {
  if (!Object.hasOwn(op, "value")) fail("test operation does not apply: missing value");
  if (tokens.length > 0) parentOf(doc, tokens, "test");
  const actual = lookup(doc, tokens);
  const expected = op.value;
  // evanphx v4: a missing member of an existing container equals an expected `null`.
  const equal = actual === undefined ? expected === null : jsonEqual(actual, expected);
  if (!equal) fail(`testing value ${formatPointer(tokens)} failed: test failed`);
}
