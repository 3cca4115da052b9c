import { describe, expect, it } from "vitest";
import { selectLogInstance, type LogInstance } from "../../../../worker/kubelet/logs/instance";
import type { ContainerState, ContainerStatus } from "../../../../worker/kubelet/status/types";

const cs = (state: ContainerState, restartCount = 0, lastState: ContainerState = {}, name = "app"): ContainerStatus => ({
  name,
  state,
  lastState,
  restartCount,
  ready: false,
  image: "img",
  imageID: "",
  containerID: `isolate://${name}-${restartCount}`,
});
const terminated = (containerID?: string): ContainerState => ({ terminated: { exitCode: 1, ...(containerID ? { containerID } : {}) } });

describe("selectLogInstance (validateContainerLogStatus)", () => {
  it.each<[string, ContainerStatus[], boolean, LogInstance]>([
    ["running", [cs({ running: {} }, 2)], false, { ok: true, instance: 2, running: true, containerID: "isolate://app-2" }],
    ["terminated", [cs(terminated(), 1)], false, { ok: true, instance: 1, running: false, containerID: "isolate://app-1" }],
    ["terminated, its own id", [cs(terminated("x://t"), 1)], false, { ok: true, instance: 1, running: false, containerID: "x://t" }],
    ["crash loop: the instance that last ran", [cs({ waiting: { reason: "CrashLoopBackOff" } }, 3, terminated("x://3"))], false, { ok: true, instance: 3, running: false, containerID: "x://3" }],
    ["previous of a running one", [cs({ running: {} }, 2, terminated("x://1"))], true, { ok: true, instance: 1, running: false, containerID: "x://1" }],
    ["previous in a crash loop is the crashed one", [cs({ waiting: { reason: "CrashLoopBackOff" } }, 3, terminated())], true, { ok: true, instance: 3, running: false }],
    ["previous without a last state", [cs({ running: {} })], true, { ok: false, message: 'previous terminated container "app" in pod "p" not found' }],
    ["waiting to start", [cs({ waiting: { reason: "ContainerCreating" } })], false, { ok: false, message: 'container "app" in pod "p" is waiting to start: ContainerCreating' }],
    ["image pull failing", [cs({ waiting: { reason: "ErrImagePull" } })], false, { ok: false, message: "container \"app\" in pod \"p\" is waiting to start: image can't be pulled" }],
    ["image pull back-off", [cs({ waiting: { reason: "ImagePullBackOff" } })], false, { ok: false, message: 'container "app" in pod "p" is waiting to start: trying and failing to pull image' }],
    ["no state at all", [cs({})], false, { ok: false, message: 'container "app" in pod "p" is waiting to start - no logs yet' }],
    ["no status for it", [cs({ running: {} }, 0, {}, "other")], false, { ok: false, message: 'container "app" in pod "p" is not available' }],
  ])("%s", (_name, statuses, previous, expected) => {
    expect(selectLogInstance("p", { containerStatuses: statuses }, "app", previous)).toEqual(expected);
  });

  it("finds init and ephemeral containers", () => {
    expect(selectLogInstance("p", { initContainerStatuses: [cs(terminated(), 0, {}, "app")] }, "app", false)).toMatchObject({ ok: true, instance: 0 });
    expect(selectLogInstance("p", { ephemeralContainerStatuses: [cs({ running: {} }, 0, {}, "app")] }, "app", false)).toMatchObject({ ok: true, running: true });
  });
});
