/** LoadBalancer Service and Ingress status through the real Worker, its control loops and the store. */
import { describe, expect, it } from "vitest";
import { freshNamespace, get, patch, post } from "../../api/client";

const MERGE = "application/merge-patch+json";

async function eventually<T>(read: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 8000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let v = await read();
  while (!ok(v) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
    v = await read();
  }
  return v;
}

const hostnameOf = (svc: { status?: { loadBalancer?: { ingress?: { hostname?: string }[] } } }) => svc?.status?.loadBalancer?.ingress?.[0]?.hostname;

describe("LoadBalancer status", () => {
  it("gets <name>-<namespace>.<domain>, follows type changes, and leaves other classes alone", async () => {
    const ns = await freshNamespace("lb");
    const path = `/api/v1/namespaces/${ns}/services`;
    expect((await post(path, { apiVersion: "v1", kind: "Service", metadata: { name: "web" }, spec: { type: "LoadBalancer", ports: [{ port: 80 }] } })).status).toBe(201);
    const lb = await eventually(() => get(`${path}/web`), (r) => !!hostnameOf(r.body));
    expect(lb.body.status.loadBalancer).toEqual({ ingress: [{ hostname: `web-${ns}.lb.localhost` }] });
    const table = await get(`${path}/web`, { accept: "application/json;as=Table;v=v1;g=meta.k8s.io" });
    expect(table.body.rows[0].cells[3]).toBe(`web-${ns}.lb.localhost`);
    const events = await eventually(() => get(`/api/v1/namespaces/${ns}/events`), (r) => r.body.items.some((e: { reason: string }) => e.reason === "EnsuredLoadBalancer"));
    expect(events.body.items.map((e: { reason: string }) => e.reason)).toEqual(expect.arrayContaining(["EnsuringLoadBalancer", "EnsuredLoadBalancer"]));

    const toClusterIP = await patch(`${path}/web`, { spec: { type: "ClusterIP" } }, MERGE);
    expect(toClusterIP.status).toBe(200);
    expect(toClusterIP.body.status.loadBalancer).toEqual({});
    expect((await patch(`${path}/web`, { spec: { type: "LoadBalancer" } }, MERGE)).status).toBe(200);
    expect(hostnameOf((await eventually(() => get(`${path}/web`), (r) => !!hostnameOf(r.body))).body)).toBe(`web-${ns}.lb.localhost`);

    expect((await post(path, { apiVersion: "v1", kind: "Service", metadata: { name: "other" }, spec: { type: "LoadBalancer", loadBalancerClass: "example.com/lb", ports: [{ port: 80 }] } })).status).toBe(201);
    await new Promise((r) => setTimeout(r, 300));
    expect(hostnameOf((await get(`${path}/other`)).body)).toBeUndefined();
  });

  it("suffixes a hostname another Service holds", async () => {
    const base = `h${Date.now().toString(36)}`;
    const nsA = `${base}-x`;
    const nsB = "x";
    await post("/api/v1/namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: nsA } });
    await post("/api/v1/namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: nsB } });
    // "<a>-<base>-x" from (name a, ns <base>-x) and (name a-<base>, ns x).
    expect((await post(`/api/v1/namespaces/${nsA}/services`, { apiVersion: "v1", kind: "Service", metadata: { name: "a" }, spec: { type: "LoadBalancer", ports: [{ port: 80 }] } })).status).toBe(201);
    const first = await eventually(() => get(`/api/v1/namespaces/${nsA}/services/a`), (r) => !!hostnameOf(r.body));
    expect(hostnameOf(first.body)).toBe(`a-${base}-x.lb.localhost`);
    const second = await post(`/api/v1/namespaces/${nsB}/services`, { apiVersion: "v1", kind: "Service", metadata: { name: `a-${base}` }, spec: { type: "LoadBalancer", ports: [{ port: 80 }] } });
    const got = await eventually(() => get(`/api/v1/namespaces/${nsB}/services/a-${base}`), (r) => !!hostnameOf(r.body));
    expect(hostnameOf(got.body)).toMatch(new RegExp(`^a-${base}-x-[0-9a-f]{5}\\.lb\\.localhost$`));
    expect(second.status).toBe(201);
  });
});

describe("Ingress status", () => {
  it("the edge IngressClass exists as the default, and its Ingresses get ingress.<domain>", async () => {
    const cls = await get("/apis/networking.k8s.io/v1/ingressclasses/kube-edge");
    expect(cls.status).toBe(200);
    expect(cls.body.spec.controller).toBe("kube-edge.dev/ingress");
    expect(cls.body.metadata.annotations["ingressclass.kubernetes.io/is-default-class"]).toBe("true");
    const ns = await freshNamespace("ing");
    const path = `/apis/networking.k8s.io/v1/namespaces/${ns}/ingresses`;
    const backend = { service: { name: "web", port: { number: 80 } } };
    expect((await post(path, { apiVersion: "networking.k8s.io/v1", kind: "Ingress", metadata: { name: "plain" }, spec: { defaultBackend: backend } })).status).toBe(201);
    expect((await post(path, { apiVersion: "networking.k8s.io/v1", kind: "Ingress", metadata: { name: "named" }, spec: { ingressClassName: "kube-edge", defaultBackend: backend } })).status).toBe(201);
    expect((await post(path, { apiVersion: "networking.k8s.io/v1", kind: "Ingress", metadata: { name: "foreign" }, spec: { ingressClassName: "nginx", defaultBackend: backend } })).status).toBe(201);
    for (const name of ["plain", "named"]) {
      const ing = await eventually(() => get(`${path}/${name}`), (r) => !!hostnameOf(r.body));
      expect(ing.body.status.loadBalancer).toEqual({ ingress: [{ hostname: "ingress.lb.localhost" }] });
    }
    expect(hostnameOf((await get(`${path}/foreign`)).body)).toBeUndefined();
  });
});
