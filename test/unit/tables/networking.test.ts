import { describe, expect, it } from "vitest";
import { INGRESS_CLASS_TABLE, INGRESS_TABLE, NETWORK_POLICY_TABLE } from "../../../worker/tables/networking";
import type { KubeObject } from "../../../worker/tables/types";
import { columnNames, meta, row } from "./helpers";

describe("ingresses", () => {
  it("has upstream's columns", () => {
    expect(columnNames(INGRESS_TABLE)).toEqual(["Name", "Class", "Hosts", "Address", "Ports", "Age"]);
  });

  const rules = (...hosts: (string | undefined)[]) => hosts.map((host) => ({ host, http: { paths: [] } }));
  it.each<[string, KubeObject, unknown[]]>([
    ["default backend only", { metadata: meta("web"), spec: { defaultBackend: { service: { name: "web", port: { number: 80 } } } } }, ["web", "<none>", "*", "", "80", "5m"]],
    [
      "class, hosts, tls, address",
      { metadata: meta("web"), spec: { ingressClassName: "nginx", rules: rules("a.example.com", "b.example.com"), tls: [{ hosts: ["a.example.com"] }] }, status: { loadBalancer: { ingress: [{ ip: "203.0.113.7" }] } } },
      ["web", "nginx", "a.example.com,b.example.com", "203.0.113.7", "80, 443", "5m"],
    ],
    ["a rule without host is skipped", { metadata: meta("web"), spec: { rules: rules(undefined, "b.example.com") } }, ["web", "<none>", "b.example.com", "", "80", "5m"]],
    ["only host-less rules", { metadata: meta("web"), spec: { rules: rules(undefined) } }, ["web", "<none>", "*", "", "80", "5m"]],
    ["more than three rules", { metadata: meta("web"), spec: { rules: rules("a", "b", "c", "d", "e") } }, ["web", "<none>", "a,b,c + 2 more...", "", "80", "5m"]],
    ["hostname address", { metadata: meta("web"), spec: {}, status: { loadBalancer: { ingress: [{ hostname: "lb.example.com" }] } } }, ["web", "<none>", "*", "lb.example.com", "80", "5m"]],
  ])("%s", (_name, ing, want) => {
    expect(Object.values(row(INGRESS_TABLE, ing))).toEqual(want);
  });
});

describe("ingress classes and network policies", () => {
  it.each<[string, KubeObject, unknown[]]>([
    ["no parameters", { metadata: meta("nginx"), spec: { controller: "k8s.io/ingress-nginx" } }, ["nginx", "k8s.io/ingress-nginx", "<none>", "5m"]],
    [
      "parameters with group",
      { metadata: meta("nginx"), spec: { controller: "example.com/ctl", parameters: { apiGroup: "k8s.example.com", kind: "IngressParameters", name: "external-lb" } } },
      ["nginx", "example.com/ctl", "IngressParameters.k8s.example.com/external-lb", "5m"],
    ],
    ["core parameters", { metadata: meta("c"), spec: { controller: "x", parameters: { kind: "ConfigMap", name: "cfg", scope: "Namespace", namespace: "d" } } }, ["c", "x", "ConfigMap/cfg", "5m"]],
  ])("ingress class: %s", (_name, ic, want) => {
    expect(columnNames(INGRESS_CLASS_TABLE)).toEqual(["Name", "Controller", "Parameters", "Age"]);
    expect(Object.values(row(INGRESS_CLASS_TABLE, ic))).toEqual(want);
  });

  it.each<[string, KubeObject, unknown[]]>([
    ["all pods", { metadata: meta("deny-all"), spec: { podSelector: {}, policyTypes: ["Ingress"] } }, ["deny-all", "<none>", "5m"]],
    ["selected pods", { metadata: meta("web"), spec: { podSelector: { matchLabels: { app: "web" }, matchExpressions: [{ key: "tier", operator: "NotIn", values: ["db"] }] } } }, ["web", "app=web,tier notin (db)", "5m"]],
    ["invalid selector", { metadata: meta("bad"), spec: { podSelector: { matchExpressions: [{ key: "tier", operator: "In", values: [] }] } } }, ["bad", "<error>", "5m"]],
  ])("network policy: %s", (_name, np, want) => {
    expect(columnNames(NETWORK_POLICY_TABLE)).toEqual(["Name", "Pod-Selector", "Age"]);
    expect(Object.values(row(NETWORK_POLICY_TABLE, np))).toEqual(want);
  });
});
