/**
 * WATCH (KUBECTL.md §6): rv unset/0 → synthetic ADDED for current objects, then changes; rv=N → changes after N;
 * sendInitialEvents → initial ADDED + an initial-events-end BOOKMARK. Newline-delimited JSON, the events that
 * are ready sent together, never compressed; every stream ends by timeoutSeconds or the server maximum.
 */
import { parseListQuery } from "../list-options";
import { listPrefix, storeFor } from "../storage";
import { tableAcceptVersion } from "../tables";
import { ApiError, expired, tooLargeResourceVersion } from "../errors";
import { type ApiContext, responseHeaders } from "./context";
import { filterOf } from "./filter";
import { listInPages, tableOf } from "./read";
import { LineDecoder, visibleEvent } from "./watch-events";
import { coalescingStream } from "./watch-stream";
import type { StoreEvent } from "../../durable-objects/store/types";

/** Upstream's --min-request-timeout: no watch outlives this (on the edge nothing outlives a deploy anyway). */
export const MAX_WATCH_SECONDS = 1800;
const DEFAULT_BOOKMARK_MS = 30_000;

export async function watchObjects(ctx: ApiContext): Promise<Response> {
  const q = parseListQuery(ctx.query, true);
  const filter = filterOf(ctx.entry, q.labelSelector, q.fieldSelector);
  const store = storeFor(ctx.env, ctx.entry);
  const prefix = listPrefix(ctx.entry, ctx.req.namespace);
  const tableVersion = tableAcceptVersion(ctx.request.headers.get("accept") ?? "");
  const encoder = new TextEncoder();
  const line = (type: string, object: unknown) => {
    const body = tableVersion && type !== "ERROR" && type !== "BOOKMARK" ? tableOf(ctx, [object], tableVersion, {}) : object;
    return JSON.stringify({ type, object: body }) + "\n";
  };
  const render = (type: string, object: unknown) => encoder.encode(line(type, object));
  const bookmarkLine = (rv: number, initialEnd = false) =>
    line("BOOKMARK", {
      kind: ctx.entry.kind,
      apiVersion: ctx.entry.apiVersion,
      metadata: initialEnd
        ? { resourceVersion: String(rv), annotations: { "k8s.io/initial-events-end": "true" } }
        : { resourceVersion: String(rv) },
    });

  const initial: Uint8Array[] = [];
  const sendInitial = q.sendInitialEvents ?? (q.resourceVersion === undefined || q.resourceVersion === "0");
  let from: number;
  if (sendInitial) {
    if (q.resourceVersion && q.resourceVersion !== "0") {
      const current = await store.revision();
      if (Number(q.resourceVersion) > current) throw tooLargeResourceVersion(Number(q.resourceVersion), current);
    }
    const list = await listInPages(store, prefix, { filter });
    if (!list.ok) throw new ApiError(500, "InternalError", `Internal error occurred: list failed: ${list.reason}`);
    for (const item of list.items) initial.push(render("ADDED", JSON.parse(item)));
    from = list.revision;
    if (q.sendInitialEvents && q.allowWatchBookmarks) initial.push(encoder.encode(bookmarkLine(from, true)));
  } else {
    from = Number(q.resourceVersion);
  }

  const bookmarkMs = Number(ctx.env.WATCH_BOOKMARK_MS ?? DEFAULT_BOOKMARK_MS);
  // Only a selector needs the previous value (an object leaving it is DELETED for this watcher).
  const needsPrev = !!(filter.labels?.length || filter.fields?.length);
  const watched = await store.watch(prefix, from, { progressMs: bookmarkMs, prev: needsPrev });
  if (!watched.ok) {
    if (watched.reason === "too_large_revision") throw tooLargeResourceVersion(from, watched.currentRevision);
    const status = expired(
      watched.reason === "compacted" ? `too old resource version: ${from} (${watched.compactRevision})` : "watch failed",
    ).toStatus();
    return new Response(render("ERROR", status), { headers: responseHeaders(ctx) });
  }

  const reader = watched.stream.getReader();
  const lines = new LineDecoder();
  /** The store's lines of one read, as this watcher's client sees them (selector, Table, bookmarks). */
  const renderRead = (value: Uint8Array): string => {
    let out = "";
    for (const raw of lines.push(value)) {
      const ev = raw as StoreEvent;
      if (ev.type === "PROGRESS") {
        if (q.allowWatchBookmarks) out += bookmarkLine(ev.revision);
        continue;
      }
      const visible = visibleEvent(ev, filter);
      if (visible) out += line(visible.type, visible.object);
    }
    return out;
  };
  // timeoutSeconds 0 (or absent) means the server's own limit, as upstream's getTimeout.
  const lifetimeMs = Math.min(q.timeoutSeconds || MAX_WATCH_SECONDS, MAX_WATCH_SECONDS) * 1000;
  const stream = coalescingStream(reader, renderRead, { initial, lifetimeMs });
  const headers = responseHeaders(ctx);
  // A compressed watch is buffered, not flushed per event: the runtime gzips any response to a client
  // that accepts gzip unless the response declares its own (identity) encoding.
  headers.set("Cache-Control", "no-cache, no-transform, private");
  headers.set("Content-Encoding", "identity");
  return new Response(stream, { headers });
}
