/** POST to a collection: create (201), with generateName, dryRun and namespace lifecycle checks. */
import { generatedName, prepareForCreate } from "../admission/lifecycle";
import { alreadyExists, badRequest, internalError } from "../errors";
import { encodeForStore, objectKey, storeFor } from "../storage";
import { type ApiContext, isDryRun, json, jsonText, rfc3339 } from "./context";
import { admitWrite, checkNamespace, decodeObjectBody, fieldManagerOf } from "./write-common";
import type { KubeObject } from "../../schema/types";
import { validateWriteOptions } from "../options";
import { afterWrite } from "./after-write";
import { allocateForWrite } from "../services/allocation";

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
  const generated = !obj.metadata?.name && !!obj.metadata?.generateName;
  prepareForCreate(ctx.entry, obj, { now: rfc3339(ctx.now()), uid: crypto.randomUUID(), namespace: ctx.req.namespace, user: ctx.user });
  let encoded = await admitWrite(ctx, obj, undefined, manager, operation);
  // Allocated values (a Service's cluster IP, node ports) are set after field ownership is recorded, as upstream.
  const allocation = await allocateForWrite(ctx, obj, undefined);
  if (allocation) encoded = encodeForStore(obj);
  let name = obj.metadata.name as string;
  if (isDryRun(ctx.query)) return json(ctx, obj, 201);
  const store = storeFor(ctx.env, ctx.entry);
  for (let attempt = 0; ; attempt++) {
    const res = await store.create(objectKey(ctx.entry, ctx.req.namespace, name), encoded).catch(async (e) => {
      await allocation?.revert();
      throw e;
    });
    if (res.ok) {
      await afterWrite(ctx, "ADDED", res.value);
      return jsonText(ctx, res.value, 201);
    }
    if (res.reason !== "exists" || !generated || attempt >= MAX_NAME_GENERATION_RETRIES) await allocation?.revert();
    if (res.reason !== "exists") throw internalError(`create failed: ${res.reason}`);
    // RetryGenerateName (GA in 1.32): a generated name that is taken is drawn again, up to 7 more times.
    if (!generated || attempt >= MAX_NAME_GENERATION_RETRIES) throw alreadyExists(ctx.entry.group, ctx.entry.resource, name);
    name = obj.metadata.name = generatedName(obj.metadata.generateName);
    encoded = encodeForStore(obj);
  }
}

/** maxNameGenerationCreateAttempts (8) less the first attempt. */
const MAX_NAME_GENERATION_RETRIES = 7;
