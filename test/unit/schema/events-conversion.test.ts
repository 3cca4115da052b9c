/**
 * events.k8s.io/v1 Event ⇄ core/v1 Event (kubernetes pkg/apis/events/v1/conversion.go) and the events.k8s.io
 * field selector labels (AddFieldLabelConversionsForEvent).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { eventFieldToCore, eventFromCore, eventToCore } from "../../../schema/events-conversion";

const NEW_EVENT = {
  apiVersion: "events.k8s.io/v1",
  kind: "Event",
  metadata: { name: "e1", namespace: "ns" },
  eventTime: "2024-05-01T10:00:00.000000Z",
  series: { count: 2, lastObservedTime: "2024-05-01T10:01:00.000000Z" },
  reportingController: "example.com/ctl",
  reportingInstance: "ctl-1",
  action: "Scaling",
  reason: "Scaled",
  regarding: { kind: "Deployment", namespace: "ns", name: "web", apiVersion: "apps/v1" },
  related: { kind: "ReplicaSet", name: "web-1" },
  note: "scaled up",
  type: "Normal",
  deprecatedSource: { component: "ctl", host: "h" },
  deprecatedFirstTimestamp: "2024-05-01T09:00:00Z",
  deprecatedLastTimestamp: "2024-05-01T10:00:00Z",
  deprecatedCount: 3,
};

const CORE_EVENT = {
  apiVersion: "v1",
  kind: "Event",
  metadata: { name: "e1", namespace: "ns" },
  eventTime: "2024-05-01T10:00:00.000000Z",
  series: { count: 2, lastObservedTime: "2024-05-01T10:01:00.000000Z" },
  reportingComponent: "example.com/ctl",
  reportingInstance: "ctl-1",
  action: "Scaling",
  reason: "Scaled",
  involvedObject: { kind: "Deployment", namespace: "ns", name: "web", apiVersion: "apps/v1" },
  related: { kind: "ReplicaSet", name: "web-1" },
  message: "scaled up",
  type: "Normal",
  source: { component: "ctl", host: "h" },
  firstTimestamp: "2024-05-01T09:00:00Z",
  lastTimestamp: "2024-05-01T10:00:00Z",
  count: 3,
};

describe("eventToCore / eventFromCore", () => {
  it("renames every field that differs and sets apiVersion", () => {
    expect(eventToCore(NEW_EVENT)).toEqual(CORE_EVENT);
    expect(eventFromCore(CORE_EVENT)).toEqual(NEW_EVENT);
  });

  it.each<[string, Record<string, unknown>, Record<string, unknown>]>([
    ["a minimal event", { metadata: { name: "a" }, regarding: {} }, { apiVersion: "v1", metadata: { name: "a" }, involvedObject: {} }],
    ["nested fields keep their names", { regarding: { note: "x" }, series: { count: 1 } }, { apiVersion: "v1", involvedObject: { note: "x" }, series: { count: 1 } }],
    ["null values are carried", { note: null, deprecatedCount: 0 }, { apiVersion: "v1", message: null, count: 0 }],
  ])("to core: %s", (_, input, want) => {
    expect(eventToCore(input)).toEqual(want);
  });

  it("does not modify its input", () => {
    const input = structuredClone(NEW_EVENT);
    eventToCore(input);
    eventFromCore(CORE_EVENT);
    expect(input).toEqual(NEW_EVENT);
  });

  const NEW_KEYS = ["metadata", "kind", "eventTime", "series", "reportingController", "reportingInstance", "action", "reason", "regarding", "related", "note", "type", "deprecatedSource", "deprecatedFirstTimestamp", "deprecatedLastTimestamp", "deprecatedCount"];
  const CORE_KEYS = ["metadata", "kind", "eventTime", "series", "reportingComponent", "reportingInstance", "action", "reason", "involvedObject", "related", "message", "type", "source", "firstTimestamp", "lastTimestamp", "count"];
  const objectWith = (keys: string[]) =>
    fc.dictionary(fc.constantFrom(...keys), fc.jsonValue({ maxDepth: 2 }), { maxKeys: keys.length });

  it("round-trips an events.k8s.io/v1 Event through core", () => {
    fc.assert(
      fc.property(objectWith(NEW_KEYS), (e) => {
        expect(eventFromCore(eventToCore(e))).toEqual({ ...e, apiVersion: "events.k8s.io/v1" });
      }),
    );
  });

  it("round-trips a core/v1 Event through events.k8s.io", () => {
    fc.assert(
      fc.property(objectWith(CORE_KEYS), (c) => {
        expect(eventToCore(eventFromCore(c))).toEqual({ ...c, apiVersion: "v1" });
      }),
    );
  });
});

describe("eventFieldToCore", () => {
  it.each<[string, string]>([
    ["regarding.kind", "involvedObject.kind"],
    ["regarding.namespace", "involvedObject.namespace"],
    ["regarding.name", "involvedObject.name"],
    ["regarding.uid", "involvedObject.uid"],
    ["regarding.apiVersion", "involvedObject.apiVersion"],
    ["regarding.resourceVersion", "involvedObject.resourceVersion"],
    ["regarding.fieldPath", "involvedObject.fieldPath"],
    ["reportingController", "reportingComponent"],
    ["note", "message"],
    ["deprecatedSource", "source"],
    ["deprecatedCount", "count"],
    ["reason", "reason"],
    ["type", "type"],
    ["metadata.name", "metadata.name"],
    ["metadata.namespace", "metadata.namespace"],
    // only whole path segments are renamed
    ["regardingX.kind", "regardingX.kind"],
    ["notes", "notes"],
    ["reportingControllerName", "reportingControllerName"],
  ])("%s → %s", (field, want) => {
    expect(eventFieldToCore(field)).toBe(want);
  });
});
