/** Service ClusterIP and node-port allocation through the real Worker and Store (alloc.go semantics). */
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { registry } from "../../../../schema/registry";
import type { Env } from "../../../../worker/env";
import { del, freshNamespace, get, patch, post } from "../../api/client";
import { repairServiceAllocations, repairServices } from "../../../../worker/services/allocation";
import { claimRecord, getRecord, listRecords, recordKey } from "../../../../worker/services/allocation/records";
import { shardStub } from "../../../../worker/storage";

const ENV = env as unknown as Env;
const MERGE = "application/merge-patch+json";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const service = (name: string, spec: Record<string, any> = {}) => ({
  apiVersion: "v1",
  kind: "Service",
  metadata: { name },
  spec: { ports: [{ port: 80 }], ...spec },
});
const svcPath = (ns: string, name = "") => `/api/v1/namespaces/${ns}/services${name ? `/${name}` : ""}`;
/** An explicit IP of the static band unlikely to be used by another test. */
const explicitIP = () => `10.96.0.${2 + Math.floor(Math.random() * 250)}`;
const randomNodePort = () => 30000 + Math.floor(Math.random() * 80);

describe("ClusterIP allocation", () => {
  it("gives 30 concurrent creates 30 different addresses of the range, each recorded", async () => {
    const ns = await freshNamespace("alloc");
    const res = await Promise.all(Array.from({ length: 30 }, (_, i) => post(svcPath(ns), service(`s${i}`))));
    expect(res.map((r) => r.status)).toEqual(Array(30).fill(201));
    const ips = res.map((r) => r.body.spec.clusterIP as string);
    expect(new Set(ips).size).toBe(30);
    for (const r of res) {
      expect(r.body.spec.clusterIPs).toEqual([r.body.spec.clusterIP]);
      expect(r.body.spec.ipFamilies).toEqual(["IPv4"]);
      expect(r.body.spec.ipFamilyPolicy).toBe("SingleStack");
      expect(r.body.spec.clusterIP).toMatch(/^10\.(9[6-9]|10\d|11[01])\./);
      expect((await getRecord(ENV, "ip", r.body.spec.clusterIP))?.owner.uid).toBe(r.body.metadata.uid);
    }
  });

  it("refuses a taken address with 422 and stores nothing; the address is free again after delete", async () => {
    const ns = await freshNamespace("alloc");
    const ip = explicitIP();
    expect((await post(svcPath(ns), service("a", { clusterIP: ip }))).status).toBe(201);
    const taken = await post(svcPath(ns), service("b", { clusterIP: ip }));
    expect(taken.status).toBe(422);
    expect(taken.body.message).toBe(`Service "b" is invalid: spec.clusterIPs: Invalid value: []string{"${ip}"}: failed to allocate IP ${ip}: provided IP is already allocated`);
    expect((await get(svcPath(ns, "b"))).status).toBe(404);
    expect((await del(svcPath(ns, "a"))).status).toBe(200);
    expect(await getRecord(ENV, "ip", ip)).toBeUndefined();
    const again = await post(svcPath(ns, ""), service("b", { clusterIPs: [ip] }));
    expect(again.status).toBe(201);
    expect(again.body.spec.clusterIP).toBe(ip);
  });

  it("lets exactly one of two concurrent creates have the same explicit address", async () => {
    const ns = await freshNamespace("alloc");
    const ip = explicitIP();
    const res = await Promise.all(["a", "b", "c"].map((n) => post(svcPath(ns), service(n, { clusterIP: ip }))));
    expect(res.map((r) => r.status).sort()).toEqual([201, 422, 422]);
    const winner = res.find((r) => r.status === 201)!;
    expect((await getRecord(ENV, "ip", ip))?.owner.uid).toBe(winner.body.metadata.uid);
  });

  it("refuses an address outside the range and the kubernetes Service's address", async () => {
    const ns = await freshNamespace("alloc");
    const out = await post(svcPath(ns), service("a", { clusterIP: "10.0.0.5" }));
    expect(out.status).toBe(422);
    expect(out.body.message).toContain("failed to allocate IP 10.0.0.5: the provided IP (10.0.0.5) is not in the valid range. The range of valid IPs is 10.96.0.0/12");
    expect(await getRecord(ENV, "ip", "10.0.0.5")).toBeUndefined();
    const reserved = await post(svcPath(ns), service("k", { clusterIP: "10.96.0.1" }));
    expect(reserved.status).toBe(422);
    expect(reserved.body.message).toContain("provided IP is already allocated");
  });

  it("allocates nothing for headless and ExternalName Services", async () => {
    const ns = await freshNamespace("alloc");
    const headless = await post(svcPath(ns), service("h", { clusterIP: "None" }));
    expect(headless.status).toBe(201);
    expect(headless.body.spec.clusterIPs).toEqual(["None"]);
    const ext = await post(svcPath(ns), { apiVersion: "v1", kind: "Service", metadata: { name: "e" }, spec: { type: "ExternalName", externalName: "example.com" } });
    expect(ext.status).toBe(201);
    expect(ext.body.spec.clusterIP).toBeUndefined();
  });

  it("dry-run picks and checks but keeps nothing", async () => {
    const ns = await freshNamespace("alloc");
    const ip = explicitIP();
    const dry = await post(`${svcPath(ns)}?dryRun=All`, service("a", { clusterIP: ip, type: "NodePort" }));
    expect(dry.status).toBe(201);
    expect(dry.body.spec.ports[0].nodePort).toBeGreaterThanOrEqual(30000);
    expect(await getRecord(ENV, "ip", ip)).toBeUndefined();
    expect(await getRecord(ENV, "nodePort", String(dry.body.spec.ports[0].nodePort))).toBeUndefined();
    const anyIP = await post(`${svcPath(ns)}?dryRun=All`, service("b"));
    expect(anyIP.body.spec.clusterIP).toMatch(/^10\./);
    expect(await getRecord(ENV, "ip", anyIP.body.spec.clusterIP)).toBeUndefined();
    expect((await post(svcPath(ns), service("a", { clusterIP: ip }))).status).toBe(201);
    const takenDry = await post(`${svcPath(ns)}?dryRun=All`, service("c", { clusterIP: ip }));
    expect(takenDry.status).toBe(422);
  });
});

describe("node ports", () => {
  it("allocates per port, honours and refuses explicit ones, shares one port per port number", async () => {
    const ns = await freshNamespace("np");
    const port = randomNodePort();
    const a = await post(svcPath(ns), service("a", { type: "NodePort", ports: [{ name: "x", port: 80, nodePort: port }, { name: "y", port: 81 }] }));
    expect(a.status).toBe(201);
    expect(a.body.spec.ports[0].nodePort).toBe(port);
    const auto = a.body.spec.ports[1].nodePort;
    expect(auto).toBeGreaterThanOrEqual(30086);
    expect(auto).toBeLessThanOrEqual(32767);
    const b = await post(svcPath(ns), service("b", { type: "NodePort", ports: [{ port: 90, nodePort: port }] }));
    expect(b.status).toBe(422);
    expect(b.body.message).toBe(`Service "b" is invalid: spec.ports[0].nodePort: Invalid value: ${port}: provided port is already allocated`);
    expect((await get(svcPath(ns, "b"))).status).toBe(404);
    const dns = await post(svcPath(ns), service("dns", { type: "NodePort", ports: [{ name: "t", port: 53, protocol: "TCP" }, { name: "u", port: 53, protocol: "UDP" }] }));
    expect(dns.status).toBe(201);
    expect(dns.body.spec.ports[0].nodePort).toBe(dns.body.spec.ports[1].nodePort);
  });

  it("LoadBalancer: node ports unless allocateLoadBalancerNodePorts is false; a health-check port for Local", async () => {
    const ns = await freshNamespace("np");
    const lb = await post(svcPath(ns), service("lb", { type: "LoadBalancer", externalTrafficPolicy: "Local" }));
    expect(lb.status).toBe(201);
    expect(lb.body.spec.ports[0].nodePort).toBeGreaterThanOrEqual(30000);
    expect(lb.body.spec.healthCheckNodePort).toBeGreaterThanOrEqual(30000);
    expect(lb.body.spec.healthCheckNodePort).not.toBe(lb.body.spec.ports[0].nodePort);
    const none = await post(svcPath(ns), service("none", { type: "LoadBalancer", allocateLoadBalancerNodePorts: false }));
    expect(none.status).toBe(201);
    expect(none.body.spec.ports[0].nodePort).toBeUndefined();
    // Local → Cluster gives the health-check port back.
    const hc = lb.body.spec.healthCheckNodePort;
    const cluster = await patch(svcPath(ns, "lb"), { spec: { externalTrafficPolicy: "Cluster" } }, MERGE);
    expect(cluster.status).toBe(200);
    expect(cluster.body.spec.healthCheckNodePort).toBeUndefined();
    expect(await getRecord(ENV, "nodePort", String(hc))).toBeUndefined();
  });

  it("type changes release and allocate; updates keep what was allocated", async () => {
    const ns = await freshNamespace("np");
    const np = await post(svcPath(ns), service("s", { type: "NodePort" }));
    const ip = np.body.spec.clusterIP;
    const nodePort = np.body.spec.ports[0].nodePort;
    // A PUT without the allocated values keeps them.
    const put = await (await import("../../api/client")).put(svcPath(ns, "s"), { ...service("s", { type: "NodePort" }), metadata: { name: "s", resourceVersion: np.body.metadata.resourceVersion } });
    expect(put.status).toBe(200);
    expect([put.body.spec.clusterIP, put.body.spec.ports[0].nodePort]).toEqual([ip, nodePort]);
    const toClusterIP = await patch(svcPath(ns, "s"), { spec: { type: "ClusterIP" } }, MERGE);
    expect(toClusterIP.status).toBe(200);
    expect(toClusterIP.body.spec.ports[0].nodePort).toBeUndefined();
    expect(toClusterIP.body.spec.clusterIP).toBe(ip);
    expect(await getRecord(ENV, "nodePort", String(nodePort))).toBeUndefined();
    const other = await post(svcPath(ns), service("o", { type: "NodePort", ports: [{ port: 80, nodePort }] }));
    expect(other.status).toBe(201);
    const toExternal = await patch(svcPath(ns, "s"), { spec: { type: "ExternalName", externalName: "example.com" } }, MERGE);
    expect(toExternal.status).toBe(200);
    expect(toExternal.body.spec.clusterIP).toBeUndefined();
    expect(toExternal.body.spec.ipFamilies).toBeUndefined();
    expect(await getRecord(ENV, "ip", ip)).toBeUndefined();
    const back = await patch(svcPath(ns, "s"), { spec: { type: "LoadBalancer", externalName: null } }, MERGE);
    expect(back.status).toBe(200);
    expect(back.body.spec.clusterIP).toMatch(/^10\./);
    expect(back.body.spec.ports[0].nodePort).toBeGreaterThanOrEqual(30000);
    expect((await getRecord(ENV, "ip", back.body.spec.clusterIP))?.owner.uid).toBe(back.body.metadata.uid);
    // A refused update keeps nothing it had claimed.
    const refused = await patch(svcPath(ns, "o"), { spec: { type: "LoadBalancer", externalTrafficPolicy: "Local", healthCheckNodePort: back.body.spec.ports[0].nodePort } }, MERGE);
    expect(refused.status).toBe(500);
    expect(refused.body.message).toContain("provided port is already allocated");
    expect((await get(svcPath(ns, "o"))).body.spec.type).toBe("NodePort");
  });
});

describe("repair", () => {
  it("re-records what a Service holds and frees records no Service holds", async () => {
    const ns = await freshNamespace("repair");
    const s = await post(svcPath(ns), service("s", { type: "NodePort" }));
    const ip = s.body.spec.clusterIP;
    const rec = await getRecord(ENV, "ip", ip);
    expect((await shardStub(ENV, "main").delete(recordKey("ip", ip), rec!.revision)).ok).toBe(true);
    const orphan = explicitIP();
    await claimRecord(ENV, "ip", orphan, { namespace: ns, name: "gone", uid: "gone-uid" }, 0);
    await repairServiceAllocations(ENV, registry);
    expect((await getRecord(ENV, "ip", ip))?.owner.uid).toBe(s.body.metadata.uid);
    expect((await listRecords(ENV, "ip")).some((r) => r.owner.uid === "gone-uid")).toBe(false);
  });
});

describe("the kubernetes Service", () => {
  it("exists with its Endpoints and EndpointSlice, and is restored when deleted", async () => {
    await repairServices(ENV, registry);
    const svc = await get("/api/v1/namespaces/default/services/kubernetes");
    expect(svc.status).toBe(200);
    expect(svc.body.metadata.labels).toEqual({ component: "apiserver", provider: "kubernetes" });
    expect(svc.body.spec).toMatchObject({ type: "ClusterIP", clusterIP: "10.96.0.1", clusterIPs: ["10.96.0.1"], ports: [{ name: "https", port: 443, protocol: "TCP", targetPort: 6443 }] });
    expect(svc.body.spec.selector).toBeUndefined();
    const eps = await get("/api/v1/namespaces/default/endpoints/kubernetes");
    expect(eps.body.subsets).toEqual([{ addresses: [{ ip: "172.31.255.254" }], ports: [{ name: "https", port: 6443, protocol: "TCP" }] }]);
    const slice = await get("/apis/discovery.k8s.io/v1/namespaces/default/endpointslices/kubernetes");
    expect(slice.body).toMatchObject({ addressType: "IPv4", endpoints: [{ addresses: ["172.31.255.254"], conditions: { ready: true } }], ports: [{ name: "https", port: 6443 }] });
    expect(slice.body.metadata.labels["kubernetes.io/service-name"]).toBe("kubernetes");

    expect((await del("/api/v1/namespaces/default/services/kubernetes")).status).toBe(200);
    expect((await del("/api/v1/namespaces/default/endpoints/kubernetes")).status).toBe(200);
    expect((await del("/apis/discovery.k8s.io/v1/namespaces/default/endpointslices/kubernetes")).status).toBe(200);
    await repairServices(ENV, registry);
    const back = await get("/api/v1/namespaces/default/services/kubernetes");
    expect(back.body.spec.clusterIP).toBe("10.96.0.1");
    expect(back.body.metadata.uid).not.toBe(svc.body.metadata.uid);
    expect((await getRecord(ENV, "ip", "10.96.0.1"))?.owner.uid).toBe(back.body.metadata.uid);
    expect((await get("/api/v1/namespaces/default/endpoints/kubernetes")).status).toBe(200);
    expect((await get("/apis/discovery.k8s.io/v1/namespaces/default/endpointslices/kubernetes")).status).toBe(200);
  });
});
