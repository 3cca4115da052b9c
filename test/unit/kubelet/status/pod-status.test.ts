import { describe, expect, it } from "vitest";
import type { ContainerFacts } from "../../../../worker/kubelet/status/container-statuses";
import { computePodStatus, type PodStatusInputs } from "../../../../worker/kubelet/status/pod-status";
import { statusChanged } from "../../../../worker/kubelet/status/status-changed";
import type { PodStatusLike } from "../../../../worker/kubelet/status/types";
import { c, iso, running, T0, terminated, waiting } from "./fixtures";

const scheduled = { type: "PodScheduled", status: "True", lastProbeTime: null, lastTransitionTime: iso(T0 - 60_000) };
const apiPending: PodStatusLike = { phase: "Pending", qosClass: "BestEffort", conditions: [scheduled] };
const fact = (over: Partial<ContainerFacts> = {}): ContainerFacts => ({
  state: running(iso(T0 + 2000)),
  restartCount: 0,
  started: true,
  ready: true,
  image: "docker.io/library/nginx:1.27",
  imageID: "docker.io/library/nginx@sha256:abc",
  containerID: "simulated://web",
  ...over,
});
const inputs = (over: Partial<PodStatusInputs> = {}): PodStatusInputs => ({
  pod: { spec: { containers: [c("web", { image: "nginx:1.27" })] }, status: apiPending },
  facts: {},
  hostIPs: ["10.0.0.3"],
  podIPs: ["10.244.3.2"],
  sandboxReady: true,
  nowMs: T0 + 3000,
  ...over,
});
const byType = (s: PodStatusLike) => Object.fromEntries((s.conditions ?? []).map((x) => [x.type, `${x.status}${x.reason ? `/${x.reason}` : ""}`]));

describe("computePodStatus", () => {
  it("a pod whose container is being created", () => {
    const s = computePodStatus(inputs());
    expect(s).toEqual({
      phase: "Pending",
      qosClass: "BestEffort",
      conditions: [
        { type: "PodReadyToStartContainers", status: "True", lastProbeTime: null, lastTransitionTime: iso(T0 + 3000) },
        { type: "Initialized", status: "True", lastProbeTime: null, lastTransitionTime: iso(T0 + 3000) },
        {
          type: "Ready",
          status: "False",
          reason: "ContainersNotReady",
          message: "containers with unready status: [web]",
          lastProbeTime: null,
          lastTransitionTime: iso(T0 + 3000),
        },
        {
          type: "ContainersReady",
          status: "False",
          reason: "ContainersNotReady",
          message: "containers with unready status: [web]",
          lastProbeTime: null,
          lastTransitionTime: iso(T0 + 3000),
        },
        scheduled,
      ],
      hostIP: "10.0.0.3",
      hostIPs: [{ ip: "10.0.0.3" }],
      podIP: "10.244.3.2",
      podIPs: [{ ip: "10.244.3.2" }],
      startTime: iso(T0 + 3000),
      containerStatuses: [
        { name: "web", state: waiting("ContainerCreating"), lastState: {}, ready: false, restartCount: 0, image: "nginx:1.27", imageID: "", started: false },
      ],
    });
  });

  it("a running, ready pod keeps startTime and unchanged transition times; recomputing it is not a change", () => {
    const first = computePodStatus(inputs());
    const second = computePodStatus(inputs({ pod: { ...inputs().pod, status: first }, facts: { web: fact() }, nowMs: T0 + 5000 }));
    expect(second.phase).toBe("Running");
    expect(second.startTime).toBe(iso(T0 + 3000));
    expect(byType(second)).toEqual({ PodReadyToStartContainers: "True", Initialized: "True", Ready: "True", ContainersReady: "True", PodScheduled: "True" });
    const times = Object.fromEntries((second.conditions ?? []).map((x) => [x.type, x.lastTransitionTime]));
    expect(times).toMatchObject({ Initialized: iso(T0 + 3000), Ready: iso(T0 + 5000), PodScheduled: iso(T0 - 60_000) });
    expect(statusChanged(first, second)).toBe(true);
    const third = computePodStatus(inputs({ pod: { ...inputs().pod, status: second }, facts: { web: fact() }, nowMs: T0 + 9000 }));
    expect(third).toEqual(second);
    expect(statusChanged(second, third)).toBe(false);
  });

  it("a completed Job pod: Succeeded, PodCompleted conditions, the pod IP kept after the sandbox is gone", () => {
    const api: PodStatusLike = { ...apiPending, phase: "Running", podIP: "10.244.3.2", podIPs: [{ ip: "10.244.3.2" }], startTime: iso(T0) };
    const s = computePodStatus(
      inputs({
        pod: { spec: { containers: [c("pi", { image: "perl:5.34" })], restartPolicy: "Never" }, status: api },
        facts: { pi: fact({ state: terminated(0), ready: false, image: "perl:5.34" }) },
        podIPs: [],
        sandboxReady: false,
      }),
    );
    expect(s.phase).toBe("Succeeded");
    expect(byType(s)).toEqual({
      PodReadyToStartContainers: "False",
      Initialized: "True/PodCompleted",
      Ready: "False/PodCompleted",
      ContainersReady: "False/PodCompleted",
      PodScheduled: "True",
    });
    expect(s.podIP).toBe("10.244.3.2");
    expect(s.startTime).toBe(iso(T0));
  });

  it("a terminal phase waits while containers could still be running", () => {
    const s = computePodStatus(
      inputs({
        pod: { spec: { containers: [c("pi")], restartPolicy: "Never" }, status: { ...apiPending, phase: "Running" } },
        facts: { pi: fact({ state: terminated(1), ready: false }) },
        couldHaveRunningContainers: true,
      }),
    );
    expect(s.phase).toBe("Running");
    expect(byType(s).Ready).toBe("False/PodFailed");
  });

  it("init containers: PodInitializing while the first runs", () => {
    const s = computePodStatus(
      inputs({
        pod: { spec: { initContainers: [c("migrate"), c("seed")], containers: [c("web")] }, status: apiPending },
        facts: { migrate: fact({ ready: false }) },
      }),
    );
    expect(s.phase).toBe("Pending");
    expect(s.conditions?.find((x) => x.type === "Initialized")).toMatchObject({
      status: "False",
      reason: "ContainersNotInitialized",
      message: "containers with incomplete status: [migrate seed]",
    });
    expect(s.initContainerStatuses?.map((x) => [x.name, x.state.running ? "running" : x.state.waiting?.reason])).toEqual([
      ["migrate", "running"],
      ["seed", "PodInitializing"],
    ]);
    expect(s.containerStatuses?.[0].state).toEqual(waiting("PodInitializing"));
  });

  it("an eviction fails the pod with its reason and message", () => {
    const s = computePodStatus(inputs({ facts: { web: fact() }, evict: { reason: "UnexpectedAdmissionError", message: "Allocate failed" } }));
    expect(s).toMatchObject({ phase: "Failed", reason: "UnexpectedAdmissionError", message: "Allocate failed" });
    expect(byType(s).Ready).toBe("False/PodFailed");
  });

  it.each<[string, Partial<PodStatusInputs>, string[]]>([
    ["a hostNetwork pod takes the node's address", { pod: { spec: { containers: [c("a")], hostNetwork: true }, status: apiPending } }, ["10.0.0.3"]],
    [
      "a dual-stack node gives a hostNetwork pod both families",
      { pod: { spec: { containers: [c("a")], hostNetwork: true }, status: apiPending }, hostIPs: ["10.0.0.3", "fd00::3"] },
      ["10.0.0.3", "fd00::3"],
    ],
    ["no address yet: none written", { podIPs: [] }, []],
  ])("pod IPs: %s", (_name, over, ips) => {
    const s = computePodStatus(inputs(over));
    expect(s.podIPs ?? []).toEqual(ips.map((ip) => ({ ip })));
    expect(s.podIP).toBe(ips[0]);
  });

  it("keeps fields it does not own and foreign conditions", () => {
    const gate = { type: "example.com/lb", status: "True", lastTransitionTime: iso(T0) };
    const s = computePodStatus(
      inputs({
        pod: {
          spec: { containers: [c("web")], readinessGates: [{ conditionType: "example.com/lb" }] },
          status: { ...apiPending, nominatedNodeName: "n1", conditions: [gate, scheduled] },
        },
        facts: { web: fact() },
      }),
    );
    expect(s.nominatedNodeName).toBe("n1");
    expect(s.conditions?.[0]).toEqual(gate);
    expect(byType(s).Ready).toBe("True");
  });
});
