/** The edge's Host decision (worker/edge/route.ts): API hosts, LoadBalancer labels, NodePort hosts, Ingress claims. */
import { describe, expect, it } from "vitest";
import { apiHostsOf, claimableByIngress, edgeRoute, ingressHostMatches, needsIngressHosts, normalizeHost, type EdgeConfig } from "../../../worker/edge/route";

const config: EdgeConfig = {
  apiHosts: apiHostsOf("k8s.test,api.example.com:6443"),
  lbDomain: "lb.localhost",
  claimOutsideDomain: true,
  ingressHosts: ["shop.example.com", "*.apps.example.com", "*.lb.localhost", "web.apps.lb.localhost", "api.example.com", "foo.svc", "x.default.svc.cluster.local", "*.nodes.lb.localhost"],
};

describe("normalizeHost", () => {
  it.each([
    ["Web-Default.LB.localhost:8443", "web-default.lb.localhost"],
    ["shop.example.com.", "shop.example.com"],
    ["[::1]:8787", "[::1]"],
    ["127.0.0.1:80", "127.0.0.1"],
    ["localhost", "localhost"],
  ])("%s → %s", (raw, want) => expect(normalizeHost(raw)).toBe(want));
});

describe("edgeRoute", () => {
  it.each([
    ["k8s.test", { kind: "api" }],
    ["K8S.TEST:443", { kind: "api" }],
    ["api.example.com", { kind: "api" }],
    ["localhost:8787", { kind: "api" }],
    ["127.0.0.1", { kind: "api" }],
    ["[::1]:443", { kind: "api" }],
    ["", { kind: "api" }],
    ["unrelated.example.org", { kind: "api" }],
    ["web-default.lb.localhost", { kind: "loadBalancer", hostname: "web-default.lb.localhost" }],
    ["Web-Default.lb.localhost.:443", { kind: "loadBalancer", hostname: "web-default.lb.localhost" }],
    ["web-default-1a2b3.lb.localhost", { kind: "loadBalancer", hostname: "web-default-1a2b3.lb.localhost" }],
    ["ingress.lb.localhost", { kind: "ingress", host: "ingress.lb.localhost" }],
    ["node-a-30080.nodes.lb.localhost", { kind: "nodePort", node: "node-a", port: 30080 }],
    ["iso-0-32767.nodes.lb.localhost", { kind: "nodePort", node: "iso-0", port: 32767 }],
    ["n.zone-1-30000.nodes.lb.localhost", { kind: "nodePort", node: "n.zone-1", port: 30000 }],
    ["shop.example.com", { kind: "ingress", host: "shop.example.com" }],
    ["a.apps.example.com", { kind: "ingress", host: "a.apps.example.com" }],
    ["web.apps.lb.localhost", { kind: "ingress", host: "web.apps.lb.localhost" }],
  ])("%s → %o", (host, want) => expect(edgeRoute(host, config)).toEqual(want));

  it.each([
    ["lb.localhost"],
    ["node-a-80.nodes.lb.localhost"],
    ["node-a-40000.nodes.lb.localhost"],
    ["node-a.nodes.lb.localhost"],
    ["nodes.lb.localhost"],
    ["a.b.lb.localhost"],
    ["under_score.lb.localhost"],
  ])("%s → none (404, never the API)", (host) => expect(edgeRoute(host, config).kind).toBe("none"));

  it.each([
    ["a.b.apps.example.com", "api"],
    ["apps.example.com", "api"],
    ["foo.svc", "api"],
    ["x.default.svc.cluster.local", "api"],
  ])("an Ingress cannot claim %s (→ %s)", (host, kind) => expect(edgeRoute(host, config).kind).toBe(kind));

  it("a Host under the LB domain never reaches the API, even when CLUSTER_HOSTS names it", () => {
    const c = { ...config, apiHosts: apiHostsOf("oops.lb.localhost") };
    expect(edgeRoute("oops.lb.localhost", c)).toEqual({ kind: "loadBalancer", hostname: "oops.lb.localhost" });
  });
  it("without CLUSTER_HOSTS an Ingress claims hosts under the LB domain only (the API's public name is unknown)", () => {
    const c = { ...config, apiHosts: apiHostsOf(undefined), claimOutsideDomain: false };
    expect(edgeRoute("shop.example.com", c)).toEqual({ kind: "api" });
    expect(needsIngressHosts("shop.example.com", c)).toBe(false);
    expect(edgeRoute("web.apps.lb.localhost", c)).toEqual({ kind: "ingress", host: "web.apps.lb.localhost" });
  });
});

describe("ingressHostMatches", () => {
  it.each([
    ["foo.bar.com", "foo.bar.com", true],
    ["foo.bar.com", "bar.com", false],
    ["*.foo.com", "bar.foo.com", true],
    ["*.foo.com", "baz.bar.foo.com", false],
    ["*.foo.com", "foo.com", false],
    ["*.Foo.com", "bar.foo.com", true],
  ])("rule %s, host %s → %s", (rule, host, want) => expect(ingressHostMatches(rule, host)).toBe(want));
});

describe("claimableByIngress / needsIngressHosts", () => {
  it.each([
    ["shop.example.com", true, true],
    ["k8s.test", false, false],
    ["localhost", false, false],
    ["web.svc", false, false],
    ["cluster.local", false, false],
    ["a.b.cluster.local", false, false],
    ["web-default.lb.localhost", false, false],
    ["x.apps.lb.localhost", true, true],
    ["n-30080.nodes.lb.localhost", false, false],
    ["lb.localhost", false, false],
  ])("%s: claimable %s, needs the Ingress hosts %s", (host, claimable, needs) => {
    expect(claimableByIngress(host, config)).toBe(claimable);
    expect(needsIngressHosts(host, config)).toBe(needs);
  });
});
