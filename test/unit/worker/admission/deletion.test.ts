/**
 * DELETE decisions (apiserver registry/generic/registry Store.Delete, registry/rest BeforeDelete,
 * deletionFinalizersForGarbageCollection, the pod strategy's CheckGracefulDelete, the namespace REST Delete).
 */
import { describe, expect, it } from "vitest";
import type { KubeObject } from "../../../../schema/types";
import { planDelete, type DeleteOptions, type DeletePlan } from "../../../../worker/admission/deletion";

const NOW = "2024-05-01T10:00:00Z";
const PODS = { group: "", resource: "pods" };
const CONFIGMAPS = { group: "", resource: "configmaps" };
const NAMESPACES = { group: "", resource: "namespaces" };
const DEPLOYMENTS = { group: "apps", resource: "deployments" };
const plus = (s: number) => new Date(Date.parse(NOW) + s * 1000).toISOString().replace(/\.000Z$/, "Z");

const cm = (meta: KubeObject = {}): KubeObject => ({ kind: "ConfigMap", metadata: { name: "c", namespace: "ns", ...meta } });
const pod = (spec: KubeObject, status: KubeObject = { phase: "Running" }, meta: KubeObject = {}): KubeObject => ({
  kind: "Pod",
  metadata: { name: "p", namespace: "ns", ...meta },
  spec,
  status,
});
const ns = (meta: KubeObject = {}, finalizers = ["kubernetes"]): KubeObject => ({
  kind: "Namespace",
  metadata: { name: "team", ...meta },
  spec: { finalizers },
  status: { phase: "Active" },
});

/** The metadata a "mark" plan stores (or the action when it is not a mark). */
const outcome = (plan: DeletePlan) => (plan.action === "mark" ? plan.object.metadata : plan.action);

describe("planDelete", () => {
  it.each<[string, KubeObject, DeleteOptions, { group: string; resource: string }, unknown]>([
    ["no finalizers: deleted at once", cm(), {}, CONFIGMAPS, "delete"],
    [
      "pending finalizers: marked with grace 0",
      cm({ finalizers: ["example.com/x"] }),
      {},
      CONFIGMAPS,
      { name: "c", namespace: "ns", finalizers: ["example.com/x"], deletionTimestamp: NOW, deletionGracePeriodSeconds: 0 },
    ],
    [
      "Orphan adds the orphan finalizer",
      cm(),
      { propagationPolicy: "Orphan" },
      CONFIGMAPS,
      { name: "c", namespace: "ns", finalizers: ["orphan"], deletionTimestamp: NOW, deletionGracePeriodSeconds: 0 },
    ],
    [
      "orphanDependents=true is Orphan",
      cm(),
      { orphanDependents: true },
      CONFIGMAPS,
      { name: "c", namespace: "ns", finalizers: ["orphan"], deletionTimestamp: NOW, deletionGracePeriodSeconds: 0 },
    ],
    [
      "Foreground adds foregroundDeletion",
      cm(),
      { propagationPolicy: "Foreground" },
      CONFIGMAPS,
      { name: "c", namespace: "ns", finalizers: ["foregroundDeletion"], deletionTimestamp: NOW, deletionGracePeriodSeconds: 0 },
    ],
    [
      "Orphan swaps out foregroundDeletion, keeping other finalizers",
      cm({ finalizers: ["foregroundDeletion", "x"] }),
      { propagationPolicy: "Orphan" },
      CONFIGMAPS,
      { name: "c", namespace: "ns", finalizers: ["x", "orphan"], deletionTimestamp: NOW, deletionGracePeriodSeconds: 0 },
    ],
    ["Background drops a stored orphan finalizer, then nothing is pending", cm({ finalizers: ["orphan"] }), { propagationPolicy: "Background" }, CONFIGMAPS, "delete"],
    [
      "no policy leaves GC finalizers as they are",
      cm({ finalizers: ["orphan"] }),
      {},
      CONFIGMAPS,
      { name: "c", namespace: "ns", finalizers: ["orphan"], deletionTimestamp: NOW, deletionGracePeriodSeconds: 0 },
    ],
    ["an unscheduled pod goes at once", pod({ terminationGracePeriodSeconds: 30 }), {}, PODS, "delete"],
    [
      "a bound pod gets the default 30s",
      pod({ nodeName: "n1" }),
      {},
      PODS,
      { name: "p", namespace: "ns", deletionTimestamp: plus(30), deletionGracePeriodSeconds: 30 },
    ],
    [
      "a bound pod gets its terminationGracePeriodSeconds",
      pod({ nodeName: "n1", terminationGracePeriodSeconds: 10 }),
      {},
      PODS,
      { name: "p", namespace: "ns", deletionTimestamp: plus(10), deletionGracePeriodSeconds: 10 },
    ],
    [
      "gracePeriodSeconds overrides the pod's",
      pod({ nodeName: "n1", terminationGracePeriodSeconds: 10 }),
      { gracePeriodSeconds: 5 },
      PODS,
      { name: "p", namespace: "ns", deletionTimestamp: plus(5), deletionGracePeriodSeconds: 5 },
    ],
    ["gracePeriodSeconds=0 deletes a bound pod at once", pod({ nodeName: "n1" }), { gracePeriodSeconds: 0 }, PODS, "delete"],
    ["a Succeeded pod goes at once", pod({ nodeName: "n1" }, { phase: "Succeeded" }), {}, PODS, "delete"],
    ["a Failed pod goes at once", pod({ nodeName: "n1" }, { phase: "Failed" }), {}, PODS, "delete"],
    [
      "a pod with finalizers and grace 0 is marked, not deleted",
      pod({ nodeName: "n1" }, { phase: "Running" }, { finalizers: ["f"] }),
      { gracePeriodSeconds: 0 },
      PODS,
      { name: "p", namespace: "ns", finalizers: ["f"], deletionTimestamp: NOW, deletionGracePeriodSeconds: 0 },
    ],
    ["grace periods apply to pods only", { metadata: { name: "d" }, spec: { nodeName: "n1", terminationGracePeriodSeconds: 9 } }, { gracePeriodSeconds: 9 }, DEPLOYMENTS, "delete"],
    [
      "a namespace goes through its spec.finalizers",
      ns(),
      {},
      NAMESPACES,
      { name: "team", deletionTimestamp: NOW, deletionGracePeriodSeconds: 0 },
    ],
    [
      "terminating: a shorter grace period is taken",
      pod({ nodeName: "n1" }, { phase: "Running" }, { deletionTimestamp: plus(30), deletionGracePeriodSeconds: 30 }),
      { gracePeriodSeconds: 10 },
      PODS,
      expect.objectContaining({ deletionGracePeriodSeconds: 10 }),
    ],
    [
      "terminating: a longer grace period changes nothing",
      pod({ nodeName: "n1" }, { phase: "Running" }, { deletionTimestamp: plus(30), deletionGracePeriodSeconds: 30 }),
      { gracePeriodSeconds: 60 },
      PODS,
      "none",
    ],
    [
      "terminating: the same request again changes nothing",
      pod({ nodeName: "n1" }, { phase: "Running" }, { deletionTimestamp: plus(30), deletionGracePeriodSeconds: 30 }),
      {},
      PODS,
      "none",
    ],
    [
      "terminating with finalizers: no options changes nothing",
      cm({ finalizers: ["x"], deletionTimestamp: NOW, deletionGracePeriodSeconds: 0 }),
      {},
      CONFIGMAPS,
      "none",
    ],
    [
      "terminating with finalizers: a policy still updates the GC finalizers",
      cm({ finalizers: ["x"], deletionTimestamp: "2024-01-01T00:00:00Z", deletionGracePeriodSeconds: 0 }),
      { propagationPolicy: "Orphan" },
      CONFIGMAPS,
      { name: "c", namespace: "ns", finalizers: ["x", "orphan"], deletionTimestamp: "2024-01-01T00:00:00Z", deletionGracePeriodSeconds: 0 },
    ],
    ["a terminating namespace deleted again changes nothing", ns({ deletionTimestamp: NOW, deletionGracePeriodSeconds: 0 }), {}, NAMESPACES, "none"],
  ])("%s", (_, obj, opts, kind, want) => {
    const before = structuredClone(obj);
    expect(outcome(planDelete(obj, opts, NOW, kind))).toEqual(want);
    expect(obj).toEqual(before);
  });

  it("marks a namespace Terminating, keeping the rest of its status", () => {
    const obj = ns();
    obj.status.conditions = [{ type: "X" }];
    const plan = planDelete(obj, {}, NOW, NAMESPACES);
    expect(plan.action).toBe("mark");
    if (plan.action === "mark") expect(plan.object.status).toEqual({ phase: "Terminating", conditions: [{ type: "X" }] });
  });

  // BeforeDelete: a negative gracePeriodSeconds is treated as 1s; podStrategy.CheckGracefulDelete: `if period < 0 { period = 1 }`.
  it("a negative grace period on a bound pod is 1s, not an immediate delete", () => {
    expect(outcome(planDelete(pod({ nodeName: "n1" }), { gracePeriodSeconds: -5 }, NOW, PODS))).toEqual({
      name: "p",
      namespace: "ns",
      deletionTimestamp: plus(1),
      deletionGracePeriodSeconds: 1,
    });
  });

  // BeforeDelete on an already terminating object: deletionTimestamp = old - oldGrace + newGrace.
  it("shortening the grace period moves deletionTimestamp earlier", () => {
    const obj = pod({ nodeName: "n1" }, { phase: "Running" }, { deletionTimestamp: plus(30), deletionGracePeriodSeconds: 30 });
    expect(outcome(planDelete(obj, { gracePeriodSeconds: 10 }, NOW, PODS))).toEqual(
      expect.objectContaining({ deletionTimestamp: plus(10), deletionGracePeriodSeconds: 10 }),
    );
  });

  // Store.markAsDeleting: "if DeletionTimestamp == nil && Generation > 0 { Generation++ }".
  it("marking an object with a generation bumps it", () => {
    const obj: KubeObject = { metadata: { name: "d", generation: 2, finalizers: ["x"] }, spec: {} };
    expect(outcome(planDelete(obj, {}, NOW, DEPLOYMENTS))).toEqual(expect.objectContaining({ generation: 3 }));
  });

  // Store.Delete: "finalizers cannot be updated via DeleteOptions if a deletion is already pending" (pendingGraceful).
  it("a pod whose grace period is running keeps its finalizers whatever the policy", () => {
    const obj = pod({ nodeName: "n1" }, { phase: "Running" }, { deletionTimestamp: plus(30), deletionGracePeriodSeconds: 30 });
    expect(planDelete(obj, { propagationPolicy: "Orphan" }, NOW, PODS)).toEqual({ action: "none" });
  });

  // shouldOrphanDependents / shouldDeleteDependents: an explicit orphanDependents=false removes the orphan finalizer.
  it("orphanDependents=false drops a stored orphan finalizer", () => {
    expect(planDelete(cm({ finalizers: ["orphan"] }), { orphanDependents: false }, NOW, CONFIGMAPS)).toEqual({ action: "delete" });
  });
});
