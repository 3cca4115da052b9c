/** Pure allocation decisions: requests for old → new Service, held and released values, ranges, repair. */
import { describe, expect, it } from "vitest";
import type { KubeObject } from "../../../../schema/types";
import { allocationRequests, heldValues, releasedValues } from "../../../../worker/services/allocation/plan";
import { ipv4Range, ipv4ToNumber, nodePortRange, numberToIpv4, pickFree } from "../../../../worker/services/allocation/ranges";
import { planRepair } from "../../../../worker/services/allocation/repair";
import type { AllocationRecord } from "../../../../worker/services/allocation/records";

const svc = (spec: KubeObject, uid = "u1"): KubeObject => ({ kind: "Service", metadata: { namespace: "ns", name: "s", uid }, spec });
const p = (port: number, nodePort?: number, protocol = "TCP") => ({ port, protocol, ...(nodePort ? { nodePort } : {}) });

describe("allocationRequests", () => {
  it.each<[string, KubeObject, KubeObject | undefined, unknown[]]>([
    ["ClusterIP create: any IP", svc({ type: "ClusterIP", ports: [p(80)] }), undefined, [{ kind: "clusterIP" }]],
    ["explicit IP", svc({ type: "ClusterIP", clusterIP: "10.96.0.5", clusterIPs: ["10.96.0.5"] }), undefined, [{ kind: "clusterIP", value: "10.96.0.5" }]],
    ["headless: nothing", svc({ type: "ClusterIP", clusterIP: "None", clusterIPs: ["None"] }), undefined, []],
    ["ExternalName: nothing", svc({ type: "ExternalName", externalName: "x.example" }), undefined, []],
    ["NodePort create: IP and one port per port number", svc({ type: "NodePort", ports: [p(53, 0, "TCP"), p(53, 0, "UDP"), p(80)] }), undefined, [
      { kind: "clusterIP" }, { kind: "nodePort", indexes: [0, 1] }, { kind: "nodePort", indexes: [2] }]],
    ["explicit node port shared by its port number", svc({ type: "NodePort", clusterIP: "10.96.0.9", ports: [p(53, 0, "TCP"), p(53, 30053, "UDP")] }), undefined, [
      { kind: "clusterIP", value: "10.96.0.9" }, { kind: "nodePort", value: 30053, indexes: [0, 1] }]],
    ["LoadBalancer without node ports", svc({ type: "LoadBalancer", clusterIP: "10.96.0.9", allocateLoadBalancerNodePorts: false, ports: [p(80), p(81, 30081)] }), undefined, [
      { kind: "clusterIP", value: "10.96.0.9" }, { kind: "nodePort", value: 30081, indexes: [1] }]],
    ["LoadBalancer Local: health-check port", svc({ type: "LoadBalancer", clusterIP: "10.96.0.9", externalTrafficPolicy: "Local", ports: [p(80, 30080)] }), undefined, [
      { kind: "clusterIP", value: "10.96.0.9" }, { kind: "nodePort", value: 30080, indexes: [0] }, { kind: "healthCheckNodePort" }]],
    ["update keeping everything: nothing",
      svc({ type: "NodePort", clusterIP: "10.96.0.9", ports: [p(80, 30080)] }), svc({ type: "NodePort", clusterIP: "10.96.0.9", ports: [p(80, 30080)] }), []],
    ["ClusterIP → NodePort: the ports",
      svc({ type: "NodePort", clusterIP: "10.96.0.9", ports: [p(80), p(81, 30081)] }), svc({ type: "ClusterIP", clusterIP: "10.96.0.9", ports: [p(80), p(81)] }), [
        { kind: "nodePort", indexes: [0] }, { kind: "nodePort", value: 30081, indexes: [1] }]],
    ["ExternalName → ClusterIP: an IP", svc({ type: "ClusterIP", ports: [p(80)] }), svc({ type: "ExternalName", externalName: "x" }), [{ kind: "clusterIP" }]],
    ["Cluster → Local: health-check port",
      svc({ type: "LoadBalancer", clusterIP: "10.96.0.9", externalTrafficPolicy: "Local", ports: [p(80, 30080)] }),
      svc({ type: "LoadBalancer", clusterIP: "10.96.0.9", externalTrafficPolicy: "Cluster", ports: [p(80, 30080)] }), [{ kind: "healthCheckNodePort" }]],
  ])("%s", (_, next, old, want) => {
    expect(allocationRequests(next, old)).toEqual(want);
  });
});

describe("held and released values", () => {
  it.each<[string, KubeObject | undefined, KubeObject | undefined, { ips: string[]; nodePorts: number[] }]>([
    ["delete releases all", svc({ type: "LoadBalancer", clusterIP: "10.96.0.9", clusterIPs: ["10.96.0.9"], externalTrafficPolicy: "Local", healthCheckNodePort: 30999, ports: [p(80, 30080)] }), undefined,
      { ips: ["10.96.0.9"], nodePorts: [30080, 30999] }],
    ["NodePort → ClusterIP releases ports", svc({ type: "NodePort", clusterIP: "10.96.0.9", ports: [p(80, 30080)] }), svc({ type: "ClusterIP", clusterIP: "10.96.0.9", ports: [p(80)] }),
      { ips: [], nodePorts: [30080] }],
    ["→ ExternalName releases the IP", svc({ type: "ClusterIP", clusterIP: "10.96.0.9", ports: [p(80)] }), svc({ type: "ExternalName", externalName: "x" }), { ips: ["10.96.0.9"], nodePorts: [] }],
    ["Local → Cluster releases the health-check port",
      svc({ type: "LoadBalancer", clusterIP: "10.96.0.9", externalTrafficPolicy: "Local", healthCheckNodePort: 30999, ports: [p(80, 30080)] }),
      svc({ type: "LoadBalancer", clusterIP: "10.96.0.9", externalTrafficPolicy: "Cluster", ports: [p(80, 30080)] }), { ips: [], nodePorts: [30999] }],
    ["headless holds nothing", svc({ type: "ClusterIP", clusterIP: "None", clusterIPs: ["None"] }), undefined, { ips: [], nodePorts: [] }],
  ])("%s", (_, old, next, want) => {
    expect(releasedValues(old, next)).toEqual(want);
  });

  it("heldValues dedupes shared node ports", () => {
    expect(heldValues(svc({ type: "NodePort", clusterIP: "10.96.0.2", ports: [p(53, 30053, "TCP"), p(53, 30053, "UDP")] }))).toEqual({ ips: ["10.96.0.2"], nodePorts: [30053] });
  });
});

describe("ranges", () => {
  it.each([
    ["10.96.0.0/12", "10.96.0.1", "10.111.255.254", "10.96.1.1"],
    ["10.0.0.0/24", "10.0.0.1", "10.0.0.254", "10.0.0.17"],
  ])("%s", (cidr, first, last, dynamicFrom) => {
    const r = ipv4Range(cidr);
    expect([numberToIpv4(r.first), numberToIpv4(r.last), numberToIpv4(r.dynamicFrom)]).toEqual([first, last, dynamicFrom]);
  });
  it.each([["10.96.0.5", 174_063_621], ["1.2.3", undefined], ["010.1.1.1", undefined], ["256.0.0.1", undefined], ["::1", undefined]])("ipv4ToNumber(%s)", (ip, n) => {
    expect(ipv4ToNumber(ip)).toBe(n);
  });
  it("node ports: dynamic band from 30086", () => expect(nodePortRange()).toEqual({ first: 30000, last: 32767, dynamicFrom: 30086 }));
  it.each<[string, Set<number>, number | undefined]>([
    ["dynamic band first", new Set(), 20],
    ["then the low band", new Set([20, 21, 22]), 10],
    ["full", new Set([10, 11, 12, 20, 21, 22]), undefined],
  ])("pickFree: %s", (_, taken, want) => {
    expect(pickFree({ first: 10, last: 22, dynamicFrom: 20 }, (n) => taken.has(n) || (n > 12 && n < 20), () => 0)).toBe(want);
  });
});

describe("planRepair", () => {
  const rec = (kind: "ip" | "nodePort", value: string, uid: string, created = 0): AllocationRecord => ({
    kind, value, owner: { namespace: "ns", name: "s", uid }, created, revision: 7,
  });
  const a = svc({ type: "NodePort", clusterIP: "10.96.0.9", ports: [p(80, 30080)] }, "a");
  it.each<[string, KubeObject[], AllocationRecord[], number, { release: string[]; record: string[]; conflicts: string[] }]>([
    ["converged: nothing", [a], [rec("ip", "10.96.0.9", "a"), rec("nodePort", "30080", "a")], 1e9, { release: [], record: [], conflicts: [] }],
    ["missing records are re-created", [a], [], 1e9, { release: [], record: ["ip/10.96.0.9", "nodePort/30080"], conflicts: [] }],
    ["orphan past grace goes", [], [rec("ip", "10.96.0.7", "gone")], 1e9, { release: ["ip/10.96.0.7"], record: [], conflicts: [] }],
    ["orphan within grace stays", [], [rec("ip", "10.96.0.7", "gone", 1e9 - 1000)], 1e9, { release: [], record: [], conflicts: [] }],
    ["record of an earlier incarnation: replaced", [a], [rec("ip", "10.96.0.9", "old"), rec("nodePort", "30080", "a")], 1e9, { release: ["ip/10.96.0.9"], record: ["ip/10.96.0.9"], conflicts: [] }],
    ["another's fresh record: conflict", [a], [rec("ip", "10.96.0.9", "b", 1e9), rec("nodePort", "30080", "a")], 1e9, { release: [], record: [], conflicts: ["ip/10.96.0.9"] }],
    ["a value out of range is not recorded", [svc({ type: "ClusterIP", clusterIP: "192.168.0.1", ports: [p(80)] }, "c")], [], 1e9, { release: [], record: [], conflicts: [] }],
  ])("%s", (_, services, records, now, want) => {
    const plan = planRepair(services, records, now);
    expect({
      release: plan.release.map((r) => `${r.kind}/${r.value}`),
      record: plan.record.map((r) => `${r.kind}/${r.value}`),
      conflicts: plan.conflicts.map((r) => `${r.kind}/${r.value}`),
    }).toEqual(want);
  });
});
