/** POST to a collection: create (201), with generateName, dryRun and namespace lifecycle checks. */
import { prepareForCreate } from "../admission/lifecycle";
import { alreadyExists, badRequest, internalError } from "../errors";
import { objectKey, storeFor } from "../storage";
import { type ApiContext, isDryRun, json, jsonText, rfc3339 } from "./context";
import { admitWrite, checkNamespace, decodeObjectBody, fieldManagerOf } from "./write-common";
import type { KubeObject } from "../../schema/types";
import { validateWriteOptions } from "../options";
import { afterWrite } from "./after-write";

export async function createObject(ctx: ApiContext): Promise<Response> {
  validateWriteOptions("CreateOptions", ctx.query);
  const obj = await decodeObjectBody(ctx);
  return createDecoded(ctx, obj, fieldManagerOf(ctx));
}

/** Creates an already-decoded object (also used by server-side apply of a missing object). */
export async function createDecoded(
  ctx: ApiContext,
  obj: KubeObject,
  manager: string,
  operation: "Update" | "Apply" = "Update",
): Promise<Response> {
  checkNamespace(ctx, obj);
  if (ctx.req.name !== undefined && obj.metadata?.name && obj.metadata.name !== ctx.req.name) {
    throw badRequest(`the name of the object (${obj.metadata.name}) does not match the name on the URL (${ctx.req.name})`);
  }
  prepareForCreate(ctx.entry, obj, { now: rfc3339(ctx.now()), uid: crypto.randomUUID(), namespace: ctx.req.namespace, user: ctx.user });
  const encoded = await admitWrite(ctx, obj, undefined, manager, operation);
  const name = obj.metadata.name as string;
  if (isDryRun(ctx.query)) return json(ctx, obj, 201);
  const res = await storeFor(ctx.env, ctx.entry).create(objectKey(ctx.entry, ctx.req.namespace, name), encoded);
  if (res.ok) {
    await afterWrite(ctx, "ADDED", res.value);
    return jsonText(ctx, res.value, 201);
  }
  if (res.reason === "exists") throw alreadyExists(ctx.entry.group, ctx.entry.resource, name);
  throw internalError(`create failed: ${res.reason}`);
}
