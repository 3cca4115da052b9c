import { describe, expect, it } from "vitest";
import { onPreStopDone, podIsTerminal, type HandlerSpec, type PodAction, type PreStopResult } from "../../../../worker/kubelet/pod-worker";
import { ctr, imagesOf, mkPod, Node, POD_KEY, S, T0 } from "./fixtures";

const of = <K extends PodAction["kind"]>(actions: PodAction[], kind: K) => actions.filter((a): a is Extract<PodAction, { kind: K }> => a.kind === kind);

function running(preStop?: HandlerSpec, runtime: { preStop?: (c: string) => PreStopResult | "pending"; kill?: (c: string) => number | "pending" } = {}) {
  const c = ctr("app", preStop ? { lifecycle: { preStop } } : {});
  const node = new Node(mkPod([c], { terminationGracePeriodSeconds: 30 }), imagesOf("app:1"), runtime).sync();
  node.takeActions();
  node.takeEvents();
  return node;
}

describe("graceful deletion (SyncTerminatingPod)", () => {
  it("stops every container with the grace period, then asks for the final delete once all have stopped", () => {
    const node = running(undefined, { kill: () => "pending" });
    node.deleteAt(T0 + 10 * S);
    expect(node.takeEvents()).toEqual(["Killing: Stopping container app"]);
    expect(of(node.takeActions(), "killContainer")).toEqual([
      { kind: "killContainer", container: "app", containerID: expect.any(String), gracePeriodMs: 30_000, reason: "deletion" },
    ]);
    expect(node.deleted).toBe(false);
    expect(podIsTerminal(node.pod, node.record)).toBe(false);
    expect(node.at(T0 + 12 * S).takeActions()).toEqual([]);

    node.now = T0 + 13 * S;
    node.exit("app", 143).sync();
    expect(node.deleted).toBe(true);
    expect(node.takeActions()).toEqual([{ kind: "deletePod" }]);
    expect(podIsTerminal(node.pod, node.record)).toBe(true);
    expect(node.status().phase).toBe("Failed");
    expect(node.at(T0 + 14 * S).takeActions()).toEqual([]);
  });

  it.each<[string, number, string]>([
    ["a container that exits 0 on SIGTERM leaves the pod Succeeded", 0, "Succeeded"],
    ["one killed at the deadline leaves it Failed", 137, "Failed"],
  ])("%s", (_, code, phase) => {
    const node = running(undefined, { kill: () => code });
    node.deleteAt(T0 + 10 * S);
    expect(node.status().phase).toBe(phase);
    expect(node.facts().app.state.terminated?.exitCode).toBe(code);
  });

  it("a second delete with a shorter grace period shortens the deadline; nothing is restarted meanwhile", () => {
    const node = running({ sleep: { seconds: 20 } }, { kill: () => "pending" });
    node.deleteAt(T0 + 10 * S, 30);
    expect(node.wakeAtMs).toBe(T0 + 30 * S);
    node.deleteAt(T0 + 11 * S, 5);
    expect(node.wakeAtMs).toBe(T0 + 15 * S);
    node.wake();
    expect(of(node.takeActions(), "killContainer")[0].gracePeriodMs).toBe(2000);
  });

  it("a pod deleted before anything ran is deleted at once", () => {
    const node = new Node(mkPod([ctr("app")]), {}, { pull: () => ({ ok: false, message: "not found" }) }).sync();
    node.takeActions();
    node.deleteAt(T0 + 5 * S);
    expect(node.takeActions()).toEqual([{ kind: "deletePod" }]);
    expect(node.facts()).toEqual({});
  });
});

describe("preStop hooks (executePreStopHook) run before the stop, inside the grace period", () => {
  it.each<[string, HandlerSpec, PreStopResult | "pending", number, number, string[]]>([
    ["httpGet that succeeds after 5 s: the rest of the grace period", { httpGet: { path: "/stop", port: 8080 } }, { ok: true }, 5, 25_000, []],
    [
      "httpGet that fails: FailedPreStopHook, then the stop",
      { httpGet: { path: "/stop", port: 8080 } },
      { ok: false, error: "Get \"http://10.0.0.5:8080/stop\": connection refused" },
      1,
      29_000,
      [`FailedPreStopHook: HTTP lifecycle hook (/stop) for Container "app" in Pod "${POD_KEY}" failed - error: Get "http://10.0.0.5:8080/stop": connection refused`],
    ],
    ["httpGet that hangs past the deadline: the 2 s minimum", { httpGet: { path: "/stop", port: 8080 } }, "pending", 30, 2000, []],
    ["sleep 5: waited here", { sleep: { seconds: 5 } }, "pending", 5, 25_000, []],
  ])("%s", (_, hook, result, doneAfterS, grace, events) => {
    const node = running(hook, { preStop: () => "pending", kill: () => 0 });
    node.deleteAt(T0 + 10 * S);
    const first = node.takeActions();
    expect(of(first, "killContainer")).toEqual([]);
    if (hook.httpGet) expect(of(first, "runPreStop")).toMatchObject([{ container: "app", handler: hook, timeoutMs: 30_000 }]);
    node.now = T0 + (10 + doneAfterS) * S;
    if (result !== "pending") node.record = onPreStopDone(node.record, "app", result);
    node.sync();
    expect(node.takeEvents().slice(1)).toEqual(events);
    expect(of(node.takeActions(), "killContainer").map((a) => a.gracePeriodMs)).toEqual([grace]);
  });

  it("exec against an isolate without exec: FailedPreStopHook and an immediate stop", () => {
    const node = running({ exec: { command: ["nginx", "-s", "quit"] } }, { kill: () => 0 });
    node.deleteAt(T0 + 10 * S);
    expect(node.takeEvents()).toEqual([
      "Killing: Stopping container app",
      `FailedPreStopHook: Exec lifecycle hook ([nginx -s quit]) for Container "app" in Pod "${POD_KEY}" failed - error: exec is not supported by the isolate runtime: the container does not export exec, message: ""`,
    ]);
    expect(of(node.takeActions(), "killContainer").map((a) => a.gracePeriodMs)).toEqual([30_000]);
  });
});

describe("termination order with sidecars (kuberuntime_termination_order.go)", () => {
  it("app containers stop first, then sidecars in reverse order", () => {
    const pod = mkPod([ctr("a")], {
      initContainers: [ctr("s1", { restartPolicy: "Always" }), ctr("s2", { restartPolicy: "Always" })],
      terminationGracePeriodSeconds: 30,
    });
    const node = new Node(pod, imagesOf("a:1", "s1:1", "s2:1"), { kill: () => "pending" }).sync();
    node.takeActions();
    node.takeEvents();
    node.deleteAt(T0 + 10 * S);
    expect(node.takeEvents()).toEqual(["Killing: Stopping container s1", "Killing: Stopping container s2", "Killing: Stopping container a"]);
    expect(of(node.takeActions(), "killContainer").map((a) => a.container)).toEqual(["a"]);
    node.now = T0 + 12 * S;
    node.exit("a", 0).sync();
    expect(of(node.takeActions(), "killContainer").map((a) => [a.container, a.gracePeriodMs])).toEqual([["s2", 28_000]]);
    node.now = T0 + 13 * S;
    node.exit("s2", 0).sync();
    expect(of(node.takeActions(), "killContainer").map((a) => [a.container, a.gracePeriodMs])).toEqual([["s1", 27_000]]);
    node.now = T0 + 14 * S;
    node.exit("s1", 0).sync();
    expect(node.takeActions()).toEqual([{ kind: "deletePod" }]);
  });
});

describe("terminal pods are not restarted", () => {
  it("a pod whose phase is already Failed has its containers stopped and never started again", () => {
    const node = running(undefined, { kill: () => 137 });
    node.pod = { ...node.pod, status: { phase: "Failed" } };
    node.at(T0 + 5 * S);
    expect(node.takeEvents()).toEqual(["Killing: Stopping container app"]);
    expect(of(node.takeActions(), "startContainer")).toEqual([]);
    expect(node.at(T0 + 600 * S).takeActions()).toEqual([]);
    expect(node.deleted).toBe(false);
  });
});

