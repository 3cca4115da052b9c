/**
 * The endpoints and endpointslice loops against the real Worker: a Service's Endpoints and EndpointSlices follow
 * its pods becoming ready, not ready, terminating and deleted; named target ports resolve per pod; a Service
 * without selector is left alone; the Endpoints goes with its Service.
 */
import { afterAll, describe, expect, it } from "vitest";
import { del, freshNamespace, get, patch, post, put } from "../../api/client";
import { eventually, finishTerminating, MERGE, registerNode, reportPod, type Obj } from "../kwok";
import { unique } from "../../security/helpers";
import { settleControllers } from "../../scheduler/settle";

const SLICES = (ns: string) => `/apis/discovery.k8s.io/v1/namespaces/${ns}/endpointslices`;

function service(name: string, spec: Obj = {}, labels?: Record<string, string>): Obj {
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name, ...(labels ? { labels } : {}) },
    spec: {
      selector: { app: name },
      ports: [
        { name: "http", port: 80, targetPort: "http" },
        { name: "metrics", port: 9090, targetPort: 9090 },
      ],
      ...spec,
    },
  };
}

function pod(name: string, app: string, node: string, httpPort = 8080): Obj {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, labels: { app } },
    spec: { nodeName: node, containers: [{ name: "web", image: "nginx", ports: [{ name: "http", containerPort: httpPort }] }] },
  };
}

async function slicesOf(ns: string, svc: string): Promise<Obj[]> {
  const res = await get(`${SLICES(ns)}?labelSelector=${encodeURIComponent(`kubernetes.io/service-name=${svc}`)}`);
  expect(res.status, res.text).toBe(200);
  return res.body.items;
}

/** Every endpoint of the Service's slices, by pod name. */
async function sliceEndpoints(ns: string, svc: string): Promise<Record<string, Obj>> {
  const out: Record<string, Obj> = {};
  for (const s of await slicesOf(ns, svc)) for (const ep of s.endpoints ?? []) out[ep.targetRef.name] = { ...ep, ports: s.ports };
  return out;
}

const addressNames = (list: Obj[] | undefined) => (list ?? []).map((a) => a.targetRef.name).sort();

/** "pod port:number ready|notReady" for every address and port of an Endpoints. */
const offers = (ep: Obj): string[] =>
  (ep.subsets ?? [])
    .flatMap((s: Obj) =>
      (s.ports ?? []).flatMap((p: Obj) => [
        ...(s.addresses ?? []).map((a: Obj) => `${a.targetRef.name} ${p.name}:${p.port} ready`),
        ...(s.notReadyAddresses ?? []).map((a: Obj) => `${a.targetRef.name} ${p.name}:${p.port} notReady`),
      ]),
    )
    .sort();

async function endpoints(ns: string, name: string): Promise<Obj> {
  const res = await get(`/api/v1/namespaces/${ns}/endpoints/${name}`);
  expect(res.status, res.text).toBe(200);
  return res.body;
}

describe("endpoints and endpointslice loops", () => {
  afterAll(() => settleControllers(), 30_000);

  it("follow pods becoming ready, not ready, terminating and gone, with named target ports", async () => {
    const ns = await freshNamespace("ep");
    const node = unique("node-ep");
    await registerNode(node, { labels: { "topology.kubernetes.io/zone": "zone-a" } });
    expect((await post(`/api/v1/namespaces/${ns}/services`, service("web", {}, { tier: "front" }))).status).toBe(201);
    expect((await post(`/api/v1/namespaces/${ns}/pods`, pod("web-1", "web", node, 8080))).status).toBe(201);
    expect((await post(`/api/v1/namespaces/${ns}/pods`, pod("web-2", "web", node, 8081))).status).toBe(201);

    // No pod has an IP yet: an Endpoints without subsets and one placeholder slice.
    await eventually(async () => {
      const ep = await endpoints(ns, "web");
      expect(ep.subsets ?? []).toEqual([]);
      expect(ep.metadata.labels).toMatchObject({ tier: "front" });
      const slices = await slicesOf(ns, "web");
      expect(slices).toHaveLength(1);
      expect(slices[0]).toMatchObject({ addressType: "IPv4" });
      expect(slices[0].endpoints ?? []).toEqual([]);
      expect(slices[0].metadata.labels).toMatchObject({ tier: "front", "endpointslice.kubernetes.io/managed-by": "endpointslice-controller.k8s.io" });
      expect(slices[0].metadata.name.startsWith("web-")).toBe(true);
    });

    const p1 = await reportPod(ns, "web-1", "Ready");
    const p2 = await reportPod(ns, "web-2", "Running");
    await eventually(async () => {
      const ep = await endpoints(ns, "web");
      // Repacked: every address with exactly the ports it offers (web-2 offers http on another container port).
      expect(offers(ep)).toEqual([
        "web-1 http:8080 ready",
        "web-1 metrics:9090 ready",
        "web-2 http:8081 notReady",
        "web-2 metrics:9090 notReady",
      ]);
      expect(ep.subsets).toHaveLength(3);
      const address = ep.subsets.flatMap((s: Obj) => s.addresses ?? []).find((a: Obj) => a.targetRef.name === "web-1");
      expect(address).toMatchObject({ ip: p1.status.podIP, nodeName: node, targetRef: { kind: "Pod", name: "web-1", namespace: ns, uid: p1.metadata.uid } });
      expect(ep.metadata.annotations["endpoints.kubernetes.io/last-change-trigger-time"]).toMatch(/^\d{4}-\d\d-\d\dT/);

      const eps = await sliceEndpoints(ns, "web");
      expect(eps["web-1"]).toMatchObject({ addresses: [p1.status.podIP], conditions: { ready: true, serving: true, terminating: false }, nodeName: node, zone: "zone-a" });
      expect(eps["web-2"]).toMatchObject({ addresses: [p2.status.podIP], conditions: { ready: false, serving: false, terminating: false } });
      expect(eps["web-1"].ports).toContainEqual({ name: "http", port: 8080, protocol: "TCP" });
      expect(eps["web-2"].ports).toContainEqual({ name: "http", port: 8081, protocol: "TCP" });
    });
    // Different port sets, different slices; the placeholder is gone.
    expect(await slicesOf(ns, "web")).toHaveLength(2);

    // web-1 turns not ready, web-2 ready.
    await reportPod(ns, "web-1", "Running");
    await reportPod(ns, "web-2", "Ready");
    await eventually(async () => {
      expect(offers(await endpoints(ns, "web"))).toEqual([
        "web-1 http:8080 notReady",
        "web-1 metrics:9090 notReady",
        "web-2 http:8081 ready",
        "web-2 metrics:9090 ready",
      ]);
      const eps = await sliceEndpoints(ns, "web");
      expect(eps["web-1"].conditions).toEqual({ ready: false, serving: false, terminating: false });
      expect(eps["web-2"].conditions).toEqual({ ready: true, serving: true, terminating: false });
    });

    // web-2 is deleted: terminating it leaves the Endpoints, stays in its slice as terminating, then goes.
    await del(`/api/v1/namespaces/${ns}/pods/web-2`);
    await eventually(async () => {
      expect(offers(await endpoints(ns, "web"))).toEqual(["web-1 http:8080 notReady", "web-1 metrics:9090 notReady"]);
      const terminating = (await get(`/api/v1/namespaces/${ns}/pods/web-2`)).status === 200;
      const eps = await sliceEndpoints(ns, "web");
      if (terminating) expect(eps["web-2"].conditions).toEqual({ ready: false, serving: true, terminating: true });
      else expect(eps["web-2"]).toBeUndefined();
    });
    await finishTerminating(ns);
    await eventually(async () => {
      expect(Object.keys(await sliceEndpoints(ns, "web"))).toEqual(["web-1"]);
      expect(await slicesOf(ns, "web")).toHaveLength(1);
    });

    // The Service goes: its Endpoints go with it (its slices through their ownerReference).
    expect((await del(`/api/v1/namespaces/${ns}/services/web`)).status).toBe(200);
    await eventually(async () => {
      expect((await get(`/api/v1/namespaces/${ns}/endpoints/web`)).status).toBe(404);
    });
  }, 120_000);

  it("publishes not-ready addresses as ready when the Service asks, and leaves a Service without selector alone", async () => {
    const ns = await freshNamespace("ep");
    const node = unique("node-ep");
    await registerNode(node);
    expect((await post(`/api/v1/namespaces/${ns}/services`, service("db", { publishNotReadyAddresses: true }))).status).toBe(201);
    expect((await post(`/api/v1/namespaces/${ns}/pods`, pod("db-0", "db", node))).status).toBe(201);
    await reportPod(ns, "db-0", "Running");
    await eventually(async () => {
      const ep = await endpoints(ns, "db");
      expect(addressNames(ep.subsets?.[0]?.addresses)).toEqual(["db-0"]);
      expect((await sliceEndpoints(ns, "db"))["db-0"].conditions).toEqual({ ready: true, serving: false, terminating: false });
    });

    const manual = { apiVersion: "v1", kind: "Service", metadata: { name: "external" }, spec: { ports: [{ port: 443 }] } };
    expect((await post(`/api/v1/namespaces/${ns}/services`, manual)).status).toBe(201);
    const mine = { apiVersion: "v1", kind: "Endpoints", metadata: { name: "external" }, subsets: [{ addresses: [{ ip: "192.0.2.10" }], ports: [{ port: 443 }] }] };
    expect((await post(`/api/v1/namespaces/${ns}/endpoints`, mine)).status).toBe(201);
    // A pod event wakes every Service of the namespace: the one without selector still gets nothing.
    expect((await post(`/api/v1/namespaces/${ns}/pods`, pod("db-1", "db", node))).status).toBe(201);
    await reportPod(ns, "db-1", "Ready");
    await eventually(async () => {
      expect(addressNames((await endpoints(ns, "db")).subsets?.[0]?.addresses)).toEqual(["db-0", "db-1"]);
    });
    const ep = await endpoints(ns, "external");
    expect(ep.subsets).toEqual([{ addresses: [{ ip: "192.0.2.10" }], ports: [{ port: 443, protocol: "TCP" }] }]);
    expect(ep.metadata.annotations?.["endpoints.kubernetes.io/last-change-trigger-time"]).toBeUndefined();
    expect(await slicesOf(ns, "external")).toEqual([]);
  }, 90_000);

  it("recreates an Endpoints someone deleted and rewrites one someone changed on the next sync", async () => {
    const ns = await freshNamespace("ep");
    const node = unique("node-ep");
    await registerNode(node);
    expect((await post(`/api/v1/namespaces/${ns}/services`, service("api"))).status).toBe(201);
    expect((await post(`/api/v1/namespaces/${ns}/pods`, pod("api-0", "api", node))).status).toBe(201);
    await reportPod(ns, "api-0", "Ready");
    await eventually(async () => expect(addressNames((await endpoints(ns, "api")).subsets?.[0]?.addresses)).toEqual(["api-0"]));

    expect((await del(`/api/v1/namespaces/${ns}/endpoints/api`)).status).toBe(200);
    await eventually(async () => expect(addressNames((await endpoints(ns, "api")).subsets?.[0]?.addresses)).toEqual(["api-0"]));

    const cur = await endpoints(ns, "api");
    expect((await put(`/api/v1/namespaces/${ns}/endpoints/api`, { ...cur, subsets: [] })).status).toBe(200);
    // Any change of a pod of the namespace wakes the Service again.
    expect((await patch(`/api/v1/namespaces/${ns}/pods/api-0`, { metadata: { labels: { touched: "yes" } } }, MERGE)).status).toBe(200);
    await eventually(async () => expect(addressNames((await endpoints(ns, "api")).subsets?.[0]?.addresses)).toEqual(["api-0"]));
  }, 90_000);
});
