import { describe, expect, it } from "vitest";
import { EVENT_TABLE } from "../../../worker/tables/core-event";
import type { KubeObject } from "../../../worker/tables/types";
import { MIN, SEC, ago, columnNames, meta, row } from "./helpers";

const involved = { kind: "Pod", namespace: "default", name: "web-1", fieldPath: "spec.containers{app}" };

describe("event table", () => {
  it("has upstream's columns: Last Seen, Type, Reason, Object, Message (+Subobject, Source, First Seen, Count, Name)", () => {
    expect(columnNames(EVENT_TABLE)).toEqual([
      "Last Seen", "Type", "Reason", "Object", "+Subobject", "+Source", "Message", "+First Seen", "+Count", "+Name",
    ]);
    expect(EVENT_TABLE.columns.find((c) => c.name === "Name")?.format).toBe("name");
  });

  it.each<[string, KubeObject, unknown[]]>([
    [
      "core/v1 event from the kubelet",
      {
        metadata: meta("web-1.17d"),
        involvedObject: involved,
        type: "Normal",
        reason: "Pulled",
        message: "  Container image \"nginx\" already present on machine\n",
        source: { component: "kubelet", host: "worker-1" },
        firstTimestamp: ago(10 * MIN),
        lastTimestamp: ago(2 * MIN),
        count: 4,
      },
      ["2m", "Normal", "Pulled", "pod/web-1", "spec.containers{app}", "kubelet, worker-1", 'Container image "nginx" already present on machine', "10m", 4, "web-1.17d"],
    ],
    [
      "no lastTimestamp: Last Seen is First Seen",
      { metadata: meta("e"), involvedObject: { kind: "Deployment", name: "web" }, type: "Normal", reason: "ScalingReplicaSet", message: "Scaled up", source: { component: "deployment-controller" }, firstTimestamp: ago(3 * MIN), count: 1 },
      ["3m", "Normal", "ScalingReplicaSet", "deployment/web", "", "deployment-controller", "Scaled up", "3m", 1, "e"],
    ],
    [
      "new-style event: eventTime, reporting controller, no count",
      { metadata: meta("e"), involvedObject: { kind: "Node", name: "worker-1" }, type: "Warning", reason: "Rebooted", message: "m", eventTime: "2024-06-01T11:59:30.123456Z", reportingComponent: "kubelet", reportingInstance: "worker-1" },
      // 29.877s: MicroTime keeps sub-second precision and HumanDuration truncates.
      ["29s", "Warning", "Rebooted", "node/worker-1", "", "kubelet, worker-1", "m", "29s", 1, "e"],
    ],
    [
      "series: Last Seen and Count from the series",
      { metadata: meta("e"), involvedObject: involved, type: "Warning", reason: "BackOff", message: "Back-off", eventTime: ago(20 * MIN), series: { count: 12, lastObservedTime: ago(45 * SEC) }, reportingComponent: "kubelet" },
      ["45s", "Warning", "BackOff", "pod/web-1", "spec.containers{app}", "kubelet", "Back-off", "20m", 12, "e"],
    ],
    [
      "involved object without a name, no timestamps",
      { metadata: meta("e"), involvedObject: { kind: "Namespace" }, type: "Normal", reason: "R", message: "" },
      ["<unknown>", "Normal", "R", "namespace", "", "", "", "<unknown>", 1, "e"],
    ],
    [
      "events.k8s.io/v1 shape",
      {
        apiVersion: "events.k8s.io/v1",
        kind: "Event",
        metadata: meta("web-1.18a"),
        regarding: { kind: "Pod", name: "web-1", fieldPath: "spec.containers{app}" },
        note: "Started container app",
        type: "Normal",
        reason: "Started",
        reportingController: "kubelet",
        reportingInstance: "worker-2",
        eventTime: ago(4 * MIN),
        deprecatedFirstTimestamp: ago(6 * MIN),
        deprecatedLastTimestamp: ago(MIN),
        deprecatedCount: 2,
      },
      ["60s", "Normal", "Started", "pod/web-1", "spec.containers{app}", "kubelet, worker-2", "Started container app", "6m", 2, "web-1.18a"],
    ],
    [
      "events.k8s.io/v1 without deprecated fields",
      { metadata: meta("e"), regarding: { kind: "Pod", name: "p" }, note: "n", type: "Normal", reason: "R", reportingController: "c", eventTime: ago(90 * SEC) },
      ["90s", "Normal", "R", "pod/p", "", "c", "n", "90s", 1, "e"],
    ],
  ])("%s", (_name, e, want) => {
    expect(Object.values(row(EVENT_TABLE, e))).toEqual(want);
  });
});
