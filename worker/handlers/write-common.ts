/** Shared steps of every write: decoding the body, namespace checks, the field manager, admission. */
import type { KubeObject } from "../../schema/types";
import { decodeBody, readBody } from "../body";
import { duplicateFields } from "../json-duplicates";
import { checkObject, fieldValidationOf } from "../decode-object";
import { badRequest } from "../errors";
import { encodeForStore } from "../storage";
import type { EncodedObject } from "../../durable-objects/store/types";
import { type ApiContext, isDryRun } from "./context";
import { type AdmissionAttributes, runMutating, runValidating } from "../admission/plugins";
import { checkObjectSize, defaultObject, validateObject } from "../admission/admit";
import { recordManagedFields, schemaNodeOf } from "./managed-fields";
import { pruneEmpty } from "../admission/prune-empty";

/** Reads and decodes the request body as an object of the addressed kind (type errors → 400). */
export async function decodeObjectBody(ctx: ApiContext): Promise<KubeObject> {
  const decoded = decodeBody(await readBody(ctx.request), ctx.request.headers.get("content-type"));
  const obj = decoded.value;
  if (obj === undefined || obj === null || typeof obj !== "object" || Array.isArray(obj)) {
    throw badRequest(`Object 'Kind' is missing in '${JSON.stringify(obj ?? null)}'`);
  }
  checkTypeMeta(ctx, obj);
  if (decoded.jsonText !== undefined) checkDuplicates(ctx, duplicateFields(decoded.jsonText));
  if (decoded.yamlDuplicates) checkDuplicates(ctx, [`yaml: unmarshal errors:\n  ${decoded.yamlDuplicates.join("\n  ")}`]);
  checkSchema(ctx, obj);
  return obj;
}

/** Duplicate JSON members or YAML keys: an error under fieldValidation=Strict, a warning under Warn (as upstream). */
function checkDuplicates(ctx: ApiContext, dups: string[]): void {
  const mode = fieldValidationOf(ctx.query);
  if (mode === "Ignore" || !dups.length) return;
  if (mode === "Strict") {
    throw badRequest(`${ctx.entry.kind} in version "${ctx.entry.version}" cannot be handled as a ${ctx.entry.kind}: strict decoding error: ${dups.join(", ")}`);
  }
  ctx.warnings.push(...dups);
}

export function checkSchema(ctx: ApiContext, obj: KubeObject): void {
  const checked = checkObject(ctx.entry.def.schema, obj, ctx.entry.kind, ctx.entry.version, fieldValidationOf(ctx.query));
  ctx.warnings.push(...checked.warnings);
}

/** A body's apiVersion/kind, when given, must be the addressed kind's. */
export function checkTypeMeta(ctx: ApiContext, obj: KubeObject): void {
  const { apiVersion, kind } = obj;
  if (apiVersion && apiVersion !== ctx.entry.apiVersion) {
    throw badRequest(`the API version in the data (${apiVersion}) does not match the expected API version (${ctx.entry.apiVersion})`);
  }
  if (kind && kind !== ctx.entry.kind) {
    throw badRequest(`the kind in the data (${kind}) does not match the expected kind (${ctx.entry.kind})`);
  }
}

/** The object's namespace must agree with the URL's (upstream: EnsureObjectNamespaceMatchesRequestNamespace). */
export function checkNamespace(ctx: ApiContext, obj: KubeObject): void {
  const ns = obj.metadata?.namespace;
  if (!ctx.entry.namespaced) return;
  if (ns && ns !== ctx.req.namespace) {
    throw badRequest("the namespace of the provided object does not match the namespace sent on the request");
  }
}

/**
 * The field manager of a write: `fieldManager` (already validated with the other write options), else derived
 * from the User-Agent as upstream does.
 */
export function fieldManagerOf(ctx: ApiContext): string {
  const m = ctx.query.get("fieldManager");
  if (m) return m;
  const ua = ctx.request.headers.get("user-agent") ?? "unknown";
  return ua.split("/")[0].slice(0, 128) || "unknown";
}

/**
 * Defaulting, mutating admission, validation, validating admission, managedFields and the size check, in
 * upstream's order; returns the object encoded for the store.
 */
export async function admitWrite(
  ctx: ApiContext,
  obj: KubeObject,
  old: KubeObject | undefined,
  manager: string,
  operation: "Update" | "Apply" = "Update",
): Promise<EncodedObject> {
  defaultObject(ctx, obj);
  const attrs: AdmissionAttributes = {
    ctx,
    operation: old === undefined ? "CREATE" : "UPDATE",
    object: obj,
    oldObject: old,
    dryRun: isDryRun(ctx.query),
  };
  await runMutating(attrs);
  validateObject(ctx, obj, old);
  await runValidating(attrs);
  if (operation === "Update") recordManagedFields(ctx, old, obj, manager);
  // Field ownership is computed on the decoded object; the empty collections go when it is encoded.
  pruneEmpty(obj, schemaNodeOf(ctx));
  const encoded = encodeForStore(obj);
  checkObjectSize(encoded.json);
  return encoded;
}

