/**
 * The ReplicaSet sync's pure decisions: claims over the namespace's pods, create/delete counts (burst-capped,
 * nothing while the ReplicaSet is being deleted, nothing when converged), the availability requeue, the pod
 * a ReplicaSet creates, related pods for ranking, and which keys a write wakes.
 */
import { describe, expect, it } from "vitest";
import {
  availabilityRequeueMs,
  BURST_REPLICAS,
  claimPods,
  indirectlyRelatedPods,
  manageReplicas,
  replicaSetsWithSameController,
} from "../../../../worker/controllers/replicaset/reconcile";
import { podFromTemplate } from "../../../../worker/controllers/replicaset/pod-template";
import { replicaSetWakes } from "../../../../worker/controllers/replicaset/loop";
import type { Obj } from "../kwok";

const NOW = Date.parse("2024-06-01T12:00:00Z");
const ago = (s: number) => new Date(NOW - s * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");

const rs = (replicas: number, extra: Obj = {}): Obj => ({
  metadata: { name: "web", namespace: "ns", uid: "rs-uid", ...extra },
  spec: { replicas, selector: { matchLabels: { app: "web" } }, template: { metadata: { labels: { app: "web" }, annotations: { a: "1" } }, spec: { containers: [{ name: "c", image: "i" }] } } },
});
const ctl = (uid: string) => [{ apiVersion: "apps/v1", kind: "ReplicaSet", name: "web", uid, controller: true }];
const pod = (name: string, labels: Obj, refs: Obj[] = [], status: Obj = {}, meta: Obj = {}): Obj => ({
  metadata: { name, namespace: "ns", uid: name, labels, ownerReferences: refs, ...meta },
  status: { phase: "Running", ...status },
});

describe("claimPods", () => {
  it("sorts the namespace's active pods into owned, adopt and release", () => {
    const pods = [
      pod("mine", { app: "web" }, ctl("rs-uid")),
      pod("orphan", { app: "web" }),
      pod("relabelled", { app: "other" }, ctl("rs-uid")),
      pod("theirs", { app: "web" }, ctl("x")),
      pod("done", { app: "web" }, ctl("rs-uid"), { phase: "Succeeded" }),
      pod("going", { app: "web" }, ctl("rs-uid"), {}, { deletionTimestamp: ago(1) }),
    ];
    const c = claimPods(rs(3), pods);
    expect([c.owned, c.adopt, c.release].map((l) => l.map((p) => p.metadata.name))).toEqual([["mine"], ["orphan"], ["relabelled"]]);
  });
});

describe("manageReplicas", () => {
  const owned = (n: number) => Array.from({ length: n }, (_, i) => pod(`p${i}`, { app: "web" }));
  it.each<[string, Obj, number, Obj]>([
    ["converged → no actions", rs(3), 3, { action: "none" }],
    ["short → create", rs(5), 2, { action: "create", count: 3 }],
    ["over → delete", rs(1), 3, { action: "delete", count: 2 }],
    ["burst cap", rs(BURST_REPLICAS + 20), 0, { action: "create", count: BURST_REPLICAS }],
    ["being deleted → nothing", rs(5, { deletionTimestamp: ago(1) }), 0, { action: "none" }],
  ])("%s", (_, r, n, want) => {
    expect(manageReplicas(r, owned(n))).toEqual(want);
  });
});

describe("availabilityRequeueMs", () => {
  const ready = (since: number) => pod(`r${since}`, { app: "web" }, [], { conditions: [{ type: "Ready", status: "True", lastTransitionTime: ago(since) }] });
  it.each<[string, number, Obj[], number | undefined]>([
    ["no minReadySeconds", 0, [ready(1)], undefined],
    ["all available already", 5, [ready(10)], undefined],
    ["waits for the soonest, plus a second", 10, [ready(2), ready(7), ready(30)], 3001 + 1000],
    ["not ready pods do not wait", 10, [pod("x", { app: "web" })], undefined],
  ])("%s", (_, minReadySeconds, pods, want) => {
    expect(availabilityRequeueMs({ ...rs(1), spec: { ...rs(1).spec, minReadySeconds } }, pods, NOW)).toBe(want);
  });
});

describe("podFromTemplate", () => {
  it("is the template's metadata and spec, generateName <rs>-, the ReplicaSet as controller", () => {
    expect(podFromTemplate(rs(1))).toEqual({
      apiVersion: "v1",
      kind: "Pod",
      metadata: {
        generateName: "web-",
        labels: { app: "web" },
        annotations: { a: "1" },
        ownerReferences: [{ apiVersion: "apps/v1", kind: "ReplicaSet", name: "web", uid: "rs-uid", controller: true, blockOwnerDeletion: true }],
      },
      spec: { containers: [{ name: "c", image: "i" }] },
    });
  });
});

describe("related pods", () => {
  it("are the pods selected by the ReplicaSets of the same controller, each once", () => {
    const dep = [{ apiVersion: "apps/v1", kind: "Deployment", name: "d", uid: "d-uid", controller: true }];
    const a = { metadata: { name: "a", ownerReferences: dep }, spec: { selector: { matchLabels: { app: "web" } } } };
    const b = { metadata: { name: "b", ownerReferences: dep }, spec: { selector: { matchLabels: { app: "web", v: "2" } } } };
    const other = { metadata: { name: "c" }, spec: { selector: { matchLabels: { app: "web" } } } };
    const siblings = replicaSetsWithSameController([a, b, other], "d-uid");
    expect(siblings.map((s) => s.metadata.name)).toEqual(["a", "b"]);
    const pods = [pod("p1", { app: "web" }), pod("p2", { app: "web", v: "2" }), pod("p3", { app: "db" })];
    expect(indirectlyRelatedPods(siblings, pods).map((p) => p.metadata.name)).toEqual(["p1", "p2"]);
    expect(replicaSetsWithSameController([a, b], undefined)).toEqual([]);
  });
});

describe("replicaSetWakes", () => {
  it.each<[string, Obj, string[]]>([
    ["a ReplicaSet write wakes it", { type: "MODIFIED", resource: "apps/replicasets", object: { metadata: { namespace: "ns", name: "web" } } }, ["ns/web"]],
    ["a pod wakes its ReplicaSet", { type: "DELETED", resource: "/pods", object: pod("p", {}, ctl("u")) }, ["ns/web"]],
    ["an orphan pod wakes nothing (the resync adopts it)", { type: "ADDED", resource: "/pods", object: pod("p", {}) }, []],
    ["a pod of another kind of controller", { type: "ADDED", resource: "/pods", object: pod("p", {}, [{ apiVersion: "batch/v1", kind: "Job", name: "j", uid: "u", controller: true }]) }, []],
    ["other resources", { type: "ADDED", resource: "apps/deployments", object: { metadata: { namespace: "ns", name: "d" } } }, []],
    [
      "a pod bound to a node (nothing the ReplicaSet reads changed)",
      { type: "MODIFIED", resource: "/pods", object: { ...pod("p", { app: "web" }, ctl("u")), spec: { nodeName: "n1" } }, oldObject: pod("p", { app: "web" }, ctl("u")) },
      [],
    ],
    [
      "a pod that became Ready",
      { type: "MODIFIED", resource: "/pods", object: pod("p", {}, ctl("u"), { conditions: [{ type: "Ready", status: "True", lastTransitionTime: "t" }] }), oldObject: pod("p", {}, ctl("u")) },
      ["ns/web"],
    ],
    ["a pod whose labels changed", { type: "MODIFIED", resource: "/pods", object: pod("p", { app: "x" }, ctl("u")), oldObject: pod("p", { app: "web" }, ctl("u")) }, ["ns/web"]],
    ["a pod marked for deletion", { type: "MODIFIED", resource: "/pods", object: pod("p", {}, ctl("u"), {}, { deletionTimestamp: "t" }), oldObject: pod("p", {}, ctl("u")) }, ["ns/web"]],
    [
      "a pod released by its ReplicaSet wakes the old owner",
      { type: "MODIFIED", resource: "/pods", object: pod("p", {}), oldObject: pod("p", {}, ctl("u")) },
      ["ns/web"],
    ],
    [
      "a pod moved to another ReplicaSet wakes both",
      { type: "MODIFIED", resource: "/pods", object: pod("p", {}, [{ ...ctl("v")[0], name: "api" }]), oldObject: pod("p", {}, ctl("u")) },
      ["ns/api", "ns/web"],
    ],
  ])("%s", (_, change, want) => {
    expect(replicaSetWakes(change as never)).toEqual(want);
  });
});
