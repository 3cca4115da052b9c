/**
 * Events as client-go's legacy recorder (record.EventRecorder) writes them: core/v1, named
 * `<involvedObject.name>.<unix nanos in hex>`, in the object's namespace ("default" for cluster-scoped objects),
 * `source.component` and `reportingComponent` the controller's name, count 1.
 */
import type { KubeObject } from "../../../schema/types";
import { rfc3339 } from "../../handlers/context";

export type EventType = "Normal" | "Warning";

let sequence = 0;

/** Unix nanoseconds in hex; a per-isolate sequence fills the sub-millisecond digits so names stay unique. */
function nanosHex(now: Date): string {
  sequence = (sequence + 1) % 1_000_000;
  return (BigInt(now.getTime()) * 1_000_000n + BigInt(sequence)).toString(16);
}

export function objectReference(obj: KubeObject): KubeObject {
  const ref: KubeObject = { kind: obj.kind, name: obj.metadata?.name };
  if (obj.metadata?.namespace) ref.namespace = obj.metadata.namespace;
  if (obj.metadata?.uid) ref.uid = obj.metadata.uid;
  if (obj.apiVersion) ref.apiVersion = obj.apiVersion;
  if (obj.metadata?.resourceVersion) ref.resourceVersion = obj.metadata.resourceVersion;
  return ref;
}

export function buildEvent(involved: KubeObject, type: EventType, reason: string, message: string, component: string, now: Date) {
  const namespace = involved.metadata?.namespace || "default";
  const time = rfc3339(now);
  return {
    apiVersion: "v1",
    kind: "Event",
    metadata: { name: `${involved.metadata?.name}.${nanosHex(now)}`, namespace },
    involvedObject: objectReference(involved),
    reason,
    message,
    source: { component },
    firstTimestamp: time,
    lastTimestamp: time,
    count: 1,
    type,
    reportingComponent: component,
    reportingInstance: "",
  };
}
