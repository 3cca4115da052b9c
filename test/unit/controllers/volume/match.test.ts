/** findBestMatchForClaim and checkVolumeSatisfyClaim (index.go, pv_helpers.go FindMatchingVolume) as tables. */
import { describe, expect, it } from "vitest";
import { checkVolumeSatisfyClaim, claimClass, claimHasClass, findBestMatchForClaim } from "../../../../worker/controllers/volume";
import { pv, pvc, type Obj } from "./fixtures";

describe("findBestMatchForClaim", () => {
  const claim = pvc("c", { size: "1500Mi" });
  it.each<[string, Obj, Obj[], boolean, string | undefined]>([
    ["the smallest volume big enough", claim, [pv("big", { size: "10Gi" }), pv("small", { size: "1Gi" }), pv("fit", { size: "2Gi" })], false, "fit"],
    ["none big enough", claim, [pv("small", { size: "1Gi" })], false, undefined],
    ["another class is no match", claim, [pv("other", { size: "2Gi", cls: "slow" })], false, undefined],
    ["a claim without class matches volumes without class only", pvc("c", { cls: null }), [pv("a", { cls: "fast" }), pv("b", { cls: "" })], false, "b"],
    ["a volume not Available is skipped", claim, [pv("p", { size: "2Gi", phase: "Pending" }), pv("r", { size: "3Gi", phase: "Released" })], false, undefined],
    ["a volume claimed by another claim is skipped", claim, [pv("x", { size: "2Gi", claim: { name: "other" } })], false, undefined],
    ["a volume being deleted is skipped", claim, [pv("d", { size: "2Gi", deleting: true })], false, undefined],
    ["volumeMode must agree", claim, [pv("blk", { size: "2Gi", mode: "Block" })], false, undefined],
    ["fewest access modes first, even if bigger", claim, [pv("rwo-rox", { size: "2Gi", modes: ["ReadWriteOnce", "ReadOnlyMany"] }), pv("rwo", { size: "5Gi" })], false, "rwo"],
    ["a volume lacking a requested mode is no match", pvc("c", { modes: ["ReadWriteMany"] }), [pv("rwo", { size: "5Gi" })], false, undefined],
    ["the selector filters by labels", pvc("c", { selector: { matchLabels: { tier: "gold" } } }), [pv("plain", { size: "1Gi" }), pv("gold", { size: "3Gi", labels: { tier: "gold" } })], false, "gold"],
    [
      "a volume pre-bound to the claim wins whatever its phase and class",
      claim,
      [pv("fit", { size: "2Gi" }), pv("mine", { size: "5Gi", cls: "slow", phase: "Pending", claim: { name: "c" } })],
      false,
      "mine",
    ],
    ["a pre-bound volume with another claim's UID is no match", claim, [pv("old", { size: "2Gi", claim: { name: "c", uid: "someone-else" } })], false, undefined],
    ["delayed binding returns only a pre-bound volume", claim, [pv("fit", { size: "2Gi" })], true, undefined],
    ["delayed binding still finds a volume provisioned for the claim", claim, [pv("mine", { size: "2Gi", claim: { name: "c", uid: "uid-c" } })], true, "mine"],
  ])("%s", (_name, c, volumes, delay, want) => expect(findBestMatchForClaim(c, volumes, delay)?.metadata?.name).toBe(want));

  it("an assumed class stands in for a claim without one", () => {
    const volumes = [pv("none", { cls: "" }), pv("std", { cls: "standard" })];
    expect(findBestMatchForClaim(pvc("c", { cls: null }), volumes, false, "standard")?.metadata?.name).toBe("std");
    expect(findBestMatchForClaim(pvc("c", { cls: "" }), volumes, false, "standard")?.metadata?.name).toBe("none");
  });
});

describe("checkVolumeSatisfyClaim", () => {
  it.each<[string, Obj, string | undefined]>([
    ["fits", pv("v", { size: "2Gi" }), undefined],
    ["being deleted", pv("v", { size: "2Gi", deleting: true }), 'the volume is marked for deletion "v"'],
    ["too small", pv("v", { size: "1Gi" }), "requested PV is too small"],
    ["another class", pv("v", { size: "2Gi", cls: "slow" }), "storageClassName does not match"],
    ["another volume mode", pv("v", { size: "2Gi", mode: "Block" }), "incompatible volumeMode"],
    ["missing access mode", pv("v", { size: "2Gi", modes: ["ReadOnlyMany"] }), "incompatible accessMode"],
  ])("%s", (_n, volume, want) => expect(checkVolumeSatisfyClaim(volume, pvc("c", { size: "1500Mi" }))).toBe(want));
});

describe("the claim's class", () => {
  it.each<[string, Obj, string, boolean]>([
    ["spec.storageClassName", pvc("c", { cls: "fast" }), "fast", true],
    ["explicitly none", pvc("c", { cls: "" }), "", true],
    ["unset", pvc("c", { cls: null }), "", false],
    ["the beta annotation wins", pvc("c", { cls: "fast", ann: { "volume.beta.kubernetes.io/storage-class": "slow" } }), "slow", true],
  ])("%s", (_n, c, cls, has) => {
    expect(claimClass(c)).toBe(cls);
    expect(claimHasClass(c)).toBe(has);
  });
});
