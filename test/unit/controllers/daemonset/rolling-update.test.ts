/** DaemonSetsController.rollingUpdate as a plan: maxUnavailable without surge, maxSurge with it. */
import { describe, expect, it } from "vitest";
import { findUpdatedPodsOnNode, planRollingUpdate, updatedDesiredNodeCounts } from "../../../../worker/controllers/daemonset";
import { byNode, daemonSet, HASH, node, NOW, OLD_HASH, pod } from "./fixtures";

const unavailable = (n: number | string) => ({ type: "RollingUpdate", rollingUpdate: { maxUnavailable: n, maxSurge: 0 } });
const surge = (n: number | string) => ({ type: "RollingUpdate", rollingUpdate: { maxUnavailable: 0, maxSurge: n } });
const nodes = ["a", "b", "c", "d"].map((n) => node(n));
const old = (name: string, n: string, opts = {}) => pod(name, n, { hash: OLD_HASH, ...opts });

describe("rolling update without surge", () => {
  it.each([
    ["converged: every pod current and available → no actions", unavailable(1), [pod("a", "a"), pod("b", "b"), pod("c", "c"), pod("d", "d")], []],
    ["one old pod at a time", unavailable(1), [old("a", "a"), old("b", "b"), old("c", "c"), old("d", "d")], ["a"]],
    ["maxUnavailable 2", unavailable(2), [old("a", "a"), old("b", "b"), old("c", "c"), old("d", "d")], ["a", "b"]],
    ["maxUnavailable 50% of 4", unavailable("50%"), [old("a", "a"), old("b", "b"), old("c", "c"), old("d", "d")], ["a", "b"]],
    ["maxUnavailable 30% of 4 rounds up to 2", unavailable("30%"), [old("a", "a"), old("b", "b"), old("c", "c"), old("d", "d")], ["a", "b"]],
    ["a new pod not yet available uses the budget", unavailable(1), [pod("a", "a", { ready: false }), old("b", "b"), old("c", "c"), old("d", "d")], []],
    ["a node waiting for its pod uses the budget", unavailable(1), [old("b", "b"), old("c", "c"), old("d", "d")], []],
    ["a node still terminating its old pod uses the budget", unavailable(1), [old("a", "a", { deleting: true }), old("b", "b"), old("c", "c"), old("d", "d")], []],
    ["an unavailable old pod is replaced regardless", unavailable(1), [pod("a", "a", { ready: false }), old("b", "b", { ready: false }), old("c", "c"), old("d", "d")], ["b"]],
    ["the last old pod", unavailable(1), [pod("a", "a"), pod("b", "b"), pod("c", "c"), old("d", "d")], ["d"]],
    ["an old pod ready but not yet available (minReadySeconds) is unavailable", unavailable(1), [pod("a", "a"), pod("b", "b"), pod("c", "c"), old("d", "d", { readyFor: 5 })], ["d"]],
  ])("%s", (_name, strategy, pods, deletes) => {
    const ds = daemonSet({ strategy, minReadySeconds: 10 });
    expect(planRollingUpdate(ds, nodes, byNode(...pods), HASH, NOW)).toEqual({ deletes, createOn: [] });
  });

  it("falls back to one unavailable pod when both numbers are 0", () => {
    const ds = daemonSet({ strategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 0, maxSurge: 0 } } });
    expect(updatedDesiredNodeCounts(ds, nodes, new Map())?.maxUnavailable).toBe(1);
    expect(planRollingUpdate(ds, nodes, byNode(old("a", "a"), old("b", "b"), old("c", "c"), old("d", "d")), HASH, NOW)?.deletes).toEqual(["a"]);
  });

  it("refuses an invalid percentage", () => {
    expect(planRollingUpdate(daemonSet({ strategy: unavailable("lots") }), nodes, new Map(), HASH, NOW)).toBeUndefined();
  });

  it("skips a node with two pods of one revision (manage prunes it first)", () => {
    expect(findUpdatedPodsOnNode(daemonSet(), [pod("x", "a"), pod("y", "a")], HASH)).toEqual({ ok: false });
    expect(findUpdatedPodsOnNode(daemonSet(), [pod("x", "a"), old("y", "a"), old("z", "a", { deleting: true })], HASH)).toMatchObject({ ok: true });
  });
});

describe("rolling update with surge", () => {
  it.each([
    ["converged: every pod current → no actions", surge(1), [pod("a", "a"), pod("b", "b"), pod("c", "c"), pod("d", "d")], [], []],
    ["surges onto one node at a time", surge(1), [old("a", "a"), old("b", "b"), old("c", "c"), old("d", "d")], [], ["a"]],
    ["maxSurge 2", surge(2), [old("a", "a"), old("b", "b"), old("c", "c"), old("d", "d")], [], ["a", "b"]],
    ["waits while the surged pod is not available", surge(1), [old("a", "a"), pod("a2", "a", { ready: false }), old("b", "b"), old("c", "c"), old("d", "d")], [], []],
    ["retires the old pod once the new one is available, surges on", surge(1), [old("a", "a"), pod("a2", "a"), old("b", "b"), old("c", "c"), old("d", "d")], ["a"], ["b"]],
    ["an unavailable old pod gets its replacement beyond maxSurge", surge(1), [old("a", "a"), pod("a2", "a", { ready: false }), old("b", "b", { ready: false }), old("c", "c"), old("d", "d")], [], ["b"]],
  ])("%s", (_name, strategy, pods, deletes, createOn) => {
    const ds = daemonSet({ strategy });
    expect(planRollingUpdate(ds, nodes, byNode(...pods), HASH, NOW)).toEqual({ deletes, createOn });
  });

  it("retires pods on nodes that no longer fit only while enough others are available", () => {
    const ds = daemonSet({ strategy: surge(1), podSpec: { nodeSelector: { pool: "new" } } });
    const fit = [node("a", { labels: { pool: "new" } }), node("b", { labels: { pool: "new" } })];
    const all = [...fit, node("c"), node("d")];
    // Nothing available yet on the new nodes: the pods on c and d stay.
    expect(planRollingUpdate(ds, all, byNode(old("c", "c"), old("d", "d"), pod("a", "a", { ready: false })), HASH, NOW)).toEqual({ deletes: [], createOn: [] });
    // Both new nodes serve: the surplus on unfit nodes (available 4 - desired 2) goes.
    expect(planRollingUpdate(ds, all, byNode(old("c", "c"), old("d", "d"), pod("a", "a"), pod("b", "b")), HASH, NOW)).toEqual({ deletes: ["c", "d"], createOn: [] });
    // An unavailable old pod on an unfit node goes at once.
    expect(planRollingUpdate(ds, all, byNode(old("c", "c", { ready: false })), HASH, NOW)).toEqual({ deletes: ["c"], createOn: [] });
  });
});
