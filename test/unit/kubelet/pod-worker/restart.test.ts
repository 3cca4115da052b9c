import { describe, expect, it } from "vitest";
import type { PodAction } from "../../../../worker/kubelet/pod-worker";
import { ctr, imagesOf, mkPod, Node, POD_KEY, RUN, S, T0 } from "./fixtures";

const starts = (actions: PodAction[]) => actions.flatMap((a) => (a.kind === "startContainer" ? [a.container] : []));
const run = () => ({ containerID: `isolate://${Math.random().toString(36).slice(2)}`, kind: RUN });

describe("restartPolicy for app containers (ShouldContainerBeRestarted)", () => {
  it.each<[string, number, boolean, string, string]>([
    ["Always", 0, true, "running", "Running"],
    ["Always", 1, true, "running", "Running"],
    ["OnFailure", 0, false, "terminated:Completed", "Succeeded"],
    ["OnFailure", 1, true, "running", "Running"],
    ["Never", 0, false, "terminated:Completed", "Succeeded"],
    ["Never", 3, false, "terminated:Error", "Failed"],
  ])("%s, exit %i: restarted %s", (restartPolicy, code, restarted, state, phase) => {
    const node = new Node(mkPod([ctr("app")], { restartPolicy }), imagesOf("app:1"), { start: run }).sync();
    node.takeActions();
    node.now = T0 + 5 * S;
    node.exit("app", code).sync();
    expect(starts(node.takeActions())).toEqual(restarted ? ["app"] : []);
    expect(node.state("app")).toBe(state);
    expect(node.status().phase).toBe(phase);
    expect(node.facts().app.restartCount).toBe(restarted ? 1 : 0);
  });
});

describe("CrashLoopBackOff", () => {
  it("restarts at once the first time, then backs off 10 s, 20 s, 40 s … with upstream's texts", () => {
    const node = new Node(mkPod([ctr("app")]), imagesOf("app:1"), { start: run }).sync();
    node.takeEvents();
    node.now = T0 + 5 * S;
    node.exit("app", 1).sync();
    expect(node.takeEvents()).toEqual([
      'Pulled: Container image "app:1" already present on machine',
      "Created: Created container: app",
      "Started: Started container app",
    ]);
    const first = node.facts().app;
    expect(first.restartCount).toBe(1);
    expect(first.lastState?.terminated).toMatchObject({ exitCode: 1, reason: "Error", finishedAt: "2025-01-01T00:00:05Z" });

    node.now = T0 + 6 * S;
    node.exit("app", 1).sync();
    expect(node.takeEvents()).toEqual([`BackOff: Back-off restarting failed container app in pod ${POD_KEY}`]);
    expect(node.facts().app.state).toEqual({
      waiting: { reason: "CrashLoopBackOff", message: `back-off 10s restarting failed container=app pod=${POD_KEY}` },
    });
    expect(node.facts().app.lastState?.terminated?.exitCode).toBe(1);
    expect(node.status().phase).toBe("Running");
    expect(node.wakeAtMs).toBe(T0 + 16 * S);
    expect(node.at(T0 + 10 * S).takeEvents()).toEqual([]);

    node.wake();
    expect(node.state("app")).toBe("running");
    expect(node.facts().app.restartCount).toBe(2);
    node.now = T0 + 17 * S;
    node.exit("app", 1).sync();
    expect(node.facts().app.state.waiting?.message).toBe(`back-off 20s restarting failed container=app pod=${POD_KEY}`);
    expect(node.wakeAtMs).toBe(T0 + 37 * S);
  });

  it("a start the runtime refuses (the module throws at load) counts as an instance ending in StartError", () => {
    const node = new Node(mkPod([ctr("app")], { restartPolicy: "Never" }), imagesOf("app:1"), { start: () => ({ error: "Uncaught SyntaxError: x" }) }).sync();
    expect(node.takeEvents()).toEqual([
      'Pulled: Container image "app:1" already present on machine',
      "Created: Created container: app",
      "Failed: Error: Uncaught SyntaxError: x",
    ]);
    expect(node.facts().app.state.terminated).toMatchObject({ exitCode: 128, reason: "StartError", message: "Uncaught SyntaxError: x" });
    expect(node.status().phase).toBe("Failed");
  });
});

describe("a container whose definition changed is restarted (containerChanged)", () => {
  it("kills it with upstream's message, starts the new image at once, and keeps counting restarts", () => {
    const node = new Node(mkPod([ctr("app", { image: "app:1" })], { restartPolicy: "Never" }), imagesOf("app:1", "app:2"), { start: run }).sync();
    node.takeEvents();
    node.takeActions();
    node.pod = mkPod([ctr("app", { image: "app:2" })], { restartPolicy: "Never" });
    node.at(T0 + 10 * S);
    const actions = node.takeActions();
    expect(actions.find((a) => a.kind === "killContainer")).toMatchObject({ container: "app", gracePeriodMs: 30_000, reason: "specChanged" });
    expect(node.takeEvents()).toEqual([
      "Killing: Container app definition changed, will be restarted",
      'Pulled: Container image "app:2" already present on machine',
      "Created: Created container: app",
      "Started: Started container app",
    ]);
    expect(starts(actions)).toEqual(["app"]);
    expect(node.facts().app).toMatchObject({ restartCount: 1, image: "app:2" });
    expect(node.at(T0 + 20 * S).takeActions()).toEqual([]);
  });
});
