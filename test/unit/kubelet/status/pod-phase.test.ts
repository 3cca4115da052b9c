import { describe, expect, it } from "vitest";
import { getPhase, type PhaseInputs, type PodPhase, resolvePhase } from "../../../../worker/kubelet/status/pod-phase";
import type { ContainerStatus, PodSpecLike } from "../../../../worker/kubelet/status/types";
import { c, cs, running, sidecar, spec, terminated, waiting } from "./fixtures";

const crashed = (name: string, exitCode = 1) => cs(name, waiting("CrashLoopBackOff"), { lastState: terminated(exitCode) });

describe("getPhase", () => {
  it.each<[string, PodSpecLike, ContainerStatus[], boolean, PodPhase]>([
    ["no statuses yet", spec(["a"]), [], false, "Pending"],
    ["a container still creating", spec(["a", "b"]), [cs("a", running()), cs("b", waiting())], false, "Pending"],
    ["all running", spec(["a", "b"]), [cs("a", running()), cs("b", running())], false, "Running"],
    ["one running, one unknown", spec(["a", "b"]), [cs("a", running())], false, "Pending"],
    ["Always: all exited → still Running (restarting)", spec(["a"]), [cs("a", terminated(0))], false, "Running"],
    ["Always: crash-looping after a first run", spec(["a"]), [crashed("a")], false, "Running"],
    ["OnFailure: all exited 0 → Succeeded", spec(["a", "b"], { restartPolicy: "OnFailure" }), [cs("a", terminated(0)), cs("b", terminated(0))], false, "Succeeded"],
    ["OnFailure: one failed → Running (restarting)", spec(["a"], { restartPolicy: "OnFailure" }), [cs("a", terminated(2))], false, "Running"],
    ["Never: one failed → Failed", spec(["a", "b"], { restartPolicy: "Never" }), [cs("a", terminated(0)), cs("b", terminated(1))], false, "Failed"],
    ["Never: one still running", spec(["a", "b"], { restartPolicy: "Never" }), [cs("a", running()), cs("b", terminated(1))], false, "Running"],
    ["terminal pod, Always, all exited 0 → Succeeded", spec(["a"]), [cs("a", terminated(0))], true, "Succeeded"],
    ["terminal pod, Always, one exited 137 → Failed", spec(["a"]), [cs("a", terminated(137))], true, "Failed"],
    [
      "init container running → Pending",
      spec(["app"], { initContainers: [c("init")] }),
      [cs("init", running()), cs("app", waiting("PodInitializing"))],
      false,
      "Pending",
    ],
    [
      "init container failed, Never → Failed",
      spec(["app"], { initContainers: [c("init")], restartPolicy: "Never" }),
      [cs("init", terminated(1)), cs("app", waiting("PodInitializing"))],
      false,
      "Failed",
    ],
    [
      "init container crash-looping, Always → Pending",
      spec(["app"], { initContainers: [c("init")] }),
      [crashed("init"), cs("app", waiting("PodInitializing"))],
      false,
      "Pending",
    ],
    [
      "init done, app running → Running",
      spec(["app"], { initContainers: [c("init")] }),
      [cs("init", terminated(0)), cs("app", running())],
      false,
      "Running",
    ],
    [
      "sidecar running but not started → Pending",
      spec(["app"], { initContainers: [sidecar("proxy")] }),
      [cs("proxy", running(), { started: false }), cs("app", waiting("PodInitializing"))],
      false,
      "Pending",
    ],
    [
      "sidecar restarting after the app started → Running",
      spec(["app"], { initContainers: [sidecar("proxy")] }),
      [cs("proxy", running(), { started: false }), cs("app", running())],
      false,
      "Running",
    ],
    [
      "job with a sidecar: app done, sidecar stopped, OnFailure → Succeeded",
      spec(["app"], { initContainers: [sidecar("proxy")], restartPolicy: "OnFailure" }),
      [cs("proxy", terminated(137)), cs("app", terminated(0))],
      false,
      "Succeeded",
    ],
  ])("%s", (_name, podSpec, statuses, podIsTerminal, phase) => expect(getPhase(podSpec, statuses, podIsTerminal)).toBe(phase));
});

describe("resolvePhase (generateAPIPodStatus' terminal rules)", () => {
  it.each<[string, PhaseInputs, { phase: string; reason?: string; message?: string }]>([
    ["nothing recorded: the computed phase", { computed: "Running" }, { phase: "Running", reason: undefined, message: undefined }],
    [
      "unchanged phase keeps reason and message",
      { computed: "Running", previous: { phase: "Running", reason: "R", message: "M" } },
      { phase: "Running", reason: "R", message: "M" },
    ],
    ["a changed phase drops them", { computed: "Running", previous: { phase: "Pending", reason: "R" } }, { phase: "Running", reason: undefined, message: undefined }],
    [
      "a terminal phase already recorded wins over a non-terminal one",
      { computed: "Running", previous: { phase: "Failed", reason: "Evicted", message: "m" } },
      { phase: "Failed", reason: "Evicted", message: "m" },
    ],
    ["the API's terminal phase wins too", { computed: "Pending", previous: { phase: "Running" }, api: { phase: "Succeeded" } }, { phase: "Succeeded", reason: undefined, message: undefined }],
    [
      "an eviction forces Failed",
      { computed: "Running", previous: { phase: "Running" }, evict: { reason: "Evicted", message: "The node was low on resource: memory." } },
      { phase: "Failed", reason: "Evicted", message: "The node was low on resource: memory." },
    ],
    ["Succeeded in the API is never left, even for Failed", { computed: "Failed", api: { phase: "Succeeded" } }, { phase: "Succeeded", reason: undefined, message: undefined }],
  ])("%s", (_name, inputs, expected) => expect(resolvePhase(inputs)).toEqual(expected));
});
