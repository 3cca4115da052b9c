import { describe, expect, it } from "vitest";
import type { KubeObject } from "../../../../schema/types";
import { LEASE_RENEW_INTERVAL_MS, leaseObject, microTime, renewedLease } from "../../../../worker/kubelet/node/lease";

const T0 = Date.parse("2026-03-01T10:00:00.123Z");

describe("node Lease", () => {
  it("renews every 10 s, a quarter of 40 s", () => expect(LEASE_RENEW_INTERVAL_MS).toBe(10_000));

  it.each<[number, string]>([
    [T0, "2026-03-01T10:00:00.123000Z"],
    [Date.parse("2026-03-01T10:00:00Z"), "2026-03-01T10:00:00.000000Z"],
  ])("MicroTime of %d is %s", (ms, text) => expect(microTime(ms)).toBe(text));

  it.each<[string, string | undefined, object | undefined]>([
    ["with the node's uid", "uid-1", [{ apiVersion: "v1", kind: "Node", name: "edge-0", uid: "uid-1" }]],
    ["without it", undefined, undefined],
  ])("a new Lease %s", (_, uid, ownerReferences) =>
    expect(leaseObject("edge-0", uid, T0)).toEqual({
      apiVersion: "coordination.k8s.io/v1",
      kind: "Lease",
      metadata: { name: "edge-0", namespace: "kube-node-lease", ...(ownerReferences ? { ownerReferences } : {}) },
      spec: { holderIdentity: "edge-0", leaseDurationSeconds: 40, renewTime: "2026-03-01T10:00:00.123000Z" },
    }),
  );

  it.each<[string, string | undefined, boolean]>([
    ["keeps everything but renewTime", undefined, false],
    ["adds a missing owner when the uid is known", "uid-9", true],
  ])("renewal %s", (_, uid, addsOwner) => {
    const stored: KubeObject = { ...leaseObject("edge-0", undefined, T0), metadata: { name: "edge-0", namespace: "kube-node-lease", resourceVersion: "7" } };
    stored.spec.holderIdentity = "someone-else";
    const renewed = renewedLease(stored, T0 + 10_000, uid);
    expect(renewed.spec).toEqual({ holderIdentity: "someone-else", leaseDurationSeconds: 40, renewTime: "2026-03-01T10:00:10.123000Z" });
    expect(renewed.metadata.resourceVersion).toBe("7");
    expect(renewed.metadata.ownerReferences).toEqual(addsOwner ? [{ apiVersion: "v1", kind: "Node", name: "edge-0", uid: "uid-9" }] : undefined);
    expect(stored.spec.renewTime).toBe("2026-03-01T10:00:00.123000Z");
  });

  it("an existing owner is left as it is", () => {
    const stored = leaseObject("n", "old", T0);
    expect(renewedLease(stored, T0, "new").metadata.ownerReferences[0].uid).toBe("old");
  });
});
