/**
 * The `FieldsV1` encoding of a field set, as stored in `metadata.managedFields[].fieldsV1`
 * (structured-merge-diff fieldpath/serialize.go, serialize-pe.go).
 *
 * Each key is a path element (`f:<field>`, `k:<json of the list-map keys>`, `v:<json value>`, `i:<index>`)
 * mapping to an object: `{}` when the element is a member with nothing below it, its children otherwise,
 * plus `".": {}` when it is both a member and has children. Keys are written in upstream's path-element
 * order, so encoding is deterministic.
 */
import { comparePathElements, FieldSet, type KeyField, type PathElement, serializePathElement } from "./field-set";
import { isObject } from "./json";

export type FieldsV1 = Record<string, unknown>;

export type DecodeResult = { ok: true; set: FieldSet } | { ok: false; error: string };

/** Encodes a field set as a FieldsV1 JSON object. */
export function encodeFieldsV1(set: FieldSet): FieldsV1 {
  const children = new Map(set.childEntries().map(([pe, s]) => [serializePathElement(pe), s]));
  const elements = new Map<string, PathElement>();
  for (const pe of set.memberElements()) elements.set(serializePathElement(pe), pe);
  for (const [pe] of set.childEntries()) elements.set(serializePathElement(pe), pe);
  const out: FieldsV1 = {};
  for (const pe of [...elements.values()].sort(comparePathElements)) {
    const k = serializePathElement(pe);
    const child = children.get(k);
    out[k] = child ? { ...(set.hasMember(pe) ? { ".": {} } : {}), ...encodeFieldsV1(child) } : {};
  }
  return out;
}

/** Decodes a FieldsV1 JSON object into a field set. */
export function decodeFieldsV1(json: unknown): DecodeResult {
  if (!isObject(json)) return { ok: false, error: "FieldsV1 must be a JSON object" };
  const set = new FieldSet();
  for (const [k, v] of Object.entries(json)) {
    if (k === ".") continue; // handled by the parent: marks the parent element as a member
    const pe = parsePathElement(k);
    if (!pe.ok) return pe;
    if (!isObject(v)) return { ok: false, error: `value of ${JSON.stringify(k)} must be an object` };
    const rest = Object.keys(v).filter((x) => x !== ".");
    if (rest.length === 0 || "." in v) set.insertMember(pe.pe);
    if (rest.length) {
      const child = decodeFieldsV1(v);
      if (!child.ok) return child;
      set.insertChild(pe.pe, child.set);
    }
  }
  return { ok: true, set };
}

/** Parses one FieldsV1 key (`f:`, `k:`, `v:`, `i:`) into a path element. */
export function parsePathElement(s: string): { ok: true; pe: PathElement } | { ok: false; error: string } {
  const bad = (why: string) => ({ ok: false as const, error: `invalid path element ${JSON.stringify(s)}: ${why}` });
  const body = s.slice(2);
  switch (s.slice(0, 2)) {
    case "f:":
      return { ok: true, pe: { field: body } };
    case "i:": {
      if (!/^(0|[1-9][0-9]*)$/.test(body)) return bad("index must be a non-negative integer");
      return { ok: true, pe: { index: Number(body) } };
    }
    case "v:": {
      const v = parseJson(body);
      return v.ok ? { ok: true, pe: { value: v.value } } : bad(v.error);
    }
    case "k:": {
      const v = parseJson(body);
      if (!v.ok) return bad(v.error);
      if (!isObject(v.value)) return bad("keys must be a JSON object");
      const obj = v.value;
      const key: KeyField[] = Object.keys(obj)
        .sort()
        .map((name) => ({ name, value: obj[name] }));
      return { ok: true, pe: { key } };
    }
    default:
      return bad("unknown prefix");
  }
}

function parseJson(s: string): { ok: true; value: unknown } | { ok: false; error: string } {
  try {
    return { ok: true, value: JSON.parse(s) };
  } catch (e) {
    return { ok: false, error: (e as Error).message };
  }
}
