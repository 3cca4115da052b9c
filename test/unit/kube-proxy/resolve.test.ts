/** Cluster name resolution for a pod's outbound URL (pure). */
import { describe, expect, it } from "vitest";
import { resolveClusterURL, searchCandidates, type ClusterView } from "../../../worker/kube-proxy/resolve";

const svc = (ns: string, name: string, spec: object) => ({ metadata: { namespace: ns, name }, spec });
const SERVICES = [
  svc("shop", "web", { clusterIP: "10.96.0.20", ports: [{ name: "http", port: 80 }, { name: "admin", port: 9000 }] }),
  svc("other", "web", { clusterIP: "10.96.0.30", ports: [{ port: 8080, nodePort: 30080 }] }),
  svc("shop", "db", { clusterIP: "None", ports: [{ port: 5432 }] }),
  svc("shop", "ext", { type: "ExternalName", externalName: "example.com" }),
];
const POD = { metadata: { namespace: "shop", name: "db-0" }, spec: { hostname: "db-0", subdomain: "db" }, status: { podIP: "10.244.0.7" } };

const view: ClusterView = {
  service: (ns, name) => SERVICES.find((s) => s.metadata.namespace === ns && s.metadata.name === name),
  serviceByClusterIP: (ip) => SERVICES.find((s) => (s.spec as { clusterIP?: string }).clusterIP === ip),
  serviceByNodePort: (np) => (np === 30080 ? { service: SERVICES[1], port: { port: 8080, nodePort: 30080 } } : undefined),
  podByIP: (ip) => (ip === "10.244.0.7" ? POD : undefined),
  podByDNSName: (ns, sub, host) => (ns === "shop" && sub === "db" && host === "db-0" ? POD : undefined),
  isNodeIP: (ip) => ip === "172.16.0.1",
};

const summary = (url: string, ns = "shop") => {
  const r = resolveClusterURL(url, ns, view);
  switch (r.kind) {
    case "service":
    case "headless":
    case "node-port":
      return `${r.kind} ${r.service.metadata.namespace}/${r.service.metadata.name}:${r.port}`;
    case "external-name":
      return `external-name ${r.host}:${r.port}`;
    case "pod":
      return `pod ${r.pod.metadata.name}:${r.port}`;
    case "no-such-host":
    case "outside":
      return `${r.kind} ${r.host}`;
    case "refused":
      return "refused";
    default:
      return r.kind;
  }
};

describe("resolveClusterURL", () => {
  it.each([
    ["http://web/", "shop", "service shop/web:80"],
    ["http://web/", "other", "refused"],
    ["http://nope/", "other", "no-such-host nope"],
    ["http://web:8080/", "other", "service other/web:8080"],
    ["http://web.shop/", "other", "service shop/web:80"],
    ["http://web.shop.svc/", "other", "service shop/web:80"],
    ["http://web.shop.svc.cluster.local/", "other", "service shop/web:80"],
    ["http://web.shop.svc.cluster.local./", "other", "service shop/web:80"],
    ["http://WEB.Shop.svc/", "other", "service shop/web:80"],
    ["http://web.shop:9000/", "other", "service shop/web:9000"],
    ["http://web.shop:81/", "other", "refused"],
    ["https://web.shop/", "other", "refused"],
    ["http://10.96.0.20/", "other", "service shop/web:80"],
    ["http://10.96.0.20:9000/", "other", "service shop/web:9000"],
    ["http://10.96.0.20:1/", "other", "refused"],
    ["http://10.96.9.9/", "other", "refused"],
    ["http://10.244.0.7:5432/", "other", "pod db-0:5432"],
    ["http://10-244-0-7.shop.pod.cluster.local:5432/", "other", "pod db-0:5432"],
    ["http://10-244-0-7.other.pod.cluster.local:5432/", "other", "no-such-host 10-244-0-7.other.pod.cluster.local"],
    ["http://10.244.0.99/", "other", "refused"],
    ["http://db-0.db.shop.svc.cluster.local:5432/", "other", "pod db-0:5432"],
    ["http://db-0.db:5432/", "shop", "pod db-0:5432"],
    ["http://db:5432/", "shop", "headless shop/db:5432"],
    ["http://ext/", "shop", "external-name example.com:80"],
    ["http://172.16.0.1:30080/", "shop", "node-port other/web:8080"],
    ["http://172.16.0.1:30081/", "shop", "refused"],
    ["https://kubernetes.default.svc/api", "shop", "api-server"],
    ["https://kubernetes.default.svc.cluster.local/api", "shop", "api-server"],
    ["https://kubernetes.default/api", "shop", "api-server"],
    ["https://kubernetes/api", "default", "api-server"],
    ["https://10.96.0.1/api", "shop", "api-server"],
    ["https://172.31.255.254:6443/api", "shop", "api-server"],
    ["http://nope.shop.svc.cluster.local/", "shop", "no-such-host nope.shop.svc.cluster.local"],
    ["http://example.com/x", "shop", "outside example.com"],
    ["https://api.example.com:8443/x", "shop", "outside api.example.com:8443"],
    ["http://1.1.1.1/", "shop", "outside 1.1.1.1:80"],
  ])("%s from %s → %s", (url, ns, want) => expect(summary(url, ns)).toBe(want));
});

describe("searchCandidates", () => {
  it.each([
    ["web", ["web.ns.svc.cluster.local", "web.svc.cluster.local", "web.cluster.local", "web"]],
    ["web.", ["web"]],
    ["a.b.c.d.e.f", ["a.b.c.d.e.f", "a.b.c.d.e.f.ns.svc.cluster.local", "a.b.c.d.e.f.svc.cluster.local", "a.b.c.d.e.f.cluster.local"]],
  ])("%s", (host, want) => expect(searchCandidates(host, "ns")).toEqual(want));
});
