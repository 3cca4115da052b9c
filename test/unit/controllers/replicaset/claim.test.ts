/** ClaimObject's decisions and the ownerReference patches (controller_ref_manager.go). */
import { describe, expect, it } from "vitest";
import { adoptPatch, claimDecision, releasePatch, withControllerRef } from "../../../../worker/controllers/replicaset/claim";
import type { Obj } from "../kwok";

const owner = (deleting = false): Obj => ({ metadata: { name: "rs", namespace: "ns", uid: "owner", ...(deleting ? { deletionTimestamp: "2024-01-01T00:00:00Z" } : {}) } });
const ref = (uid: string, controller = true) => ({ apiVersion: "apps/v1", kind: "ReplicaSet", name: "x", uid, controller });
const obj = (refs: Obj[] = [], extra: Obj = {}): Obj => ({ metadata: { name: "p", namespace: "ns", uid: "p-uid", ownerReferences: refs, ...extra } });

describe("claimDecision", () => {
  it.each<[string, Obj, Obj, boolean, string]>([
    ["owned and matching", owner(), obj([ref("owner")]), true, "owned"],
    ["owned, no longer matching", owner(), obj([ref("owner")]), false, "release"],
    ["owned, not matching, owner deleting", owner(true), obj([ref("owner")]), false, "ignore"],
    ["controlled by another", owner(), obj([ref("other")]), true, "ignore"],
    ["orphan matching", owner(), obj(), true, "adopt"],
    ["orphan with a non-controller owner", owner(), obj([ref("gc", false)]), true, "adopt"],
    ["orphan not matching", owner(), obj(), false, "ignore"],
    ["orphan, owner deleting", owner(true), obj(), true, "ignore"],
    ["orphan being deleted", owner(), obj([], { deletionTimestamp: "2024-01-01T00:00:00Z" }), true, "ignore"],
    ["orphan in another namespace", owner(), obj([], { namespace: "other" }), true, "ignore"],
  ])("%s → %s", (_, controller, o, matches, want) => {
    expect(claimDecision(controller, o, matches)).toBe(want);
  });
});

describe("patches", () => {
  it("adopt sets the controllerRef with the object's uid as a precondition", () => {
    expect(adoptPatch(ref("owner"), "p-uid")).toEqual({ metadata: { ownerReferences: [ref("owner")], uid: "p-uid" } });
  });
  it("release deletes the owner's entry by uid", () => {
    expect(releasePatch("owner", "p-uid")).toEqual({ metadata: { ownerReferences: [{ $patch: "delete", uid: "owner" }], uid: "p-uid" } });
  });
  it("withControllerRef adds (or replaces) the reference without touching the input", () => {
    const o = obj([ref("gc", false)]);
    const out = withControllerRef(o, ref("owner"));
    expect(out.metadata.ownerReferences).toEqual([ref("gc", false), ref("owner")]);
    expect(o.metadata.ownerReferences).toHaveLength(1);
  });
});
