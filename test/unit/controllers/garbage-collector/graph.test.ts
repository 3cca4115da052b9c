/** The garbage collector's keys, wakes, kind index and per-sync snapshot (pure). */
import { describe, expect, it } from "vitest";
import type { KubeObject } from "../../../../schema/types";
import { registry } from "../../../../schema/registry";
import type { WrittenChange } from "../../../../worker/controllers/framework/loop";
import { kindIndexOf, listPath, objectPath, type KindInfo } from "../../../../worker/controllers/garbage-collector/kinds";
import { objectKey, parseKey, scanKey } from "../../../../worker/controllers/garbage-collector/keys";
import { garbageCollectorWakes } from "../../../../worker/controllers/garbage-collector/wakes";
import { planScanItem, Snapshot, type Listed } from "../../../../worker/controllers/garbage-collector/snapshot";

const kinds = kindIndexOf(registry);
const CM = kinds.ofResource("", "configmaps")!;
const SECRET = kinds.ofResource("", "secrets")!;
const NODE = kinds.ofResource("", "nodes")!;
const RS = kinds.ofResource("apps", "replicasets")!;

function meta(name: string, uid: string, namespace?: string, extra: KubeObject = {}): KubeObject {
  return { metadata: { name, uid, ...(namespace ? { namespace } : {}), ...extra } };
}
const refTo = (kind: KindInfo, name: string, uid: string, blockOwnerDeletion?: boolean) => ({
  apiVersion: kind.apiVersion,
  kind: kind.kind,
  name,
  uid,
  ...(blockOwnerDeletion === undefined ? {} : { blockOwnerDeletion }),
});
const listed = (kind: KindInfo, object: KubeObject): Listed => ({ kind, object });

describe("keys", () => {
  it.each([
    [{ group: "", resource: "configmaps", namespace: "ns", name: "a", uid: "u1" }, "/configmaps/ns/a/u1"],
    [{ group: "apps", resource: "replicasets", namespace: "ns", name: "rs", uid: "u2" }, "apps/replicasets/ns/rs/u2"],
    [{ group: "", resource: "nodes", name: "n1", uid: "u3" }, "/nodes//n1/u3"],
  ])("object key %s round-trips", (id, key) => {
    expect(objectKey(id)).toBe(key);
    expect(parseKey(key)).toEqual({ type: "object", id });
  });
  it("scan keys", () => {
    expect(scanKey("ns")).toBe("scan:ns");
    expect(scanKey()).toBe("scan:*");
    expect(parseKey("scan:ns")).toEqual({ type: "scan", namespace: "ns" });
    expect(parseKey("scan:*")).toEqual({ type: "scan" });
  });
  it.each(["scan:", "a/b", "/configmaps/ns/a/", "x/y/z/w/v/u", ""])("%j is no key", (key) => {
    expect(parseKey(key)).toBeUndefined();
  });
});

describe("kind index", () => {
  it("follows every deletable kind but events, once per storage location", () => {
    const followed = kinds.dependentResources.map((k) => `${k.group}/${k.resource}`);
    expect(followed).not.toContain("/events");
    expect(followed).not.toContain("events.k8s.io/events");
    expect(followed).toEqual(expect.arrayContaining(["/configmaps", "/pods", "apps/replicasets", "/nodes", "/namespaces", "coordination.k8s.io/leases"]));
    expect(new Set(followed).size).toBe(followed.length);
  });
  it("builds paths", () => {
    expect(objectPath(CM, "ns", "a")).toBe("/api/v1/namespaces/ns/configmaps/a");
    expect(objectPath(RS, "ns", "r")).toBe("/apis/apps/v1/namespaces/ns/replicasets/r");
    expect(objectPath(NODE, undefined, "n")).toBe("/api/v1/nodes/n");
    expect(listPath(CM, "ns")).toBe("/api/v1/namespaces/ns/configmaps");
    expect(listPath(CM)).toBe("/api/v1/configmaps");
    expect(listPath(NODE, "ns")).toBe("/api/v1/nodes");
  });
});

describe("wakes", () => {
  const change = (type: WrittenChange["type"], resource: string, object: KubeObject, oldObject?: KubeObject): WrittenChange => ({ type, resource, object, ...(oldObject ? { oldObject } : {}) });
  const blockedBy = (...refs: KubeObject[]) => meta("d", "ud", "ns", { ownerReferences: refs });
  const owned = (extra: KubeObject = {}) => meta("d", "ud", "ns", { ownerReferences: [refTo(CM, "o", "uo")], ...extra });
  it.each([
    ["a live object without owners (converged)", change("ADDED", "/configmaps", meta("a", "ua", "ns")), []],
    ["a live object with owners", change("ADDED", "/configmaps", owned()), ["/configmaps/ns/d/ud"]],
    ["a modified object with owners", change("MODIFIED", "apps/replicasets", owned()), ["apps/replicasets/ns/d/ud"]],
    ["deleting without GC finalizers", change("MODIFIED", "/configmaps", owned({ deletionTimestamp: "t", finalizers: ["x/y"] })), []],
    ["deleting with orphan", change("MODIFIED", "/configmaps", meta("o", "uo", "ns", { deletionTimestamp: "t", finalizers: ["orphan"] })), ["/configmaps/ns/o/uo"]],
    ["deleting in the foreground", change("MODIFIED", "/nodes", meta("n", "un", undefined, { deletionTimestamp: "t", finalizers: ["foregroundDeletion"] })), ["/nodes//n/un"]],
    ["a deleted namespaced object", change("DELETED", "/configmaps", meta("a", "ua", "ns")), ["scan:ns"]],
    ["a deleted cluster-scoped object", change("DELETED", "/nodes", meta("n", "un")), ["scan:*"]],
    ["a deleted dependent with a non-blocking reference", change("DELETED", "/configmaps", owned()), ["scan:ns"]],
    [
      "a deleted dependent with blocking references",
      change("DELETED", "/secrets", meta("d", "ud", "ns", { ownerReferences: [refTo(CM, "o", "uo", true), refTo(NODE, "n", "un", true), { apiVersion: "v9", kind: "Gone", name: "g", uid: "ug", blockOwnerDeletion: true }] })),
      ["scan:ns", "/configmaps/ns/o/uo", "/nodes//n/un"],
    ],
    ["an update that keeps the references (a pod bound, a status reported)", change("MODIFIED", "/pods", owned({ labels: { a: "b" } }), owned()), []],
    ["an update that adds a reference", change("MODIFIED", "/pods", owned(), meta("d", "ud", "ns")), ["/pods/ns/d/ud"]],
    ["an update that drops the last, non-blocking reference", change("MODIFIED", "/pods", meta("d", "ud", "ns"), owned()), []],
    ["an update that drops a blocking reference", change("MODIFIED", "/secrets", blockedBy(refTo(NODE, "n", "un", true)), blockedBy(refTo(CM, "o", "uo", true), refTo(NODE, "n", "un", true))), ["/secrets/ns/d/ud", "/configmaps/ns/o/uo"]],
    ["an update that unblocks a reference", change("MODIFIED", "/secrets", blockedBy(refTo(CM, "o", "uo", false)), blockedBy(refTo(CM, "o", "uo", true))), ["/secrets/ns/d/ud", "/configmaps/ns/o/uo"]],
    ["an event", change("ADDED", "/events", owned()), []],
    ["an events.k8s.io event", change("DELETED", "events.k8s.io/events", owned()), []],
  ])("%s", (_name, c, want) => {
    expect(garbageCollectorWakes(c, kinds)).toEqual(want);
  });
});

describe("snapshot", () => {
  const owner = listed(CM, meta("o", "uo", "ns"));
  const deletingOwner = listed(CM, meta("w", "uw", "ns", { deletionTimestamp: "t", finalizers: ["foregroundDeletion"] }));
  const node = listed(NODE, meta("n", "un"));
  const dep = listed(SECRET, meta("d", "ud", "ns", { ownerReferences: [refTo(CM, "o", "uo"), refTo(CM, "w", "uw")] }));
  const elsewhere = listed(SECRET, meta("e", "ue", "other", { ownerReferences: [refTo(CM, "o", "uo")] }));
  const all = new Snapshot(undefined, [owner, deletingOwner, node, dep, elsewhere]);

  it.each([
    ["listed alive", dep, refTo(CM, "o", "uo"), "solid"],
    ["listed deleting in the foreground", dep, refTo(CM, "w", "uw"), "waiting"],
    ["same uid, other name", dep, refTo(CM, "x", "uo"), undefined],
    ["same uid, other kind", dep, refTo(SECRET, "o", "uo"), undefined],
    ["a namespaced owner in another namespace", elsewhere, refTo(CM, "o", "uo"), undefined],
    ["a cluster-scoped owner", dep, refTo(NODE, "n", "un"), "solid"],
    ["not listed", dep, refTo(CM, "z", "uz"), undefined],
  ])("owner state: %s", (_name, dependent, ref, want) => {
    expect(all.ownerState(dependent, ref)).toBe(want);
  });

  it("dependents of a namespaced owner are in its namespace only", () => {
    expect(all.dependentsOf(owner)).toEqual([dep]);
    expect(all.dependentsOf(node)).toEqual([]);
  });

  it("covers", () => {
    const ns = new Snapshot("ns", [owner, dep]);
    expect(ns.covers("ns")).toBe(true);
    expect(ns.covers("other")).toBe(false);
    expect(ns.covers(undefined)).toBe(false);
    expect(all.covers(undefined)).toBe(true);
    expect(all.covers("ns")).toBe(true);
  });

  it.each([
    ["every owner listed alive (converged: no request)", listed(SECRET, meta("s", "us", "ns", { ownerReferences: [refTo(CM, "o", "uo")] })), "none"],
    ["no owners (converged)", listed(SECRET, meta("s", "us", "ns")), "none"],
    ["an owner waiting", dep, "attemptToDelete"],
    ["an owner not listed", listed(SECRET, meta("s", "us", "ns", { ownerReferences: [refTo(CM, "gone", "ug")] })), "attemptToDelete"],
    ["an owner deleting with orphan", listed(CM, meta("x", "ux", "ns", { deletionTimestamp: "t", finalizers: ["orphan"] })), "orphanDependents"],
  ])("scan: %s → %s", (_name, item, want) => {
    expect(planScanItem(item, all)).toBe(want);
  });
});
