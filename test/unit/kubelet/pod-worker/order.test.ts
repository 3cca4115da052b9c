import { describe, expect, it } from "vitest";
import type { PodAction } from "../../../../worker/kubelet/pod-worker";
import { ctr, imagesOf, mkPod, Node, RUN, S, T0 } from "./fixtures";

const starts = (actions: PodAction[]) => actions.flatMap((a) => (a.kind === "startContainer" ? [a.container] : []));
const images = imagesOf("i1:1", "i2:1", "s1:1", "s2:1", "a:1", "b:1");
const runKind = () => ({ containerID: `isolate://${Math.random().toString(36).slice(2)}`, kind: RUN });

describe("init containers run one at a time, in order, each to exit 0 (computeInitContainerActions)", () => {
  it("starts i1, then i2 after i1 succeeds, then every app container together", () => {
    const node = new Node(mkPod([ctr("a"), ctr("b")], { initContainers: [ctr("i1"), ctr("i2")] }), images, { start: runKind }).sync();
    expect(starts(node.takeActions())).toEqual(["i1"]);
    expect(node.status().phase).toBe("Pending");
    expect(node.status().containerStatuses?.map((s) => s.state.waiting?.reason)).toEqual(["PodInitializing", "PodInitializing"]);

    node.now = T0 + S;
    node.exit("i1", 0).sync();
    expect(starts(node.takeActions())).toEqual(["i2"]);

    node.now = T0 + 2 * S;
    node.exit("i2", 0).sync();
    expect(starts(node.takeActions())).toEqual(["a", "b"]);
    expect(node.status().phase).toBe("Running");
    expect(node.status().conditions?.find((c) => c.type === "Initialized")?.status).toBe("True");
    expect(node.at(T0 + 3 * S).takeActions()).toEqual([]);
  });

  it.each<[string, string, string[], string]>([
    ["Always: a failed init container is restarted (with back-off)", "Always", ["i1"], "Pending"],
    ["OnFailure: restarted too", "OnFailure", ["i1"], "Pending"],
    ["Never: the pod fails and nothing else starts", "Never", [], "Failed"],
  ])("%s", (_, restartPolicy, restarted, phase) => {
    const node = new Node(mkPod([ctr("a")], { restartPolicy, initContainers: [ctr("i1")] }), images, { start: runKind }).sync();
    node.takeActions();
    node.now = T0 + S;
    node.exit("i1", 1).sync();
    expect(starts(node.takeActions())).toEqual(restarted);
    expect(node.status().phase).toBe(phase);
    if (restartPolicy === "Never") {
      expect(node.status().initContainerStatuses?.[0].state.terminated?.reason).toBe("Error");
      expect(node.status().containerStatuses?.[0].state.waiting?.reason).toBe("PodInitializing");
    }
  });

  it("a second init failure waits out the CrashLoopBackOff before the next try", () => {
    const node = new Node(mkPod([ctr("a")], { initContainers: [ctr("i1")] }), images, { start: runKind }).sync();
    node.now = T0 + S;
    node.exit("i1", 1).sync();
    node.now = T0 + 2 * S;
    node.takeActions();
    node.exit("i1", 1).sync();
    node.takeEvents();
    expect(node.state("i1")).toBe("waiting:CrashLoopBackOff");
    expect(node.wakeAtMs).toBe(T0 + 12 * S);
    expect(starts(node.takeActions())).toEqual([]);
    node.wake();
    expect(starts(node.takeActions())).toEqual(["i1"]);
    expect(node.facts().i1.restartCount).toBe(2);
  });
});

describe("sidecars (init containers with restartPolicy Always)", () => {
  const startup = { httpGet: { path: "/ready", port: 8080 }, periodSeconds: 1 };

  it("start in order, each once started (startup probe), then the app containers; they keep running", () => {
    let ready = false;
    const pod = mkPod([ctr("a")], { initContainers: [ctr("s1", { restartPolicy: "Always", startupProbe: startup }), ctr("s2", { restartPolicy: "Always" })] });
    const node = new Node(pod, images, { probe: () => (ready ? { result: "success" } : { result: "failure", output: "HTTP probe failed with statuscode: 503" }) }).sync();
    expect(starts(node.takeActions())).toEqual(["s1"]);
    node.at(T0 + S);
    expect(starts(node.takeActions())).toEqual([]);
    expect(node.takeEvents()).toContain("Unhealthy: Startup probe failed: HTTP probe failed with statuscode: 503");
    ready = true;
    node.at(T0 + 2 * S);
    expect(starts(node.takeActions())).toEqual(["s2", "a"]);
    expect(node.status().phase).toBe("Running");
  });

  it("a sidecar that exits after initialization is restarted whatever the pod's restartPolicy", () => {
    const pod = mkPod([ctr("a")], { restartPolicy: "Never", initContainers: [ctr("s1", { restartPolicy: "Always" })] });
    const node = new Node(pod, images).sync();
    node.takeActions();
    node.now = T0 + S;
    node.exit("s1", 2).sync();
    expect(starts(node.takeActions())).toEqual(["s1"]);
    expect(node.facts().s1.restartCount).toBe(1);
  });

  it("once the app containers are done (Never), the sidecars are stopped and the pod Succeeds", () => {
    const pod = mkPod([ctr("a")], { restartPolicy: "Never", initContainers: [ctr("s1", { restartPolicy: "Always" })] });
    const node = new Node(pod, images, { kill: () => 143 }).sync();
    node.takeActions();
    node.now = T0 + 5 * S;
    node.exit("a", 0).sync();
    expect(node.takeEvents()).toContain("Killing: Stopping container s1");
    expect(starts(node.takeActions())).toEqual([]);
    expect(node.status().phase).toBe("Succeeded");
  });
});
