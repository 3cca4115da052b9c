import { describe, expect, it } from "vitest";
import { ENDPOINTS_TABLE, SERVICE_TABLE } from "../../../worker/tables/core-service";
import type { KubeObject } from "../../../worker/tables/types";
import { columnNames, meta, row } from "./helpers";

const svc = (spec: KubeObject, status?: KubeObject): KubeObject => ({ metadata: meta("web"), spec, status });
const http = [{ name: "http", port: 80, protocol: "TCP", targetPort: 8080 }];

describe("service table", () => {
  it("has upstream's columns", () => {
    expect(columnNames(SERVICE_TABLE)).toEqual(["Name", "Type", "Cluster-IP", "External-IP", "Port(s)", "Age", "+Selector"]);
  });

  it.each<[string, KubeObject, unknown[]]>([
    [
      "ClusterIP",
      svc({ type: "ClusterIP", clusterIP: "10.96.0.10", clusterIPs: ["10.96.0.10"], ports: [...http, { port: 443, protocol: "TCP" }], selector: { app: "web", tier: "fe" } }),
      ["web", "ClusterIP", "10.96.0.10", "<none>", "80/TCP,443/TCP", "5m", "app=web,tier=fe"],
    ],
    ["ClusterIP with externalIPs", svc({ type: "ClusterIP", clusterIPs: ["10.96.0.11"], externalIPs: ["1.2.3.4", "5.6.7.8"], ports: http }), ["web", "ClusterIP", "10.96.0.11", "1.2.3.4,5.6.7.8", "80/TCP", "5m", "<none>"]],
    ["headless", svc({ type: "ClusterIP", clusterIP: "None", clusterIPs: ["None"], ports: http, selector: { app: "db" } }), ["web", "ClusterIP", "None", "<none>", "80/TCP", "5m", "app=db"]],
    ["clusterIP only (no clusterIPs)", svc({ type: "ClusterIP", clusterIP: "10.96.0.12", ports: http }), ["web", "ClusterIP", "10.96.0.12", "<none>", "80/TCP", "5m", "<none>"]],
    ["no type, no protocol (v1 defaults)", svc({ clusterIPs: ["10.96.0.13"], ports: [{ port: 53 }, { port: 53, protocol: "UDP" }] }), ["web", "ClusterIP", "10.96.0.13", "<none>", "53/TCP,53/UDP", "5m", "<none>"]],
    [
      "NodePort",
      svc({ type: "NodePort", clusterIPs: ["10.96.0.20"], ports: [{ port: 80, nodePort: 30080, protocol: "TCP" }, { port: 443, nodePort: 30001, protocol: "TCP" }] }),
      ["web", "NodePort", "10.96.0.20", "<none>", "80:30080/TCP,443:30001/TCP", "5m", "<none>"],
    ],
    ["LoadBalancer pending", svc({ type: "LoadBalancer", clusterIPs: ["10.96.0.30"], ports: [{ port: 80, nodePort: 31000, protocol: "TCP" }] }), ["web", "LoadBalancer", "10.96.0.30", "<pending>", "80:31000/TCP", "5m", "<none>"]],
    [
      "LoadBalancer with ingress IPs and hostnames (sorted, deduplicated, not clipped)",
      svc({ type: "LoadBalancer", clusterIPs: ["10.96.0.31"], ports: http }, { loadBalancer: { ingress: [{ ip: "203.0.113.9" }, { hostname: "lb.example.com" }, { ip: "203.0.113.9" }, { ip: "198.51.100.1", hostname: "ignored" }] } }),
      ["web", "LoadBalancer", "10.96.0.31", "198.51.100.1,203.0.113.9,lb.example.com", "80/TCP", "5m", "<none>"],
    ],
    [
      "LoadBalancer with ingress and externalIPs",
      svc({ type: "LoadBalancer", clusterIPs: ["10.96.0.32"], externalIPs: ["1.1.1.1"], ports: http }, { loadBalancer: { ingress: [{ ip: "2.2.2.2" }] } }),
      ["web", "LoadBalancer", "10.96.0.32", "2.2.2.2,1.1.1.1", "80/TCP", "5m", "<none>"],
    ],
    ["LoadBalancer pending with externalIPs", svc({ type: "LoadBalancer", clusterIPs: ["10.96.0.33"], externalIPs: ["1.1.1.1"], ports: http }), ["web", "LoadBalancer", "10.96.0.33", "1.1.1.1", "80/TCP", "5m", "<none>"]],
    ["ExternalName", svc({ type: "ExternalName", externalName: "db.example.com" }), ["web", "ExternalName", "<none>", "db.example.com", "<none>", "5m", "<none>"]],
    ["unknown type", svc({ type: "Weird", clusterIPs: ["10.0.0.1"] }), ["web", "Weird", "10.0.0.1", "<unknown>", "<none>", "5m", "<none>"]],
    ["no spec", { metadata: meta("web") }, ["web", "ClusterIP", "<none>", "<none>", "<none>", "5m", "<none>"]],
  ])("%s", (_name, s, want) => {
    expect(Object.values(row(SERVICE_TABLE, s))).toEqual(want);
  });
});

describe("endpoints table", () => {
  const ep = (subsets?: KubeObject[]): KubeObject => ({ metadata: meta("web"), subsets });
  const addrs = (...ips: string[]) => ips.map((ip) => ({ ip }));

  it.each<[string, KubeObject, string]>([
    ["no subsets", ep(), "<none>"],
    ["empty subsets", ep([]), "<none>"],
    ["one port, two addresses", ep([{ addresses: addrs("10.0.0.1", "10.0.0.2"), ports: [{ port: 8080 }] }]), "10.0.0.1:8080,10.0.0.2:8080"],
    ["two ports", ep([{ addresses: addrs("10.0.0.1"), ports: [{ name: "a", port: 80 }, { name: "b", port: 443 }] }]), "10.0.0.1:80,10.0.0.1:443"],
    ["more than three", ep([{ addresses: addrs("10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.4", "10.0.0.5"), ports: [{ port: 80 }] }]), "10.0.0.1:80,10.0.0.2:80,10.0.0.3:80 + 2 more..."],
    ["headless without ports", ep([{ addresses: addrs("10.0.0.1", "10.0.0.2") }]), "10.0.0.1,10.0.0.2"],
    ["IPv6", ep([{ addresses: addrs("fd00::1"), ports: [{ port: 80 }] }]), "[fd00::1]:80"],
    ["only not-ready addresses", ep([{ notReadyAddresses: addrs("10.0.0.9"), ports: [{ port: 80 }] }]), ""],
  ])("%s", (_name, e, want) => {
    expect(row(ENDPOINTS_TABLE, e)).toEqual({ Name: "web", Endpoints: want, Age: "5m" });
  });
});
