/**
 * The EndpointSlice reconciler as pure plans: pods as endpoints, ports per pod, slice placement (fill, 100 per
 * slice, placeholder, create→update reuse), labels, address types, the trigger time tracker and the wakes.
 */
import { describe, expect, it } from "vitest";
import type { KubeObject } from "../../../../schema/types";
import {
  computeTriggerTime,
  endpointPorts,
  endpointSliceWakes,
  findPort,
  formatRFC3339Nano,
  podToEndpoint,
  reconcileSlices,
  shouldPodBeInEndpoints,
  sliceToFill,
} from "../../../../worker/controllers/endpointslice";
import { endpointsWakes } from "../../../../worker/controllers/endpoints";
import { nodes, pod, service } from "./fixtures";

const NODES = nodes("node-1", "node-2");

/** The slices a plan leaves, as the API would store them (names given to created slices). */
function apply(existing: KubeObject[], plan: ReturnType<typeof reconcileSlices>): KubeObject[] {
  const byName = new Map(existing.map((s) => [s.metadata.name, s]));
  for (const s of plan.delete) byName.delete(s.metadata.name);
  for (const s of plan.update) byName.set(s.metadata.name, s);
  plan.create.forEach((s, i) => {
    const { generateName, ...meta } = s.metadata;
    byName.set(`${generateName}${byName.size}${i}`, { ...s, metadata: { ...meta, name: `${generateName}${byName.size}${i}` } });
  });
  return [...byName.values()];
}

const names = (slice: KubeObject) => slice.endpoints.map((e: KubeObject) => e.targetRef.name);
const noActions = (plan: ReturnType<typeof reconcileSlices>) => ({ create: plan.create.length, update: plan.update.length, delete: plan.delete.length });

describe("pods as endpoints", () => {
  it.each([
    ["ready", {}, {}, { ready: true, serving: true, terminating: false }],
    ["not ready", { ready: false }, {}, { ready: false, serving: false, terminating: false }],
    ["terminating, still ready", { deleting: true }, {}, { ready: false, serving: true, terminating: true }],
    ["not ready, published anyway", { ready: false }, { publishNotReadyAddresses: true }, { ready: true, serving: false, terminating: false }],
    ["terminating, published anyway", { deleting: true, ready: false }, { publishNotReadyAddresses: true }, { ready: true, serving: false, terminating: true }],
  ])("%s", (_name, podOpts, svcSpec, conditions) => {
    const ep = podToEndpoint(pod("p1", podOpts), NODES.get("node-1"), service(svcSpec), "IPv4");
    expect(ep).toEqual({
      addresses: ["10.244.0.1"],
      conditions,
      targetRef: { kind: "Pod", namespace: "ns", name: "p1", uid: "p1-uid" },
      nodeName: "node-1",
      zone: "zone-node-1",
    });
  });

  it("publishes the hostname of a pod in the Service's subdomain, and only IPs of the family", () => {
    const p = pod("p1", { spec: { hostname: "h", subdomain: "web" } });
    p.status.podIPs = [{ ip: "10.244.0.1" }, { ip: "fd00::1" }];
    expect(podToEndpoint(p, undefined, service(), "IPv4")).toMatchObject({ hostname: "h", addresses: ["10.244.0.1"] });
    expect(podToEndpoint(p, undefined, service(), "IPv6").addresses).toEqual(["fd00::1"]);
    expect(podToEndpoint(pod("p2", { spec: { hostname: "h", subdomain: "other" } }), undefined, service(), "IPv4")).not.toHaveProperty("hostname");
  });

  it.each([
    ["running with an IP", {}, true, true],
    ["no IP yet", { ip: null }, false, false],
    ["succeeded", { phase: "Succeeded" }, false, false],
    ["failed", { phase: "Failed" }, false, false],
    ["terminating", { deleting: true }, true, false],
  ])("in endpoints: %s", (_name, opts, withTerminating, withoutTerminating) => {
    expect(shouldPodBeInEndpoints(pod("p1", opts), true)).toBe(withTerminating);
    expect(shouldPodBeInEndpoints(pod("p1", opts), false)).toBe(withoutTerminating);
  });

  it.each([
    ["a number", { targetPort: 9090, protocol: "TCP" }, 9090],
    ["a name", { targetPort: "http", protocol: "TCP" }, 8080],
    ["a name of another protocol", { targetPort: "http", protocol: "UDP" }, undefined],
    ["an unknown name", { targetPort: "grpc", protocol: "TCP" }, undefined],
    ["a sidecar's name", { targetPort: "proxy", protocol: "TCP" }, 15001],
    ["a plain init container's name", { targetPort: "init", protocol: "TCP" }, undefined],
  ])("FindPort: %s", (_name, servicePort, want) => {
    const p = pod("p1", {
      spec: {
        initContainers: [
          { name: "proxy", restartPolicy: "Always", ports: [{ name: "proxy", containerPort: 15001, protocol: "TCP" }] },
          { name: "setup", ports: [{ name: "init", containerPort: 1, protocol: "TCP" }] },
        ],
      },
    });
    expect(findPort(p, servicePort)).toBe(want);
  });

  it("lists the ports a pod offers; none for a headless Service without ports", () => {
    expect(endpointPorts(service(), pod("p1", { httpPort: 8081 }))).toEqual([
      { name: "http", port: 8081, protocol: "TCP" },
      { name: "metrics", port: 9090, protocol: "TCP" },
    ]);
    expect(endpointPorts(service({ clusterIP: "None", ports: [] }), pod("p1"))).toEqual([]);
  });
});

describe("reconcileSlices", () => {
  it("creates one slice for the pods, owned and labelled; converged → no actions", () => {
    const svc = service();
    const plan = reconcileSlices(svc, [pod("p2"), pod("p1"), pod("p3", { ip: null })], NODES, []);
    expect(noActions(plan)).toEqual({ create: 1, update: 0, delete: 0 });
    const slice = plan.create[0];
    expect(slice.metadata).toMatchObject({
      generateName: "web-",
      labels: { tier: "front", "kubernetes.io/service-name": "web", "endpointslice.kubernetes.io/managed-by": "endpointslice-controller.k8s.io" },
      ownerReferences: [{ apiVersion: "v1", kind: "Service", name: "web", uid: "svc-uid", controller: true, blockOwnerDeletion: true }],
    });
    expect(slice.addressType).toBe("IPv4");
    expect(names(slice)).toEqual(["p1", "p2"]);
    expect(slice.ports).toEqual([
      { name: "http", port: 8080, protocol: "TCP" },
      { name: "metrics", port: 9090, protocol: "TCP" },
    ]);
    const after = reconcileSlices(svc, [pod("p1"), pod("p2"), pod("p3", { ip: null })], NODES, apply([], plan));
    expect(noActions(after)).toEqual({ create: 0, update: 0, delete: 0 });
  });

  it("keeps one empty placeholder slice for a Service without endpoints; converged → no actions", () => {
    const plan = reconcileSlices(service(), [], NODES, []);
    expect(plan.create).toHaveLength(1);
    expect(plan.create[0]).toMatchObject({ endpoints: [], ports: [], addressType: "IPv4" });
    expect(noActions(reconcileSlices(service(), [], NODES, apply([], plan)))).toEqual({ create: 0, update: 0, delete: 0 });
  });

  it("updates an endpoint in place when its pod changes, removes it when the pod goes", () => {
    const svc = service();
    const slices = apply([], reconcileSlices(svc, [pod("p1"), pod("p2")], NODES, []));
    const notReady = reconcileSlices(svc, [pod("p1", { ready: false }), pod("p2")], NODES, slices);
    expect(noActions(notReady)).toEqual({ create: 0, update: 1, delete: 0 });
    expect(notReady.update[0].endpoints.find((e: KubeObject) => e.targetRef.name === "p1").conditions).toEqual({ ready: false, serving: false, terminating: false });
    const gone = reconcileSlices(svc, [pod("p2")], NODES, slices);
    expect(names(gone.update[0])).toEqual(["p2"]);
  });

  it("turns the last endpoint's removal into an update to the placeholder (no delete + create)", () => {
    const svc = service();
    const slices = apply([], reconcileSlices(svc, [pod("p1")], NODES, []));
    const plan = reconcileSlices(svc, [], NODES, slices);
    expect(noActions(plan)).toEqual({ create: 0, update: 1, delete: 0 });
    expect(plan.update[0]).toMatchObject({ endpoints: [], ports: [], metadata: { name: slices[0].metadata.name } });
    expect(plan.update[0].metadata).not.toHaveProperty("generateName");
  });

  it("groups pods by the ports they offer", () => {
    const plan = reconcileSlices(service(), [pod("p1"), pod("p2", { httpPort: 8081 }), pod("p3")], NODES, []);
    expect(plan.create.map((s) => [names(s), s.ports[0].port])).toEqual([
      [["p1", "p3"], 8080],
      [["p2"], 8081],
    ]);
  });

  it("puts at most 100 endpoints in a slice, and fills the slice closest to full before creating", () => {
    const svc = service();
    const pods = Array.from({ length: 250 }, (_, i) => pod(`p${String(i).padStart(3, "0")}`, { ip: `10.1.${Math.floor(i / 200)}.${(i % 200) + 1}` }));
    const plan = reconcileSlices(svc, pods, NODES, []);
    expect(plan.create.map((s) => s.endpoints.length)).toEqual([100, 100, 50]);
    const slices = apply([], plan);
    const more = reconcileSlices(svc, [...pods, pod("z1", { ip: "10.2.0.1" })], NODES, slices);
    expect(noActions(more)).toEqual({ create: 0, update: 1, delete: 0 });
    expect(more.update[0].endpoints).toHaveLength(51);
    expect(sliceToFill([{ endpoints: new Array(90) }, { endpoints: new Array(95) }, { endpoints: new Array(99) }], 5, 100)).toEqual({ endpoints: new Array(95) });
  });

  it("mirrors Service label changes onto its slices", () => {
    const slices = apply([], reconcileSlices(service(), [pod("p1")], NODES, []));
    const plan = reconcileSlices(service({}, { labels: { tier: "back" } }), [pod("p1")], NODES, slices);
    expect(noActions(plan)).toEqual({ create: 0, update: 1, delete: 0 });
    expect(plan.update[0].metadata.labels).toMatchObject({ tier: "back", "kubernetes.io/service-name": "web" });
  });

  it("labels the slices of a Service without a cluster IP as headless", () => {
    const plan = reconcileSlices(service({ clusterIP: "None" }), [pod("p1")], NODES, []);
    expect(plan.create[0].metadata.labels["service.kubernetes.io/headless"]).toBe("");
  });

  it("deletes slices of an older Service of the same name, and of a family the Service no longer has", () => {
    const slices = apply([], reconcileSlices(service(), [pod("p1")], NODES, []));
    const recreated = reconcileSlices(service({}, { uid: "new-uid" }), [pod("p1")], NODES, slices);
    expect(noActions(recreated)).toEqual({ create: 1, update: 0, delete: 1 });
    const v6 = reconcileSlices(service({ ipFamilies: ["IPv6"], clusterIP: "fd00::10" }), [pod("p1")], NODES, slices);
    expect(v6.delete.map((s) => s.addressType)).toEqual(["IPv4"]);
    expect(v6.create.map((s) => [s.addressType, s.endpoints.length])).toEqual([["IPv6", 0]]);
  });

  it("skips a pod whose node is unknown (reporting it) unless not-ready addresses are published", () => {
    const plan = reconcileSlices(service(), [pod("p1", { node: "ghost" }), pod("p2")], NODES, []);
    expect(names(plan.create[0])).toEqual(["p2"]);
    expect(plan.errors).toEqual(["skipping Pod p1 for Service ns/web: Node ghost Not Found"]);
    const published = reconcileSlices(service({ publishNotReadyAddresses: true }), [pod("p1", { node: "ghost" }), pod("p2")], NODES, []);
    expect(names(published.create[0])).toEqual(["p1", "p2"]);
    expect(published.errors).toEqual([]);
  });
});

describe("trigger time (TriggerTimeTracker)", () => {
  const svc = service();
  it("publishes the Service's creation first, then the earliest changed pod trigger, then nothing", () => {
    const first = computeTriggerTime(undefined, svc, [pod("p1")]);
    expect(first.time).toBe(Date.parse("2024-06-01T10:00:00Z"));
    expect(computeTriggerTime(first.state, svc, [pod("p1")]).time).toBeUndefined();
    const changed = computeTriggerTime(first.state, svc, [pod("p1", { readySince: "2024-06-01T11:00:05Z" }), pod("p2", { readySince: "2024-06-01T11:00:01Z" })]);
    expect(changed.time).toBe(Date.parse("2024-06-01T11:00:01Z"));
  });

  it.each([
    [Date.parse("2024-06-01T11:00:01Z"), "2024-06-01T11:00:01Z"],
    [Date.parse("2024-06-01T11:00:01.5Z"), "2024-06-01T11:00:01.5Z"],
    [Date.parse("2024-06-01T11:00:01.120Z"), "2024-06-01T11:00:01.12Z"],
  ])("RFC3339Nano %s → %s", (t, want) => {
    expect(formatRFC3339Nano(t)).toBe(want);
  });
});

describe("wakes", () => {
  const slice = (type: "ADDED" | "MODIFIED" | "DELETED", managedBy: string) => ({
    type,
    resource: "discovery.k8s.io/endpointslices",
    object: { metadata: { name: "web-x", namespace: "ns", labels: { "kubernetes.io/service-name": "web", "endpointslice.kubernetes.io/managed-by": managedBy } } },
  });
  it.each([
    ["a Service", { type: "MODIFIED" as const, resource: "/services", object: { metadata: { name: "web", namespace: "ns" } } }, ["ns/web"], ["ns/web"]],
    ["a pod with an IP: every Service of its namespace", { type: "MODIFIED" as const, resource: "/pods", object: pod("p1") }, ["ns/*"], ["ns/*"]],
    ["a pod with an IP, deleted", { type: "DELETED" as const, resource: "/pods", object: pod("p1", { phase: "Failed" }) }, ["ns/*"], ["ns/*"]],
    ["a pod without an IP: no Service", { type: "MODIFIED" as const, resource: "/pods", object: pod("p1", { ip: null }) }, [], []],
    ["a managed slice deleted", slice("DELETED", "endpointslice-controller.k8s.io"), ["ns/web"], []],
    ["a managed slice changed", slice("MODIFIED", "endpointslice-controller.k8s.io"), [], []],
    ["someone else's slice deleted", slice("DELETED", "someone"), [], []],
    ["an Endpoints deleted", { type: "DELETED" as const, resource: "/endpoints", object: { metadata: { name: "web", namespace: "ns" } } }, [], ["ns/web"]],
    ["an Endpoints changed", { type: "MODIFIED" as const, resource: "/endpoints", object: { metadata: { name: "web", namespace: "ns" } } }, [], []],
    ["a Node", { type: "MODIFIED" as const, resource: "/nodes", object: { metadata: { name: "n" } } }, [], []],
  ])("%s", (_name, change, slices, endpoints) => {
    expect(endpointSliceWakes(change)).toEqual(slices);
    expect(endpointsWakes(change)).toEqual(endpoints);
  });
});
