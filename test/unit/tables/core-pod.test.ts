import { describe, expect, it } from "vitest";
import { POD_TABLE } from "../../../worker/tables/core-pod";
import type { KubeObject } from "../../../worker/tables/types";
import { MIN, NOW, ago, columnNames, meta, row } from "./helpers";

const running = { running: { startedAt: ago(4 * MIN) } };
const readyCond = { type: "Ready", status: "True" };

function pod(spec: KubeObject, status: KubeObject | undefined, extraMeta: KubeObject = {}): KubeObject {
  return { apiVersion: "v1", kind: "Pod", metadata: meta("web-1", extraMeta), spec, status };
}
const one = { containers: [{ name: "app", image: "nginx" }] };
const two = { containers: [{ name: "app" }, { name: "log" }] };
const withInit = (n: number) => ({
  initContainers: Array.from({ length: n }, (_, i) => ({ name: `init-${i}` })),
  containers: [{ name: "app" }],
});
const cs = (name: string, state: KubeObject, extra: KubeObject = {}) => ({ name, state, ready: false, restartCount: 0, ...extra });

describe("pod columns", () => {
  it("match upstream printPod, wide columns at priority 1", () => {
    expect(columnNames(POD_TABLE)).toEqual([
      "Name", "Ready", "Status", "Restarts", "Age", "+IP", "+Node", "+Nominated Node", "+Readiness Gates",
    ]);
    expect(POD_TABLE.columns[0].format).toBe("name");
    expect(POD_TABLE.columns.map((c) => c.type)).toEqual(Array(9).fill("string"));
  });
});

describe("pod Ready / Status / Restarts", () => {
  it.each<[string, KubeObject, string, string, string]>([
    ["pending, nothing reported", pod(one, { phase: "Pending" }), "0/1", "Pending", "0"],
    ["no status at all", pod(one, undefined), "0/1", "", "0"],
    ["container creating", pod(one, { phase: "Pending", containerStatuses: [cs("app", { waiting: { reason: "ContainerCreating" } })] }), "0/1", "ContainerCreating", "0"],
    ["image pull backoff", pod(one, { phase: "Pending", containerStatuses: [cs("app", { waiting: { reason: "ImagePullBackOff" } })] }), "0/1", "ImagePullBackOff", "0"],
    ["running and ready", pod(one, { phase: "Running", conditions: [readyCond], containerStatuses: [cs("app", running, { ready: true })] }), "1/1", "Running", "0"],
    ["one of two ready", pod(two, { phase: "Running", containerStatuses: [cs("app", running, { ready: true }), cs("log", running)] }), "1/2", "Running", "0"],
    [
      "crash loop with restarts",
      pod(one, {
        phase: "Running",
        containerStatuses: [
          cs("app", { waiting: { reason: "CrashLoopBackOff", message: "back-off 40s" } }, {
            restartCount: 3,
            lastState: { terminated: { exitCode: 1, reason: "Error", finishedAt: ago(5 * MIN) } },
          }),
        ],
      }),
      "0/1",
      "CrashLoopBackOff",
      "3 (5m ago)",
    ],
    ["restarts without a last termination time", pod(one, { phase: "Running", containerStatuses: [cs("app", running, { ready: true, restartCount: 2 })] }), "1/1", "Running", "2"],
    ["completed", pod(one, { phase: "Succeeded", containerStatuses: [cs("app", { terminated: { exitCode: 0, reason: "Completed" } })] }), "0/1", "Completed", "0"],
    ["error", pod(one, { phase: "Failed", containerStatuses: [cs("app", { terminated: { exitCode: 1, reason: "Error" } })] }), "0/1", "Error", "0"],
    ["OOMKilled", pod(one, { phase: "Running", containerStatuses: [cs("app", { terminated: { exitCode: 137, reason: "OOMKilled" } })] }), "0/1", "OOMKilled", "0"],
    ["exit code without reason", pod(one, { phase: "Failed", containerStatuses: [cs("app", { terminated: { exitCode: 2 } })] }), "0/1", "ExitCode:2", "0"],
    ["signal without reason", pod(one, { phase: "Failed", containerStatuses: [cs("app", { terminated: { exitCode: 137, signal: 9 } })] }), "0/1", "Signal:9", "0"],
    ["evicted (pod-level reason)", pod(one, { phase: "Failed", reason: "Evicted", message: "low on memory" }), "0/1", "Evicted", "0"],
    ["scheduling gated", pod(one, { phase: "Pending", conditions: [{ type: "PodScheduled", status: "False", reason: "SchedulingGated" }] }), "0/1", "SchedulingGated", "0"],
    [
      "completed container next to a running one, pod Ready",
      pod(two, {
        phase: "Running",
        conditions: [readyCond],
        containerStatuses: [cs("app", running, { ready: true }), cs("log", { terminated: { exitCode: 0, reason: "Completed" } })],
      }),
      "1/2",
      "Running",
      "0",
    ],
    [
      "completed container next to a running one, pod not Ready",
      pod(two, {
        phase: "Running",
        containerStatuses: [cs("app", running, { ready: true }), cs("log", { terminated: { exitCode: 0, reason: "Completed" } })],
      }),
      "1/2",
      "NotReady",
      "0",
    ],
  ])("%s", (_name, p, ready, status, restarts) => {
    const r = row(POD_TABLE, p);
    expect([r.Ready, r.Status, r.Restarts]).toEqual([ready, status, restarts]);
  });
});

describe("pod init containers", () => {
  it.each<[string, KubeObject, string, string, string]>([
    ["first init running", pod(withInit(1), { phase: "Pending", initContainerStatuses: [cs("init-0", running)], containerStatuses: [cs("app", { waiting: { reason: "PodInitializing" } })] }), "0/1", "Init:0/1", "0"],
    [
      "second of two running",
      pod(withInit(2), {
        phase: "Pending",
        initContainerStatuses: [cs("init-0", { terminated: { exitCode: 0, reason: "Completed" } }), cs("init-1", running)],
      }),
      "0/1",
      "Init:1/2",
      "0",
    ],
    ["init waiting PodInitializing counts as progress", pod(withInit(1), { phase: "Pending", initContainerStatuses: [cs("init-0", { waiting: { reason: "PodInitializing" } })] }), "0/1", "Init:0/1", "0"],
    [
      "init crash loop",
      pod(withInit(1), {
        phase: "Pending",
        initContainerStatuses: [
          cs("init-0", { waiting: { reason: "CrashLoopBackOff" } }, { restartCount: 4, lastState: { terminated: { exitCode: 1, finishedAt: ago(2 * MIN) } } }),
        ],
      }),
      "0/1",
      "Init:CrashLoopBackOff",
      "4 (2m ago)",
    ],
    ["init failed with reason", pod(withInit(1), { phase: "Failed", initContainerStatuses: [cs("init-0", { terminated: { exitCode: 1, reason: "Error" } })] }), "0/1", "Init:Error", "0"],
    ["init failed with exit code", pod(withInit(1), { phase: "Pending", initContainerStatuses: [cs("init-0", { terminated: { exitCode: 3 } })] }), "0/1", "Init:ExitCode:3", "0"],
    ["init killed by signal", pod(withInit(1), { phase: "Pending", initContainerStatuses: [cs("init-0", { terminated: { exitCode: 137, signal: 9 } })] }), "0/1", "Init:Signal:9", "0"],
    [
      "init done, app running (restarts of finished init containers are not counted)",
      pod(withInit(1), {
        phase: "Running",
        conditions: [{ type: "Initialized", status: "True" }, readyCond],
        initContainerStatuses: [cs("init-0", { terminated: { exitCode: 0, reason: "Completed" } }, { restartCount: 2 })],
        containerStatuses: [cs("app", running, { ready: true })],
      }),
      "1/1",
      "Running",
      "0",
    ],
    [
      "sidecar (restartable init container) counts as a container",
      pod(
        { initContainers: [{ name: "proxy", restartPolicy: "Always" }], containers: [{ name: "app" }] },
        {
          phase: "Running",
          conditions: [{ type: "Initialized", status: "True" }, readyCond],
          initContainerStatuses: [cs("proxy", running, { started: true, ready: true, restartCount: 1, lastState: { terminated: { exitCode: 1, finishedAt: ago(10 * MIN) } } })],
          containerStatuses: [cs("app", running, { ready: true })],
        },
      ),
      "2/2",
      "Running",
      "1 (10m ago)",
    ],
  ])("%s", (_name, p, ready, status, restarts) => {
    const r = row(POD_TABLE, p);
    expect([r.Ready, r.Status, r.Restarts]).toEqual([ready, status, restarts]);
  });
});

describe("pod deletion", () => {
  const deleting = { deletionTimestamp: ago(MIN), deletionGracePeriodSeconds: 30 };
  it.each<[string, KubeObject, string]>([
    ["running pod being deleted", pod(one, { phase: "Running", containerStatuses: [cs("app", running, { ready: true })] }, deleting), "Terminating"],
    ["pending pod being deleted", pod(one, { phase: "Pending" }, deleting), "Terminating"],
    ["succeeded pod being deleted keeps its status", pod(one, { phase: "Succeeded", containerStatuses: [cs("app", { terminated: { exitCode: 0, reason: "Completed" } })] }, deleting), "Completed"],
    ["failed pod being deleted keeps its status", pod(one, { phase: "Failed", containerStatuses: [cs("app", { terminated: { exitCode: 1, reason: "Error" } })] }, deleting), "Error"],
    ["pod on a lost node", pod(one, { phase: "Running", reason: "NodeLost" }, deleting), "Unknown"],
  ])("%s", (_name, p, status) => {
    expect(row(POD_TABLE, p).Status).toBe(status);
  });
});

describe("pod wide cells and row conditions", () => {
  it("prints a full running row", () => {
    const p = pod(
      { ...one, nodeName: "worker-1", readinessGates: [{ conditionType: "example.com/lb" }, { conditionType: "example.com/dns" }] },
      {
        phase: "Running",
        podIP: "10.0.0.9",
        podIPs: [{ ip: "10.0.0.7" }, { ip: "fd00::7" }],
        nominatedNodeName: "worker-2",
        conditions: [readyCond, { type: "example.com/lb", status: "True" }, { type: "example.com/dns", status: "False" }],
        containerStatuses: [cs("app", running, { ready: true })],
      },
    );
    expect(POD_TABLE.cells(p, NOW)).toEqual(["web-1", "1/1", "Running", "0", "5m", "10.0.0.7", "worker-1", "worker-2", "1/2"]);
    expect(POD_TABLE.conditions?.(p)).toBeUndefined();
  });

  it.each<[string, KubeObject, unknown[]]>([
    ["unscheduled pod", pod(one, { phase: "Pending" }), ["<none>", "<none>", "<none>", "<none>"]],
    ["podIP without podIPs", pod({ ...one, nodeName: "n1" }, { phase: "Running", podIP: "10.1.2.3" }), ["10.1.2.3", "n1", "<none>", "<none>"]],
    ["readiness gate without its condition", pod({ ...one, readinessGates: [{ conditionType: "x" }] }, { phase: "Running" }), ["<none>", "<none>", "<none>", "0/1"]],
  ])("%s", (_name, p, wide) => {
    expect(POD_TABLE.cells(p, NOW).slice(5)).toEqual(wide);
  });

  it.each<[string, string | undefined, unknown]>([
    ["Succeeded", "Succeeded", [{ type: "Completed", status: "True", reason: "Succeeded", message: "The pod has completed successfully." }]],
    ["Failed", "Failed", [{ type: "Completed", status: "True", reason: "Failed", message: "The pod failed." }]],
    ["Running", "Running", undefined],
    ["no phase", undefined, undefined],
  ])("row conditions for phase %s", (_name, phase, want) => {
    expect(POD_TABLE.conditions?.(pod(one, { phase }))).toEqual(want);
  });

  it("has an Age of <unknown> without a creationTimestamp", () => {
    expect(row(POD_TABLE, { metadata: { name: "x" } }).Age).toBe("<unknown>");
  });
});
