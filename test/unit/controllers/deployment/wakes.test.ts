/** Which Deployment keys a stored write wakes (pure): its own writes, its ReplicaSets', its pods' deletions. */
import { describe, expect, it } from "vitest";
import { deploymentWakes } from "../../../../worker/controllers/deployment";
import type { Obj } from "../kwok";

const rsRef = (name: string) => [{ apiVersion: "apps/v1", kind: "ReplicaSet", name, uid: "u", controller: true }];
const pod = (rsName: string, hash?: string): Obj => ({ metadata: { namespace: "ns", name: "p", labels: hash ? { "pod-template-hash": hash } : {}, ownerReferences: rsRef(rsName) } });

describe("deploymentWakes", () => {
  it.each<[string, Obj, string[]]>([
    ["a Deployment write", { type: "MODIFIED", resource: "apps/deployments", object: { metadata: { namespace: "ns", name: "web" } } }, ["ns/web"]],
    [
      "a ReplicaSet write wakes its Deployment",
      { type: "MODIFIED", resource: "apps/replicasets", object: { metadata: { namespace: "ns", name: "web-abc", ownerReferences: [{ apiVersion: "apps/v1", kind: "Deployment", name: "web", uid: "u", controller: true }] } } },
      ["ns/web"],
    ],
    ["an orphan ReplicaSet wakes nothing (resync)", { type: "ADDED", resource: "apps/replicasets", object: { metadata: { namespace: "ns", name: "x" } } }, []],
    ["a deleted pod wakes the Deployment named by its ReplicaSet", { type: "DELETED", resource: "/pods", object: pod("my-app-6d4cf56db6", "6d4cf56db6") }, ["ns/my-app"]],
    ["a pod whose ReplicaSet name does not end in its hash", { type: "DELETED", resource: "/pods", object: pod("standalone", "6d4cf56db6") }, []],
    ["a pod without the hash label", { type: "DELETED", resource: "/pods", object: pod("web-6d4cf56db6") }, []],
    ["pod updates are the ReplicaSet controller's", { type: "MODIFIED", resource: "/pods", object: pod("web-6d4cf56db6", "6d4cf56db6") }, []],
  ])("%s", (_, change, want) => {
    expect(deploymentWakes(change as never)).toEqual(want);
  });
});
