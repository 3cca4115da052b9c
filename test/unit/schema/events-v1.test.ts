/** events.k8s.io/v1 Event: strict create validation, immutability, field selectors. */
import { describe, expect, it } from "vitest";
import { eventsV1 } from "../../../schema/events-v1";
import { admit, kindOf, load, stored, update } from "./group-helpers";

const ev = kindOf(eventsV1, "Event");

const SCHEDULED = `
apiVersion: events.k8s.io/v1
kind: Event
metadata: {name: web-1.17a2b3c4d5e6f708, namespace: default}
eventTime: "2025-01-01T00:00:00.000000Z"
reportingController: default-scheduler
reportingInstance: default-scheduler-node-1
action: Binding
reason: Scheduled
regarding: {apiVersion: v1, kind: Pod, name: web-1, namespace: default, uid: 7d1f8c8e-0000-4000-8000-000000000001}
note: Successfully assigned default/web-1 to node-1
type: Normal
`;

describe("events.k8s.io/v1 Event", () => {
  it("accepts a scheduler event", () => {
    const { issues, errors } = admit(ev, load(SCHEDULED));
    expect([issues, errors]).toEqual([[], []]);
  });

  it("requires the new-style fields and forbids the deprecated ones", () => {
    const obj = load(SCHEDULED);
    delete obj.eventTime;
    delete obj.action;
    obj.type = "Info";
    obj.deprecatedCount = 3;
    obj.series = { count: 1, lastObservedTime: "2025-01-01T00:00:00.000000Z" };
    expect(admit(ev, obj).errors).toEqual([
      'series.count: Invalid value: "": should be at least 2',
      "eventTime: Required value",
      'type: Invalid value: "": has invalid value: Info',
      'deprecatedCount: Invalid value: "": needs to be unset',
    ]);
  });

  it("everything but series is immutable", () => {
    const old = stored(ev, SCHEDULED);
    expect(update(ev, old, (o) => (o.series = { count: 2, lastObservedTime: "2025-01-01T00:01:00.000000Z" })).errors).toEqual([]);
    expect(update(ev, old, (o) => (o.note = "changed")).errors).toEqual(['message: Invalid value: "changed": field is immutable']);
  });

  it("is `ev`, selectable on regarding.* like core events", () => {
    expect(ev.shortNames).toEqual(["ev"]);
    expect(ev.fieldSelectors).toContain("regarding.name");
    expect(ev.fieldSelectors).toContain("reportingController");
  });
});
