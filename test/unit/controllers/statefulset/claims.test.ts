/**
 * persistentVolumeClaimRetentionPolicy as owner references: what each policy wants on a claim of a pod in range
 * and of a scaled-down pod, how references are corrected, and which claims are left alone.
 */
import { describe, expect, it } from "vitest";
import type { KubeObject } from "../../../../schema/types";
import { hasUnexpectedController, isClaimOwnerUpToDate, podClaimIsStale, withPolicyOwnerRefs } from "../../../../worker/controllers/statefulset/claims";
import { claim, podRef, setRef, statefulPod, statefulSet } from "./helpers";

type P = "Retain" | "Delete";
const setWith = (whenScaled: P, whenDeleted: P) => statefulSet("web", { replicas: 2, claims: ["d"], retention: { whenScaled, whenDeleted } });
const other = { apiVersion: "example.com/v1", kind: "Thing", name: "t", uid: "uid-thing", controller: true };

/** The owners a claim of `ordinal` ends up with: "set", "pod", "other" in reference order. */
function owners(whenScaled: P, whenDeleted: P, ordinal: number, refs: (set: KubeObject, pod: KubeObject) => KubeObject[]): { upToDate: boolean; after: string[] } {
  const set = setWith(whenScaled, whenDeleted);
  const pod = statefulPod(set, ordinal, "r");
  const c = claim(set, "d", ordinal, refs(set, pod));
  const fixed = withPolicyOwnerRefs(c, set, pod);
  const label = (r: KubeObject) => (r.uid === set.metadata.uid ? "set" : r.uid === pod.metadata.uid ? "pod" : r.kind);
  return { upToDate: isClaimOwnerUpToDate(c, set, pod), after: (fixed.metadata.ownerReferences ?? []).map(label) };
}

describe("isClaimOwnerUpToDate / withPolicyOwnerRefs", () => {
  it.each([
    // whenScaled, whenDeleted, ordinal (replicas 2), refs now, up to date, refs after
    ["Retain", "Retain", 0, () => [], true, []],
    ["Retain", "Retain", 0, (s: KubeObject) => [setRef(s)], false, []],
    ["Retain", "Retain", 3, (_: KubeObject, p: KubeObject) => [podRef(p)], false, []],
    ["Retain", "Delete", 0, () => [], false, ["set"]],
    ["Retain", "Delete", 0, (s: KubeObject) => [setRef(s)], true, ["set"]],
    ["Retain", "Delete", 3, (s: KubeObject) => [setRef(s)], true, ["set"]],
    ["Retain", "Delete", 0, (s: KubeObject, p: KubeObject) => [setRef(s), podRef(p)], false, ["set"]],
    ["Delete", "Retain", 0, () => [], true, []],
    ["Delete", "Retain", 3, () => [], false, ["pod"]],
    ["Delete", "Retain", 3, (_: KubeObject, p: KubeObject) => [podRef(p)], true, ["pod"]],
    ["Delete", "Retain", 1, (_: KubeObject, p: KubeObject) => [podRef(p)], false, []],
    ["Delete", "Delete", 0, () => [], false, ["set"]],
    ["Delete", "Delete", 0, (s: KubeObject) => [setRef(s)], true, ["set"]],
    ["Delete", "Delete", 2, (s: KubeObject) => [setRef(s)], false, ["pod"]],
    ["Delete", "Delete", 2, (_: KubeObject, p: KubeObject) => [podRef(p)], true, ["pod"]],
    // A non-controller reference of ours is made a controller reference.
    ["Retain", "Delete", 0, (s: KubeObject) => [{ ...setRef(s), controller: false }], false, ["set"]],
    // Other owners are kept.
    ["Retain", "Delete", 0, () => [{ ...other, controller: false }], false, ["Thing", "set"]],
  ] as [P, P, number, (s: KubeObject, p: KubeObject) => KubeObject[], boolean, string[]][])("%s/%s ordinal %i %#", (ws, wd, ord, refs, upToDate, after) => {
    expect(owners(ws, wd, ord, refs)).toEqual({ upToDate, after });
  });

  it("leaves a claim with a stale reference (our name, another UID) alone", () => {
    const set = setWith("Delete", "Delete");
    const pod = statefulPod(set, 0, "r");
    const c = claim(set, "d", 0, [{ ...setRef(set), uid: "uid-of-an-older-web" }]);
    expect(isClaimOwnerUpToDate(c, set, pod)).toBe(true);
  });

  it("never adds references next to another controller, and scrubs ours from such a claim", () => {
    const set = setWith("Retain", "Delete");
    const pod = statefulPod(set, 0, "r");
    expect(hasUnexpectedController(claim(set, "d", 0, [other]), set, pod)).toBe(true);
    expect(isClaimOwnerUpToDate(claim(set, "d", 0, [other]), set, pod)).toBe(true);
    const both = claim(set, "d", 0, [other, setRef(set)]);
    expect(isClaimOwnerUpToDate(both, set, pod)).toBe(false);
    expect(withPolicyOwnerRefs(both, set, pod).metadata.ownerReferences).toEqual([other]);
  });

  it("with Retain/Retain another controller is no conflict", () => {
    const set = setWith("Retain", "Retain");
    expect(hasUnexpectedController(claim(set, "d", 0, [other]), set, statefulPod(set, 0, "r"))).toBe(false);
  });

  it("does not modify the claim it is given", () => {
    const set = setWith("Retain", "Delete");
    const c = claim(set, "d", 0);
    withPolicyOwnerRefs(c, set, statefulPod(set, 0, "r"));
    expect(c.metadata.ownerReferences).toBeUndefined();
  });
});

describe("podClaimIsStale", () => {
  const set = setWith("Delete", "Retain");
  const newPod = { metadata: { name: "web-1", namespace: "ns" } }; // not created yet: no UID
  const oldPodRef = { apiVersion: "v1", kind: "Pod", name: "web-1", uid: "uid-old", controller: true };
  it.each([
    ["no claim yet", set, [undefined], false],
    ["a claim without references", set, [claim(set, "d", 1)], false],
    ["a claim owned by the old pod", set, [claim(set, "d", 1, [oldPodRef])], true],
    ["whenScaled Retain never blocks", setWith("Retain", "Retain"), [claim(set, "d", 1, [oldPodRef])], false],
  ])("%s", (_, s, claims, want) => {
    expect(podClaimIsStale(s, newPod, claims)).toBe(want);
  });
});
