import { describe, expect, it } from "vitest";
import { statusChanged } from "../../../../worker/kubelet/status/status-changed";
import type { PodStatusLike } from "../../../../worker/kubelet/status/types";
import { cs, running } from "./fixtures";

const base: PodStatusLike = {
  phase: "Running",
  conditions: [
    { type: "Initialized", status: "True", lastTransitionTime: "2025-01-01T00:00:00Z" },
    { type: "Ready", status: "True", lastTransitionTime: "2025-01-01T00:00:05Z" },
    { type: "example.com/lb", status: "True" },
  ],
  podIP: "10.244.3.2",
  podIPs: [{ ip: "10.244.3.2" }],
  startTime: "2025-01-01T00:00:00Z",
  containerStatuses: [cs("a", running(), { ready: true }), cs("b", running(), { ready: true })],
};

const withConditions = (conditions: PodStatusLike["conditions"]): PodStatusLike => ({ ...base, conditions });

describe("statusChanged (isPodStatusByKubeletEqual)", () => {
  it.each<[string, PodStatusLike | undefined, PodStatusLike, boolean]>([
    ["identical", base, structuredClone(base), false],
    ["nothing stored yet", undefined, base, true],
    ["kubelet conditions in another order", base, withConditions([...base.conditions!].reverse()), false],
    [
      "only a transition time differs",
      base,
      withConditions([{ ...base.conditions![0], lastTransitionTime: "2030-01-01T00:00:00Z" }, base.conditions![1], base.conditions![2]]),
      false,
    ],
    ["a condition's status differs", base, withConditions([base.conditions![0], { type: "Ready", status: "False" }, base.conditions![2]]), true],
    [
      "a condition's message differs",
      base,
      withConditions([base.conditions![0], { ...base.conditions![1], message: "m" }, base.conditions![2]]),
      true,
    ],
    ["a kubelet condition appears", base, withConditions([...base.conditions!, { type: "ContainersReady", status: "True" }]), true],
    ["a foreign condition differs (not the kubelet's to write)", base, withConditions([base.conditions![0], base.conditions![1], { type: "example.com/lb", status: "False" }]), false],
    ["the phase differs", base, { ...base, phase: "Succeeded" }, true],
    ["a container's readiness differs", base, { ...base, containerStatuses: [base.containerStatuses![0], { ...base.containerStatuses![1], ready: false }] }, true],
    ["container statuses in another order", base, { ...base, containerStatuses: [...base.containerStatuses!].reverse() }, true],
    ["an absent list equals an empty one", { ...base, hostIPs: [] }, { ...base, hostIPs: undefined }, false],
    ["an empty string equals an absent field", { ...base, message: "" }, base, false],
    ["times compare as instants at second precision", base, { ...base, startTime: "2025-01-01T00:00:00.000Z" }, false],
    ["a different start time", base, { ...base, startTime: "2025-01-01T00:00:01Z" }, true],
    ["a new pod IP", base, { ...base, podIPs: [{ ip: "10.244.3.2" }, { ip: "fd00::2" }] }, true],
  ])("%s → %s", (_name, stored, next, changed) => expect(statusChanged(stored, next)).toBe(changed));
});
