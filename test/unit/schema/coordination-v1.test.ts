/** coordination.k8s.io/v1 Lease: accept and reject corpus. */
import { describe, expect, it } from "vitest";
import { coordinationV1 } from "../../../schema/coordination-v1";
import { admit, kindOf, load } from "./group-helpers";

const lease = kindOf(coordinationV1, "Lease");

/** A node heartbeat lease as the kubelet writes it. */
const NODE_LEASE = `
apiVersion: coordination.k8s.io/v1
kind: Lease
metadata: {name: worker-1, namespace: kube-node-lease, ownerReferences: [{apiVersion: v1, kind: Node, name: worker-1, uid: 5f2e8e1a-0000-4000-8000-000000000001}]}
spec:
  holderIdentity: worker-1
  leaseDurationSeconds: 40
  renewTime: "2025-01-01T00:00:10.123456Z"
  acquireTime: "2025-01-01T00:00:00.000000Z"
  leaseTransitions: 0
`;

describe("Lease", () => {
  it("a node lease is accepted", () => {
    const { issues, errors } = admit(lease, load(NODE_LEASE));
    expect([issues, errors]).toEqual([[], []]);
  });

  it.each<[string, (s: any) => void, string[]]>([
    ["zero duration", (s) => (s.leaseDurationSeconds = 0), ["spec.leaseDurationSeconds: Invalid value: 0: must be greater than 0"]],
    ["negative transitions", (s) => (s.leaseTransitions = -1), ["spec.leaseTransitions: Invalid value: -1: must be greater than or equal to 0"]],
    ["preferredHolder without strategy", (s) => (s.preferredHolder = "b"), ["spec.preferredHolder: Forbidden: may only be specified if `strategy` is defined"]],
    ["unknown strategy", (s) => (s.strategy = "Newest"), ['spec.strategy.strategy: Unsupported value: "Newest": supported values: "OldestEmulationVersion"']],
    ["custom strategy", (s) => (s.strategy = "example.com/mine"), []],
  ])("%s", (_n, edit, expected) => {
    const obj = load(NODE_LEASE);
    edit(obj.spec);
    expect(admit(lease, obj).errors).toEqual(expected);
  });

  it("is namespaced, without status or generation", () => {
    expect([lease.resource, lease.namespaced, lease.status, lease.generation]).toEqual(["leases", true, undefined, undefined]);
  });
});
