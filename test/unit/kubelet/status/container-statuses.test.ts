import { describe, expect, it } from "vitest";
import { type ContainerFacts, containerStatuses, type ContainerStatusInputs } from "../../../../worker/kubelet/status/container-statuses";
import type { ContainerStatus } from "../../../../worker/kubelet/status/types";
import { c, cs, iso, running, sidecar, T0, terminated, waiting } from "./fixtures";

const facts = (over: Partial<ContainerFacts> = {}): ContainerFacts => ({
  state: running(),
  restartCount: 0,
  started: true,
  ready: true,
  image: "docker.io/library/nginx:1.27",
  imageID: "docker.io/library/nginx@sha256:abc",
  containerID: "isolate://1",
  ...over,
});

const inputs = (over: Partial<ContainerStatusInputs>): ContainerStatusInputs => ({
  containers: [c("web", { image: "nginx:1.27" })],
  facts: {},
  previous: [],
  hasInitContainers: false,
  isInit: false,
  containersInPod: 1,
  ...over,
});

describe("containerStatuses", () => {
  it.each<[string, Partial<ContainerStatusInputs>, ContainerStatus[]]>([
    [
      "before the runtime knows the container: ContainerCreating",
      {},
      [{ name: "web", state: waiting("ContainerCreating"), lastState: {}, ready: false, restartCount: 0, image: "nginx:1.27", imageID: "", started: false }],
    ],
    [
      "with init containers the default is PodInitializing, and old counters carry over",
      { hasInitContainers: true, previous: [cs("web", waiting("X"), { restartCount: 2, lastState: terminated(1) })] },
      [{ name: "web", state: waiting("PodInitializing"), lastState: terminated(1), ready: false, restartCount: 2, image: "nginx:1.27", imageID: "", started: false }],
    ],
    [
      "a terminated status is kept once the runtime forgets the container",
      { previous: [cs("web", terminated(0), { image: "nginx:1.27", imageID: "sha", started: false })] },
      [cs("web", terminated(0), { image: "nginx:1.27", imageID: "sha", started: false })],
    ],
    [
      "runtime facts, running and ready",
      { facts: { web: facts() } },
      [
        {
          name: "web",
          state: running(),
          lastState: {},
          ready: true,
          restartCount: 0,
          image: "docker.io/library/nginx:1.27",
          imageID: "docker.io/library/nginx@sha256:abc",
          containerID: "isolate://1",
          started: true,
        },
      ],
    ],
    [
      "a waiting container is neither started nor ready whatever the probes said",
      { facts: { web: facts({ state: waiting("CrashLoopBackOff", "back-off 10s restarting failed container=web pod=p_ns(u)"), restartCount: 1 }) } },
      [
        expect.objectContaining({
          state: waiting("CrashLoopBackOff", "back-off 10s restarting failed container=web pod=p_ns(u)"),
          ready: false,
          started: false,
          restartCount: 1,
        }),
      ],
    ],
  ])("%s", (_name, over, expected) => expect(containerStatuses(inputs(over))).toEqual(expected));

  it("app statuses are sorted by name; init statuses keep spec order", () => {
    const containers = [c("zeta"), c("alpha"), c("mid")];
    expect(containerStatuses(inputs({ containers })).map((s) => s.name)).toEqual(["alpha", "mid", "zeta"]);
    expect(containerStatuses(inputs({ containers, isInit: true, hasInitContainers: true })).map((s) => s.name)).toEqual(["zeta", "alpha", "mid"]);
  });

  it.each<[string, ContainerFacts, boolean, boolean]>([
    ["a regular init container is ready once it exited 0", facts({ state: terminated(0), ready: false, started: false }), true, false],
    ["… not when it failed", facts({ state: terminated(1), ready: true }), false, false],
    ["… and not while running", facts({ ready: true }), false, true],
  ])("%s", (_name, f, ready, started) => {
    const [s] = containerStatuses(inputs({ containers: [c("init")], facts: { init: f }, isInit: true, hasInitContainers: true }));
    expect({ ready: s.ready, started: s.started }).toEqual({ ready, started });
  });

  it("a sidecar follows its probes like an app container", () => {
    const [s] = containerStatuses(inputs({ containers: [sidecar("proxy")], facts: { proxy: facts({ ready: false }) }, isInit: true }));
    expect({ ready: s.ready, started: s.started }).toEqual({ ready: false, started: true });
  });

  it("normalises times to whole seconds and cuts termination messages to the shared 12 KiB", () => {
    const long = "é".repeat(5000); // 10,000 bytes
    const f = facts({
      state: { terminated: { exitCode: 1, message: long, startedAt: new Date(T0 + 1234).toISOString(), finishedAt: iso(T0 + 9000) } },
    });
    const [s] = containerStatuses(inputs({ facts: { web: f }, containersInPod: 2 }));
    expect(s.state.terminated?.startedAt).toBe(iso(T0 + 1000));
    expect(new TextEncoder().encode(s.state.terminated?.message).length).toBe(6144);
    const [whole] = containerStatuses(inputs({ facts: { web: f }, containersInPod: 1 }));
    expect(whole.state.terminated?.message).toBe(long);
  });
});
