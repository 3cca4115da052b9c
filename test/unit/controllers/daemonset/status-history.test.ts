/**
 * DaemonSet status counts, ControllerRevision history (hash, match, current/old, cleanup), claiming, the
 * failed-pod back-off, the strategy's numbers and the loop's wakes.
 */
import { describe, expect, it } from "vitest";
import {
  adoptPatch,
  allowsSurge,
  availabilityRequeueMs,
  claimOf,
  computeCounts,
  computeHash,
  controllerRef,
  daemonSetWakes,
  inBackoffSinceUpdate,
  newRevision,
  nextBackoff,
  planHistory,
  releasePatch,
  revisionMatches,
  revisionsToDelete,
  scaledValue,
  statusUpToDate,
  surgeCount,
} from "../../../../worker/controllers/daemonset";
import { byNode, daemonSet, HASH, node, NOW, OLD_HASH, pod } from "./fixtures";

describe("status counts", () => {
  const taint = { key: "dedicated", value: "x", effect: "NoSchedule" };
  it("counts desired, scheduled, misscheduled, ready, updated, available", () => {
    const ds = daemonSet({ minReadySeconds: 10 });
    const nodes = [node("a"), node("b"), node("c"), node("d", { taints: [taint] }), node("e")];
    const pods = byNode(pod("pa", "a"), pod("pb", "b", { hash: OLD_HASH, readyFor: 5 }), pod("pc", "c", { ready: false }), pod("pd", "d"));
    expect(computeCounts(ds, nodes, pods, HASH, NOW)).toEqual({
      desiredNumberScheduled: 4,
      currentNumberScheduled: 3,
      numberMisscheduled: 1,
      numberReady: 2,
      updatedNumberScheduled: 2,
      numberAvailable: 1,
      numberUnavailable: 3,
    });
  });

  it("reads the oldest pod of a node", () => {
    const pods = byNode(pod("young", "a", { ready: false, created: "2024-06-01T11:00:00Z" }), pod("old", "a"));
    expect(computeCounts(daemonSet(), [node("a")], pods, HASH, NOW)).toMatchObject({ numberReady: 1, currentNumberScheduled: 1 });
  });

  it.each([
    ["converged: same counts, generation observed → no write", { observedGeneration: 1 }, 1, true],
    ["generation moved on", { observedGeneration: 1 }, 2, false],
    ["a count differs", { observedGeneration: 1, numberReady: 1 }, 1, false],
  ])("%s", (_name, extra, generation, upToDate) => {
    const counts = { desiredNumberScheduled: 1, currentNumberScheduled: 1, numberMisscheduled: 0, numberReady: 0, updatedNumberScheduled: 1, numberAvailable: 0, numberUnavailable: 1 };
    const ds = daemonSet({ generation, status: { ...counts, ...extra } });
    expect(statusUpToDate(ds, counts)).toBe(upToDate);
  });

  it("asks to be synced again when a ready pod becomes available", () => {
    const ds = daemonSet({ minReadySeconds: 10 });
    expect(availabilityRequeueMs(ds, byNode(pod("p", "a", { readyFor: 4 })), NOW)).toBe(6001);
    expect(availabilityRequeueMs(ds, byNode(pod("p", "a")), NOW)).toBeUndefined();
    expect(availabilityRequeueMs(daemonSet(), byNode(pod("p", "a", { readyFor: 4 })), NOW)).toBeUndefined();
  });
});

describe("history", () => {
  it("hashes the template (and the collision count) into a safe, stable name", () => {
    const ds = daemonSet();
    const h = computeHash(ds.spec.template);
    expect(h).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]+$/);
    expect(computeHash(structuredClone(ds.spec.template))).toBe(h);
    expect(computeHash(ds.spec.template, 1)).not.toBe(h);
    expect(computeHash({ ...ds.spec.template, spec: { containers: [{ name: "c", image: "j" }] } })).not.toBe(h);
    // Key order does not matter.
    expect(computeHash({ spec: ds.spec.template.spec, metadata: ds.spec.template.metadata })).toBe(h);
  });

  it("snapshots the template as a replace patch, labelled and owned", () => {
    const ds = daemonSet();
    const rev = newRevision(ds, 3);
    expect(rev.metadata.name).toBe(`ds-${computeHash(ds.spec.template)}`);
    expect(rev.metadata.labels).toEqual({ app: "ds", "controller-revision-hash": computeHash(ds.spec.template) });
    expect(rev.metadata.ownerReferences).toEqual([controllerRef(ds)]);
    expect(rev.data).toEqual({ spec: { template: { ...ds.spec.template, $patch: "replace" } } });
    expect(rev.revision).toBe(3);
    expect(revisionMatches(ds, rev)).toBe(true);
    expect(revisionMatches(daemonSet({ podSpec: { hostNetwork: true } }), rev)).toBe(false);
  });

  const rev = (ds: ReturnType<typeof daemonSet>, revision: number, name?: string) => {
    const r = newRevision(ds, revision);
    if (name) r.metadata.name = name;
    return r;
  };
  const older = daemonSet({ podSpec: { hostNetwork: true } });
  const oldest = daemonSet({ podSpec: { dnsPolicy: "None" } });

  it.each([
    ["converged: the current revision is the newest → nothing to do", [rev(oldest, 1), rev(daemonSet(), 2)], "ds-cur", [], 2, 2],
    ["no current revision: create one past the newest", [rev(oldest, 1), rev(older, 4)], undefined, [], 5, undefined],
    ["a rollback renumbers the current revision", [rev(daemonSet(), 1), rev(older, 2)], "ds-cur", [], 3, 1],
    ["duplicates: the highest stays", [rev(daemonSet(), 1, "dup-1"), rev(daemonSet(), 2, "dup-2")], "dup-2", ["dup-1"], 1, 2],
  ])("%s", (_name, revisions, current, duplicates, currentRevision, currentNumber) => {
    const ds = daemonSet();
    for (const r of revisions) if (revisionMatches(ds, r) && !r.metadata.name.startsWith("dup")) r.metadata.name = "ds-cur";
    const plan = planHistory(ds, revisions);
    expect(plan.current?.metadata.name).toBe(current);
    expect(plan.current?.revision).toBe(currentNumber);
    expect(plan.duplicates.map((r) => r.metadata.name)).toEqual(duplicates);
    expect(plan.currentRevision).toBe(currentRevision);
    expect(plan.unlabeled).toEqual([]);
  });

  it("keeps revisionHistoryLimit old revisions, and any a live pod uses, deleting the oldest", () => {
    const ds = daemonSet();
    ds.spec.revisionHistoryLimit = 1;
    const old = [1, 2, 3].map((n) => ({ metadata: { name: `r${n}`, labels: { "controller-revision-hash": `h${n}` } }, revision: n }));
    expect(revisionsToDelete(ds, old, [])).toEqual(["r1", "r2"]);
    expect(revisionsToDelete(ds, old, [{ metadata: { labels: { "controller-revision-hash": "h1" } } }])).toEqual(["r2", "r3"]);
    ds.spec.revisionHistoryLimit = 3;
    expect(revisionsToDelete(ds, old, [])).toEqual([]);
  });
});

describe("claiming (ClaimObject)", () => {
  const ds = daemonSet();
  const obj = (labels: Record<string, string>, owner?: string, extra: Record<string, unknown> = {}) => ({
    metadata: { name: "o", namespace: "ns", uid: "o-uid", labels, ...(owner ? { ownerReferences: [{ kind: "DaemonSet", name: "x", uid: owner, controller: true }] } : {}), ...extra },
  });
  it.each([
    ["converged: owned and matching", obj({ app: "ds" }, "ds-uid"), "owned"],
    ["owned, no longer matching", obj({ app: "other" }, "ds-uid"), "release"],
    ["someone else's", obj({ app: "ds" }, "other-uid"), "ignore"],
    ["an orphan matching", obj({ app: "ds" }), "adopt"],
    ["an orphan not matching", obj({ app: "other" }), "ignore"],
    ["an orphan being deleted", obj({ app: "ds" }, undefined, { deletionTimestamp: "2024-01-01T00:00:00Z" }), "ignore"],
    ["an orphan in another namespace", obj({ app: "ds" }, undefined, { namespace: "elsewhere" }), "ignore"],
  ])("%s → %s", (_name, o, want) => {
    expect(claimOf(ds, o)).toBe(want);
  });

  it("adopts and releases with uid-guarded strategic merge patches", () => {
    const o = obj({ app: "ds" });
    expect(adoptPatch(controllerRef(ds), o)).toEqual({ metadata: { ownerReferences: [controllerRef(ds)], uid: "o-uid" } });
    expect(releasePatch(ds, o)).toEqual({ metadata: { ownerReferences: [{ $patch: "delete", uid: "ds-uid" }], uid: "o-uid" } });
    expect(claimOf({ ...ds, metadata: { ...ds.metadata, deletionTimestamp: "x" } }, obj({ app: "other" }, "ds-uid"))).toBe("ignore");
  });
});

describe("failed-pods back-off (flowcontrol.Backoff)", () => {
  it("starts at 1 s, doubles to 15 min, and forgets after twice the maximum", () => {
    const t0 = 1_000_000;
    expect(inBackoffSinceUpdate(undefined, t0)).toBe(false);
    let e = nextBackoff(undefined, t0);
    expect(e).toEqual({ backoffMs: 1000, lastUpdate: t0 });
    expect(inBackoffSinceUpdate(e, t0 + 999)).toBe(true);
    expect(inBackoffSinceUpdate(e, t0 + 1000)).toBe(false);
    for (let i = 0; i < 20; i++) e = nextBackoff(e, t0 + 1);
    expect(e.backoffMs).toBe(15 * 60_000);
    expect(nextBackoff(e, t0 + 1 + 30 * 60_000 + 1).backoffMs).toBe(1000);
  });
});

describe("strategy numbers", () => {
  it.each([
    [1, 10, 1],
    ["25%", 10, 3],
    ["0%", 10, 0],
    ["100%", 3, 3],
    ["x", 3, undefined],
    [1.5, 3, undefined],
  ])("scaled %s of %s → %s", (v, total, want) => {
    expect(scaledValue(v, total, true)).toBe(want);
  });

  it("allows surge only for RollingUpdate with maxSurge", () => {
    expect(allowsSurge(daemonSet())).toBe(false);
    expect(allowsSurge(daemonSet({ strategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 0, maxSurge: "10%" } } }))).toBe(true);
    expect(allowsSurge(daemonSet({ strategy: { type: "OnDelete" } }))).toBe(false);
    expect(surgeCount(daemonSet({ strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: "10%" } } }), 20)).toBe(2);
  });
});

describe("wakes", () => {
  const ownedPod = { metadata: { name: "p", namespace: "ns", ownerReferences: [{ apiVersion: "apps/v1", kind: "DaemonSet", name: "ds", uid: "u", controller: true }] } };
  it.each([
    ["a DaemonSet", "apps/daemonsets", { metadata: { name: "ds", namespace: "ns" } }, ["ns/ds"]],
    ["its pod", "/pods", ownedPod, ["ns/ds"]],
    ["its revision", "apps/controllerrevisions", ownedPod, ["ns/ds"]],
    ["a ReplicaSet's pod", "/pods", { metadata: { name: "p", namespace: "ns", ownerReferences: [{ apiVersion: "apps/v1", kind: "ReplicaSet", name: "rs", uid: "u", controller: true }] } }, []],
    ["an orphan pod", "/pods", { metadata: { name: "p", namespace: "ns" } }, []],
    ["a Node: every DaemonSet", "/nodes", { metadata: { name: "n" } }, ["*"]],
    ["a Service", "/services", { metadata: { name: "s", namespace: "ns" } }, []],
  ])("%s", (_name, resource, object, keys) => {
    expect(daemonSetWakes({ type: "MODIFIED", resource, object })).toEqual(keys);
  });
});
