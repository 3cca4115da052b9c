/** Dispatches a parsed resource request to its handler by verb and subresource. */
import type { Registry } from "../../schema/registry-core";
import type { UserInfo } from "../authn/user";
import type { Env } from "../env";
import { methodNotAllowed, pathNotFound } from "../errors";
import { isWatch, parseResourcePath, verbOf } from "../request-info";
import { createObject } from "./create";
import { deleteCollection, deleteObject } from "./delete";
import { patchObject } from "./patch";
import { getObject, listObjects } from "./read";
import { getScale, updateScale } from "./scale";
import { updateObject } from "./update";
import { watchObjects } from "./watch";
import type { ApiContext } from "./context";
import { handleReview, reviewDef } from "./reviews";
import { EXTRA_SUBRESOURCES, type Handler } from "./subresources";
import { requireAuthorized } from "../authz/authorize";
import { resourceAttributes } from "../authz/request-attributes";

const MAIN: Record<string, Handler> = {
  get: getObject,
  list: listObjects,
  watch: watchObjects,
  create: createObject,
  update: updateObject,
  patch: patchObject,
  delete: deleteObject,
  deletecollection: deleteCollection,
};

const STATUS: Record<string, Handler> = { get: getObject, update: updateObject, patch: patchObject };
const SCALE: Record<string, Handler> = { get: getScale, update: updateScale, patch: patchObject };

/** `waitUntil`: the invocation's, for work after the response (see ApiContext.waitUntil); none for internal calls. */
export async function handleResource(
  request: Request,
  env: Env,
  registry: Registry,
  user: UserInfo,
  waitUntil?: (p: Promise<unknown>) => void,
): Promise<Response> {
  const url = new URL(request.url);
  const req = parseResourcePath(url.pathname);
  if (!req) throw pathNotFound();
  const verb = verbOf(request.method, req, isWatch(url.searchParams));
  // Upstream authorizes before it looks the resource up: an unknown resource is 403 to those not allowed it.
  await requireAuthorized(env, resourceAttributes(user, req, verb, url.searchParams));
  const review = reviewDef(req);
  if (review) return handleReview(review, req, request, env, user);
  const entry = registry.lookup(req.group, req.version, req.resource);
  if (!entry) throw pathNotFound();
  if (req.namespace !== undefined && !entry.namespaced) throw pathNotFound();
  let table: Record<string, Handler> | undefined;
  if (req.subresource === undefined) table = MAIN;
  else if (req.subresource === "status" && entry.def.status) table = STATUS;
  else if (req.subresource === "scale" && entry.def.scale) table = SCALE;
  else table = EXTRA_SUBRESOURCES[`${entry.group}/${entry.resource}/${req.subresource}`];
  if (!table) throw pathNotFound();
  if (req.name === undefined && entry.namespaced && req.namespace === undefined && verb !== "list" && verb !== "watch") {
    throw methodNotAllowed(verb, entry.group, entry.resource);
  }
  const handler = table[verb];
  // POST is routed on collections only: a create addressed by name would be authorized by that name (RBAC
  // resourceNames) and then create whatever the body names.
  const namedCreate = verb === "create" && req.subresource === undefined && req.name !== undefined;
  if (!handler || namedCreate || (req.subresource === undefined && !entry.verbs.includes(verb))) {
    throw methodNotAllowed(verb, entry.group, entry.resource);
  }
  const ctx: ApiContext = {
    env,
    registry,
    entry,
    req,
    verb,
    query: url.searchParams,
    request,
    user,
    warnings: [],
    now: () => new Date(),
    waitUntil,
  };
  return handler(ctx);
}
