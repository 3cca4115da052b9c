/**
 * The API server: one Hono app. Order: authentication (anonymous when no credentials) → impersonation →
 * authorization of non-resource URLs (health, version, discovery, OpenAPI) → routes; resource requests are
 * authorized in handlers/resource.ts once parsed. Every failure leaves through onError as a metav1.Status.
 */
import { Hono } from "hono";
import type { Registry } from "../schema/registry-core";
import { authenticate } from "./authn/authenticate";
import { impersonate } from "./authn/impersonation";
import type { UserInfo } from "./authn/user";
import { requireAuthorized } from "./authz/authorize";
import { nonResourceAttributes } from "./authz/request-attributes";
import { parseResourcePath } from "./request-info";
import { ensureBootstrapped } from "./bootstrap";
import {
  aggregatedContentType,
  aggregatedDiscovery,
  aggregatedVersion,
  apiGroupDoc,
  apiGroupList,
  apiResourceList,
  apiVersions,
} from "./discovery";
import type { Env } from "./env";
import { ApiError, pathNotFound } from "./errors";
import { handleResource } from "./handlers/resource";
import { openApiRoutes } from "./openapi-routes";
import { oidcRoutes } from "./authn/oidc";
import { VERSION_INFO } from "./version";

type AppEnv = { Bindings: Env; Variables: { user: UserInfo } };

const HEALTH = ["/livez", "/readyz", "/healthz"];

export function createApp(registry: Registry) {
  const app = new Hono<AppEnv>();

  app.use("*", async (c, next) => {
    const request = c.req.raw;
    const user = await impersonate(request, await authenticate(request, c.env), c.env);
    c.set("user", user);
    await ensureBootstrapped(c.env, registry);
    const path = new URL(request.url).pathname;
    // Resource requests are authorized once their route is resolved (handlers/resource.ts).
    if (!parseResourcePath(path)) await requireAuthorized(c.env, nonResourceAttributes(user, request.method, path));
    await next();
  });

  for (const path of HEALTH) {
    app.get(path, (c) => c.text("ok"));
    app.get(`${path}/*`, (c) => c.text("ok"));
  }
  app.get("/version", (c) => c.json(VERSION_INFO));

  const discovery = (core: boolean) => (c: import("hono").Context<AppEnv>) => {
    const v = aggregatedVersion(c.req.header("accept") ?? "");
    c.header("Vary", "Accept");
    if (v) {
      return new Response(JSON.stringify(aggregatedDiscovery(registry, core, v)), {
        headers: { "Content-Type": aggregatedContentType(v), Vary: "Accept" },
      });
    }
    return c.json(core ? apiVersions(new URL(c.req.url).host) : apiGroupList(registry));
  };
  app.get("/api", discovery(true));
  app.get("/apis", discovery(false));
  app.get("/api/:version", (c) => {
    const doc = apiResourceList(registry, "", c.req.param("version"));
    if (!doc) throw pathNotFound();
    return c.json(doc);
  });
  app.get("/apis/:group", (c) => {
    const doc = apiGroupDoc(registry, c.req.param("group"));
    if (!doc) throw pathNotFound();
    return c.json(doc);
  });
  app.get("/apis/:group/:version", (c) => {
    const doc = apiResourceList(registry, c.req.param("group"), c.req.param("version"));
    if (!doc) throw pathNotFound();
    return c.json(doc);
  });
  openApiRoutes(app, registry);
  oidcRoutes(app);
  app.all("/api/*", (c) => handleResource(c.req.raw, c.env, registry, c.get("user")));
  app.all("/apis/*", (c) => handleResource(c.req.raw, c.env, registry, c.get("user")));

  app.notFound(() => statusResponse(pathNotFound()));
  app.onError((err) => {
    if (err instanceof ApiError) return statusResponse(err);
    console.error("internal error", err);
    return statusResponse(new ApiError(500, "InternalError", "Internal error occurred: an unexpected error occurred"));
  });
  return app;
}

export function statusResponse(err: ApiError): Response {
  const headers = new Headers({ "Content-Type": "application/json" });
  for (const [k, v] of Object.entries(err.headers ?? {})) headers.set(k, v);
  return new Response(JSON.stringify(err.toStatus()), { status: err.code, headers });
}
