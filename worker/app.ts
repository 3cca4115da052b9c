/**
 * The API server: one Hono app. Order: audit (Audit-Id, one event per request) → authentication (anonymous
 * when no credentials) → impersonation → per-user in-flight limits → authorization of non-resource URLs (health, version, discovery, OpenAPI) → routes; resource requests are
 * authorized in handlers/resource.ts once parsed. Every failure leaves through onError as a metav1.Status.
 * The OCI registry (`/v2/`, worker/registry) is mounted right after audit: it authenticates, authorizes and
 * answers errors in its own protocol's way. Before all of it, the edge (worker/edge) answers requests for
 * LoadBalancer, NodePort and Ingress hosts: they never reach audit, authentication or the API.
 */
import { Hono, type Context } from "hono";
import type { Registry } from "../schema/registry-core";
import { authenticate } from "./authn/authenticate";
import { impersonate } from "./authn/impersonation";
import type { UserInfo } from "./authn/user";
import { requireAuthorized } from "./authz/authorize";
import { nonResourceAttributes } from "./authz/request-attributes";
import { admitUser, classifyRequest, onResponseEnd, type RequestClass } from "./limits";
import { AUDIT_ID_HEADER, auditEnabled, auditEvent, auditIdFor, logAuditEvent } from "./audit";
import { ensureBootstrapped } from "./bootstrap";
import { pokeNodePoolOnce } from "./kubelet/agent/bootstrap";
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
import { adminRoutes } from "./authn/admin-routes";
import { controllerAdminRoutes } from "./controllers/framework/admin-routes";
import { kubeletAdminRoutes } from "./kubelet/agent/admin-routes";
import { registryRoutes } from "./registry";
import { edgeMiddleware } from "./edge";
import { VERSION_INFO } from "./version";

export type AppEnv = { Bindings: Env; Variables: { user: UserInfo; authenticated: UserInfo; requestClass: RequestClass } };

const HEALTH = ["/livez", "/readyz", "/healthz"];

export function createApp(registry: Registry) {
  const app = new Hono<AppEnv>();

  // LoadBalancer, NodePort and Ingress hosts (worker/edge): Service traffic, never the API.
  app.use("*", edgeMiddleware(registry));

  // Audit (worker/audit.ts): the Audit-Id header on every response, one event per request once it is answered.
  app.use("*", async (c, next) => {
    const request = c.req.raw;
    const received = Date.now();
    const auditID = auditIdFor(request);
    const requestClass = classifyRequest(request.method, new URL(request.url));
    c.set("requestClass", requestClass);
    await next();
    setResponseHeader(c, AUDIT_ID_HEADER, auditID);
    if (!auditEnabled(c.env)) return;
    const facts = { auditID, request, requestClass, authenticated: c.get("authenticated"), user: c.get("user"), code: c.res.status, error: c.error, received };
    if (!requestClass.longRunning) return logAuditEvent(auditEvent({ ...facts, stage: "ResponseComplete", now: Date.now() }));
    logAuditEvent(auditEvent({ ...facts, stage: "ResponseStarted", now: Date.now() }));
    c.res = onResponseEnd(c.res, () => logAuditEvent(auditEvent({ ...facts, stage: "ResponseComplete", now: Date.now() })));
  });

  // The OCI registry at /v2/ (worker/registry): audited above, but authenticated and authorized by itself,
  // since registry clients need its 401 challenge and error format, not a metav1.Status.
  registryRoutes(app, registry);

  app.use("*", async (c, next) => {
    const request = c.req.raw;
    const authenticated = await authenticate(request, c.env);
    c.set("authenticated", authenticated);
    const user = await impersonate(request, authenticated, c.env);
    // Upstream deletes the credential headers here so no handler can pass them on. Copying the request costs
    // ~10% of throughput on Workers (the body stream is re-wrapped), and no handler forwards a request: the
    // proxy subresources must build their outbound requests with withoutCredentialHeaders().
    c.set("user", user);
    const requestClass = c.get("requestClass");
    // Per-user in-flight and watch limits (worker/limits): after impersonation, before authorization, as APF.
    const lease = admitUser(c.env, user, requestClass);
    try {
      await ensureBootstrapped(c.env, registry);
      await pokeNodePoolOnce(c.env);
      // Resource requests are authorized once their route is resolved (handlers/resource.ts).
      if (!requestClass.resource) await requireAuthorized(c.env, nonResourceAttributes(user, request.method, requestClass.path));
      await next();
    } catch (e) {
      lease?.release();
      throw e;
    }
    // A watch holds its slot until its stream ends; anything else gives it back now.
    if (lease && requestClass.longRunning) c.res = lease.releaseAtEnd(c.res);
    else lease?.release();
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
  adminRoutes(app);
  controllerAdminRoutes(app);
  kubeletAdminRoutes(app);
  app.all("/api/*", (c) => handleResource(c.req.raw, c.env, registry, c.get("user"), waitUntilOf(c)));
  app.all("/apis/*", (c) => handleResource(c.req.raw, c.env, registry, c.get("user"), waitUntilOf(c)));

  app.notFound(() => statusResponse(pathNotFound()));
  app.onError((err) => {
    if (err instanceof ApiError) return statusResponse(err);
    console.error("internal error", err);
    return statusResponse(new ApiError(500, "InternalError", "Internal error occurred: an unexpected error occurred"));
  });
  return app;
}

/** The invocation's waitUntil, or undefined without an execution context (Hono's getter throws then). */
function waitUntilOf(c: Context<AppEnv>): ((p: Promise<unknown>) => void) | undefined {
  try {
    const ec = c.executionCtx;
    return ec.waitUntil.bind(ec);
  } catch {
    return undefined;
  }
}

/** Sets a header on the response in place, or on a copy when its headers are immutable (a fetched response). */
function setResponseHeader(c: Context<AppEnv>, name: string, value: string): void {
  try {
    c.res.headers.set(name, value);
  } catch {
    c.res = new Response(c.res.body, c.res);
    c.res.headers.set(name, value);
  }
}

export function statusResponse(err: ApiError): Response {
  const headers = new Headers({ "Content-Type": "application/json" });
  for (const [k, v] of Object.entries(err.headers ?? {})) headers.set(k, v);
  return new Response(JSON.stringify(err.toStatus()), { status: err.code, headers });
}
