/**
 * The built-in OCI distribution registry at `/v2/` (README.md). Mounted on the API server's app before the
 * Kubernetes authentication middleware, because the registry protocol answers with its own challenge (401 +
 * `WWW-Authenticate`) and error format where the API answers a metav1.Status; it still runs behind the app's
 * audit middleware, and sets the `authenticated` / `user` identities that middleware logs. Per request:
 * authentication → impersonation → per-user in-flight limit → bootstrap → RBAC on the path → route.
 */
import type { Hono } from "hono";
import type { Registry } from "../../schema/registry-core";
import type { AppEnv } from "../app";
import { impersonate } from "../authn/impersonation";
import { ensureBootstrapped } from "../bootstrap";
import { ApiError } from "../errors";
import { admitUser, type Lease } from "../limits";
import { authenticateRegistry, requireAllowed } from "./auth";
import { deleteBlob, getBlob } from "./blob-handlers";
import type { RegistryRequest } from "./context";
import { denied, errorResponse, nameInvalid, pathUnknown, registryJson, RegistryError, tooManyRequests, unauthorized, unknownError, unsupported } from "./errors";
import { listCatalog, listTags } from "./list-handlers";
import { deleteManifestHandler, getManifest, putManifestHandler } from "./manifest-handlers";
import { isRepositoryName } from "./names";
import { parseRegistryPath } from "./routes";
import { deleteUploadSession, getUpload, patchUpload, postUpload, putUpload } from "./upload-handlers";

/** Serves `/v2` and everything under it. Call between the app's audit and authentication middleware. */
export function registryRoutes(app: Hono<AppEnv>, registry: Registry): void {
  const serve = async (c: import("hono").Context<AppEnv>) => {
    const request = c.req.raw;
    let lease: Lease | undefined;
    try {
      const authenticated = await authenticateRegistry(request, c.env);
      c.set("authenticated", authenticated);
      const user = await impersonate(request, authenticated, c.env);
      c.set("user", user);
      lease = admitUser(c.env, user, c.get("requestClass"));
      await ensureBootstrapped(c.env, registry);
      const url = new URL(request.url);
      await requireAllowed(c.env, user, request.method, url.pathname);
      return await dispatch({ request, url, env: c.env, bucket: c.env.IMAGES, user });
    } catch (e) {
      return errorResponse(asRegistryError(e));
    } finally {
      lease?.release();
    }
  };
  app.all("/v2", serve);
  app.all("/v2/*", serve);
}

/** The handler of a request's route and method; 404 for no route, 405 UNSUPPORTED for another method. */
async function dispatch(r: RegistryRequest): Promise<Response> {
  const route = parseRegistryPath(r.url.pathname);
  if (!route) throw pathUnknown();
  if ("name" in route && !isRepositoryName(route.name)) throw nameInvalid(route.name);
  const m = r.request.method;
  const read = m === "GET" || m === "HEAD";
  switch (route.kind) {
    case "base":
      if (read) return registryJson({});
      break;
    case "catalog":
      if (m === "GET") return listCatalog(r);
      break;
    case "tags":
      if (m === "GET") return listTags(r, route.name);
      break;
    case "manifest":
      if (read) return getManifest(r, route.name, route.reference);
      if (m === "PUT") return putManifestHandler(r, route.name, route.reference);
      if (m === "DELETE") return deleteManifestHandler(r, route.name, route.reference);
      break;
    case "blob":
      if (read) return getBlob(r, route.name, route.digest);
      if (m === "DELETE") return deleteBlob(r, route.name, route.digest);
      break;
    case "uploads":
      if (m === "POST") return postUpload(r, route.name);
      break;
    case "upload":
      if (m === "GET") return getUpload(r, route.name, route.id);
      if (m === "PATCH") return patchUpload(r, route.name, route.id);
      if (m === "PUT") return putUpload(r, route.name, route.id);
      if (m === "DELETE") return deleteUploadSession(r, route.name, route.id);
      break;
  }
  throw unsupported(`${m} is not supported here`);
}

/** Errors of the shared chain (impersonation, limits) in the registry's format; anything unexpected → 500. */
function asRegistryError(e: unknown): RegistryError {
  if (e instanceof RegistryError) return e;
  if (e instanceof ApiError) {
    if (e.code === 401) return unauthorized(e.message);
    if (e.code === 403) return denied(e.message);
    if (e.code === 429) return tooManyRequests();
  }
  console.error("registry: internal error", e);
  return unknownError();
}
