/**
 * PATCH: JSON patch, JSON merge patch and strategic merge patch applied to the current object inside the
 * guaranteed-update loop; server-side apply goes to ./apply.ts. Unknown patch types → 415.
 */
import type { KubeObject } from "../../schema/types";
import { readBody, parseJson } from "../body";
import { ApiError, unsupportedMediaType } from "../errors";
import { applyJsonPatch } from "../patch/json-patch";
import { applyMergePatch } from "../patch/merge-patch";
import { applyStrategicMergePatch } from "../patch/strategic-merge-patch";
import { PatchError, type PatchResult } from "../patch/patch-error";
import { patchTypeOf, SUPPORTED_PATCH_CONTENT_TYPES } from "../patch/patch-type";
import type { SchemaNode } from "../patch/schema-node";
import type { JsonValue } from "../patch/json";
import type { ApiContext } from "./context";
import { guaranteedUpdate } from "./update";
import { checkSchema, fieldManagerOf } from "./write-common";
import { schemaNodeOf } from "./managed-fields";
import { applyObject } from "./apply";
import { patchScale } from "./scale";
import { validateWriteOptions } from "../options";

export async function patchObject(ctx: ApiContext): Promise<Response> {
  const contentType = ctx.request.headers.get("content-type") ?? "";
  const type = patchTypeOf(contentType);
  if (!type) throw unsupportedMediaType(contentType, [...SUPPORTED_PATCH_CONTENT_TYPES]);
  validateWriteOptions("PatchOptions", ctx.query, type);
  const bytes = await readBody(ctx.request);
  // Scale first: every patch type, apply included, addresses the Scale view, never the parent object.
  if (ctx.req.subresource === "scale") return patchScale(ctx, bytes, contentType);
  if (type === "apply") return applyObject(ctx, bytes);
  const schema = schemaNodeOf(ctx);
  return guaranteedUpdate(ctx, {
    manager: fieldManagerOf(ctx),
    mutate: (current) => {
      const patched = patchDocument(ctx, current, bytes, contentType, schema);
      checkSchema(ctx, patched);
      return patched;
    },
  });
}

/** Applies a json/merge/strategic patch body to `doc`; failures become upstream's Status codes. */
export function patchDocument(
  ctx: ApiContext,
  doc: KubeObject,
  bytes: Uint8Array,
  contentType: string,
  schema: SchemaNode | undefined,
): KubeObject {
  const type = patchTypeOf(contentType);
  const patch = parseJson(new TextDecoder().decode(bytes)) as JsonValue;
  let result: PatchResult<JsonValue>;
  try {
    if (type === "json") result = applyJsonPatch(doc as JsonValue, patch);
    else if (type === "merge") result = { ok: true, value: applyMergePatch(doc as JsonValue, patch) };
    else result = applyStrategicMergePatch(doc as JsonValue, patch, schema);
  } catch (e) {
    if (e instanceof PatchError) throw fromPatchError(e);
    throw e;
  }
  if (!result.ok) throw fromPatchError(result.error);
  const value = result.value;
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new ApiError(422, "Invalid", "the server rejected our request due to an error in our request");
  }
  return value as KubeObject;
}

function fromPatchError(e: PatchError): ApiError {
  return new ApiError(e.code, e.reason, e.message);
}
