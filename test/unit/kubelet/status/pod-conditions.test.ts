import { describe, expect, it } from "vitest";
import {
  containersReadyCondition,
  forceTerminalReadiness,
  initializedCondition,
  podConditions,
  readyCondition,
  stampTransitionTimes,
} from "../../../../worker/kubelet/status/pod-conditions";
import type { ContainerStatus, PodCondition, PodSpecLike } from "../../../../worker/kubelet/status/types";
import { c, cs, running, sidecar, spec, terminated, waiting } from "./fixtures";

const ready = (name: string) => cs(name, running(), { ready: true });

describe("Initialized (GeneratePodInitializedCondition)", () => {
  it.each<[string, PodSpecLike, ContainerStatus[], string, PodCondition]>([
    ["no init containers", spec(["a"]), [cs("a", waiting())], "Pending", { type: "Initialized", status: "True" }],
    [
      "an init container still running",
      spec(["a"], { initContainers: [c("init")] }),
      [cs("init", running()), cs("a", waiting("PodInitializing"))],
      "Pending",
      { type: "Initialized", status: "False", reason: "ContainersNotInitialized", message: "containers with incomplete status: [init]" },
    ],
    [
      "unknown and incomplete, in spec order",
      spec(["a"], { initContainers: [c("one"), c("two"), c("three")] }),
      [cs("two", running())],
      "Pending",
      {
        type: "Initialized",
        status: "False",
        reason: "ContainersNotInitialized",
        message: "containers with unknown status: [one three], containers with incomplete status: [two]",
      },
    ],
    [
      "init done (ready after exit 0)",
      spec(["a"], { initContainers: [c("init")] }),
      [cs("init", terminated(0), { ready: true }), cs("a", running())],
      "Running",
      { type: "Initialized", status: "True" },
    ],
    [
      "a sidecar counts once started",
      spec(["a"], { initContainers: [sidecar("proxy")] }),
      [cs("proxy", running(), { started: false }), cs("a", waiting("PodInitializing"))],
      "Pending",
      { type: "Initialized", status: "False", reason: "ContainersNotInitialized", message: "containers with incomplete status: [proxy]" },
    ],
    [
      "a regular container already ran: initialized even while a sidecar restarts",
      spec(["a"], { initContainers: [sidecar("proxy")] }),
      [cs("proxy", waiting("CrashLoopBackOff")), cs("a", running())],
      "Running",
      { type: "Initialized", status: "True" },
    ],
    ["Succeeded: True with PodCompleted", spec(["a"]), [cs("a", terminated(0))], "Succeeded", { type: "Initialized", status: "True", reason: "PodCompleted" }],
  ])("%s", (_name, podSpec, statuses, phase, expected) => expect(initializedCondition(podSpec, statuses, phase)).toEqual(expected));
});

describe("ContainersReady and Ready", () => {
  it.each<[string, PodSpecLike, ContainerStatus[], string, PodCondition]>([
    ["all ready", spec(["a", "b"]), [ready("a"), ready("b")], "Running", { type: "ContainersReady", status: "True" }],
    [
      "unready and unknown, in spec order",
      spec(["a", "b", "c"]),
      [ready("b"), cs("c", running())],
      "Running",
      {
        type: "ContainersReady",
        status: "False",
        reason: "ContainersNotReady",
        message: "containers with unknown status: [a], containers with unready status: [c]",
      },
    ],
    [
      "a sidecar must be ready too; a regular init container need not",
      spec(["a"], { initContainers: [c("init"), sidecar("proxy")] }),
      [cs("init", terminated(0)), cs("proxy", running()), ready("a")],
      "Running",
      { type: "ContainersReady", status: "False", reason: "ContainersNotReady", message: "containers with unready status: [proxy]" },
    ],
    ["Succeeded", spec(["a"]), [cs("a", terminated(0))], "Succeeded", { type: "ContainersReady", status: "False", reason: "PodCompleted" }],
    ["Failed, even with a ready container", spec(["a"]), [ready("a")], "Failed", { type: "ContainersReady", status: "False", reason: "PodFailed" }],
  ])("%s", (_name, podSpec, statuses, phase, expected) => {
    expect(containersReadyCondition(podSpec, statuses, phase)).toEqual(expected);
    expect(readyCondition(podSpec, [], statuses, phase)).toEqual({ ...expected, type: "Ready" });
  });

  it.each<[string, PodCondition[], PodCondition]>([
    ["gate True", [{ type: "example.com/lb", status: "True" }], { type: "Ready", status: "True" }],
    [
      "gate missing",
      [],
      { type: "Ready", status: "False", reason: "ReadinessGatesNotReady", message: 'corresponding condition of pod readiness gate "example.com/lb" does not exist.' },
    ],
    [
      "gate False",
      [{ type: "example.com/lb", status: "False" }],
      { type: "Ready", status: "False", reason: "ReadinessGatesNotReady", message: 'the status of pod readiness gate "example.com/lb" is not "True", but False' },
    ],
  ])("readiness gate: %s", (_name, conditions, expected) => {
    const podSpec = spec(["a"], { readinessGates: [{ conditionType: "example.com/lb" }] });
    expect(readyCondition(podSpec, conditions, [ready("a")], "Running")).toEqual(expected);
  });
});

describe("podConditions, forceTerminalReadiness, stampTransitionTimes", () => {
  it("keeps foreign conditions first and replaces the kubelet's own, in upstream's order", () => {
    const current: PodCondition[] = [
      { type: "PodScheduled", status: "True", lastTransitionTime: "2025-01-01T00:00:00Z" },
      { type: "example.com/lb", status: "True" },
      { type: "Ready", status: "False" },
    ];
    const out = podConditions({ spec: spec(["a"]), statuses: [ready("a")], phase: "Running", current, sandboxReady: true });
    expect(out.map((x) => `${x.type}=${x.status}`)).toEqual([
      "example.com/lb=True",
      "PodReadyToStartContainers=True",
      "Initialized=True",
      "Ready=True",
      "ContainersReady=True",
      "PodScheduled=True",
    ]);
    expect(podConditions({ spec: spec(["a"]), statuses: [ready("a")], phase: "Running", current: [] }).map((x) => x.type)).not.toContain(
      "PodReadyToStartContainers",
    );
  });

  it.each<[string, string, PodCondition[], PodCondition[]]>([
    ["a running pod is left alone", "Running", [{ type: "Ready", status: "True" }], [{ type: "Ready", status: "True" }]],
    [
      "a terminal pod is never ready",
      "Succeeded",
      [{ type: "Ready", status: "True" }, { type: "ContainersReady", status: "False", reason: "X" }, { type: "Initialized", status: "True" }],
      [{ type: "Ready", status: "False", reason: "PodCompleted" }, { type: "ContainersReady", status: "False", reason: "PodCompleted" }, { type: "Initialized", status: "True" }],
    ],
    ["terminal and already not ready: unchanged", "Failed", [{ type: "Ready", status: "False", reason: "X" }], [{ type: "Ready", status: "False", reason: "X" }]],
  ])("forceTerminalReadiness: %s", (_name, phase, input, expected) => expect(forceTerminalReadiness(input, phase)).toEqual(expected));

  it.each<[string, PodCondition[], string]>([
    ["same status keeps the old time", [{ type: "Ready", status: "True", lastTransitionTime: "2025-01-01T00:00:00Z" }], "2025-01-01T00:00:00Z"],
    ["a changed status takes now", [{ type: "Ready", status: "False", lastTransitionTime: "2025-01-01T00:00:00Z" }], "2025-01-02T00:00:00Z"],
    ["a new condition takes now", [], "2025-01-02T00:00:00Z"],
  ])("stampTransitionTimes: %s", (_name, previous, expected) => {
    const [stamped] = stampTransitionTimes([{ type: "Ready", status: "True" }], previous, "2025-01-02T00:00:00Z");
    expect(stamped).toEqual({ type: "Ready", status: "True", lastProbeTime: null, lastTransitionTime: expected });
  });

  it("stampTransitionTimes leaves foreign conditions as they are", () => {
    const foreign = { type: "example.com/lb", status: "True", lastTransitionTime: "2020-01-01T00:00:00Z" };
    expect(stampTransitionTimes([foreign], [], "2025-01-02T00:00:00Z")).toEqual([foreign]);
  });
});
