import { describe, expect, it } from "vitest";
import type { KubeObject } from "../../../../schema/types";
import { compilePolicySet } from "../../../../worker/kube-proxy/network-policy/compile";
import { evaluateHop } from "../../../../worker/kube-proxy/network-policy/evaluate";
import type { PolicyDestination, PolicySource } from "../../../../worker/kube-proxy/network-policy";

// The upstream network-policy e2e model: namespaces x, y, z (label ns=<name>), pods a, b, c (label pod=<name>)
// serving on port 80 (named "serve-80") and 81 (named "serve-81").
const NAMESPACES = ["x", "y", "z"].map((n) => ({ metadata: { name: n, labels: { ns: n } } }));
const IPS: Record<string, string> = { x: "10.244.1", y: "10.244.2", z: "10.244.3" };
const POD_OCTET: Record<string, number> = { a: 1, b: 2, c: 3 };
const PORTS = [
  { name: "serve-80", containerPort: 80 },
  { name: "serve-81", containerPort: 81 },
];

const pod = (ref: string): PolicySource & PolicyDestination & { kind: "pod" } => {
  const [ns, name] = ref.split("/");
  return { kind: "pod", namespace: ns, labels: { pod: name }, ip: `${IPS[ns]}.${POD_OCTET[name]}`, ports: PORTS };
};
const external = (ip: string): PolicySource => ({ kind: "external", ip });
const outside = (host: string, ip?: string): PolicyDestination => ({ kind: "external", host, ...(ip ? { ip } : {}) });

const np = (ref: string, spec: KubeObject): KubeObject => {
  const [namespace, name] = ref.split("/");
  return { apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy", metadata: { namespace, name }, spec };
};
const all = {};
const sel = (labels: Record<string, string>) => ({ matchLabels: labels });

const denyAllIngress = np("x/deny-all", { podSelector: all });
const denyAllEgress = np("x/deny-egress", { podSelector: all, policyTypes: ["Egress"] });
const allowFromB = np("x/allow-b", { podSelector: sel({ pod: "a" }), ingress: [{ from: [{ podSelector: sel({ pod: "b" }) }] }] });
const allowFromNsY = np("x/allow-ns-y", { podSelector: sel({ pod: "a" }), ingress: [{ from: [{ namespaceSelector: sel({ ns: "y" }) }] }] });
const allowFromYB = np("x/allow-y-b", {
  podSelector: sel({ pod: "a" }),
  ingress: [{ from: [{ namespaceSelector: sel({ ns: "y" }), podSelector: sel({ pod: "b" }) }] }],
});
const allowIpBlock = np("x/allow-cidr", {
  podSelector: sel({ pod: "a" }),
  ingress: [{ from: [{ ipBlock: { cidr: "10.244.0.0/16", except: ["10.244.2.0/24"] } }] }],
});
const allowNamedPort = np("x/allow-serve-81", { podSelector: sel({ pod: "a" }), ingress: [{ ports: [{ port: "serve-81" }] }] });
const allowPortRange = np("x/allow-range", { podSelector: sel({ pod: "a" }), ingress: [{ ports: [{ protocol: "TCP", port: 80, endPort: 81 }] }] });
const allowUdp80 = np("x/allow-udp", { podSelector: sel({ pod: "a" }), ingress: [{ ports: [{ protocol: "UDP", port: 80 }] }] });
const allowAllIngress = np("x/allow-all", { podSelector: all, ingress: [{}] });
const egressToY = np("x/egress-to-y", { podSelector: sel({ pod: "a" }), egress: [{ to: [{ namespaceSelector: sel({ ns: "y" }) }] }] });
const egressToCidr = np("x/egress-cidr", { podSelector: sel({ pod: "a" }), egress: [{ to: [{ ipBlock: { cidr: "203.0.113.0/24" } }], ports: [{ port: 443 }] }] });
const egressAnywhere443 = np("x/egress-443", { podSelector: sel({ pod: "a" }), egress: [{ ports: [{ port: 443 }] }] });
const egressByName = np("x/egress-ns-name", {
  podSelector: all,
  egress: [{ to: [{ namespaceSelector: sel({ "kubernetes.io/metadata.name": "z" }) }] }],
});
const ingressOnlyOwnNs = np("y/allow-own-ns", { podSelector: all, ingress: [{ from: [{ podSelector: all }] }] });

type Case = [string, KubeObject[], PolicySource, PolicyDestination, number, boolean, string];

describe("evaluateHop", () => {
  it.each<Case>([
    ["no policies: everything allowed", [], pod("y/b"), pod("x/a"), 80, true, "no NetworkPolicies"],
    ["policies elsewhere do not select the pod", [denyAllIngress], pod("x/a"), pod("y/b"), 80, true, "no ingress policy selects the destination"],
    ["default deny ingress", [denyAllIngress], pod("y/b"), pod("x/a"), 80, false, "denied by default-deny policy x/deny-all (ingress)"],
    ["default deny ingress applies to same-namespace peers", [denyAllIngress], pod("x/b"), pod("x/a"), 80, false, "x/deny-all (ingress)"],
    ["default deny ingress: egress from the denied pod is free", [denyAllIngress], pod("x/a"), pod("y/b"), 80, true, "no egress policy"],
    ["default deny egress", [denyAllEgress], pod("x/a"), pod("y/b"), 80, false, "denied by default-deny policy x/deny-egress (egress)"],
    ["default deny egress: ingress is free", [denyAllEgress], pod("y/b"), pod("x/a"), 80, true, "no ingress policy"],
    ["default deny egress blocks external destinations", [denyAllEgress], pod("x/a"), outside("example.com", "93.184.216.34"), 443, false, "(egress)"],
    ["allow by pod label", [denyAllIngress, allowFromB], pod("x/b"), pod("x/a"), 80, true, "ingress allowed by x/allow-b"],
    ["pod label: other pod denied", [denyAllIngress, allowFromB], pod("x/c"), pod("x/a"), 80, false, "no ingress rule of x/deny-all, x/allow-b allows traffic from pod 10.244.1.3 in x on port 80"],
    ["pod selector alone means the policy's namespace", [allowFromB], pod("y/b"), pod("x/a"), 80, false, "no ingress rule of x/allow-b"],
    ["allow by namespace label", [allowFromNsY], pod("y/c"), pod("x/a"), 80, true, "x/allow-ns-y"],
    ["namespace label: other namespace denied", [allowFromNsY], pod("z/c"), pod("x/a"), 80, false, "from pod 10.244.3.3 in z"],
    ["namespace selector alone does not include the policy's own namespace", [allowFromNsY], pod("x/b"), pod("x/a"), 80, false, "x/allow-ns-y"],
    ["combined selectors: both match", [allowFromYB], pod("y/b"), pod("x/a"), 80, true, "x/allow-y-b"],
    ["combined selectors: right pod, wrong namespace", [allowFromYB], pod("z/b"), pod("x/a"), 80, false, "x/allow-y-b"],
    ["combined selectors: right namespace, wrong pod", [allowFromYB], pod("y/c"), pod("x/a"), 80, false, "x/allow-y-b"],
    ["ipBlock admits pod IPs in the cidr", [allowIpBlock], pod("z/b"), pod("x/a"), 80, true, "x/allow-cidr"],
    ["ipBlock except", [allowIpBlock], pod("y/b"), pod("x/a"), 80, false, "x/allow-cidr"],
    ["ipBlock admits external sources", [allowIpBlock], external("10.244.9.9"), pod("x/a"), 80, true, "x/allow-cidr"],
    ["ipBlock: external source outside the cidr", [allowIpBlock], external("198.51.100.7"), pod("x/a"), 80, false, "from external 198.51.100.7"],
    ["pod selectors never match external sources", [allowFromNsY], external("10.244.2.2"), pod("x/a"), 80, false, "x/allow-ns-y"],
    ["named port matches its container port", [allowNamedPort], pod("y/b"), pod("x/a"), 81, true, "x/allow-serve-81"],
    ["named port: other port denied", [allowNamedPort], pod("y/b"), pod("x/a"), 80, false, "on port 80"],
    ["named port: unknown without the pod's ports", [allowNamedPort], pod("y/b"), { ...pod("x/a"), ports: undefined }, 81, false, "x/allow-serve-81"],
    ["endPort range: first port", [allowPortRange], pod("y/b"), pod("x/a"), 80, true, "x/allow-range"],
    ["endPort range: last port", [allowPortRange], pod("y/b"), pod("x/a"), 81, true, "x/allow-range"],
    ["endPort range: past the end", [allowPortRange], pod("y/b"), pod("x/a"), 82, false, "on port 82"],
    ["UDP rules never admit TCP", [allowUdp80], pod("y/b"), pod("x/a"), 80, false, "x/allow-udp"],
    ["multiple policies union: deny-all plus allow-all", [denyAllIngress, allowAllIngress], pod("z/c"), pod("x/b"), 80, true, "x/allow-all"],
    ["multiple policies union: either allow rule admits (pod)", [allowFromB, allowFromNsY], pod("x/b"), pod("x/a"), 80, true, "x/allow-b"],
    ["multiple policies union: either allow rule admits (namespace)", [allowFromB, allowFromNsY], pod("y/c"), pod("x/a"), 80, true, "x/allow-ns-y"],
    ["multiple policies union: neither admits", [allowFromB, allowFromNsY], pod("z/c"), pod("x/a"), 80, false, "no ingress rule of x/allow-b, x/allow-ns-y"],
    ["egress to a namespace", [egressToY], pod("x/a"), pod("y/c"), 80, true, "egress allowed by x/egress-to-y"],
    ["egress to another namespace denied", [egressToY], pod("x/a"), pod("z/c"), 80, false, "no egress rule of x/egress-to-y allows traffic to pod 10.244.3.3 in z on port 80"],
    ["egress and ingress both needed", [egressToY, ingressOnlyOwnNs], pod("x/a"), pod("y/c"), 80, false, "y/allow-own-ns"],
    ["egress by kubernetes.io/metadata.name", [egressByName], pod("x/b"), pod("z/a"), 80, true, "x/egress-ns-name"],
    ["egress ipBlock to an external IP", [egressToCidr], pod("x/a"), outside("svc.example", "203.0.113.5"), 443, true, "x/egress-cidr"],
    ["egress ipBlock: wrong port", [egressToCidr], pod("x/a"), outside("svc.example", "203.0.113.5"), 80, false, "to external svc.example (203.0.113.5) on port 80"],
    ["egress ipBlock: host without an IP never matches", [egressToCidr], pod("x/a"), outside("svc.example"), 443, false, "x/egress-cidr"],
    ["egress to all peers matches a host without an IP", [egressAnywhere443], pod("x/a"), outside("svc.example"), 443, true, "x/egress-443"],
    ["egress policy does not select other pods", [egressAnywhere443], pod("x/b"), outside("svc.example"), 80, true, "no egress policy selects the source"],
    ["external source to external destination", [denyAllIngress, denyAllEgress], external("1.2.3.4"), outside("a.example"), 80, true, "external"],
  ])("%s", (_name, policies, src, dst, port, allowed, reason) => {
    const verdict = evaluateHop(compilePolicySet(policies, NAMESPACES), src, dst, port);
    expect(verdict.allowed).toBe(allowed);
    expect(verdict.reason).toContain(reason);
  });

  it.each<[string, KubeObject, boolean]>([
    ["policyTypes unset, no egress rules: Ingress only", { podSelector: all }, true],
    ["policyTypes unset, egress rules: Ingress and Egress", { podSelector: all, egress: [{ to: [{ podSelector: sel({ pod: "nobody" }) }] }] }, false],
    ["policyTypes Ingress with egress rules: egress not restricted", { podSelector: all, policyTypes: ["Ingress"], egress: [{ to: [] }] }, true],
  ])("defaults policyTypes: %s (egress allowed: %s)", (_name, spec, egressAllowed) => {
    const set = compilePolicySet([np("x/p", spec)], NAMESPACES);
    expect(evaluateHop(set, pod("x/a"), outside("a.example", "1.1.1.1"), 80).allowed).toBe(egressAllowed);
  });
});
