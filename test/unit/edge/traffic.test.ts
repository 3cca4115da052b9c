/**
 * External traffic to real isolate pods through the real Worker: a LoadBalancer host spreads over a
 * Deployment's replicas and never reaches the API, a NodePort host, Ingress host/path rules (wildcard, default
 * backend, 404, another class's hosts left to the API), and services/{id}/proxy with RBAC.
 */
import { SELF } from "cloudflare:test";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { freshNamespace, get, patch, post, TOKEN } from "../api/client";
import { as, grant, unique } from "../security/helpers";
import { emptyPool, poolNodes, pushModuleImage, setPool, WAIT } from "../kubelet/agent/pool";

const ECHO = `export default { async fetch(req, env) {
  const u = new URL(req.url);
  if (u.pathname === '/healthz') return new Response('ok');
  const h = (n) => req.headers.get(n);
  return Response.json({ pod: env.KUBE.podName, app: env.APP, method: req.method, path: u.pathname + u.search, host: h('host') ?? u.host,
    xff: h('x-forwarded-for'), xfp: h('x-forwarded-proto'), xfh: h('x-forwarded-host'), auth: h('authorization'), body: req.method === 'POST' ? await req.text() : undefined });
} };
`;

let ns = "";
let node = "";
const lbHost = () => `web-${ns}.lb.localhost`;
const CLIENT = "203.0.113.7";

/** A request from outside, by Host (the URL's host), with a client address and the admin token. */
async function edge(url: string, init: RequestInit = {}): Promise<{ status: number; text: string; body: Record<string, string> | undefined }> {
  const headers = new Headers(init.headers);
  headers.set("CF-Connecting-IP", CLIENT);
  if (!headers.has("authorization")) headers.set("Authorization", `Bearer ${TOKEN}`);
  const res = await SELF.fetch(url, { ...init, headers, redirect: "manual" });
  const text = await res.text();
  let body: Record<string, string> | undefined;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: res.status, text, body };
}

const deployment = (name: string, replicas: number, image: string) => ({
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name },
  spec: {
    replicas,
    selector: { matchLabels: { app: name } },
    template: {
      metadata: { labels: { app: name } },
      spec: { containers: [{ name: "echo", image, env: [{ name: "APP", value: name }], ports: [{ name: "http", containerPort: 8080 }], readinessProbe: { httpGet: { path: "/healthz", port: 8080 }, periodSeconds: 1 } }] },
    },
  },
});
const service = (name: string, spec: object) => ({ apiVersion: "v1", kind: "Service", metadata: { name }, spec });
const ingress = (name: string, spec: object) => ({ apiVersion: "networking.k8s.io/v1", kind: "Ingress", metadata: { name }, spec });
const backend = (name: string, port: number | string) => ({ service: { name, port: typeof port === "number" ? { number: port } : { name: port } } });

beforeAll(async () => {
  await setPool('{"pools":[{"name":"edge","count":1,"namePrefix":"edge-"}]}');
  node = await vi.waitFor(async () => {
    const nodes = await poolNodes();
    expect(nodes.length).toBe(1);
    return nodes[0].metadata.name as string;
  }, WAIT);
  const image = await pushModuleImage("edge/echo", "v1", { "index.js": ECHO }, ["index.js"]);
  ns = await freshNamespace("edge");
  const base = `/api/v1/namespaces/${ns}`;
  const created = await Promise.all([
    post(`/apis/apps/v1/namespaces/${ns}/deployments`, deployment("web", 2, image)),
    post(`/apis/apps/v1/namespaces/${ns}/deployments`, deployment("other", 1, image)),
    post(`${base}/services`, service("web", { type: "LoadBalancer", selector: { app: "web" }, ports: [{ name: "http", port: 80, targetPort: "http", nodePort: 30080 }] })),
    post(`${base}/services`, service("other", { selector: { app: "other" }, ports: [{ name: "http", port: 8000, targetPort: 8080 }] })),
    post(`${base}/services`, service("ext", { type: "ExternalName", externalName: "kubernetes.default.svc.cluster.local" })),
  ]);
  for (const r of created) expect(r.status, r.text).toBe(201);
  // The LoadBalancer status hostname (the service status loop sets the same one).
  const st = await patch(`${base}/services/web/status`, { status: { loadBalancer: { ingress: [{ hostname: lbHost() }] } } }, "application/merge-patch+json");
  expect(st.status, st.text).toBe(200);
  await vi.waitFor(async () => {
    const slices = (await get(`/apis/discovery.k8s.io/v1/namespaces/${ns}/endpointslices`)).body.items as { metadata: { labels: Record<string, string> }; endpoints?: { conditions: { ready?: boolean } }[] }[];
    const ready = (svc: string) => slices.filter((s) => s.metadata.labels["kubernetes.io/service-name"] === svc).flatMap((s) => s.endpoints ?? []).filter((e) => e.conditions.ready).length;
    expect([ready("web"), ready("other")]).toEqual([2, 1]);
    for (const svc of ["web:80", "other:8000"]) expect((await get(`${base}/services/${svc}/proxy/`)).status).toBe(200);
  }, { timeout: 40_000, interval: 250 });
}, 90_000);

afterAll(emptyPool, 40_000);

describe("LoadBalancer hosts", () => {
  it("reach the Service, spread across its replicas, Host kept and X-Forwarded-* added", async () => {
    const pods = new Set<string>();
    for (let i = 0; i < 16; i++) {
      const res = await edge(`https://${lbHost()}/hello?i=${i}`);
      expect(res.status, res.text).toBe(200);
      expect(res.body).toMatchObject({ app: "web", path: `/hello?i=${i}`, host: lbHost(), xff: CLIENT, xfp: "https", xfh: lbHost() });
      pods.add(res.body!.pod);
    }
    expect(pods.size).toBe(2);
    const post = await edge(`http://${lbHost().toUpperCase()}./echo`, { method: "POST", body: "payload" });
    expect(post.body).toMatchObject({ app: "web", method: "POST", body: "payload", xfp: "http" });
  });

  it("never reach the API, the registry or anything but the Service, whatever the credentials", async () => {
    for (const path of ["/api/v1/namespaces", "/apis", "/version", "/v2/", "/livez"]) {
      const res = await edge(`https://${lbHost()}${path}`);
      expect(res.status, res.text).toBe(200);
      expect(res.body).toMatchObject({ app: "web", path, auth: `Bearer ${TOKEN}` });
      expect(res.text).not.toContain("NamespaceList");
    }
    for (const host of [`nope-${ns}.lb.localhost`, "a.b.lb.localhost", "lb.localhost", `other-${ns}.lb.localhost`]) {
      const res = await edge(`https://${host}/api/v1/namespaces`);
      expect(res.status, `${host}: ${res.text}`).toBe(404);
      expect(res.body).toBeUndefined();
    }
  });
});

describe("NodePort hosts", () => {
  it("reach the Service holding the node port through any existing node", async () => {
    const res = await edge(`https://${node}-30080.nodes.lb.localhost/np`);
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ app: "web", path: "/np" });
    const ghost = await edge(`https://ghost-30080.nodes.lb.localhost/np`);
    expect(ghost.status).toBe(404);
    expect(ghost.text).toContain('node "ghost" not found');
    const unused = await edge(`https://${node}-30999.nodes.lb.localhost/np`);
    expect(unused.status).toBe(404);
    expect(unused.text).toContain("no Service has the node port 30999");
  });
});

describe("Ingress hosts", () => {
  it("route by host and path; no match is a 404; a default backend catches the rest", async () => {
    const base = `/apis/networking.k8s.io/v1/namespaces/${ns}/ingresses`;
    const shop = await post(base, ingress("shop", {
      ingressClassName: "kube-edge",
      rules: [
        { host: "shop.example.test", http: { paths: [{ path: "/", pathType: "Prefix", backend: backend("web", "http") }, { path: "/other", pathType: "Prefix", backend: backend("other", 8000) }, { path: "/exact", pathType: "Exact", backend: backend("other", 8000) }] } },
        { host: "*.wild.example.test", http: { paths: [{ path: "/", pathType: "Prefix", backend: backend("other", "http") }] } },
        { host: "api.example.test", http: { paths: [{ path: "/", pathType: "Prefix", backend: backend("ext", 443) }] } },
      ],
    }));
    expect(shop.status, shop.text).toBe(201);
    const foreign = await post(base, ingress("foreign", { ingressClassName: "nginx", rules: [{ host: "nginx.example.test", http: { paths: [{ path: "/", pathType: "Prefix", backend: backend("web", 80) }] } }] }));
    expect(foreign.status, foreign.text).toBe(201);
    // No class: the default IngressClass's, kube-edge at bootstrap.
    const plain = await post(base, ingress("plain", { rules: [{ host: "plain.example.test", http: { paths: [{ path: "/", pathType: "Prefix", backend: backend("web", 80) }] } }] }));
    expect(plain.status, plain.text).toBe(201);
    const app = async (url: string) => (await edge(url)).body?.app;
    await vi.waitFor(async () => expect(await app("https://shop.example.test/")).toBe("web"), WAIT);
    expect(await app("https://shop.example.test/other/x")).toBe("other");
    expect(await app("https://shop.example.test/otherx")).toBe("web");
    expect(await app("https://shop.example.test/exact")).toBe("other");
    expect(await app("https://shop.example.test/exact/")).toBe("web");
    expect(await app("https://a.wild.example.test/z")).toBe("other");
    expect(await app("https://plain.example.test/")).toBe("web");
    // Not claimed: one label too deep for the wildcard, another class's host — both are the API's.
    const deep = await edge("https://a.b.wild.example.test/api/v1/namespaces");
    expect(deep.body).toMatchObject({ kind: "NamespaceList" });
    expect((await edge("https://nginx.example.test/api/v1/namespaces")).body).toMatchObject({ kind: "NamespaceList" });
    const ext = await edge("https://api.example.test/api/v1/namespaces");
    expect(ext.status).toBe(503);
    expect(ext.text).toContain("ExternalName");

    const none = await edge("https://ingress.lb.localhost/anything");
    expect(none.status).toBe(404);
    expect(none.text).toContain("no Ingress rule of class kube-edge matches");
    const fallback = await post(base, ingress("fallback", { ingressClassName: "kube-edge", defaultBackend: backend("other", 8000) }));
    expect(fallback.status, fallback.text).toBe(201);
    await vi.waitFor(async () => expect(await app("https://ingress.lb.localhost/anything")).toBe("other"), WAIT);
  });

  it("a backend that is the kubernetes Service never reaches the API", async () => {
    const res = await post("/apis/networking.k8s.io/v1/namespaces/default/ingresses", ingress("to-api", {
      ingressClassName: "kube-edge",
      rules: [{ host: "to-api.example.test", http: { paths: [{ path: "/", pathType: "Prefix", backend: backend("kubernetes", 443) }] } }],
    }));
    expect(res.status, res.text).toBe(201);
    const got = await vi.waitFor(async () => {
      const r = await edge("https://to-api.example.test/api/v1/namespaces");
      expect(r.status).toBe(503);
      return r;
    }, WAIT);
    expect(got.text).toContain("Service default/kubernetes is the API server");
  });
});

describe("services/{id}/proxy", () => {
  it("reaches a ready endpoint by port number, port name and scheme, credentials removed", async () => {
    const base = `/api/v1/namespaces/${ns}/services`;
    for (const id of ["web:80", "web:http", "http:web:80"]) {
      const res = await get(`${base}/${id}/proxy/p/q?x=1`);
      expect(res.status, `${id}: ${res.text}`).toBe(200);
      expect(res.body).toMatchObject({ app: "web", path: "/p/q?x=1", auth: null });
    }
    expect((await get(`${base}/other:8000/proxy/`)).body).toMatchObject({ app: "other", path: "/" });
    // No port names the Service's unnamed port only; web's one port is named (ResourceLocation matches by name).
    expect((await get(`${base}/web/proxy/`)).body).toMatchObject({ code: 503, message: 'no endpoints available for service "web"' });
  });

  it("is authorized as <verb> services/proxy", async () => {
    const user = unique("svc-proxy-user");
    const path = `/api/v1/namespaces/${ns}/services/web:80/proxy/`;
    expect((await as({ user }, "GET", path)).status).toBe(403);
    await grant(user, [{ apiGroups: [""], resources: ["services/proxy"], verbs: ["get"] }], ns);
    const ok = await as({ user }, "GET", path);
    expect(ok.status, ok.text).toBe(200);
    expect(ok.body).toMatchObject({ app: "web" });
    expect((await as({ user }, "POST", path, {})).status).toBe(403);
  });
});
