/**
 * OpenAPI parameter objects of the Kubernetes REST operations (the query parameters of metav1.ListOptions,
 * CreateOptions, UpdateOptions, PatchOptions and DeleteOptions), shaped like upstream's generated
 * `/openapi/v3` documents: inline objects with `schema: {type, uniqueItems: true}`.
 *
 * kubectl's cli-runtime query_param_verifier_v3 looks for `fieldValidation` among a PATCH operation's
 * parameters to decide whether server-side field validation is available (KUBECTL.md §3.2).
 */

export interface Parameter {
  name: string;
  in: "path" | "query";
  description: string;
  required?: true;
  schema: { type: "string" | "integer" | "boolean"; uniqueItems: true };
}

const query = (name: string, type: Parameter["schema"]["type"], description: string): Parameter => ({
  name,
  in: "query",
  description,
  schema: { type, uniqueItems: true },
});

const path = (name: string, description: string): Parameter => ({
  name,
  in: "path",
  description,
  required: true,
  schema: { type: "string", uniqueItems: true },
});

export const nameParam = (kind: string) => path("name", `name of the ${kind}`);
export const NAMESPACE = path("namespace", "object name and auth scope, such as for teams and projects");

export const PRETTY = query("pretty", "string", "If 'true', the output is pretty printed.");
export const DRY_RUN = query(
  "dryRun",
  "string",
  "When present, modifications are not persisted. Valid values are: - All: all dry run stages are processed.",
);
export const FIELD_MANAGER = query(
  "fieldManager",
  "string",
  "A name for the actor making these changes (at most 128 printable characters). Required for apply " +
    "requests (application/apply-patch), optional otherwise.",
);
export const FIELD_VALIDATION = query(
  "fieldValidation",
  "string",
  "How the server treats unknown or duplicate fields in the request object: Ignore (drop them silently), " +
    "Warn (drop them with a Warning header each; the default) or Strict (fail with BadRequest listing them).",
);
export const FORCE = query(
  "force",
  "boolean",
  "Force an apply request: take ownership of fields that conflict with other managers. Must be unset for " +
    "non-apply patches.",
);

const GRACE_PERIOD = query(
  "gracePeriodSeconds",
  "integer",
  "Seconds before the object is deleted; zero deletes immediately. Unset uses the kind's default.",
);
const ORPHAN = query(
  "orphanDependents",
  "boolean",
  "Deprecated: use propagationPolicy. Whether dependents are orphaned (the \"orphan\" finalizer).",
);
const PROPAGATION = query(
  "propagationPolicy",
  "string",
  "Garbage collection of dependents: Orphan, Background or Foreground.",
);

const ALLOW_BOOKMARKS = query(
  "allowWatchBookmarks",
  "boolean",
  "Ask for BOOKMARK watch events. Servers may ignore it; ignored for non-watch requests.",
);
const CONTINUE = query("continue", "string", "The continue token of the previous page of a paged list.");
const FIELD_SELECTOR = query("fieldSelector", "string", "Restrict the returned objects by their fields. Defaults to everything.");
const LABEL_SELECTOR = query("labelSelector", "string", "Restrict the returned objects by their labels. Defaults to everything.");
const LIMIT = query("limit", "integer", "Maximum number of items in one page of a list; `continue` fetches the next page.");
const RESOURCE_VERSION = query(
  "resourceVersion",
  "string",
  "Constrains which resource versions a request may be served from. Defaults to the most recent.",
);
const RESOURCE_VERSION_MATCH = query(
  "resourceVersionMatch",
  "string",
  "How resourceVersion applies to a list: Exact or NotOlderThan.",
);
const SEND_INITIAL_EVENTS = query(
  "sendInitialEvents",
  "boolean",
  "With watch=true and resourceVersionMatch=NotOlderThan: begin the stream with the current objects, " +
    "then a BOOKMARK annotated k8s.io/initial-events-end.",
);
const TIMEOUT = query("timeoutSeconds", "integer", "Timeout of the list or watch call, regardless of activity.");
const WATCH = query("watch", "boolean", "Watch for changes and stream add, update and remove notifications.");

/** Query parameters of a collection GET (list and watch), upstream's alphabetical order. */
export const LIST_PARAMS: Parameter[] = [
  ALLOW_BOOKMARKS,
  CONTINUE,
  FIELD_SELECTOR,
  LABEL_SELECTOR,
  LIMIT,
  RESOURCE_VERSION,
  RESOURCE_VERSION_MATCH,
  SEND_INITIAL_EVENTS,
  TIMEOUT,
  WATCH,
];

/** POST and PUT. */
export const WRITE_PARAMS: Parameter[] = [DRY_RUN, FIELD_MANAGER, FIELD_VALIDATION];
/** PATCH: as PUT, plus `force` for apply. */
export const PATCH_PARAMS: Parameter[] = [DRY_RUN, FIELD_MANAGER, FIELD_VALIDATION, FORCE];
/** DELETE of one object. */
export const DELETE_PARAMS: Parameter[] = [DRY_RUN, GRACE_PERIOD, ORPHAN, PROPAGATION];
/** DELETE of a collection: delete options plus the list selectors. */
export const DELETE_COLLECTION_PARAMS: Parameter[] = [
  CONTINUE,
  DRY_RUN,
  FIELD_SELECTOR,
  GRACE_PERIOD,
  LABEL_SELECTOR,
  LIMIT,
  ORPHAN,
  PROPAGATION,
  RESOURCE_VERSION,
  RESOURCE_VERSION_MATCH,
  SEND_INITIAL_EVENTS,
  TIMEOUT,
];
