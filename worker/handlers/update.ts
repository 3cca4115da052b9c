/**
 * PUT (update) and the guaranteed-update loop every read-modify-write uses (upstream's GuaranteedUpdate):
 * read, mutate, admit, compare-and-swap on the revision read; on a lost race retry unless the client gave a
 * resourceVersion precondition, which then fails with 409 Conflict.
 */
import { prepareForUpdate, sameObject } from "../admission/lifecycle";
import { badRequest, conflict, internalError, notFound, OBJECT_MODIFIED } from "../errors";
import { encodeForStore, objectKey, storeFor } from "../storage";
import { type ApiContext, isDryRun, json, jsonText } from "./context";
import { afterWrite } from "./after-write";
import { admitWrite, checkNamespace, decodeObjectBody, fieldManagerOf } from "./write-common";
import type { KubeObject } from "../../schema/types";
import { validateWriteOptions } from "../options";
import { allocateForWrite } from "../services/allocation";

const MAX_ATTEMPTS = 16;

export async function updateObject(ctx: ApiContext): Promise<Response> {
  validateWriteOptions("UpdateOptions", ctx.query);
  const obj = await decodeObjectBody(ctx);
  checkNamespace(ctx, obj);
  const name = obj.metadata?.name ?? "";
  if (name !== ctx.req.name) {
    throw badRequest(`the name of the object (${name}) does not match the name on the URL (${ctx.req.name})`);
  }
  const rv = obj.metadata?.resourceVersion;
  return guaranteedUpdate(ctx, {
    precondition: rv ? Number(rv) : undefined,
    manager: fieldManagerOf(ctx),
    mutate: () => structuredClone(obj),
  });
}

export interface UpdateSpec {
  /** The client's resourceVersion precondition (PUT body, or a patch that sets metadata.resourceVersion). */
  precondition?: number;
  manager: string;
  operation?: "Update" | "Apply";
  /** Builds the new object from a private copy of the current one. */
  mutate(current: KubeObject): KubeObject | Promise<KubeObject>;
  /** Called instead of 404 when the object does not exist (server-side apply creates). */
  onMissing?(): Promise<Response>;
}

export async function guaranteedUpdate(ctx: ApiContext, spec: UpdateSpec): Promise<Response> {
  const store = storeFor(ctx.env, ctx.entry);
  const key = objectKey(ctx.entry, ctx.req.namespace, ctx.req.name!);
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const cur = await store.get(key);
    if (!cur.ok) {
      if (spec.onMissing) return spec.onMissing();
      throw notFound(ctx.entry.group, ctx.entry.resource, ctx.req.name!);
    }
    const current = JSON.parse(cur.value) as KubeObject;
    if (spec.precondition !== undefined && spec.precondition !== cur.revision) {
      throw conflict(ctx.entry.group, ctx.entry.resource, ctx.req.name!, OBJECT_MODIFIED);
    }
    const next = await spec.mutate(structuredClone(current));
    const patchedRv = next.metadata?.resourceVersion;
    if (patchedRv && patchedRv !== String(cur.revision)) {
      throw conflict(ctx.entry.group, ctx.entry.resource, ctx.req.name!, OBJECT_MODIFIED);
    }
    prepareForUpdate(ctx.entry, current, next, ctx.req.subresource);
    let encoded = await admitWrite(ctx, next, current, spec.manager, spec.operation ?? "Update");
    const allocation = await allocateForWrite(ctx, next, current);
    if (allocation) encoded = encodeForStore(next);
    if (sameObject(current, next) || isDryRun(ctx.query)) await allocation?.revert();
    if (sameObject(current, next)) return jsonText(ctx, cur.value);
    if (isDryRun(ctx.query)) return json(ctx, next);
    // A namespace also waits for its spec.finalizers (ShouldDeleteNamespaceDuringUpdate): its content goes first.
    const namespaceFinalizing = ctx.entry.group === "" && ctx.entry.resource === "namespaces" && next.spec?.finalizers?.length;
    const finishing = next.metadata.deletionTimestamp && !(next.metadata.finalizers?.length) && !namespaceFinalizing;
    const res = await (finishing ? store.delete(key, cur.revision) : store.update(key, encoded, cur.revision)).catch(async (e) => {
      await allocation?.revert();
      throw e;
    });
    if (!res.ok) await allocation?.revert();
    if (res.ok) {
      await afterWrite(ctx, finishing ? "DELETED" : "MODIFIED", res.value, current);
      return jsonText(ctx, res.value);
    }
    if (res.reason === "conflict" && spec.precondition === undefined) continue;
    if (res.reason === "conflict") throw conflict(ctx.entry.group, ctx.entry.resource, ctx.req.name!, OBJECT_MODIFIED);
    if (res.reason === "not_found") throw notFound(ctx.entry.group, ctx.entry.resource, ctx.req.name!);
    throw internalError(`update failed: ${res.reason}`);
  }
  throw conflict(ctx.entry.group, ctx.entry.resource, ctx.req.name!, OBJECT_MODIFIED);
}

