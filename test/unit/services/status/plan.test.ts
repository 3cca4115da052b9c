/** Pure LoadBalancer hostname and Ingress status decisions. */
import { describe, expect, it } from "vitest";
import type { KubeObject } from "../../../../schema/types";
import { chooseHostname, hostnameSuffix, planLoadBalancer } from "../../../../worker/services/status/load-balancer";
import { edgeIngressClassObject, ingressClassOf, planIngressStatus } from "../../../../worker/services/status/ingress";

const D = "lb.localhost";
const svc = (name: string, ns: string, uid: string, spec: KubeObject = { type: "LoadBalancer" }, hostname?: string, created = "2024-01-01T00:00:00Z"): KubeObject => ({
  metadata: { name, namespace: ns, uid, creationTimestamp: created },
  spec,
  status: { loadBalancer: hostname ? { ingress: [{ hostname }] } : {} },
});

describe("planLoadBalancer", () => {
  it.each<[string, KubeObject, KubeObject[], unknown]>([
    ["new LoadBalancer", svc("web", "ns", "u1"), [], { action: "ensure", hostname: "web-ns.lb.localhost" }],
    ["converged", svc("web", "ns", "u1", undefined, "web-ns.lb.localhost"), [], { action: "none" }],
    ["held by another: suffix", svc("a", "b-c", "u1"), [svc("a-b", "c", "u2", undefined, "a-b-c.lb.localhost")], { action: "ensure", hostname: "a-b-c-sfx.lb.localhost" }],
    ["wanted by an older one: suffix", svc("a", "b-c", "u2", undefined, undefined, "2024-02-01T00:00:00Z"), [svc("a-b", "c", "u1")], { action: "ensure", hostname: "a-b-c-sfx.lb.localhost" }],
    ["wanted by a younger one: plain", svc("a", "b-c", "u1"), [svc("a-b", "c", "u2", undefined, undefined, "2024-02-01T00:00:00Z")], { action: "ensure", hostname: "a-b-c.lb.localhost" }],
    ["type changed away: clear", svc("web", "ns", "u1", { type: "ClusterIP" }, "web-ns.lb.localhost"), [], { action: "clear" }],
    ["ClusterIP without status: nothing", svc("web", "ns", "u1", { type: "ClusterIP" }), [], { action: "none" }],
    ["another class: left alone", svc("web", "ns", "u1", { type: "LoadBalancer", loadBalancerClass: "x.io/lb" }, "1.2.3.4"), [], { action: "none" }],
    ["extra fields are rewritten", { ...svc("web", "ns", "u1"), status: { loadBalancer: { ingress: [{ hostname: "web-ns.lb.localhost", ip: "1.1.1.1" }] } } }, [], { action: "ensure", hostname: "web-ns.lb.localhost" }],
  ])("%s", (_, s, others, want) => {
    expect(planLoadBalancer(s, [s, ...others], D, "sfx")).toEqual(want);
  });

  it("keeps its plain hostname once held", () => {
    const mine = svc("a", "b-c", "u2", undefined, "a-b-c.lb.localhost", "2024-02-01T00:00:00Z");
    expect(chooseHostname(mine, [svc("a-b", "c", "u1")], D, "sfx")).toBe("a-b-c.lb.localhost");
  });

  it("suffix: 5 hex digits of sha256(uid)", async () => {
    // sha256("abc") = ba7816bf…
    expect(await hostnameSuffix("abc")).toBe("ba781");
  });
});

describe("Ingress status", () => {
  const edge = { ...edgeIngressClassObject(), metadata: { ...edgeIngressClassObject().metadata, creationTimestamp: "2024-01-01T00:00:00Z" } };
  const other: KubeObject = { metadata: { name: "nginx" }, spec: { controller: "k8s.io/ingress-nginx" } };
  const ing = (spec: KubeObject = {}, hostname?: string, annotations?: Record<string, string>): KubeObject => ({
    metadata: { name: "i", namespace: "ns", ...(annotations ? { annotations } : {}) },
    spec,
    status: { loadBalancer: hostname ? { ingress: [{ hostname }] } : {} },
  });
  const H = "ingress.lb.localhost";
  it.each<[string, KubeObject, KubeObject[], unknown]>([
    ["no class, edge default", ing(), [edge, other], { action: "set", loadBalancer: { ingress: [{ hostname: H }] } }],
    ["explicit edge class", ing({ ingressClassName: "kube-edge" }), [other, edge], { action: "set", loadBalancer: { ingress: [{ hostname: H }] } }],
    ["converged", ing({ ingressClassName: "kube-edge" }, H), [edge], { action: "none" }],
    ["another class", ing({ ingressClassName: "nginx" }), [edge, other], { action: "none" }],
    ["legacy annotation of another class", ing({}, undefined, { "kubernetes.io/ingress.class": "nginx" }), [edge, other], { action: "none" }],
    ["unknown class", ing({ ingressClassName: "missing" }), [edge], { action: "none" }],
    ["moved to another class: ours cleared", ing({ ingressClassName: "nginx" }, H), [edge, other], { action: "set", loadBalancer: {} }],
    ["no default class", ing(), [{ ...edge, metadata: { name: "kube-edge" } }], { action: "none" }],
  ])("%s", (_, i, classes, want) => {
    expect(planIngressStatus(i, classes, H)).toEqual(want);
  });
  it("the newest default class wins", () => {
    const newer = { metadata: { name: "n", creationTimestamp: "2025-01-01T00:00:00Z", annotations: { "ingressclass.kubernetes.io/is-default-class": "true" } }, spec: { controller: "x" } };
    expect(ingressClassOf(ing(), [edge, newer])?.metadata?.name).toBe("n");
  });
});
