/**
 * `/openapi/v3` (KUBECTL.md §3): the root lists one document per group-version with a content hash; a
 * `?hash=` URL is immutable (Cache-Control, a year's Expires, ETag, 304 on If-None-Match) and a stale hash
 * redirects to the current one, as kube-apiserver does. Documents are built once per isolate.
 * `/openapi/v2` serves the same schemas as one Swagger 2.0 document (JSON or gnostic protobuf).
 */
import type { Context, Hono } from "hono";
import type { Registry } from "../schema/registry-core";
import { ScaleSchema } from "../schema/autoscaling-v1";
import { buildOpenApiSet, type OpenApiSet } from "./openapi";
import { notAcceptable, pathNotFound } from "./errors";
import {
  OPENAPI_V2_JSON,
  OPENAPI_V2_PROTOBUF,
  buildOpenApiV2,
  negotiateOpenApiV2,
  openApiV2ContentType,
  type OpenApiV2,
} from "./openapi/v2";

const YEAR_SECONDS = 365 * 24 * 3600;
let cached: Promise<OpenApiSet> | undefined;

function openApiSet(registry: Registry): Promise<OpenApiSet> {
  cached ??= buildOpenApiSet(registry.groupVersions, { scaleSchema: ScaleSchema }).catch((e) => {
    cached = undefined;
    throw e;
  });
  return cached;
}

let cachedV2: Promise<OpenApiV2> | undefined;

/** `/openapi/v2` is derived from the v3 set, built lazily on its first request (kubectl rarely asks). */
function openApiV2(registry: Registry): Promise<OpenApiV2> {
  cachedV2 ??= openApiSet(registry).then(buildOpenApiV2).catch((e) => {
    cachedV2 = undefined;
    throw e;
  });
  return cachedV2;
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

  // `/openapi/v2` (KUBECTL.md §3.5): JSON or the gnostic protobuf by Accept, one ETag (SHA-512 of the JSON)
  // for both and 304 on If-None-Match, as kube-openapi's handler.
  app.get("/openapi/v2", async (c: Context) => {
    const mediaType = negotiateOpenApiV2(c.req.header("accept"));
    if (!mediaType) throw notAcceptable([OPENAPI_V2_JSON, OPENAPI_V2_PROTOBUF]);
    const v2 = await openApiV2(registry);
    const etag = `"${v2.hash}"`;
    const headers = new Headers({
      "Content-Type": openApiV2ContentType(mediaType),
      ETag: etag,
      Vary: "Accept",
      "Cache-Control": "no-cache, private",
    });
    if (c.req.header("if-none-match") === etag) return new Response(null, { status: 304, headers });
    return new Response(mediaType === OPENAPI_V2_JSON ? v2.json : v2.protobuf, { headers });
  });
}
