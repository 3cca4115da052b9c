/** GET of one object and LIST of a collection (JSON spliced from stored text, or a Table). */
import { expired, notFound, tooLargeResourceVersion, internalError } from "../errors";
import { encodeContinue, parseListQuery } from "../list-options";
import { listPrefix, objectKey, storeFor } from "../storage";
import { buildTable, tableAcceptVersion, tableFor } from "../tables";
import { type ApiContext, json, jsonText } from "./context";
import { filterOf } from "./filter";
import type { ListOptions, ListResult, StoreFailure } from "../../durable-objects/store/types";

export async function getObject(ctx: ApiContext): Promise<Response> {
  const text = await readObjectText(ctx);
  const tableVersion = tableAcceptVersion(ctx.request.headers.get("accept") ?? "");
  if (tableVersion) return json(ctx, tableOf(ctx, [JSON.parse(text)], tableVersion, {}));
  return jsonText(ctx, text);
}

/** The stored JSON text of the addressed object, or 404. */
export async function readObjectText(ctx: ApiContext): Promise<string> {
  const res = await storeFor(ctx.env, ctx.entry).get(objectKey(ctx.entry, ctx.req.namespace, ctx.req.name!));
  if (!res.ok) throw notFound(ctx.entry.group, ctx.entry.resource, ctx.req.name!);
  return res.value;
}

export async function listObjects(ctx: ApiContext): Promise<Response> {
  const q = parseListQuery(ctx.query, false);
  const filter = filterOf(ctx.entry, q.labelSelector, q.fieldSelector);
  const store = storeFor(ctx.env, ctx.entry);
  const prefix = listPrefix(ctx.entry, ctx.req.namespace);
  let revision = 0;
  if (q.continueToken) revision = q.continueToken.rv;
  else if (q.resourceVersionMatch === "Exact") revision = Number(q.resourceVersion);
  else if (q.resourceVersion && q.resourceVersion !== "0") {
    const current = await store.revision();
    const wanted = Number(q.resourceVersion);
    if (wanted > current) throw tooLargeResourceVersion(wanted, current);
  }
  const result = await listInPages(store, prefix, { revision, limit: q.limit, startAfter: q.continueToken?.start, filter });
  if (!result.ok) throw listFailure(result, q.continueToken !== undefined, revision);
  const listMeta: Record<string, unknown> = { resourceVersion: String(result.revision) };
  if (result.lastKey !== undefined) {
    listMeta.continue = encodeContinue({ rv: result.revision, start: result.lastKey });
    if (result.remaining !== undefined) listMeta.remainingItemCount = result.remaining;
  }
  const tableVersion = tableAcceptVersion(ctx.request.headers.get("accept") ?? "");
  if (tableVersion) {
    return json(ctx, tableOf(ctx, result.items.map((t) => JSON.parse(t)), tableVersion, listMeta));
  }
  const head = `{"kind":"${ctx.entry.listKind}","apiVersion":"${ctx.entry.apiVersion}","metadata":${JSON.stringify(listMeta)},"items":[`;
  return jsonText(ctx, head + result.items.join(",") + "]}");
}

/** What one store answer may carry: well under the 32 MiB cap of an RPC result. */
export const STORE_PAGE_BYTES = 16 * 1024 * 1024;

/**
 * One LIST's items, gathered over as many store calls as the RPC size cap needs, all at the first call's
 * revision (one consistent snapshot, as a single call would be). The client's `limit` and continue token mean
 * what they always meant.
 */
export async function listInPages(store: ReturnType<typeof storeFor>, prefix: string, opts: ListOptions): Promise<ListResult> {
  let res = await store.list(prefix, { ...opts, maxBytes: STORE_PAGE_BYTES });
  if (!res.ok || !res.cutBySize) return res;
  const items = [...res.items];
  while (res.ok && res.cutBySize) {
    const limit = opts.limit ? opts.limit - items.length : undefined;
    res = await store.list(prefix, { ...opts, revision: res.revision, startAfter: res.lastKey, limit, maxBytes: STORE_PAGE_BYTES });
    if (!res.ok) return res;
    items.push(...res.items);
  }
  return { ...res, items };
}

function listFailure(result: ListResult & { ok: false }, continuing: boolean, revision: number) {
  const f = result as StoreFailure;
  if (f.reason === "compacted") {
    if (continuing) {
      return expired(
        "The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.",
      );
    }
    return expired(`too old resource version: ${revision} (${f.compactRevision})`);
  }
  if (f.reason === "too_large_revision") return tooLargeResourceVersion(revision, f.currentRevision);
  return internalError(`unexpected store result ${f.reason}`);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function tableOf(ctx: ApiContext, items: any[], version: string, listMeta: Record<string, unknown>) {
  const include = ctx.query.get("includeObject") ?? "Metadata";
  const table = buildTable(tableFor(ctx.entry.group, ctx.entry.resource), items, {
    includeObject: include === "None" || include === "Object" ? include : "Metadata",
    now: ctx.now(),
    listMeta,
  });
  if (version === "v1beta1") table.apiVersion = "meta.k8s.io/v1beta1";
  return table;
}
