/**
 * OpenAPI operation objects for the Kubernetes REST verbs, shaped like upstream's generated documents:
 * each carries `x-kubernetes-action` (get, list, post, put, patch, delete, deletecollection, watch,
 * watchlist — upstream's spelling, where create is "post" and update is "put") and
 * `x-kubernetes-group-version-kind` (one object; the components carry a list).
 */
import { API_RESOURCE_LIST_ID, DELETE_OPTIONS_ID, PATCH_ID, STATUS_ID, WATCH_EVENT_ID, type Gvk } from "./meta-components";
import {
  DELETE_COLLECTION_PARAMS,
  DELETE_PARAMS,
  LIST_PARAMS,
  PATCH_PARAMS,
  WRITE_PARAMS,
  type Parameter,
} from "./parameters";
import type { JsonSchema } from "./json-schema";

export type Action = "get" | "list" | "post" | "put" | "patch" | "delete" | "deletecollection" | "watch" | "watchlist";

export interface Operation {
  description: string;
  operationId: string;
  tags: string[];
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema: JsonSchema }> };
  responses: Record<string, { description: string; content?: Record<string, { schema: JsonSchema }> }>;
  /** Absent only on the group-version's `getAPIResources`, as upstream. */
  "x-kubernetes-action"?: Action;
  "x-kubernetes-group-version-kind"?: Gvk;
}

export type HttpMethod = "get" | "put" | "post" | "patch" | "delete";

/** The media types a server accepts as a PATCH body (what kubectl sends for each patch type). */
export const PATCH_MEDIA_TYPES = [
  "application/apply-patch+yaml",
  "application/json-patch+json",
  "application/merge-patch+json",
  "application/strategic-merge-patch+json",
] as const;

const ref = (id: string) => ({ $ref: `#/components/schemas/${id}` });
const json = (id: string) => ({ "application/json": { schema: ref(id) } });
const stream = (id: string) => ({ "application/json": { schema: ref(id) }, "application/json;stream=watch": { schema: ref(id) } });
const UNAUTHORIZED = { description: "Unauthorized" };

/** What every operation of one kind (or subresource) shares. */
export interface OperationTarget {
  /** operationId after the verb, e.g. `AppsV1NamespacedDeployment`, `AppsV1NamespacedDeploymentScale`. */
  idSuffix: string;
  tag: string;
  gvk: Gvk;
  /** Component id of the request/response body (the kind, or Scale). */
  bodyId: string;
}

function op(t: OperationTarget, verb: string, action: Action, description: string, rest: Partial<Operation>): Operation {
  return {
    description,
    operationId: `${verb}${t.idSuffix}`,
    tags: [t.tag],
    ...rest,
    responses: rest.responses ?? {},
    "x-kubernetes-action": action,
    "x-kubernetes-group-version-kind": t.gvk,
  };
}

/** GET `<prefix>/`: the group-version's APIResourceList (discovery). */
export const apiResourcesOp = (opGroupVersion: string, tag: string): Operation => ({
  description: "get available resources",
  operationId: `get${opGroupVersion}APIResources`,
  tags: [tag],
  responses: { "200": { description: "OK", content: json(API_RESOURCE_LIST_ID) }, "401": UNAUTHORIZED },
});

/** `what` completes the description: "the specified Deployment", "status of the specified Deployment". */
export const readOp = (t: OperationTarget, what: string): Operation =>
  op(t, "read", "get", `read ${what}`, { responses: { "200": { description: "OK", content: json(t.bodyId) }, "401": UNAUTHORIZED } });

export const replaceOp = (t: OperationTarget, what: string): Operation =>
  op(t, "replace", "put", `replace ${what}`, {
    parameters: WRITE_PARAMS,
    requestBody: { content: json(t.bodyId) },
    responses: {
      "200": { description: "OK", content: json(t.bodyId) },
      "201": { description: "Created", content: json(t.bodyId) },
      "401": UNAUTHORIZED,
    },
  });

export const patchOp = (t: OperationTarget, what: string): Operation =>
  op(t, "patch", "patch", `partially update ${what}`, {
    parameters: PATCH_PARAMS,
    requestBody: { content: Object.fromEntries(PATCH_MEDIA_TYPES.map((m) => [m, { schema: ref(PATCH_ID) }])) },
    responses: {
      "200": { description: "OK", content: json(t.bodyId) },
      "201": { description: "Created", content: json(t.bodyId) },
      "401": UNAUTHORIZED,
    },
  });

export const createOp = (t: OperationTarget, what: string): Operation =>
  op(t, "create", "post", `create${what}`, {
    parameters: WRITE_PARAMS,
    requestBody: { content: json(t.bodyId) },
    responses: {
      "200": { description: "OK", content: json(t.bodyId) },
      "201": { description: "Created", content: json(t.bodyId) },
      "202": { description: "Accepted", content: json(t.bodyId) },
      "401": UNAUTHORIZED,
    },
  });

export const deleteOp = (t: OperationTarget, what: string): Operation =>
  op(t, "delete", "delete", `delete${what}`, {
    parameters: DELETE_PARAMS,
    requestBody: { content: json(DELETE_OPTIONS_ID) },
    responses: {
      "200": { description: "OK", content: json(STATUS_ID) },
      "202": { description: "Accepted", content: json(STATUS_ID) },
      "401": UNAUTHORIZED,
    },
  });

/** DELETE on a collection; operationId `delete<GV>Collection<Namespaced><Kind>`, so `idSuffix` is passed whole. */
export const deleteCollectionOp = (t: OperationTarget, kind: string): Operation =>
  op(t, "delete", "deletecollection", `delete collection of ${kind}`, {
    parameters: DELETE_COLLECTION_PARAMS,
    requestBody: { content: json(DELETE_OPTIONS_ID) },
    responses: { "200": { description: "OK", content: json(STATUS_ID) }, "401": UNAUTHORIZED },
  });

/** GET on a collection. `listId` is the `<Kind>List` component. Path-level list parameters go with `withParams`. */
export const listOp = (t: OperationTarget, kind: string, listId: string, withParams: boolean): Operation =>
  op(t, "list", "list", `list or watch objects of kind ${kind}`, {
    ...(withParams ? { parameters: LIST_PARAMS } : {}),
    responses: { "200": { description: "OK", content: stream(listId) }, "401": UNAUTHORIZED },
  });

/** The deprecated `/watch/` paths: one object (`watch`) or a collection (`watchlist`). */
export const watchOp = (t: OperationTarget, kind: string, list: boolean): Operation =>
  op(
    t,
    "watch",
    list ? "watchlist" : "watch",
    list
      ? `watch individual changes to a list of ${kind}. deprecated: use the 'watch' parameter with a list operation instead.`
      : `watch changes to an object of kind ${kind}. deprecated: use the 'watch' parameter with a list operation instead, filtered to a single item with the 'fieldSelector' parameter.`,
    { responses: { "200": { description: "OK", content: stream(WATCH_EVENT_ID) }, "401": UNAUTHORIZED } },
  );
