/**
 * Golden tests: the default stages drive pods (and a node) through their lifecycle on an injected clock.
 * `random: () => 0` takes the shortest delay of every range (1 s for the default stages).
 */
import { describe, expect, it } from "vitest";
import type { JsonObject } from "../../../../worker/patch/json";
import {
  DEFAULT_NODE_STAGES,
  DEFAULT_POD_STAGES,
  planStage,
  runTimeline,
  SIMULATED_CONDITION_TYPE,
  step,
} from "../../../../worker/kubelet/simulated";
import { deploymentPod, iso, jobPod, seeded, T0 } from "./fixtures";

const IPS = { nodeIP: "10.0.0.1", podIP: "10.244.1.5" };
const run = (pod: JsonObject, random: () => number = () => 0, untilMs = T0 + 60_000) =>
  runTimeline(pod, DEFAULT_POD_STAGES, { startMs: T0, untilMs, random, ...IPS });
const summary = (t: ReturnType<typeof run>) => t.entries.map((e) => [e.atMs - T0, e.outcome.stage, e.outcome.event?.reason]);

const simulatedMessage = (image: string) => `kube-edge simulated runtime: image ${image} is not run, its lifecycle is simulated`;
const simulatedCondition = (image: string) => ({
  type: SIMULATED_CONDITION_TYPE,
  status: "True",
  lastTransitionTime: iso(T0),
  reason: "SimulatedRuntime",
  message: simulatedMessage(image),
});
const ADDRESSES = { hostIP: "10.0.0.1", hostIPs: [{ ip: "10.0.0.1" }], podIP: "10.244.1.5", podIPs: [{ ip: "10.244.1.5" }] };

describe("a Deployment's pod", () => {
  it("goes Pending → ContainerCreating at once, then Running and Ready after the stage delay", () => {
    const t = run(deploymentPod());
    expect(summary(t)).toEqual([
      [0, "pod-create", "Simulated"],
      [1000, "pod-ready", "Started"],
    ]);
    expect(t.entries.map((e) => e.outcome.event?.message)).toEqual([simulatedMessage("nginx:1.27"), "Started container nginx"]);

    expect(t.entries[0].object.status).toEqual({
      phase: "Pending",
      qosClass: "BestEffort",
      conditions: [
        { type: "PodReadyToStartContainers", status: "True", lastTransitionTime: iso(T0) },
        { type: "Initialized", status: "True", lastTransitionTime: iso(T0) },
        { type: "Ready", status: "False", lastTransitionTime: iso(T0), reason: "ContainersNotReady", message: "containers with unready status: [nginx]" },
        { type: "ContainersReady", status: "False", lastTransitionTime: iso(T0), reason: "ContainersNotReady", message: "containers with unready status: [nginx]" },
        { type: "PodScheduled", status: "True", lastTransitionTime: iso(T0 - 1000) },
        simulatedCondition("nginx:1.27"),
      ],
      ...ADDRESSES,
      startTime: iso(T0),
      containerStatuses: [
        { name: "nginx", image: "nginx:1.27", imageID: "", ready: false, started: false, restartCount: 0, state: { waiting: { reason: "ContainerCreating" } } },
      ],
    });

    expect(t.deleted).toBe(false);
    expect(t.pendingAtMs).toBeUndefined(); // converged: nothing more matches a running Deployment pod
    expect(t.object.status).toEqual({
      phase: "Running",
      qosClass: "BestEffort",
      conditions: [
        { type: "PodReadyToStartContainers", status: "True", lastTransitionTime: iso(T0) },
        { type: "Initialized", status: "True", lastTransitionTime: iso(T0 + 1000) },
        { type: "ContainersReady", status: "True", lastTransitionTime: iso(T0 + 1000) },
        { type: "Ready", status: "True", lastTransitionTime: iso(T0 + 1000) },
        { type: "PodScheduled", status: "True", lastTransitionTime: iso(T0 - 1000) },
        simulatedCondition("nginx:1.27"),
      ],
      ...ADDRESSES,
      startTime: iso(T0),
      containerStatuses: [
        {
          name: "nginx",
          image: "nginx:1.27",
          imageID: "simulated://nginx:1.27",
          ready: true,
          started: true,
          restartCount: 0,
          state: { running: { startedAt: iso(T0 + 1000) } },
        },
      ],
    });
    expect(t.object.metadata).toEqual(deploymentPod().metadata);
    expect(t.object.spec).toEqual(deploymentPod().spec);
  });

  it("becomes ready within KWOK's jitter window [1 s, 5 s) for any draw", () => {
    const rnd = seeded(2025);
    const readyAt = Array.from({ length: 50 }, () => run(deploymentPod(), rnd).entries[1].atMs - T0);
    expect(Math.min(...readyAt)).toBeGreaterThanOrEqual(1000);
    expect(Math.max(...readyAt)).toBeLessThan(5000);
    expect(new Set(readyAt).size).toBeGreaterThan(10);
  });

  it("honours KWOK's per-pod delay annotations", () => {
    const pod = deploymentPod();
    (pod.metadata as JsonObject).annotations = {
      "pod-ready.stage.kwok.x-k8s.io/delay": "10s",
      "pod-ready.stage.kwok.x-k8s.io/jitter-delay": "10s",
    };
    expect(summary(run(pod))).toEqual([
      [0, "pod-create", "Simulated"],
      [10_000, "pod-ready", "Started"],
    ]);
  });

  it("stops before a stage due after the horizon and reports when it is due", () => {
    const t = run(deploymentPod(), () => 0, T0 + 500);
    expect(summary(t)).toEqual([[0, "pod-create", "Simulated"]]);
    expect(t.pendingAtMs).toBe(T0 + 1000);
  });
});

describe("a Job's pod", () => {
  it("runs its init container, then its container, then completes with exit code 0", () => {
    const t = run(jobPod());
    expect(summary(t)).toEqual([
      [0, "pod-create", "Simulated"],
      [1000, "pod-ready", "Started"],
      [2000, "pod-complete", undefined],
    ]);
    const created = t.entries[0].object.status as JsonObject;
    expect(created.conditions).toContainEqual({
      type: "Initialized",
      status: "False",
      lastTransitionTime: iso(T0),
      reason: "ContainersNotInitialized",
      message: "containers with incomplete status: [setup]",
    });
    expect(created.initContainerStatuses).toEqual([
      { name: "setup", image: "busybox:1.36", imageID: "", ready: false, started: false, restartCount: 0, state: { waiting: { reason: "PodInitializing" } } },
    ]);
    expect((created.containerStatuses as JsonObject[])[0].state).toEqual({ waiting: { reason: "PodInitializing" } });

    expect(t.pendingAtMs).toBeUndefined();
    expect(t.object.status).toEqual({
      phase: "Succeeded",
      qosClass: "BestEffort",
      conditions: [
        { type: "PodReadyToStartContainers", status: "False", lastTransitionTime: iso(T0 + 2000) },
        { type: "Initialized", status: "True", lastTransitionTime: iso(T0 + 1000) },
        { type: "ContainersReady", status: "False", lastTransitionTime: iso(T0 + 2000), reason: "PodCompleted" },
        { type: "Ready", status: "False", lastTransitionTime: iso(T0 + 2000), reason: "PodCompleted" },
        { type: "PodScheduled", status: "True", lastTransitionTime: iso(T0 - 1000) },
        simulatedCondition("perl:5.34"),
      ],
      ...ADDRESSES,
      startTime: iso(T0),
      initContainerStatuses: [
        {
          name: "setup",
          image: "busybox:1.36",
          imageID: "simulated://busybox:1.36",
          ready: true,
          started: false,
          restartCount: 0,
          state: { terminated: { exitCode: 0, reason: "Completed", startedAt: iso(T0), finishedAt: iso(T0 + 1000) } },
        },
      ],
      containerStatuses: [
        {
          name: "pi",
          image: "perl:5.34",
          imageID: "simulated://perl:5.34",
          ready: false,
          started: false,
          restartCount: 0,
          state: { terminated: { exitCode: 0, reason: "Completed", startedAt: iso(T0 + 1000), finishedAt: iso(T0 + 2000) } },
        },
      ],
    });
    // The Job controller's finalizer is not the kubelet's to remove.
    expect((t.object.metadata as JsonObject).finalizers).toEqual(["batch.kubernetes.io/job-tracking"]);
  });

  it("a bare pod with restartPolicy Never keeps running (only Job pods complete, as KWOK)", () => {
    const pod = deploymentPod();
    (pod.spec as JsonObject).restartPolicy = "Never";
    (pod.metadata as JsonObject).ownerReferences = [];
    expect(summary(run(pod)).map((s) => s[1])).toEqual(["pod-create", "pod-ready"]);
  });
});

describe("deletion", () => {
  const running = () => run(deploymentPod()).object;
  const deleting = (finalizers?: string[]): JsonObject => {
    const pod = running();
    const meta = pod.metadata as JsonObject;
    meta.deletionTimestamp = iso(T0 + 30_000);
    meta.deletionGracePeriodSeconds = 30;
    if (finalizers) meta.finalizers = finalizers;
    return pod;
  };

  it("a deleted pod without finalizers is removed 1 s later with a Killing event", () => {
    const plan = planStage(deleting(), DEFAULT_POD_STAGES, T0 + 5000, () => 0);
    expect(plan).toMatchObject({ kind: "planned", stage: { metadata: { name: "pod-delete" } }, dueAtMs: T0 + 6000 });
    const r = step(deleting(), DEFAULT_POD_STAGES, { ctx: { nowMs: T0 + 6000, ...IPS }, random: () => 0, plan: { stage: "pod-delete", dueAtMs: T0 + 6000 } });
    expect(r.deleted).toBe(true);
    expect(r.applied).toEqual([
      { stage: "pod-delete", delete: true, immediateNextStage: false, event: { type: "Normal", reason: "Killing", message: "Stopping container nginx" } },
    ]);
    expect(r.next).toEqual({ kind: "none" });
  });

  it("a finalizer holds the pod: nothing matches until it is removed", () => {
    expect(planStage(deleting(["example.com/hold"]), DEFAULT_POD_STAGES, T0, () => 0)).toEqual({ kind: "none" });
    expect(planStage(deleting([]), DEFAULT_POD_STAGES, T0, () => 0)).toMatchObject({ kind: "planned", stage: { metadata: { name: "pod-delete" } } });
  });

  it("a pod deleted before it started is removed, not started", () => {
    const pod = deploymentPod();
    (pod.metadata as JsonObject).deletionTimestamp = iso(T0 + 30_000);
    expect(summary(run(pod))).toEqual([[1000, "pod-delete", "Killing"]]);
  });
});

describe("stages that do not apply", () => {
  it.each<[string, (p: JsonObject) => void]>([
    ["an unscheduled pod", (p) => delete (p.spec as JsonObject).nodeName],
    ["a failed pod", (p) => ((p.status as JsonObject).phase = "Failed")],
    ["a Node", (p) => (p.kind = "Node")],
    ["an object of another group", (p) => (p.apiVersion = "batch/v1")],
  ])("%s matches no pod stage", (_, mutate) => {
    const pod = deploymentPod();
    mutate(pod);
    expect(planStage(pod, DEFAULT_POD_STAGES, T0, () => 0)).toEqual({ kind: "none" });
    const r = step(pod, DEFAULT_POD_STAGES, { ctx: { nowMs: T0 + 60_000 }, random: () => 0 });
    expect(r.applied).toEqual([]);
    expect(r.object).toBe(pod);
  });
});

describe("node-initialize", () => {
  const node = (status?: JsonObject): JsonObject => ({ apiVersion: "v1", kind: "Node", metadata: { name: "node-1" }, ...(status ? { status } : {}) });
  const opts = { startMs: T0, untilMs: T0 + 60_000, random: () => 0, nodeIP: "10.0.0.1" };

  it("a node without status becomes Ready with the kubelet's conditions and addresses", () => {
    const t = runTimeline(node(), DEFAULT_NODE_STAGES, opts);
    expect(t.entries.map((e) => e.outcome.stage)).toEqual(["node-initialize"]);
    const c = (type: string, status: string, reason: string, message: string) => ({
      type,
      status,
      reason,
      message,
      lastHeartbeatTime: iso(T0),
      lastTransitionTime: iso(T0),
    });
    expect(t.object.status).toEqual({
      conditions: [
        c("MemoryPressure", "False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available"),
        c("DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure"),
        c("PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available"),
        c("Ready", "True", "KubeletReady", "kubelet is posting ready status"),
      ],
      addresses: [
        { type: "InternalIP", address: "10.0.0.1" },
        { type: "Hostname", address: "node-1" },
      ],
    });
  });

  it("a NotReady node is initialized; a Ready node is left alone", () => {
    const notReady = node({ conditions: [{ type: "Ready", status: "Unknown" }] });
    expect(runTimeline(notReady, DEFAULT_NODE_STAGES, opts).entries).toHaveLength(1);
    const ready = node({ conditions: [{ type: "Ready", status: "True" }] });
    expect(planStage(ready, DEFAULT_NODE_STAGES, T0, () => 0)).toEqual({ kind: "none" });
  });
});
