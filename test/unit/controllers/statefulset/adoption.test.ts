/** Which pods a set claims (adopt, keep, release), which keys a stored change wakes, and slow-start batches. */
import { describe, expect, it } from "vitest";
import type { KubeObject } from "../../../../schema/types";
import { labelSelectorFromObject } from "../../../../worker/selectors";
import { claimPods } from "../../../../worker/controllers/statefulset/adoption";
import { slowStartBatch } from "../../../../worker/controllers/statefulset/control";
import { statefulSetWakes } from "../../../../worker/controllers/statefulset";
import { setRef, statefulPod, statefulSet } from "./helpers";

const set = statefulSet("web");
const selector = (s: KubeObject) => {
  const r = labelSelectorFromObject(s.spec.selector);
  if (!r.ok) throw new Error(r.message);
  return r.requirements;
};
const pod = (name: string, o: { labels?: Record<string, string>; owner?: KubeObject | null; deleting?: boolean } = {}): KubeObject => ({
  metadata: {
    name,
    namespace: "ns",
    labels: o.labels ?? { app: "web" },
    ...(o.owner ? { ownerReferences: [o.owner] } : {}),
    ...(o.deleting ? { deletionTimestamp: "2025-01-01T00:00:00Z" } : {}),
  },
});
const otherOwner = { apiVersion: "apps/v1", kind: "StatefulSet", name: "web", uid: "uid-other", controller: true };

describe("claimPods", () => {
  it.each<[string, KubeObject, KubeObject, "owned" | "adopt" | "release" | "ignored"]>([
    ["owned and matching (converged)", set, pod("web-0", { owner: setRef(set) }), "owned"],
    ["owned, selector no longer matches", set, pod("web-0", { owner: setRef(set), labels: { app: "x" } }), "release"],
    ["owned, name is not the set's", set, pod("api-0", { owner: setRef(set) }), "release"],
    ["owned by another controller", set, pod("web-0", { owner: otherOwner }), "ignored"],
    ["orphan matching", set, pod("web-1"), "adopt"],
    ["orphan not matching the selector", set, pod("web-1", { labels: { app: "x" } }), "ignored"],
    ["orphan with another set's name", set, pod("webby-1"), "ignored"],
    ["orphan being deleted", set, pod("web-1", { deleting: true }), "ignored"],
    ["orphan, set being deleted", { ...set, metadata: { ...set.metadata, deletionTimestamp: "2025-01-01T00:00:00Z" } }, pod("web-1"), "ignored"],
    ["owned, not matching, set being deleted", { ...set, metadata: { ...set.metadata, deletionTimestamp: "2025-01-01T00:00:00Z" } }, pod("web-0", { owner: setRef(set), labels: {} }), "ignored"],
  ])("%s → %s", (_, s, p, want) => {
    const out = claimPods(s, selector(s), [p]);
    const where = out.owned.length ? "owned" : out.adopt.length ? "adopt" : out.release.length ? "release" : "ignored";
    expect(where).toBe(want);
  });

  it("a nil selector matches nothing", () => {
    expect(claimPods(set, null, [pod("web-1")])).toEqual({ owned: [], adopt: [], release: [] });
  });
});

describe("statefulSetWakes", () => {
  const change = (resource: string, object: KubeObject) => ({ type: "MODIFIED" as const, resource, object });
  it.each<[string, string, KubeObject, string[]]>([
    ["the set itself", "apps/statefulsets", set, ["ns/web"]],
    ["its pod", "/pods", statefulPod(set, 0, "r1"), ["ns/web"]],
    ["an orphan named for a set", "/pods", pod("db-3"), ["ns/db"]],
    ["an orphan named for nothing", "/pods", pod("standalone"), []],
    ["a pod of a ReplicaSet", "/pods", pod("web-7", { owner: { apiVersion: "apps/v1", kind: "ReplicaSet", name: "rs", uid: "u", controller: true } }), []],
    ["a pod with a non-controller owner only", "/pods", pod("web-7", { owner: { apiVersion: "v1", kind: "ConfigMap", name: "c", uid: "u" } }), ["ns/web"]],
    ["a claim", "/persistentvolumeclaims", { metadata: { name: "d-web-0", namespace: "ns" } }, []],
    ["a Deployment", "apps/deployments", { metadata: { name: "web", namespace: "ns" } }, []],
  ])("%s", (_, resource, object, want) => {
    expect(statefulSetWakes(change(resource, object))).toEqual(want);
  });

  it("skips a pod update that changes nothing the set reads (a bind), not one that does (Ready)", () => {
    const before = statefulPod(set, 0, "r1");
    const bound: KubeObject = { ...before, spec: { ...before.spec, nodeName: "n1" } };
    expect(statefulSetWakes({ ...change("/pods", bound), oldObject: before })).toEqual([]);
    const ready = { ...bound, status: { ...bound.status, conditions: [{ type: "Ready", status: "True", lastTransitionTime: "t" }] } };
    expect(statefulSetWakes({ ...change("/pods", ready), oldObject: bound })).toEqual(["ns/web"]);
  });
});

describe("slowStartBatch", () => {
  it("runs batches of 1, 2, 4, … and stops after a batch with a failure", async () => {
    const started: number[][] = [];
    let batch: number[] = [];
    let inFlight = 0;
    const err = await slowStartBatch([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], async (n) => {
      if (inFlight === 0) started.push((batch = []));
      inFlight++;
      batch.push(n);
      await Promise.resolve();
      inFlight--;
      if (n === 5) throw new Error("boom 5");
    });
    expect(started).toEqual([[1], [2, 3], [4, 5, 6, 7]]);
    expect(err?.message).toBe("boom 5");
  });

  it("runs everything when nothing fails, and nothing for no items", async () => {
    const seen: number[] = [];
    expect(await slowStartBatch([1, 2, 3], async (n) => void seen.push(n))).toBeUndefined();
    expect(seen.sort()).toEqual([1, 2, 3]);
    expect(await slowStartBatch([], async () => undefined)).toBeUndefined();
  });
});
