/** DELETE of one object (DeleteOptions in body or query, preconditions, finalizers, dryRun) and deletecollection. */
import { planDelete, type DeleteOptions } from "../admission/deletion";
import { decodeBody, readBody } from "../body";
import { badRequest, conflict, notFound } from "../errors";
import { parseListQuery } from "../list-options";
import { encodeForStore, listPrefix, objectKey, storeFor } from "../storage";
import { type ApiContext, isDryRun, json, jsonText, rfc3339 } from "./context";
import { filterOf } from "./filter";
import { internal } from "./write-common";
import { forgetNamespace } from "../namespace-cache";

const MAX_ATTEMPTS = 16;

export async function deleteObject(ctx: ApiContext): Promise<Response> {
  const opts = await deleteOptionsOf(ctx);
  return deleteNamed(ctx, ctx.req.name!, opts);
}

async function deleteOptionsOf(ctx: ApiContext): Promise<DeleteOptions> {
  const body = decodeBody(await readBody(ctx.request), ctx.request.headers.get("content-type")).value;
  const opts: DeleteOptions = body && typeof body === "object" ? { ...body } : {};
  if (opts && typeof opts !== "object") throw badRequest("invalid DeleteOptions");
  const grace = ctx.query.get("gracePeriodSeconds");
  if (grace !== null) opts.gracePeriodSeconds = Number(grace);
  const policy = ctx.query.get("propagationPolicy");
  if (policy) opts.propagationPolicy = policy as DeleteOptions["propagationPolicy"];
  if (opts.propagationPolicy && !["Orphan", "Background", "Foreground"].includes(opts.propagationPolicy)) {
    throw badRequest(`DeleteOptions.meta.k8s.io "" is invalid: propagationPolicy: Unsupported value: "${opts.propagationPolicy}": supported values: "Foreground", "Background", "Orphan"`);
  }
  if (opts.gracePeriodSeconds !== undefined && (!Number.isInteger(opts.gracePeriodSeconds))) {
    throw badRequest(`invalid gracePeriodSeconds`);
  }
  return opts;
}

async function deleteNamed(ctx: ApiContext, name: string, opts: DeleteOptions): Promise<Response> {
  const { entry } = ctx;
  if (entry.group === "" && entry.resource === "namespaces") forgetNamespace(name);
  const store = storeFor(ctx.env, entry);
  const key = objectKey(entry, ctx.req.namespace, name);
  const dryRun = isDryRun(ctx.query, opts.dryRun);
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const cur = await store.get(key);
    if (!cur.ok) throw notFound(entry.group, entry.resource, name);
    const obj = JSON.parse(cur.value);
    const pre = opts.preconditions;
    if (pre?.uid && pre.uid !== obj.metadata?.uid) {
      throw conflict(entry.group, entry.resource, name, `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${obj.metadata?.uid ?? ""}`);
    }
    if (pre?.resourceVersion && pre.resourceVersion !== String(cur.revision)) {
      throw conflict(entry.group, entry.resource, name, `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${cur.revision}`);
    }
    const plan = planDelete(obj, opts, rfc3339(ctx.now()), entry);
    if (plan.action === "none") return jsonText(ctx, cur.value);
    if (dryRun) return plan.action === "delete" ? deletedResponse(ctx, cur.value) : json(ctx, plan.object);
    const res = plan.action === "delete" ? await store.delete(key, cur.revision) : await store.update(key, encodeForStore(plan.object), cur.revision);
    if (res.ok) return plan.action === "delete" ? deletedResponse(ctx, res.value) : jsonText(ctx, res.value);
    if (res.reason === "conflict") continue;
    if (res.reason === "not_found") throw notFound(entry.group, entry.resource, name);
    throw internal(`delete failed: ${res.reason}`);
  }
  throw conflict(entry.group, entry.resource, name, "too many concurrent changes; please try again");
}

/**
 * A completed delete answers with the deleted object for kinds whose strategy returns it (pods), else with a
 * Status Success naming the object (upstream's ReturnDeletedObject).
 */
function deletedResponse(ctx: ApiContext, text: string): Response {
  if (ctx.entry.group === "" && ctx.entry.resource === "pods") return jsonText(ctx, text);
  const obj = JSON.parse(text);
  const details: Record<string, unknown> = { name: obj.metadata?.name };
  if (ctx.entry.group) details.group = ctx.entry.group;
  details.kind = ctx.entry.resource;
  details.uid = obj.metadata?.uid;
  return json(ctx, { kind: "Status", apiVersion: "v1", metadata: {}, status: "Success", details });
}

/** DELETE on a collection: every object matching the selectors, each as a single DELETE would. */
export async function deleteCollection(ctx: ApiContext): Promise<Response> {
  const opts = await deleteOptionsOf(ctx);
  const q = parseListQuery(ctx.query, false);
  const filter = filterOf(ctx.entry, q.labelSelector, q.fieldSelector);
  const list = await storeFor(ctx.env, ctx.entry).list(listPrefix(ctx.entry, ctx.req.namespace), { filter });
  if (!list.ok) throw internal(`list failed: ${list.reason}`);
  const items: unknown[] = [];
  for (const text of list.items) {
    const obj = JSON.parse(text);
    const sub = { ...ctx, req: { ...ctx.req, namespace: obj.metadata?.namespace ?? ctx.req.namespace } };
    try {
      await deleteNamed(sub, obj.metadata.name, opts);
      items.push(obj);
    } catch (e) {
      if ((e as { code?: number }).code !== 404) throw e;
    }
  }
  return json(ctx, {
    kind: ctx.entry.listKind,
    apiVersion: ctx.entry.apiVersion,
    metadata: { resourceVersion: String(list.revision) },
    items,
  });
}
