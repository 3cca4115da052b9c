/** DaemonSetsController.manage as a plan: creations, deletions, failed-pod back-off and surge pruning. */
import { describe, expect, it } from "vitest";
import { failedPodsBackoffKey, planManage, type BackoffEntry } from "../../../../worker/controllers/daemonset";
import { byNode, daemonSet, HASH, node, NOW, OLD_HASH, pod } from "./fixtures";

const ctx = (backoff: Map<string, BackoffEntry> = new Map()) => ({ hash: HASH, now: NOW.getTime(), backoff });
const surge = { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } };
const taint = { key: "dedicated", value: "x", effect: "NoSchedule" };
const evict = { key: "dedicated", value: "x", effect: "NoExecute" };

describe("manage", () => {
  it.each([
    ["converged: one running pod per node → no actions", [node("a"), node("b")], [pod("pa", "a"), pod("pb", "b")], daemonSet(), [], []],
    ["converged: a not-ready pod stays", [node("a")], [pod("pa", "a", { ready: false })], daemonSet(), [], []],
    ["converged: an old-revision pod stays (the rolling update replaces it)", [node("a")], [pod("pa", "a", { hash: OLD_HASH })], daemonSet(), [], []],
    ["a node without a pod gets one", [node("a"), node("b")], [pod("pa", "a")], daemonSet(), ["b"], []],
    ["no node, no pod", [], [], daemonSet(), [], []],
    ["a pending pod pinned to the node counts", [node("a")], [pod("pa", "a", { bound: false })], daemonSet(), [], []],
    ["a node with a NoSchedule taint gets none but keeps its pod", [node("a", { taints: [taint] }), node("b", { taints: [taint] })], [pod("pa", "a")], daemonSet(), [], []],
    ["a NoExecute taint evicts", [node("a", { taints: [evict] })], [pod("pa", "a")], daemonSet(), [], ["pa"]],
    ["a node leaving the selector loses its pod", [node("a")], [pod("pa", "a")], daemonSet({ podSpec: { nodeSelector: { pool: "x" } } }), [], ["pa"]],
    ["an extra running pod goes, the oldest stays", [node("a")], [pod("young", "a", { created: "2024-06-01T11:00:00Z" }), pod("old", "a")], daemonSet(), [], ["young"]],
    ["a bound pod outranks an older pending one", [node("a")], [pod("pending", "a", { bound: false, created: "2024-06-01T09:00:00Z" }), pod("bound", "a")], daemonSet(), [], ["pending"]],
    ["a terminating pod blocks a replacement", [node("a")], [pod("pa", "a", { deleting: true })], daemonSet(), [], []],
    ["a succeeded pod is deleted", [node("a")], [pod("pa", "a", { phase: "Succeeded" })], daemonSet(), [], ["pa"]],
    ["an unscheduled pod for a vanished node is deleted", [node("a")], [pod("pa", "a"), pod("ghost", "gone", { bound: false })], daemonSet(), [], ["ghost"]],
    ["a bound pod on a vanished node is left to PodGC", [node("a")], [pod("pa", "a"), pod("ghost", "gone")], daemonSet(), [], []],
    ["surge: an old and a new pod may coexist while the new one is not available", [node("a")], [pod("old", "a", { hash: OLD_HASH }), pod("new", "a", { ready: false })], daemonSet({ strategy: surge }), [], []],
    ["surge: the old pod goes once the new one is available", [node("a")], [pod("old", "a", { hash: OLD_HASH }), pod("new", "a")], daemonSet({ strategy: surge }), [], ["old"]],
    ["surge: a not-ready old pod goes at once", [node("a")], [pod("old", "a", { hash: OLD_HASH, ready: false }), pod("new", "a", { ready: false })], daemonSet({ strategy: surge }), [], ["old"]],
    ["surge: only one of each revision is kept", [node("a")], [pod("n1", "a"), pod("n2", "a", { created: "2024-06-01T11:00:00Z" })], daemonSet({ strategy: surge }), [], ["n2"]],
    ["surge: a node whose pods all terminate gets a new one", [node("a")], [pod("pa", "a", { deleting: true })], daemonSet({ strategy: surge }), ["a"], []],
  ])("%s", (_name, nodes, pods, ds, createOn, deletes) => {
    const plan = planManage(ds, nodes, byNode(...pods), ctx());
    expect(plan.createOn).toEqual(createOn);
    expect(plan.deletes.sort()).toEqual([...deletes].sort());
  });

  it("deletes a failed pod with a Warning, then backs off on that node", () => {
    const ds = daemonSet();
    const failed = pod("pa", "a", { phase: "Failed" });
    const first = planManage(ds, [node("a")], byNode(failed), ctx());
    expect(first.deletes).toEqual(["pa"]);
    expect(first.events).toEqual([{ type: "Warning", reason: "FailedDaemonPod", message: "Found failed daemon pod ns/pa on node a, will try to kill it" }]);
    const key = failedPodsBackoffKey("ds-uid", 0, "a");
    expect(first.backoff.get(key)).toEqual({ backoffMs: 1000, lastUpdate: NOW.getTime() });

    // Its replacement fails too, within the second: left alone, synced again after the back-off.
    const second = planManage(ds, [node("a")], byNode(pod("pb", "a", { phase: "Failed" })), ctx(new Map(first.backoff)));
    expect(second.deletes).toEqual([]);
    expect(second.events).toEqual([]);
    expect(second.requeueAfterMs).toBe(1000);

    // After it, deleted again and the next wait doubles.
    const later = { ...ctx(new Map(first.backoff)), now: NOW.getTime() + 1500 };
    const third = planManage(ds, [node("a")], byNode(pod("pb", "a", { phase: "Failed" })), later);
    expect(third.deletes).toEqual(["pb"]);
    expect(third.backoff.get(key)?.backoffMs).toBe(2000);
  });

  it("notes a succeeded pod with a Normal event", () => {
    const plan = planManage(daemonSet(), [node("a")], byNode(pod("pa", "a", { phase: "Succeeded" })), ctx());
    expect(plan.events).toEqual([{ type: "Normal", reason: "SucceededDaemonPod", message: "Found succeeded daemon pod ns/pa on node a, will try to delete it" }]);
  });
});
