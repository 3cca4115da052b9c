/**
 * One OpenAPI 3.0 schema node (as `worker/openapi` publishes in `components.schemas`) to the Swagger 2.0
 * shape upstream serves at `/openapi/v2`, restricted to what kubectl's v2 reader accepts
 * (k8s.io/kube-openapi/pkg/util/proto `Definitions.ParseSchema`, which fails the *whole* document on one
 * bad node):
 *
 * - `$ref`s point at `#/definitions/<id>`; a `$ref` node keeps only `description` and vendor extensions
 *   (parseReference rejects a `type` or `properties` beside `$ref`), so the v3 `allOf: [{$ref}]` wrapper
 *   becomes upstream's v2 `{$ref, description, x-…}`;
 * - Swagger 2.0 has no `anyOf`/`oneOf`: IntOrString (`x-kubernetes-int-or-string`) becomes upstream's
 *   `{type: string, format: int-or-string}`, a union of primitives that includes string (Quantity) becomes
 *   `type: string` (kubectl's validator lets a string schema accept any scalar), any other union is
 *   dropped (an untyped node is an "arbitrary" value);
 * - at most one `type` (multiple types are a SchemaError); an `array` always has one `items` schema;
 * - `nullable` and keywords Swagger 2.0 or the encoder do not carry are dropped.
 */
import type { JsonSchema } from "../json-schema";

export const DEFINITIONS_PREFIX = "#/definitions/";
const V3_PREFIX = "#/components/schemas/";

const PRIMITIVES = new Set(["string", "number", "integer", "boolean"]);
/** Keywords a v2 schema keeps (besides `x-` vendor extensions); the encoder writes exactly these. */
const KEPT = new Set([
  "$ref", "type", "format", "title", "description", "default", "enum", "required",
  "items", "properties", "additionalProperties", "allOf",
]);

const isObject = (v: unknown): v is JsonSchema => typeof v === "object" && v !== null && !Array.isArray(v);
const isExtension = (key: string) => key.startsWith("x-");

/** `#/components/schemas/X` → `#/definitions/X`; other references are left alone. */
export function definitionRef(ref: string): string {
  return ref.startsWith(V3_PREFIX) ? DEFINITIONS_PREFIX + ref.slice(V3_PREFIX.length) : ref;
}

/** The single type of a union of primitive alternatives, or undefined when it has no Swagger 2.0 form. */
function unionType(alternatives: unknown[]): string | undefined {
  const types = alternatives.map((a) => (isObject(a) ? a.type : undefined));
  if (!types.every((t) => typeof t === "string" && PRIMITIVES.has(t))) return undefined;
  return types.includes("string") ? "string" : undefined;
}

/** `node` with a single-member `allOf` folded in (the node's own keywords win over the member's). */
function foldAllOf(node: JsonSchema): JsonSchema {
  const { allOf, ...rest } = node;
  if (!Array.isArray(allOf) || allOf.length !== 1 || !isObject(allOf[0])) return node;
  return { ...allOf[0], ...rest };
}

function foldUnion(node: JsonSchema): JsonSchema {
  const { anyOf, oneOf, ...rest } = node;
  const alternatives = Array.isArray(anyOf) ? anyOf : Array.isArray(oneOf) ? oneOf : undefined;
  if (!alternatives || rest.type !== undefined || rest.$ref !== undefined) return rest;
  if (rest["x-kubernetes-int-or-string"] === true) return { ...rest, type: "string", format: "int-or-string" };
  const type = unionType(alternatives);
  return type ? { ...rest, type } : rest;
}

function singleType(type: unknown): string | undefined {
  if (typeof type === "string") return type === "null" ? undefined : type;
  if (!Array.isArray(type)) return undefined;
  const types = type.filter((t) => t !== "null");
  return types.length === 1 && typeof types[0] === "string" ? types[0] : undefined;
}

/** Converts one schema node and everything below it (see the contract at the top of this file). */
export function toSwaggerSchema(input: JsonSchema): JsonSchema {
  const node = foldUnion(foldAllOf(input));
  if (typeof node.$ref === "string") {
    const out: JsonSchema = { $ref: definitionRef(node.$ref) };
    if (typeof node.description === "string") out.description = node.description;
    for (const [k, v] of Object.entries(node)) if (isExtension(k)) out[k] = v;
    return out;
  }
  const out: JsonSchema = {};
  for (const [k, v] of Object.entries(node)) if (KEPT.has(k) || isExtension(k)) out[k] = v;
  const type = singleType(node.type);
  if (type) out.type = type;
  else delete out.type;

  if (isObject(out.properties)) {
    out.properties = Object.fromEntries(
      Object.entries(out.properties).map(([k, v]) => [k, isObject(v) ? toSwaggerSchema(v) : {}]),
    );
  } else delete out.properties;
  if (isObject(out.additionalProperties)) out.additionalProperties = toSwaggerSchema(out.additionalProperties);
  else if (typeof out.additionalProperties !== "boolean") delete out.additionalProperties;
  if (Array.isArray(out.allOf)) out.allOf = out.allOf.filter(isObject).map(toSwaggerSchema);
  if (isObject(out.items)) out.items = toSwaggerSchema(out.items);
  else if (type === "array") out.items = {};
  else delete out.items;
  if (!Array.isArray(out.required) || out.required.length === 0) delete out.required;
  return out;
}
