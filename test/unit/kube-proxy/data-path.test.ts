/**
 * The data path with real kubelets and isolate pods: a Deployment of 3 servers behind a Service (spread, scale,
 * ClientIP affinity, no endpoints), and a client pod reaching Services, pods and the API server by every
 * cluster name form through its `globalOutbound`.
 */
import { env } from "cloudflare:test";
import { exports } from "cloudflare:workers";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { get, patch, post } from "../api/client";
import type { Env } from "../../../worker/env";
import { proxyToPodPort, proxyToService, type KubeProxyDeps, type ProxyClient } from "../../../worker/kube-proxy";
import { emptyPool, poolNodes, pushModuleImage, setPool, WAIT } from "../kubelet/agent/pool";

const NS = "kp";
const deps: KubeProxyDeps = { env: env as unknown as Env, exports };
const outside = (ip: string): ProxyClient => ({ kind: "external", ip });
let image = "";

const SERVER = `export default { async fetch(req, env) {
  const u = new URL(req.url);
  if (u.pathname === '/healthz') return new Response('ok');
  if (u.pathname === '/call') {
    const headers = {};
    if (u.searchParams.get('token')) headers.authorization = 'Bearer ' + env.KUBE.volumes['/var/run/secrets/kubernetes.io/serviceaccount'].token;
    const r = await fetch(u.searchParams.get('url'), { headers });
    return new Response(r.status + ' ' + await r.text());
  }
  return new Response(env.KUBE.podName);
} };
`;

const service = (name: string, spec: object) => ({ apiVersion: "v1", kind: "Service", metadata: { name }, spec });
const ports = [{ name: "http", containerPort: 8080 }, { name: "admin", containerPort: 9090 }];
const probe = { httpGet: { path: "/healthz", port: 8080 }, periodSeconds: 1 };

beforeAll(async () => {
  await setPool('{"pools":[{"name":"kp","count":1,"namePrefix":"kp-"}]}');
  await vi.waitFor(async () => expect((await poolNodes()).length).toBe(1), WAIT);
  image = await pushModuleImage("kp/server", "v1", { "index.js": SERVER }, ["index.js"]);
  expect((await post("/api/v1/namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: NS } })).status).toBe(201);
  const created = await Promise.all([
    post(`/apis/apps/v1/namespaces/${NS}/deployments`, {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "echo" },
      spec: { replicas: 3, selector: { matchLabels: { app: "echo" } }, template: { metadata: { labels: { app: "echo" } }, spec: { containers: [{ name: "server", image, ports, readinessProbe: probe }] } } },
    }),
    post(`/api/v1/namespaces/${NS}/pods`, {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "client", labels: { role: "client" } },
      spec: { hostname: "me", subdomain: "hl", containers: [{ name: "server", image, ports: [{ name: "http", containerPort: 8080 }], readinessProbe: probe }] },
    }),
    post(`/api/v1/namespaces/${NS}/services`, service("echo", { clusterIP: "10.96.100.10", selector: { app: "echo" }, ports: [{ name: "web", port: 80, targetPort: "http" }, { name: "admin", port: 9000, targetPort: "admin" }] })),
    post(`/api/v1/namespaces/${NS}/services`, service("sticky", { clusterIP: "10.96.100.11", selector: { app: "echo" }, sessionAffinity: "ClientIP", ports: [{ port: 80, targetPort: 8080 }] })),
    post(`/api/v1/namespaces/${NS}/services`, service("empty", { clusterIP: "10.96.100.12", selector: { app: "nobody" }, ports: [{ port: 80 }] })),
    post(`/api/v1/namespaces/${NS}/services`, service("alias", { type: "ExternalName", externalName: "echo.kp.svc.cluster.local" })),
    post(`/api/v1/namespaces/${NS}/services`, service("hl", { clusterIP: "None", selector: { role: "client" }, ports: [{ port: 8080 }] })),
  ]);
  for (const r of created) expect(r.status, r.text).toBe(201);
  await vi.waitFor(async () => {
    const pods = (await get(`/api/v1/namespaces/${NS}/pods`)).body.items;
    expect(pods.filter((p: { status?: { conditions?: { type: string; status: string }[] } }) => p.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True")).length).toBe(4);
  }, { timeout: 60_000, interval: 250 });
}, 120_000);

afterAll(emptyPool, 60_000);

const echoPods = async (): Promise<string[]> => (await get(`/api/v1/namespaces/${NS}/pods?labelSelector=app=echo`)).body.items.filter((p: { metadata: { deletionTimestamp?: string } }) => !p.metadata.deletionTimestamp).map((p: { metadata: { name: string } }) => p.metadata.name).sort();

async function answers(svc: string, n: number, client: ProxyClient = outside("")): Promise<Set<string>> {
  const seen = new Set<string>();
  for (let i = 0; i < n; i++) {
    const res = await proxyToService(deps, { namespace: NS, name: svc }, undefined, new Request("http://echo.kp.svc/"), client);
    expect(res.status).toBe(200);
    seen.add(await res.text());
  }
  return seen;
}

/** What the client pod got for `url` (its own fetch through the pod network): "status body". */
async function fromClient(url: string, token = false): Promise<string> {
  const res = await proxyToPodPort(deps, { namespace: NS, name: "client" }, 8080, new Request(`http://client/call?url=${encodeURIComponent(url)}${token ? "&token=1" : ""}`), outside(""));
  expect(res.status).toBe(200);
  return res.text();
}

describe("Service traffic from outside", () => {
  it("spreads requests across the ready replicas, each answering its pod name", async () => {
    const seen = await vi.waitFor(async () => {
      const all = new Set<string>();
      for (let i = 0; i < 30; i++) {
        const r = await proxyToService(deps, { namespace: NS, name: "echo" }, 80, new Request("http://x/"), outside(""));
        all.add(await r.text());
      }
      expect(all.size).toBe(3);
      return all;
    }, WAIT);
    expect([...seen].sort()).toEqual(await echoPods());
  });

  it("ClientIP affinity keeps a client on one replica", async () => {
    // The Service's own EndpointSlice may come a controller pass after echo's (which the test before waited for).
    await vi.waitFor(async () => {
      const res = await proxyToService(deps, { namespace: NS, name: "sticky" }, undefined, new Request("http://x/"), outside("198.51.100.9"));
      expect(res.status).toBe(200);
    }, WAIT);
    const a = await answers("sticky", 8, outside("198.51.100.1"));
    expect(a.size).toBe(1);
    const b = await answers("sticky", 8, outside("198.51.100.2"));
    expect(b.size).toBe(1);
  });

  it("a Service with several ports needs one named; an unknown port or no endpoints is 503", async () => {
    const several = await proxyToService(deps, { namespace: NS, name: "echo" }, undefined, new Request("http://x/"), outside(""));
    expect(several.status).toBe(400);
    const admin = await proxyToService(deps, { namespace: NS, name: "echo" }, "admin", new Request("http://x/"), outside(""));
    expect(admin.status).toBe(200);
    const empty = await proxyToService(deps, { namespace: NS, name: "empty" }, undefined, new Request("http://x/"), outside(""));
    expect(empty.status).toBe(503);
    expect(await empty.text()).toBe('no endpoints available for service "kp/empty"\n');
    const missing = await proxyToService(deps, { namespace: NS, name: "nope" }, undefined, new Request("http://x/"), outside(""));
    expect(missing.status).toBe(503);
  });

  it("follows scale-down and scale-up", async () => {
    const scale = async (replicas: number) => {
      const r = await patch(`/apis/apps/v1/namespaces/${NS}/deployments/echo/scale`, { spec: { replicas } }, "application/merge-patch+json");
      expect(r.status, r.text).toBe(200);
    };
    await scale(1);
    await vi.waitFor(async () => {
      const names = await echoPods();
      expect(names.length).toBe(1);
      const seen = new Set<string>();
      for (let i = 0; i < 10; i++) seen.add(await (await proxyToService(deps, { namespace: NS, name: "echo" }, "web", new Request("http://x/"), outside(""))).text());
      expect([...seen]).toEqual(names);
    }, { timeout: 40_000, interval: 250 });
    await scale(2);
    await vi.waitFor(async () => {
      const seen = new Set<string>();
      for (let i = 0; i < 20; i++) seen.add(await (await proxyToService(deps, { namespace: NS, name: "echo" }, "web", new Request("http://x/"), outside(""))).text());
      expect([...seen].sort()).toEqual(await echoPods());
      expect(seen.size).toBe(2);
    }, { timeout: 40_000, interval: 250 });
  }, 90_000);
});

describe("from inside a pod", () => {
  it.each([
    "http://echo/",
    "http://echo.kp/",
    "http://echo.kp.svc/",
    "http://echo.kp.svc.cluster.local/",
    "http://echo.kp.svc.cluster.local./",
    "http://10.96.100.10/",
    "http://echo:9000/",
    "http://10.96.100.10:9000/",
    "http://alias/",
    "http://alias.kp.svc.cluster.local:9000/",
  ])("%s reaches a replica", async (url) => {
    expect(await fromClient(url)).toMatch(/^200 echo-[a-z0-9]+-[a-z0-9]+$/);
  });

  it("reaches a pod by IP and a headless Service's pod by name", async () => {
    const client = (await get(`/api/v1/namespaces/${NS}/pods/client`)).body;
    expect(await fromClient(`http://${client.status.podIP}:8080/`)).toBe("200 client");
    expect(await fromClient("http://me.hl.kp.svc.cluster.local:8080/")).toBe("200 client");
    expect(await fromClient("http://hl:8080/")).toBe("200 client");
  });

  it("refuses unknown names and ports with 502", async () => {
    expect(await fromClient("http://nope.kp.svc.cluster.local/")).toMatch(/^502 kube-edge pod network: dial tcp: lookup nope.kp.svc.cluster.local: no such host/);
    expect(await fromClient("http://echo:81/")).toMatch(/^502 .*connection refused/);
    expect(await fromClient("http://empty/")).toBe('503 no endpoints available for service "kp/empty"\n');
  });

  it("reaches the API server as its service account", async () => {
    expect(await fromClient("https://kubernetes.default.svc/api/v1/namespaces/kp/pods", true)).toMatch(/^403 .*system:serviceaccount:kp:default/);
    const role = await post(`/apis/rbac.authorization.k8s.io/v1/namespaces/${NS}/roles`, { apiVersion: "rbac.authorization.k8s.io/v1", kind: "Role", metadata: { name: "pod-reader" }, rules: [{ apiGroups: [""], resources: ["pods"], verbs: ["list"] }] });
    expect(role.status, role.text).toBe(201);
    const binding = await post(`/apis/rbac.authorization.k8s.io/v1/namespaces/${NS}/rolebindings`, { apiVersion: "rbac.authorization.k8s.io/v1", kind: "RoleBinding", metadata: { name: "pod-reader" }, roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "pod-reader" }, subjects: [{ kind: "ServiceAccount", name: "default", namespace: NS }] });
    expect(binding.status, binding.text).toBe(201);
    await vi.waitFor(async () => expect(await fromClient("https://kubernetes.default.svc.cluster.local/api/v1/namespaces/kp/pods", true)).toMatch(/^200 \{.*"kind":"PodList"/s), WAIT);
    expect(await fromClient("https://10.96.0.1/api/v1/namespaces/kp/secrets", true)).toMatch(/^403 /);
    // Without its token the pod is anonymous: nothing it did not send is added.
    expect(await fromClient("https://kubernetes.default.svc/api/v1/namespaces/kp/pods")).toMatch(/^(401|403) /);
  });
});

describe("pods on the simulated runtime", () => {
  it("answer 502 naming the runtime", async () => {
    const created = await post(`/api/v1/namespaces/${NS}/pods`, { apiVersion: "v1", kind: "Pod", metadata: { name: "sim" }, spec: { runtimeClassName: "simulated", containers: [{ name: "c", image: "nginx:1.27", ports: [{ containerPort: 80 }] }] } });
    expect(created.status, created.text).toBe(201);
    await vi.waitFor(async () => expect((await get(`/api/v1/namespaces/${NS}/pods/sim`)).body.status?.phase).toBe("Running"), WAIT);
    const res = await proxyToPodPort(deps, { namespace: NS, name: "sim" }, 80, new Request("http://sim/"), outside(""));
    expect(res.status).toBe(502);
    expect(await res.text()).toBe(`pod ${NS}/sim runs on the simulated runtime: it serves no traffic\n`);
  });
});
