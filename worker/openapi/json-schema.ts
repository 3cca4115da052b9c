/**
 * zod schemas (schema/*, built with the schema/meta.ts helpers) to OpenAPI 3.0 `components.schemas`, in the
 * shape of upstream's generated documents so kubectl reads them as it reads a real API server's:
 *
 * - every named type (`.meta({id})`) is one component keyed by its id, `$ref`s point at
 *   `#/components/schemas/<id>`, and a `$ref` with siblings (description, patch extensions) becomes
 *   `allOf: [{$ref}]` plus the siblings (OpenAPI 3.0 ignores siblings of `$ref`);
 * - nullability is dropped (`nullable`, `anyOf [X, null]` → X): optional fields accept null (schema/meta.ts)
 *   but upstream publishes no nullability, and `kubectl explain` must show X's type;
 * - integers carry upstream's `format: int32 | int64` instead of zod's range bounds;
 * - `additionalProperties: false` (zod's strict objects) is dropped: upstream publishes open objects and
 *   unknown fields are the server's business (fieldValidation);
 * - `required` omits fields that accept undefined (`z.any()`).
 */
import { z } from "zod";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type JsonSchema = Record<string, any>;

export const COMPONENTS_PREFIX = "#/components/schemas/";

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

/**
 * The `.meta({id})` of a schema, looking through clones: `topLevel(id, …).describe("…")` is a clone whose
 * own metadata has no id (zod does not inherit ids), but it is still the named type `id`.
 */
export function schemaId(schema: z.ZodType): string | undefined {
  for (let s: z.core.$ZodType | undefined = schema; s; s = s._zod.parent) {
    const id = z.globalRegistry.get(s)?.id;
    if (typeof id === "string") return id;
  }
  return undefined;
}

const isObject = (v: unknown): v is JsonSchema => typeof v === "object" && v !== null && !Array.isArray(v);

/** zod's rendering of `null` for openapi-3.0 is `{type, nullable: true, enum: [null]}`. */
const isNullSchema = (s: unknown): boolean =>
  isObject(s) && (s.type === "null" || (Array.isArray(s.enum) && s.enum.length === 1 && s.enum[0] === null));

const decodePointer = (segment: string) => segment.replace(/~1/g, "/").replace(/~0/g, "~");

function rewriteRef(ref: string): string {
  const m = /^#\/(?:\$defs|definitions|components\/schemas)\/(.+)$/.exec(ref);
  return m ? COMPONENTS_PREFIX + decodePointer(m[1]) : ref;
}

/** `parent` minus its union, merged with the single non-null alternative (the parent's annotations win). */
function mergeAlternative(parent: JsonSchema, alt: JsonSchema): JsonSchema {
  if (typeof alt.$ref === "string" && Object.keys(alt).length === 1) return { ...parent, allOf: [alt, ...(parent.allOf ?? [])] };
  return { ...alt, ...parent };
}

function dropNulls(node: JsonSchema): JsonSchema {
  let n = { ...node };
  delete n.nullable;
  for (const key of ["anyOf", "oneOf"] as const) {
    const alts = n[key];
    if (!Array.isArray(alts)) continue;
    const kept = alts.filter((a) => !isNullSchema(a));
    if (kept.length === alts.length) continue;
    delete n[key];
    if (kept.length === 1) n = mergeAlternative(n, kept[0]);
    else if (kept.length > 1) n[key] = kept;
  }
  if (Array.isArray(n.type)) {
    const types = n.type.filter((t: string) => t !== "null");
    n.type = types.length === 1 ? types[0] : types;
  }
  return n;
}

function integerFormat(n: JsonSchema): void {
  if (n.type !== "integer") return;
  if (n.maximum === INT32_MAX) {
    n.format ??= "int32";
    delete n.maximum;
    if (n.minimum === INT32_MIN) delete n.minimum;
  } else if (n.maximum === Number.MAX_SAFE_INTEGER) {
    n.format ??= "int64";
    delete n.maximum;
    if (n.minimum === Number.MIN_SAFE_INTEGER) delete n.minimum;
  }
}

/** One schema node and everything below it, normalized as described at the top of this file. */
export function normalizeSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(normalizeSchema);
  if (!isObject(node)) return node;
  let n = dropNulls(node);
  delete n.id;
  if (n.additionalProperties === false) delete n.additionalProperties;
  integerFormat(n);

  if (isObject(n.properties)) {
    const props: JsonSchema = {};
    for (const [k, v] of Object.entries(n.properties)) props[k] = normalizeSchema(v);
    n.properties = props;
    if (Array.isArray(n.required)) {
      const required = n.required.filter((k: string) => !(isObject(props[k]) && Object.keys(props[k]).length === 0));
      if (required.length) n.required = required;
      else delete n.required;
    }
  }
  for (const key of ["items", "additionalProperties", "not"]) if (isObject(n[key])) n[key] = normalizeSchema(n[key]);
  for (const key of ["allOf", "anyOf", "oneOf"]) if (Array.isArray(n[key])) n[key] = n[key].map(normalizeSchema);

  if (typeof n.$ref === "string") {
    const { $ref, ...rest } = n;
    const ref = { $ref: rewriteRef($ref) };
    n = Object.keys(rest).length ? { ...rest, allOf: [ref, ...(rest.allOf ?? [])] } : ref;
  }
  // A lone `allOf` wrapper (left behind by dropping `nullable`) is just its member.
  if (Array.isArray(n.allOf) && n.allOf.length === 1 && Object.keys(n).length === 1) return n.allOf[0];
  return n;
}

/**
 * Converts `schemas` (component id → zod schema) and every named type they reach into normalized
 * components, in one `z.toJSONSchema` pass (shared types such as ObjectMeta or PodSpec are converted once).
 * A schema whose own id differs from its key (or that has none) is published under the key.
 */
export function zodComponents(schemas: Record<string, z.ZodType>): Record<string, JsonSchema> {
  const keys = Object.keys(schemas);
  const wrapper = z.object(Object.fromEntries(keys.map((id, i) => [`s${i}`, schemas[id]])));
  const root = z.toJSONSchema(wrapper, { io: "input", unrepresentable: "any", target: "openapi-3.0" }) as JsonSchema;
  const defs: JsonSchema = root.definitions ?? root.$defs ?? {};
  const raw: JsonSchema = {};
  for (const [k, v] of Object.entries(defs)) raw[decodePointer(k)] = v;
  keys.forEach((id, i) => {
    const prop: JsonSchema | undefined = root.properties?.[`s${i}`];
    if (!prop) return;
    const { $ref, allOf, nullable: _nullable, ...annotations } = prop;
    const target = $ref ?? (Array.isArray(allOf) && allOf.length === 1 ? allOf[0].$ref : undefined);
    // A described clone of the named type `id`: its annotations (description) belong to the component.
    if (typeof target === "string" && rewriteRef(target) === COMPONENTS_PREFIX + id) raw[id] = { ...raw[id], ...annotations };
    else raw[id] = prop;
  });
  const out: Record<string, JsonSchema> = {};
  for (const [id, s] of Object.entries(raw)) out[id] = normalizeSchema(s) as JsonSchema;
  return out;
}
