/** DELETE of one object (DeleteOptions in body or query, preconditions, finalizers, dryRun) and deletecollection. */
import { planDelete, type DeleteOptions } from "../admission/deletion";
import { decodeBody, readBody } from "../body";
import { badRequest, conflict, internalError, notFound } from "../errors";
import { parseListQuery } from "../list-options";
import { encodeForStore, listPrefix, objectKey, storeFor } from "../storage";
import { type ApiContext, isDryRun, json, jsonText, rfc3339 } from "./context";
import { filterOf } from "./filter";
import { validateDeleteOptions } from "../options";
import { forgetNamespace } from "../namespace-cache";
import { runValidating } from "../admission/plugins";
import { afterWrite } from "./after-write";

const MAX_ATTEMPTS = 16;

export async function deleteObject(ctx: ApiContext): Promise<Response> {
  const opts = await deleteOptionsOf(ctx);
  return deleteNamed(ctx, ctx.req.name!, opts);
}

async function deleteOptionsOf(ctx: ApiContext): Promise<DeleteOptions> {
  const body = decodeBody(await readBody(ctx.request), ctx.request.headers.get("content-type")).value;
  const opts = deleteOptionsFromBody(body);
  const grace = ctx.query.get("gracePeriodSeconds");
  if (grace !== null) {
    if (!/^-?\d+$/.test(grace)) throw badRequest(`invalid gracePeriodSeconds: ${grace}`);
    opts.gracePeriodSeconds = Number(grace);
  }
  const policy = ctx.query.get("propagationPolicy");
  if (policy !== null) opts.propagationPolicy = policy as DeleteOptions["propagationPolicy"];
  opts.dryRun = [...(opts.dryRun ?? []), ...ctx.query.getAll("dryRun")];
  validateDeleteOptions(opts);
  // "nil" is an accepted spelling of "no policy" (ValidateDeleteOptions lists it).
  if ((opts.propagationPolicy as string) === "nil") delete opts.propagationPolicy;
  return opts;
}

const TYPES: Record<string, (v: unknown) => boolean> = {
  kind: (v) => typeof v === "string",
  apiVersion: (v) => typeof v === "string",
  gracePeriodSeconds: (v) => Number.isInteger(v),
  orphanDependents: (v) => typeof v === "boolean",
  propagationPolicy: (v) => typeof v === "string",
  dryRun: (v) => Array.isArray(v) && v.every((x) => typeof x === "string"),
  preconditions: (v) =>
    v !== null &&
    typeof v === "object" &&
    !Array.isArray(v) &&
    Object.entries(v).every(([k, x]) => !["uid", "resourceVersion"].includes(k) || x === null || typeof x === "string"),
};

/** Decodes a DeleteOptions body (absent = defaults); a field of the wrong JSON type is a 400, as decoding is. */
export function deleteOptionsFromBody(body: unknown): DeleteOptions {
  if (body === undefined || body === null) return {};
  if (typeof body !== "object" || Array.isArray(body)) throw badRequest("DeleteOptions must be a JSON object");
  const opts: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(body)) {
    if (v === null || !(k in TYPES)) continue;
    if (!TYPES[k](v)) throw badRequest(`DeleteOptions in version "v1" cannot be handled as a DeleteOptions: json: cannot unmarshal ${Array.isArray(v) ? "array" : typeof v} into Go struct field DeleteOptions.${k}`);
    opts[k] = v;
  }
  return opts as DeleteOptions;
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
    await runValidating({ ctx, operation: "DELETE", oldObject: obj, dryRun });
    const plan = planDelete(obj, opts, rfc3339(ctx.now()), entry);
    if (plan.action === "none") return jsonText(ctx, cur.value);
    if (dryRun) return plan.action === "delete" ? deletedResponse(ctx, cur.value) : json(ctx, plan.object);
    const res = plan.action === "delete" ? await store.delete(key, cur.revision) : await store.update(key, encodeForStore(plan.object), cur.revision);
    if (res.ok) {
      await afterWrite(ctx, plan.action === "delete" ? "DELETED" : "MODIFIED", res.value, obj);
      return plan.action === "delete" ? deletedResponse(ctx, res.value) : jsonText(ctx, res.value);
    }
    if (res.reason === "conflict") continue;
    if (res.reason === "not_found") throw notFound(entry.group, entry.resource, name);
    throw internalError(`delete failed: ${res.reason}`);
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
  if (!list.ok) throw internalError(`list failed: ${list.reason}`);
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
