/** The garbage collector's pure decisions: attemptToDelete, the orphan and foreground steps, the patches. */
import { describe, expect, it } from "vitest";
import type { KubeObject } from "../../../../schema/types";
import { registry } from "../../../../schema/registry";
import { kindIndexOf } from "../../../../worker/controllers/garbage-collector/kinds";
import {
  classOfOwner,
  deleteOwnerReferencesPatch,
  needsDependentFacts,
  planAttemptToDelete,
  planDeletingDependents,
  planObject,
  planOrphan,
  removeFinalizerPatch,
  resolveReference,
  unblockOwnerReferencesPatch,
  type ClassifiedReference,
  type OwnerReference,
  type ReferenceClass,
} from "../../../../worker/controllers/garbage-collector/decisions";

const kinds = kindIndexOf(registry);
const NOW = "2024-05-01T10:00:00Z";

const ref = (uid: string, extra: Partial<OwnerReference> = {}): OwnerReference => ({ apiVersion: "v1", kind: "ConfigMap", name: `owner-${uid}`, uid, ...extra });

function obj(uid: string, opts: { refs?: OwnerReference[]; finalizers?: string[]; deleting?: boolean } = {}): KubeObject {
  const metadata: KubeObject = { name: `cm-${uid}`, namespace: "ns", uid, resourceVersion: "7" };
  if (opts.refs) metadata.ownerReferences = opts.refs;
  if (opts.finalizers) metadata.finalizers = opts.finalizers;
  if (opts.deleting) metadata.deletionTimestamp = NOW;
  return { apiVersion: "v1", kind: "ConfigMap", metadata };
}

const classified = (...cs: [string, ReferenceClass][]): ClassifiedReference[] => cs.map(([uid, c]) => ({ ref: ref(uid), class: c }));
const wrap = (o: KubeObject) => ({ object: o });

describe("planObject: which work an object key is", () => {
  it.each([
    ["gone", undefined, "none"],
    ["live without owners (converged)", obj("a"), "none"],
    ["live with owners", obj("a", { refs: [ref("o")] }), "attemptToDelete"],
    ["deleting without GC finalizers (one-way trip)", obj("a", { refs: [ref("o")], deleting: true, finalizers: ["x/y"] }), "none"],
    ["deleting with orphan", obj("a", { deleting: true, finalizers: ["orphan"] }), "orphanDependents"],
    ["deleting with foregroundDeletion", obj("a", { deleting: true, finalizers: ["foregroundDeletion"] }), "deleteDependents"],
    ["deleting with both: orphan first", obj("a", { deleting: true, finalizers: ["foregroundDeletion", "orphan"] }), "orphanDependents"],
    ["orphan finalizer but not deleting", obj("a", { finalizers: ["orphan"] }), "none"],
  ])("%s → %s", (_name, o, want) => {
    expect(planObject(o)).toBe(want);
  });
});

describe("classOfOwner (isDangling + classifyReferences)", () => {
  const r = ref("u1");
  it.each([
    ["absent", undefined, "dangling"],
    ["another uid under that name", obj("other"), "dangling"],
    ["present", obj("u1"), "solid"],
    ["deleting in the background", obj("u1", { deleting: true }), "solid"],
    ["deleting with orphan", obj("u1", { deleting: true, finalizers: ["orphan"] }), "solid"],
    ["deleting in the foreground", obj("u1", { deleting: true, finalizers: ["foregroundDeletion"] }), "waiting"],
  ])("%s → %s", (_name, owner, want) => {
    expect(classOfOwner(owner, r)).toBe(want);
  });
});

describe("resolveReference: kinds through the registry", () => {
  it.each([
    ["core kind", "ns", { apiVersion: "v1", kind: "ConfigMap" }, "configmaps"],
    ["grouped kind", "ns", { apiVersion: "apps/v1", kind: "ReplicaSet" }, "replicasets"],
    ["cluster-scoped owner of a namespaced dependent", "ns", { apiVersion: "v1", kind: "Node" }, "nodes"],
    ["cluster-scoped owner of a cluster-scoped dependent", undefined, { apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRole" }, "clusterroles"],
  ])("%s", (_name, ns, r, resource) => {
    const res = resolveReference(kinds, ns, { ...r, name: "x", uid: "u" });
    expect(res.ok && res.kind.resource).toBe(resource);
  });
  it.each([
    ["an unserved version", "ns", { apiVersion: "extensions/v1beta1", kind: "ReplicaSet" }, "no kind ReplicaSet is served in extensions/v1beta1"],
    ["an unknown kind", "ns", { apiVersion: "v1", kind: "Widget" }, "no kind Widget is served in v1"],
    ["a namespaced owner of a cluster-scoped dependent", undefined, { apiVersion: "v1", kind: "ConfigMap" }, "cluster-scoped objects cannot refer to namespaced owners"],
  ])("%s cannot be judged", (_name, ns, r, reason) => {
    expect(resolveReference(kinds, ns, { ...r, name: "x", uid: "u" })).toEqual({ ok: false, reason });
  });
});

describe("planAttemptToDelete (attemptToDeleteItem)", () => {
  const live = obj("d", { refs: [ref("a"), ref("b")] });
  it.each([
    ["no owners (converged)", obj("d"), [], undefined, { action: "none", reason: "no owners" }],
    ["every owner solid (converged)", live, classified(["a", "solid"], ["b", "solid"]), undefined, { action: "none", reason: "has a solid owner" }],
    ["being deleted", obj("d", { deleting: true }), classified(["a", "dangling"]), undefined, { action: "none", reason: "being deleted" }],
    ["solid and dangling: patch the dangling out", live, classified(["a", "solid"], ["b", "dangling"]), undefined, { action: "removeOwnerReferences", uids: ["b"] }],
    ["solid and waiting: patch the waiting out", live, classified(["a", "waiting"], ["b", "solid"]), undefined, { action: "removeOwnerReferences", uids: ["a"] }],
    ["all dangling: background", live, classified(["a", "dangling"], ["b", "dangling"]), undefined, { action: "delete", propagationPolicy: "Background", unblockFirst: false }],
    [
      "all dangling, own orphan finalizer honoured",
      obj("d", { refs: [ref("a")], finalizers: ["orphan"] }),
      classified(["a", "dangling"]),
      undefined,
      { action: "delete", propagationPolicy: "Orphan", unblockFirst: false },
    ],
    [
      "all dangling, own foreground finalizer honoured",
      obj("d", { refs: [ref("a")], finalizers: ["foregroundDeletion"] }),
      classified(["a", "dangling"]),
      undefined,
      { action: "delete", propagationPolicy: "Foreground", unblockFirst: false },
    ],
    [
      "waiting owner, item has dependents: foreground",
      live,
      classified(["a", "waiting"], ["b", "dangling"]),
      { count: 2, anyDeletingDependents: false },
      { action: "delete", propagationPolicy: "Foreground", unblockFirst: false },
    ],
    [
      "waiting owner, a dependent also deleting its dependents: unblock first",
      live,
      classified(["a", "waiting"]),
      { count: 1, anyDeletingDependents: true },
      { action: "delete", propagationPolicy: "Foreground", unblockFirst: true },
    ],
    ["waiting owner, no dependents: background", live, classified(["a", "waiting"]), { count: 0, anyDeletingDependents: false }, { action: "delete", propagationPolicy: "Background", unblockFirst: false }],
  ])("%s", (_name, item, refs, facts, want) => {
    expect(planAttemptToDelete(item, refs as ClassifiedReference[], facts)).toEqual(want);
  });

  it.each([
    [classified(["a", "solid"], ["b", "waiting"]), false],
    [classified(["a", "dangling"]), false],
    [classified(["a", "dangling"], ["b", "waiting"]), true],
    [classified(["a", "waiting"]), true],
  ])("dependents are listed only when no owner is solid and one waits (%#)", (refs, want) => {
    expect(needsDependentFacts(refs)).toBe(want);
  });
});

describe("planDeletingDependents (processDeletingDependentsItem)", () => {
  const owner = obj("o", { deleting: true, finalizers: ["foregroundDeletion"] });
  const blocking = (uid: string, deleting = false) => obj(uid, { refs: [ref("o", { blockOwnerDeletion: true })], deleting, finalizers: deleting ? ["x/hold"] : undefined });
  const plain = (uid: string) => obj(uid, { refs: [ref("o")] });

  it("no dependents: remove foregroundDeletion", () => {
    expect(planDeletingDependents(owner, [])).toEqual({ action: "removeFinalizer" });
  });
  it("only non-blocking dependents: remove foregroundDeletion", () => {
    expect(planDeletingDependents(owner, [wrap(plain("p"))])).toEqual({ action: "removeFinalizer" });
  });
  it("blockOwnerDeletion=false does not block", () => {
    expect(planDeletingDependents(owner, [wrap(obj("f", { refs: [ref("o", { blockOwnerDeletion: false })] }))])).toEqual({ action: "removeFinalizer" });
  });
  it("a blocking reference to another owner does not block this one", () => {
    expect(planDeletingDependents(owner, [wrap(obj("x", { refs: [ref("o"), ref("other", { blockOwnerDeletion: true })] }))])).toEqual({ action: "removeFinalizer" });
  });
  it("blocking dependents: attempt every dependent not already being deleted", () => {
    const b = wrap(blocking("b"));
    const p = wrap(plain("p"));
    const gone = wrap(blocking("g", true));
    expect(planDeletingDependents(owner, [b, p, gone])).toEqual({ action: "attemptDependents", dependents: [b, p], blocking: 2 });
  });
  it("blocking dependents all on their way out (converged: nothing to do but wait)", () => {
    expect(planDeletingDependents(owner, [wrap(blocking("g", true))])).toEqual({ action: "attemptDependents", dependents: [], blocking: 1 });
  });
});

describe("planOrphan (attemptToOrphanWorker)", () => {
  const owner = obj("o", { deleting: true, finalizers: ["orphan", "x/keep"] });
  it("patches the owner out of each dependent, then removes the finalizer", () => {
    const d = wrap(obj("d", { refs: [ref("o"), ref("k")] }));
    expect(planOrphan(owner, [d])).toEqual({
      patches: [{ dependent: d, body: { metadata: { ownerReferences: [{ $patch: "delete", uid: "o" }], uid: "d" } } }],
      removeFinalizer: true,
    });
  });
  it("dependents already orphaned: only the finalizer", () => {
    expect(planOrphan(owner, [wrap(obj("d", { refs: [ref("k")] }))])).toEqual({ patches: [], removeFinalizer: true });
  });
  it("converged: no dependents, no finalizer → no actions", () => {
    expect(planOrphan(obj("o", { deleting: true }), [])).toEqual({ patches: [], removeFinalizer: false });
  });
});

describe("patches", () => {
  it("deleteOwnerRefStrategicMergePatch names the dependent's uid and each owner uid", () => {
    expect(deleteOwnerReferencesPatch("dep", ["a", "b"])).toEqual({
      metadata: { ownerReferences: [{ $patch: "delete", uid: "a" }, { $patch: "delete", uid: "b" }], uid: "dep" },
    });
  });
  it("unblock sets blockOwnerDeletion=false on the blocking references only", () => {
    const item = obj("d", { refs: [ref("a", { blockOwnerDeletion: true, controller: true }), ref("b")] });
    expect(unblockOwnerReferencesPatch(item)).toEqual({
      metadata: { ownerReferences: [{ ...ref("a"), controller: true, blockOwnerDeletion: false }], uid: "d" },
    });
    expect(unblockOwnerReferencesPatch(obj("d", { refs: [ref("b")] }))).toBeUndefined();
  });
  it.each([
    [["orphan"], "orphan", { metadata: { resourceVersion: "7", finalizers: null } }],
    [["a/b", "foregroundDeletion", "c/d"], "foregroundDeletion", { metadata: { resourceVersion: "7", finalizers: ["a/b", "c/d"] } }],
    [["a/b"], "orphan", undefined],
  ])("removeFinalizer from %j of %s", (finalizers, f, want) => {
    expect(removeFinalizerPatch(obj("o", { finalizers, deleting: true }), f)).toEqual(want);
  });
});
