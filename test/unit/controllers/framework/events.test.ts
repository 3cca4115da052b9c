/** Events as the legacy recorder writes them. */
import { describe, expect, it } from "vitest";
import { buildEvent, objectReference } from "../../../../worker/controllers/framework/events";

const pod = { apiVersion: "v1", kind: "Pod", metadata: { namespace: "ns", name: "web-1", uid: "u1", resourceVersion: "7" } };
const node = { apiVersion: "v1", kind: "Node", metadata: { name: "n1", uid: "u2" } };
const at = new Date("2026-11-29T10:00:00.123Z");

describe("buildEvent", () => {
  it("names the event <object>.<hex unix nanos> in the object's namespace", () => {
    const ev = buildEvent(pod, "Normal", "Scheduled", "Successfully assigned ns/web-1 to n1", "default-scheduler", at);
    expect(ev.metadata.namespace).toBe("ns");
    const [name, hex] = ev.metadata.name.split(".");
    expect(name).toBe("web-1");
    const nanos = BigInt(`0x${hex}`);
    expect(nanos / 1_000_000n).toBe(BigInt(at.getTime()));
    expect(ev).toMatchObject({
      involvedObject: { kind: "Pod", namespace: "ns", name: "web-1", uid: "u1", apiVersion: "v1", resourceVersion: "7" },
      reason: "Scheduled",
      type: "Normal",
      count: 1,
      source: { component: "default-scheduler" },
      reportingComponent: "default-scheduler",
      firstTimestamp: "2026-11-29T10:00:00Z",
      lastTimestamp: "2026-11-29T10:00:00Z",
    });
  });
  it("puts events about cluster-scoped objects in default", () => {
    const ev = buildEvent(node, "Warning", "NodeNotReady", "Node n1 status is now: NodeNotReady", "node-controller", at);
    expect(ev.metadata.namespace).toBe("default");
    expect(ev.involvedObject).toEqual({ kind: "Node", name: "n1", uid: "u2", apiVersion: "v1" });
  });
  it("gives two events in the same millisecond different names", () => {
    const a = buildEvent(pod, "Normal", "A", "", "c", at).metadata.name;
    const b = buildEvent(pod, "Normal", "A", "", "c", at).metadata.name;
    expect(a).not.toBe(b);
  });
  it("references only what the object has", () => {
    expect(objectReference({ kind: "X", metadata: { name: "x" } })).toEqual({ kind: "X", name: "x" });
  });
});
