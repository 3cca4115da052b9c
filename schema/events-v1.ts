/**
 * events.k8s.io/v1 (k8s.io/api/events/v1): Event. Upstream serves it from the same storage as core/v1 Event
 * (pkg/registry/core/event): the same `ev` short name, no generation or status; field selectors are the
 * events.k8s.io names of the core event's selectable fields (pkg/apis/events/v1 conversion). Validation follows
 * pkg/apis/core/validation/events.go ValidateEventCreate / ValidateEventUpdate for requests to events.k8s.io/v1
 * (error paths use the core field names there, as upstream's do).
 */
import { z } from "zod";
import { ObjectReferenceSchema } from "./core-v1/common";
import { EventSourceSchema } from "./core-v1/event";
import { int32, microTime, obj, opt, str, time, topLevel } from "./meta";
import type { FieldError, GroupVersionDef, KindDef, KubeObject } from "./types";
import { eventFieldToCore, eventFromCore, eventToCore } from "./events-conversion";
import { invalid, required } from "./validation/field-errors";
import { semanticEqual, validateImmutableField } from "./validation/generic";
import { isDNS1123Subdomain, isQualifiedName } from "./validation/names";
import { validateObjectMeta, validateObjectMetaUpdate } from "./validation/object-meta";

export const EventSeriesSchema = obj({
  count: opt(int32).describe("number of occurrences in this series up to the last heartbeat time"),
  lastObservedTime: opt(microTime),
}).meta({ id: "io.k8s.api.events.v1.EventSeries", required: ["count", "lastObservedTime"] });

export const EventSchema = topLevel("io.k8s.api.events.v1.Event", {
  eventTime: opt(microTime).describe("when this Event was first observed. Required."),
  series: opt(EventSeriesSchema),
  reportingController: opt(str).describe("the controller that emitted this Event, e.g. `kubernetes.io/kubelet`"),
  reportingInstance: opt(str).describe("the ID of the controller instance, e.g. `kubelet-xyzf`"),
  action: opt(str).describe("what action was taken/failed regarding the regarding object"),
  reason: opt(str).describe("why the action was taken"),
  regarding: opt(ObjectReferenceSchema).describe("the object this Event is about"),
  related: opt(ObjectReferenceSchema),
  note: opt(str).describe("a human-readable description of the status of this operation"),
  type: opt(str).describe("Normal or Warning"),
  deprecatedSource: opt(EventSourceSchema),
  deprecatedFirstTimestamp: opt(time),
  deprecatedLastTimestamp: opt(time),
  deprecatedCount: opt(int32),
})
  .describe("Event is a report of an event somewhere in the cluster.");

export type Event = z.infer<typeof EventSchema>;

const LIMITS = { reportingInstance: 128, action: 128, reason: 128, note: 1024 };

/** legacyValidateEvent for an event with eventTime set, plus the namespace check. */
function validateLegacy(ev: KubeObject): FieldError[] {
  const errs: FieldError[] = [];
  const namespace: string = ev.metadata?.namespace ?? "";
  const involvedNamespace: string = ev.regarding?.namespace ?? "";
  if (!ev.eventTime) {
    if (involvedNamespace ? namespace !== involvedNamespace : namespace !== "" && namespace !== "default") {
      errs.push(invalid("involvedObject.namespace", involvedNamespace, "does not match event.namespace"));
    }
  } else {
    if (!involvedNamespace && namespace !== "default" && namespace !== "kube-system") {
      errs.push(invalid("involvedObject.namespace", involvedNamespace, "does not match event.namespace"));
    }
    const controller: string = ev.reportingController ?? "";
    if (!controller) errs.push(required("reportingController"));
    for (const m of isQualifiedName(controller)) errs.push(invalid("reportingController", controller, m));
    for (const [f, path] of [
      ["reportingInstance", "reportingInstance"],
      ["action", "action"],
      ["reason", "reason"],
    ] as const) {
      const v: string = ev[f] ?? "";
      if (!v) errs.push(required(path));
      if (v.length > LIMITS[f]) errs.push(invalid(path, "", `can have at most ${LIMITS[f]} characters`));
    }
    if (String(ev.note ?? "").length > LIMITS.note) errs.push(invalid("message", "", `can have at most ${LIMITS.note} characters`));
  }
  for (const m of isDNS1123Subdomain(namespace)) errs.push(invalid("namespace", namespace, m));
  return errs;
}

/** validateV1EventSeries. */
function validateSeries(ev: KubeObject): FieldError[] {
  if (!ev.series) return [];
  const errs: FieldError[] = [];
  if ((ev.series.count ?? 0) < 2) errs.push(invalid("series.count", "", "should be at least 2"));
  if (!ev.series.lastObservedTime) errs.push(required("series.lastObservedTime"));
  return errs;
}

/** ValidateEventCreate for events.k8s.io/v1 (strict: new-style fields required, deprecated ones unset). */
export function validateEventCreate(ev: KubeObject): FieldError[] {
  const errs = validateLegacy(ev);
  errs.push(...validateObjectMeta(ev.metadata, { namespaced: true }));
  errs.push(...validateSeries(ev));
  if (!ev.eventTime) errs.push(required("eventTime"));
  if (ev.type !== "Normal" && ev.type !== "Warning") errs.push(invalid("type", "", `has invalid value: ${ev.type ?? ""}`));
  if (ev.deprecatedFirstTimestamp) errs.push(invalid("deprecatedFirstTimestamp", "", "needs to be unset"));
  if (ev.deprecatedLastTimestamp) errs.push(invalid("deprecatedLastTimestamp", "", "needs to be unset"));
  if (ev.deprecatedCount) errs.push(invalid("deprecatedCount", "", "needs to be unset"));
  if (ev.deprecatedSource?.component || ev.deprecatedSource?.host) errs.push(invalid("deprecatedSource", "", "needs to be unset"));
  return errs;
}

/** ValidateEventUpdate for events.k8s.io/v1: everything but series and metadata is immutable. */
export function validateEventUpdate(ev: KubeObject, old: KubeObject): FieldError[] {
  const errs = validateLegacy(ev);
  errs.push(...validateObjectMetaUpdate(ev.metadata, old.metadata));
  if (!semanticEqual(ev.series, old.series)) errs.push(...validateSeries(ev));
  const fields: [string, string][] = [
    ["regarding", "involvedObject"],
    ["reason", "reason"],
    ["note", "message"],
    ["deprecatedSource", "source"],
    ["deprecatedFirstTimestamp", "firstTimestamp"],
    ["deprecatedLastTimestamp", "lastTimestamp"],
    ["deprecatedCount", "count"],
    ["action", "action"],
    ["related", "related"],
    ["reportingController", "reportingController"],
    ["type", "type"],
    ["eventTime", "eventTime"],
    ["reportingInstance", "reportingInstance"],
  ];
  for (const [f, path] of fields) errs.push(...validateImmutableField(ev[f], old[f], path));
  return errs;
}

const eventDef: KindDef = {
  kind: "Event",
  resource: "events",
  singular: "event",
  namespaced: true,
  shortNames: ["ev"],
  schema: EventSchema,
  fieldSelectors: [
    "reason",
    "regarding.kind",
    "regarding.namespace",
    "regarding.name",
    "regarding.uid",
    "regarding.apiVersion",
    "regarding.resourceVersion",
    "regarding.fieldPath",
    "reportingController",
    "type",
  ],
  validate: (o, old) => (old ? validateEventUpdate(o, old) : validateEventCreate(o)),
  storage: { group: "", resource: "events", toStorage: eventToCore, fromStorage: eventFromCore, fieldToStorage: eventFieldToCore },
};

export const eventsV1: GroupVersionDef = { group: "events.k8s.io", version: "v1", kinds: [eventDef] };
