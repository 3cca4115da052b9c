/** The endpoints controller's pure side: addresses, RepackSubsets, truncation, and the write plan. */
import { describe, expect, it } from "vitest";
import type { KubeObject } from "../../../../schema/types";
import { desiredSubsets, planEndpoints, podToEndpointAddress, repackSubsets, truncateSubsets } from "../../../../worker/controllers/endpoints";
import { pod, service } from "../endpointslice/fixtures";

const addr = (name: string, n: number) => ({ ip: `10.244.0.${n}`, nodeName: "node-1", targetRef: { kind: "Pod", namespace: "ns", name, uid: `${name}-uid` } });
const http = (port = 8080) => ({ name: "http", port, protocol: "TCP" });
const metrics = { name: "metrics", port: 9090, protocol: "TCP" };

describe("subsets", () => {
  it("groups ready and not-ready addresses by the exact ports they offer", () => {
    const subsets = desiredSubsets(service(), [pod("p2"), pod("p1"), pod("p3", { ready: false }), pod("p4", { httpPort: 8081 })]);
    // Sorted by their JSON (upstream: by a hash), addresses by IP.
    expect(subsets).toEqual([
      { addresses: [addr("p1", 1), addr("p2", 2), addr("p4", 4)], notReadyAddresses: [addr("p3", 3)], ports: [metrics] },
      { addresses: [addr("p1", 1), addr("p2", 2)], notReadyAddresses: [addr("p3", 3)], ports: [http()] },
      { addresses: [addr("p4", 4)], ports: [http(8081)] },
    ]);
  });

  it.each([
    ["terminating pods leave", [pod("p1"), pod("p2", { deleting: true })], {}, ["p1"], []],
    ["pods without IP are left out", [pod("p1"), pod("p2", { ip: null })], {}, ["p1"], []],
    ["terminal pods are left out", [pod("p1"), pod("p2", { phase: "Failed" })], {}, ["p1"], []],
    ["publishNotReadyAddresses: not ready and terminating count as ready", [pod("p1", { ready: false }), pod("p2", { deleting: true })], { publishNotReadyAddresses: true }, ["p1", "p2"], []],
  ])("%s", (_name, pods, spec, ready, notReady) => {
    const subsets = desiredSubsets(service({ ports: [{ name: "metrics", port: 9090, targetPort: 9090, protocol: "TCP" }], ...spec }), pods);
    expect(subsets.flatMap((s) => (s.addresses ?? []).map((a: KubeObject) => a.targetRef.name))).toEqual(ready);
    expect(subsets.flatMap((s) => (s.notReadyAddresses ?? []).map((a: KubeObject) => a.targetRef.name))).toEqual(notReady);
  });

  it("lists the addresses of a headless Service without ports, and nothing for a non-headless one", () => {
    expect(desiredSubsets(service({ clusterIP: "None", ports: [] }), [pod("p1")])).toEqual([{ addresses: [addr("p1", 1)] }]);
    expect(desiredSubsets(service({ ports: [] }), [pod("p1")])).toEqual([]);
  });

  it("marks an address not ready on a port when any of its entries is not ready", () => {
    const a = { ip: "10.0.0.1", targetRef: { uid: "u" } };
    expect(repackSubsets([{ address: a, ready: true, port: http() }, { address: a, ready: false, port: http() }, { address: a, ready: true, port: http() }])).toEqual([
      { notReadyAddresses: [a], ports: [http()] },
    ]);
  });

  it("picks the address of the Service's family; an unbound pod has no nodeName", () => {
    const p = pod("p1", { node: "" });
    p.status.podIPs = [{ ip: "10.244.0.1" }, { ip: "fd00::1" }];
    expect(podToEndpointAddress(service({ ipFamilies: ["IPv6"] }), p)).toEqual({ ip: "fd00::1", targetRef: { kind: "Pod", namespace: "ns", name: "p1", uid: "p1-uid" } });
    expect(podToEndpointAddress(service({ ipFamilies: ["IPv6"] }), pod("p2"))).toBeUndefined();
  });

  it("truncates to 1000 addresses, not-ready ones first, proportionally", () => {
    const many = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => ({ ip: `10.${prefix}.${Math.floor(i / 250)}.${i % 250}` }));
    const r = truncateSubsets([
      { addresses: many("1", 600), notReadyAddresses: many("2", 300), ports: [http()] },
      { addresses: many("3", 200), notReadyAddresses: many("4", 100), ports: [metrics] },
    ]);
    expect(r.truncated).toBe(true);
    expect(r.subsets.map((s) => [s.addresses.length, s.notReadyAddresses.length])).toEqual([
      [600, 150],
      [200, 50],
    ]);
    const ready = truncateSubsets([{ addresses: many("1", 1200), notReadyAddresses: many("2", 5) }]);
    expect(ready.subsets.map((s) => [s.addresses.length, s.notReadyAddresses])).toEqual([[1000, undefined]]);
    expect(truncateSubsets([{ addresses: many("1", 10) }]).truncated).toBe(false);
  });
});

describe("planEndpoints", () => {
  const svc = service();
  const pods = [pod("p1"), pod("p2", { ready: false })];

  it("creates the Endpoints named as the Service, with its labels and the trigger time; converged → no actions", () => {
    const plan = planEndpoints(svc, pods, undefined, "2024-06-01T10:00:00Z");
    expect(plan.action).toBe("create");
    if (plan.action === "none") return;
    expect(plan.endpoints.metadata).toEqual({
      name: "web",
      namespace: "ns",
      labels: { tier: "front" },
      annotations: { "endpoints.kubernetes.io/last-change-trigger-time": "2024-06-01T10:00:00Z" },
    });
    const stored: KubeObject = { ...plan.endpoints, metadata: { ...plan.endpoints.metadata, resourceVersion: "5", uid: "e" } };
    expect(planEndpoints(svc, pods, stored, "2024-06-01T11:00:00Z")).toEqual({ action: "none" });
    // Pod resourceVersions in targetRefs do not count.
    const withRv = structuredClone(stored);
    withRv.subsets[0].addresses[0].targetRef.resourceVersion = "77";
    expect(planEndpoints(svc, pods, withRv, undefined)).toEqual({ action: "none" });
  });

  it.each([
    ["a pod turns ready", [pod("p1"), pod("p2")], svc],
    ["the Service's labels change", pods, service({}, { labels: { tier: "back" } })],
  ])("updates when %s", (_name, newPods, newSvc) => {
    const created = planEndpoints(svc, pods, undefined, undefined);
    if (created.action === "none") throw new Error("expected a create");
    const plan = planEndpoints(newSvc, newPods, created.endpoints, undefined);
    expect(plan.action).toBe("update");
  });

  it("clears the trigger time when none is new, and labels a Service without cluster IP headless", () => {
    const current = { apiVersion: "v1", kind: "Endpoints", metadata: { name: "web", namespace: "ns", annotations: { "endpoints.kubernetes.io/last-change-trigger-time": "old", keep: "me" } }, subsets: [] };
    const plan = planEndpoints(service({ clusterIP: "" }), pods, current, undefined);
    if (plan.action === "none") throw new Error("expected an update");
    expect(plan.endpoints.metadata.annotations).toEqual({ keep: "me" });
    expect(plan.endpoints.metadata.labels).toEqual({ tier: "front", "service.kubernetes.io/headless": "" });
    // The headless label alone is no reason to write.
    expect(planEndpoints(service({ clusterIP: "" }), pods, plan.endpoints, undefined)).toEqual({ action: "none" });
  });
});
