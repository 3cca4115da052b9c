/**
 * Event (core/v1, the legacy events API kubectl describe and kubectl events read): schema, KindDef with
 * upstream's field selectors, and legacyValidateEvent's rules.
 */
import { z } from "zod";
import { int32, microTime, opt, str, time, topLevel } from "../meta";
import type { FieldError, KindDef, KubeObject } from "../types";
import { invalid, required } from "../validation/field-errors";
import { isDNS1123Subdomain, isQualifiedName } from "../validation/names";
import { validateObjectMeta, validateObjectMetaUpdate } from "../validation/object-meta";
import { def, ObjectReferenceSchema } from "./common";

type Obj = KubeObject;

export const EventSourceSchema = def("EventSource", { component: opt(str), host: opt(str) });
export const EventSeriesSchema = def("EventSeries", { count: opt(int32), lastObservedTime: opt(microTime) });

export const EventSchema = topLevel("io.k8s.api.core.v1.Event", {
  action: opt(str),
  count: opt(int32).describe("How many times this event has occurred."),
  eventTime: opt(microTime),
  firstTimestamp: opt(time),
  involvedObject: opt(ObjectReferenceSchema).describe("The object this event is about."),
  lastTimestamp: opt(time),
  message: opt(str).describe("Human-readable description."),
  reason: opt(str).describe("Short, machine-understandable reason (e.g. Scheduled, Pulled)."),
  related: opt(ObjectReferenceSchema),
  reportingComponent: opt(str),
  reportingInstance: opt(str),
  series: opt(EventSeriesSchema),
  source: opt(EventSourceSchema),
  type: opt(str).describe("Normal or Warning."),
});

const LIMIT = { reportingInstance: 128, action: 128, reason: 128, message: 1024 };
const tooMany = (f: keyof typeof LIMIT) => invalid(f, "", `can have at most ${LIMIT[f]} characters`);

/**
 * legacyValidateEvent (v1): an event's involvedObject.namespace must match its own; events with eventTime set
 * ("new" events) also need reportingComponent, reportingInstance, action and reason within length limits.
 */
export function validateEvent(ev: Obj): FieldError[] {
  const errs = validateObjectMeta(ev.metadata, { namespaced: true });
  const ns: string = ev.metadata?.namespace ?? "";
  const involvedNs: string = ev.involvedObject?.namespace ?? "";
  if (!ev.eventTime) {
    const mismatch = involvedNs ? ns !== involvedNs : ns !== "" && ns !== "default";
    if (mismatch) errs.push(invalid("involvedObject.namespace", involvedNs, "does not match event.namespace"));
  } else {
    if (!involvedNs && ns !== "default" && ns !== "kube-system") {
      errs.push(invalid("involvedObject.namespace", involvedNs, "does not match event.namespace"));
    }
    const rc: string = ev.reportingComponent ?? "";
    if (!rc) errs.push(required("reportingComponent"));
    errs.push(...isQualifiedName(rc).map((m) => invalid("reportingComponent", rc, m)));
    if (!ev.reportingInstance) errs.push(required("reportingInstance"));
    if (String(ev.reportingInstance ?? "").length > LIMIT.reportingInstance) errs.push(tooMany("reportingInstance"));
    if (!ev.action) errs.push(required("action"));
    if (String(ev.action ?? "").length > LIMIT.action) errs.push(tooMany("action"));
    if (!ev.reason) errs.push(required("reason"));
    if (String(ev.reason ?? "").length > LIMIT.reason) errs.push(tooMany("reason"));
    if (String(ev.message ?? "").length > LIMIT.message) errs.push(tooMany("message"));
  }
  if (ns) errs.push(...isDNS1123Subdomain(ns).map((m) => invalid("namespace", ns, m)));
  return errs;
}

export const eventKind: KindDef = {
  kind: "Event",
  resource: "events",
  singular: "event",
  namespaced: true,
  shortNames: ["ev"],
  schema: EventSchema,
  fieldSelectors: [
    "involvedObject.kind",
    "involvedObject.namespace",
    "involvedObject.name",
    "involvedObject.uid",
    "involvedObject.apiVersion",
    "involvedObject.resourceVersion",
    "involvedObject.fieldPath",
    "reason",
    "reportingComponent",
    "source",
    "type",
  ],
  validate: (obj, old) =>
    old
      ? [...validateObjectMetaUpdate(obj.metadata, old.metadata), ...validateEvent(obj).filter((e) => !e.field.startsWith("metadata."))]
      : validateEvent(obj),
};

export type Event = z.infer<typeof EventSchema>;
