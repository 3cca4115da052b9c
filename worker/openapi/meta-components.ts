/**
 * The meta/v1 and runtime components every group-version document references from its operations
 * (Status, DeleteOptions, Patch, WatchEvent, APIResourceList) and a fallback autoscaling/v1 Scale, as
 * static JSON Schema with upstream's definition names and field names (k8s.io/apimachinery/pkg/apis/meta/v1
 * types.go). A zod schema with the same id passed to the document builder replaces the fallback.
 */
import type { JsonSchema } from "./json-schema";

const META = "io.k8s.apimachinery.pkg.apis.meta.v1";
const ref = (id: string) => ({ $ref: `#/components/schemas/${id}` });
const str = (description: string) => ({ type: "string", description });
const described = (id: string, description: string) => ({ allOf: [ref(id)], description });
const TYPE_META = {
  apiVersion: str("The versioned schema of this representation of an object."),
  kind: str("The REST resource this object represents, in CamelCase."),
};

export const STATUS_ID = `${META}.Status`;
export const DELETE_OPTIONS_ID = `${META}.DeleteOptions`;
export const PATCH_ID = `${META}.Patch`;
export const WATCH_EVENT_ID = `${META}.WatchEvent`;
export const API_RESOURCE_LIST_ID = `${META}.APIResourceList`;
export const LIST_META_ID = `${META}.ListMeta`;
export const SCALE_ID = "io.k8s.api.autoscaling.v1.Scale";

export interface Gvk {
  group: string;
  version: string;
  kind: string;
}

/** Components for `gv`'s document; `DeleteOptions` and `WatchEvent` list the document's own group-version too. */
export function metaComponents(gv: { group: string; version: string }): Record<string, JsonSchema> {
  const inGv = (kind: string): Gvk[] =>
    gv.group === ""
      ? [{ group: "", version: "v1", kind }]
      : [{ group: "", version: "v1", kind }, { group: gv.group, version: gv.version, kind }];
  return {
    [STATUS_ID]: {
      type: "object",
      description: "The result of an operation that returns no object (errors, deletions).",
      properties: {
        ...TYPE_META,
        code: { type: "integer", format: "int32", description: "The suggested HTTP return code, 0 if not set." },
        details: described(`${META}.StatusDetails`, "Extended data associated with the reason."),
        message: str("A human-readable description of the status."),
        metadata: described(LIST_META_ID, "Standard list metadata."),
        reason: str("A machine-readable description of why the operation is in the Failure status."),
        status: str('"Success" or "Failure".'),
      },
      "x-kubernetes-group-version-kind": [{ group: "", version: "v1", kind: "Status" }],
    },
    [`${META}.StatusDetails`]: {
      type: "object",
      description: "Additional properties a server may set on a Status.",
      properties: {
        causes: { type: "array", items: ref(`${META}.StatusCause`), description: "Details of the individual failures." },
        group: str("The group of the resource the status is about."),
        kind: str("The kind (or resource) the status is about."),
        name: str("The name of the object the status is about."),
        retryAfterSeconds: { type: "integer", format: "int32", description: "Seconds to wait before retrying." },
        uid: str("The UID of the object the status is about."),
      },
    },
    [`${META}.StatusCause`]: {
      type: "object",
      description: "One cause of a failed operation.",
      properties: {
        field: str("The field that caused the error, as a JSON-ish path (`spec.containers[0].name`)."),
        message: str("A human-readable description of the cause."),
        reason: str("A machine-readable description of the cause."),
      },
    },
    [DELETE_OPTIONS_ID]: {
      type: "object",
      description: "Options of a delete request.",
      properties: {
        ...TYPE_META,
        dryRun: { type: "array", items: { type: "string" }, description: "When present (All), nothing is persisted." },
        gracePeriodSeconds: { type: "integer", format: "int64", description: "Seconds before the object is deleted." },
        orphanDependents: { type: "boolean", description: "Deprecated: use propagationPolicy." },
        preconditions: described(`${META}.Preconditions`, "Must be fulfilled before the deletion is carried out."),
        propagationPolicy: str("Orphan, Background or Foreground."),
      },
      "x-kubernetes-group-version-kind": inGv("DeleteOptions"),
    },
    [`${META}.Preconditions`]: {
      type: "object",
      description: "Preconditions of an operation.",
      properties: { resourceVersion: str("The target resourceVersion."), uid: str("The target UID.") },
    },
    [PATCH_ID]: {
      type: "object",
      description: "The body of a PATCH request; its media type says how it applies.",
    },
    [WATCH_EVENT_ID]: {
      type: "object",
      description: "One event of a watch stream.",
      properties: {
        object: described("io.k8s.apimachinery.pkg.runtime.RawExtension", "The object (ADDED, MODIFIED, DELETED, BOOKMARK) or a Status (ERROR)."),
        type: { type: "string" },
      },
      required: ["type", "object"],
      "x-kubernetes-group-version-kind": inGv("WatchEvent"),
    },
    "io.k8s.apimachinery.pkg.runtime.RawExtension": { type: "object", description: "An embedded object." },
    [API_RESOURCE_LIST_ID]: {
      type: "object",
      description: "The resources served in one group-version.",
      properties: {
        ...TYPE_META,
        groupVersion: str("The group/version of these resources."),
        resources: { type: "array", items: ref(`${META}.APIResource`), description: "The resources." },
      },
      required: ["groupVersion", "resources"],
      "x-kubernetes-group-version-kind": [{ group: "", version: "v1", kind: "APIResourceList" }],
    },
    [`${META}.APIResource`]: {
      type: "object",
      description: "One served resource.",
      properties: {
        categories: { type: "array", items: { type: "string" } },
        group: str("The preferred group of the resource."),
        kind: str("The kind of the resource."),
        name: str("The plural name of the resource."),
        namespaced: { type: "boolean" },
        shortNames: { type: "array", items: { type: "string" } },
        singularName: str("The singular name of the resource."),
        verbs: { type: "array", items: { type: "string" } },
        version: str("The preferred version of the resource."),
      },
      required: ["name", "singularName", "namespaced", "kind", "verbs"],
    },
  };
}

/** autoscaling/v1 Scale, used when the caller passes no Scale schema. */
export const FALLBACK_SCALE_COMPONENTS: Record<string, JsonSchema> = {
  [SCALE_ID]: {
    type: "object",
    description: "Scale represents a scaling request for a resource.",
    properties: {
      ...TYPE_META,
      metadata: described(`${META}.ObjectMeta`, "Standard object metadata."),
      spec: described("io.k8s.api.autoscaling.v1.ScaleSpec", "The desired scale."),
      status: described("io.k8s.api.autoscaling.v1.ScaleStatus", "The observed scale; read-only."),
    },
  },
  "io.k8s.api.autoscaling.v1.ScaleSpec": {
    type: "object",
    properties: { replicas: { type: "integer", format: "int32", description: "Desired number of instances." } },
  },
  "io.k8s.api.autoscaling.v1.ScaleStatus": {
    type: "object",
    properties: {
      replicas: { type: "integer", format: "int32", description: "Observed number of instances." },
      selector: str("The label query over the scaled pods, as a string."),
    },
    required: ["replicas"],
  },
};
