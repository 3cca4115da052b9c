/**
 * Admission for writes: upstream defaulting, then semantic validation (422 Invalid with field causes), then
 * the storage size limit.
 */
import type { KubeObject, FieldError } from "../../schema/types";
import { invalid, ApiError } from "../errors";
import type { ApiContext } from "../handlers/context";

/** etcd's default request limit; kube-apiserver refuses objects that would not fit (1.5 MiB). */
export const MAX_OBJECT_BYTES = 1.5 * 1024 * 1024;

export function defaultObject(ctx: ApiContext, obj: KubeObject): void {
  ctx.entry.def.default?.(obj);
}

export function validateObject(ctx: ApiContext, obj: KubeObject, old?: KubeObject): void {
  const errors: FieldError[] = [];
  const meta = obj.metadata ?? {};
  if (!meta.name) {
    errors.push({
      reason: "FieldValueRequired",
      field: "metadata.name",
      message: "Required value: name or generateName is required",
    });
  }
  errors.push(...(ctx.entry.def.validate?.(obj, old, ctx.req.subresource) ?? []));
  if (errors.length) throw invalid(ctx.entry.group, ctx.entry.kind, meta.name ?? "", dedupe(errors));
}

/** Throws 413 when the stored form of `obj` would exceed the storage limit. */
export function checkObjectSize(text: string): void {
  // A UTF-16 unit is 1 to 3 UTF-8 bytes: only texts in between need encoding to know.
  const maybeTooLarge = text.length * 3 > MAX_OBJECT_BYTES;
  if (text.length > MAX_OBJECT_BYTES || (maybeTooLarge && new TextEncoder().encode(text).byteLength > MAX_OBJECT_BYTES)) {
    throw new ApiError(413, "RequestEntityTooLarge", "Request entity too large: etcdserver: request is too large");
  }
}

function dedupe(errors: FieldError[]): FieldError[] {
  const seen = new Set<string>();
  return errors.filter((e) => {
    const k = `${e.reason}|${e.field}|${e.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
