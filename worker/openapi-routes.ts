/**
 * `/openapi/v3` (KUBECTL.md §3): the root lists one document per group-version with a content hash; a
 * `?hash=` URL is immutable (Cache-Control, a year's Expires, ETag, 304 on If-None-Match) and a stale hash
 * redirects to the current one, as kube-apiserver does. Documents are built once per isolate.
 */
import type { Context, Hono } from "hono";
import type { Registry } from "../schema/registry-core";
import { ScaleSchema } from "../schema/autoscaling-v1";
import { buildOpenApiSet, type OpenApiSet } from "./openapi";
import { pathNotFound } from "./errors";

const YEAR_SECONDS = 365 * 24 * 3600;
let cached: Promise<OpenApiSet> | undefined;

function openApiSet(registry: Registry): Promise<OpenApiSet> {
  cached ??= buildOpenApiSet(registry.groupVersions, { scaleSchema: ScaleSchema }).catch((e) => {
    cached = undefined;
    throw e;
  });
  return cached;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function openApiRoutes(app: Hono<any>, registry: Registry): void {
  app.get("/openapi/v3", async (c) => c.json((await openApiSet(registry)).root));
  app.get("/openapi/v3/*", async (c: Context) => {
    const url = new URL(c.req.url);
    const path = url.pathname.slice("/openapi/v3/".length);
    const doc = (await openApiSet(registry)).documents.get(path);
    if (!doc) throw pathNotFound();
    const hash = url.searchParams.get("hash");
    const etag = `"${doc.hash}"`;
    if (hash && hash !== doc.hash) {
      return new Response(null, { status: 301, headers: { Location: `/openapi/v3/${path}?hash=${doc.hash}` } });
    }
    const headers = new Headers({ "Content-Type": "application/json", ETag: etag, Vary: "Accept" });
    if (hash) {
      headers.set("Cache-Control", `public, immutable, max-age=${YEAR_SECONDS}`);
      headers.set("Expires", new Date(Date.now() + YEAR_SECONDS * 1000).toUTCString());
    } else {
      headers.set("Cache-Control", "no-cache, private");
    }
    if (c.req.header("if-none-match") === etag) return new Response(null, { status: 304, headers });
    return new Response(doc.json, { headers });
  });
}
