/**
 * ResourceQuota through the real Worker: admission refuses past the limit with upstream's message and stores
 * nothing, charges status.used before the object is stored, leaves everything alone on dry runs; the
 * controller's recount follows deletes and terminal pods.
 */
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { registry } from "../../../schema/registry";
import type { KubeObject } from "../../../schema/types";
import { configMap, del, freshNamespace, get, patch, post } from "../api/client";
import { QuotaLister, syncQuota } from "../../../worker/admission/quota/controller";
import { APISERVER_USER } from "../../../worker/admission/quota/quota-access";
import type { Env } from "../../../worker/env";

const quota = (name: string, hard: Record<string, string>, spec: KubeObject = {}) => ({
  apiVersion: "v1",
  kind: "ResourceQuota",
  metadata: { name },
  spec: { hard, ...spec },
});

const pod = (name: string, requests?: Record<string, string>) => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name },
  spec: { containers: [{ name: "c", image: "nginx", ...(requests ? { resources: { requests } } : {}) }] },
});

/** Configmaps already in a fresh namespace (kube-root-ca.crt, when the publisher could write it). */
async function configMapCount(ns: string): Promise<number> {
  return (await get(`/api/v1/namespaces/${ns}/configmaps`)).body.items.length;
}

// The first request of a file bootstraps the cluster (RBAC policy, keys, namespaces): give it time.
beforeAll(async () => {
  expect((await get("/api/v1/namespaces/default")).status).toBe(200);
}, 60_000);

const usedOf = async (ns: string, name: string) => (await get(`/api/v1/namespaces/${ns}/resourcequotas/${name}`)).body.status?.used;

describe("ResourceQuota admission", () => {
  it("refuses the configmap past the limit with upstream's message, stores nothing, and records usage", async () => {
    const ns = await freshNamespace("q");
    const base = await configMapCount(ns);
    const limit = String(base + 1);
    expect((await post(`/api/v1/namespaces/${ns}/resourcequotas`, quota("q", { configmaps: limit }))).status).toBe(201);
    expect((await post(`/api/v1/namespaces/${ns}/configmaps`, configMap("a"))).status).toBe(201);
    expect(await usedOf(ns, "q")).toEqual({ configmaps: limit });

    const res = await post(`/api/v1/namespaces/${ns}/configmaps`, configMap("b"));
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({
      kind: "Status",
      status: "Failure",
      reason: "Forbidden",
      code: 403,
      message: `configmaps "b" is forbidden: exceeded quota: q, requested: configmaps=1, used: configmaps=${limit}, limited: configmaps=${limit}`,
      details: { name: "b", kind: "configmaps" },
    });
    expect((await get(`/api/v1/namespaces/${ns}/configmaps/b`)).status).toBe(404);
    expect(await usedOf(ns, "q")).toEqual({ configmaps: limit });
  });

  it("a quota's status is hard from spec and used from a count (synced before the first check)", async () => {
    const ns = await freshNamespace("q");
    const base = await configMapCount(ns);
    await post(`/api/v1/namespaces/${ns}/configmaps`, configMap("pre"));
    await post(`/api/v1/namespaces/${ns}/resourcequotas`, quota("q", { configmaps: "10", "count/secrets": "3" }));
    await post(`/api/v1/namespaces/${ns}/configmaps`, configMap("a"));
    const q = (await get(`/api/v1/namespaces/${ns}/resourcequotas/q`)).body;
    expect(q.status).toEqual({ hard: { configmaps: "10", "count/secrets": "3" }, used: { configmaps: String(base + 2), "count/secrets": "0" } });
  });

  it("dry runs are checked but change nothing", async () => {
    const ns = await freshNamespace("q");
    const base = await configMapCount(ns);
    await post(`/api/v1/namespaces/${ns}/resourcequotas`, quota("q", { configmaps: String(base + 1) }));
    await post(`/api/v1/namespaces/${ns}/configmaps`, configMap("a"));
    const before = (await get(`/api/v1/namespaces/${ns}/resourcequotas/q`)).body;

    const over = await post(`/api/v1/namespaces/${ns}/configmaps?dryRun=All`, configMap("b"));
    expect(over.status).toBe(403);
    expect(over.body.message).toContain("exceeded quota: q");

    await post(`/api/v1/namespaces/${ns}/resourcequotas`, quota("roomy", { configmaps: "100" }));
    const roomyBefore = (await get(`/api/v1/namespaces/${ns}/resourcequotas/roomy`)).body;
    await del(`/api/v1/namespaces/${ns}/resourcequotas/q`);
    expect((await post(`/api/v1/namespaces/${ns}/configmaps?dryRun=All`, configMap("c"))).status).toBe(201);
    expect((await get(`/api/v1/namespaces/${ns}/configmaps/c`)).status).toBe(404);
    const roomyAfter = (await get(`/api/v1/namespaces/${ns}/resourcequotas/roomy`)).body;
    expect(roomyAfter.metadata.resourceVersion).toBe(roomyBefore.metadata.resourceVersion);
    expect(before.status.used).toEqual({ configmaps: String(base + 1) });
  });

  it("charges pod requests and names the exceeded resource", async () => {
    const ns = await freshNamespace("q");
    await post(`/api/v1/namespaces/${ns}/resourcequotas`, quota("compute", { pods: "5", "requests.cpu": "1", "requests.memory": "1Gi" }));
    expect((await post(`/api/v1/namespaces/${ns}/pods`, pod("p1", { cpu: "600m", memory: "512Mi" }))).status).toBe(201);
    expect(await usedOf(ns, "compute")).toEqual({ pods: "1", "requests.cpu": "600m", "requests.memory": "512Mi" });

    const over = await post(`/api/v1/namespaces/${ns}/pods`, pod("p2", { cpu: "600m", memory: "512Mi" }));
    expect(over.status).toBe(403);
    expect(over.body.message).toBe(
      'pods "p2" is forbidden: exceeded quota: compute, requested: requests.cpu=600m, used: requests.cpu=600m, limited: requests.cpu=1',
    );
    const missing = await post(`/api/v1/namespaces/${ns}/pods`, pod("p3"));
    expect(missing.status).toBe(403);
    expect(missing.body.message).toBe('pods "p3" is forbidden: failed quota: compute: must specify requests.cpu for: c; requests.memory for: c');
    expect((await get(`/api/v1/namespaces/${ns}/pods/p2`)).status).toBe(404);
  });

  it("a generateName create is refused under its generated name", async () => {
    const ns = await freshNamespace("q");
    await post(`/api/v1/namespaces/${ns}/resourcequotas`, quota("none", { "count/secrets": "0" }));
    const res = await post(`/api/v1/namespaces/${ns}/secrets`, { apiVersion: "v1", kind: "Secret", metadata: { generateName: "s-" } });
    expect(res.status).toBe(403);
    expect(res.body.message).toMatch(/^secrets "s-[a-z0-9]{5}" is forbidden: exceeded quota: none, requested: count\/secrets=1, used: count\/secrets=0, limited: count\/secrets=0$/);
  });
});

describe("quota recount (the resourcequota controller's sync, run here as the apiserver)", () => {
  it("counts only pods that are not terminal, and every object for count/pods", async () => {
    const ns = await freshNamespace("q");
    await post(`/api/v1/namespaces/${ns}/resourcequotas`, quota("q", { pods: "10", "count/pods": "10" }));
    await post(`/api/v1/namespaces/${ns}/pods`, pod("a"));
    await post(`/api/v1/namespaces/${ns}/pods`, pod("b"));
    const done = await patch(`/api/v1/namespaces/${ns}/pods/b/status`, { status: { phase: "Succeeded" } }, "application/merge-patch+json");
    expect(done.status).toBe(200);
    const q = (await get(`/api/v1/namespaces/${ns}/resourcequotas/q`)).body;
    const synced = await syncQuota(new QuotaLister(env as unknown as Env, registry, APISERVER_USER), q, new Date());
    expect(synced?.status).toEqual({ hard: { "count/pods": "10", pods: "10" }, used: { "count/pods": "2", pods: "1" } });
    expect((await get(`/api/v1/namespaces/${ns}/resourcequotas/q`)).body.status).toEqual(synced?.status);
  });
});

// These rely on the controller's own identity (system:serviceaccount:kube-system:resourcequota-controller) being
// granted its bootstrap ClusterRole (list/watch *, update resourcequotas/status) by RBAC.
describe("quota controller hooks (need RBAC's bootstrap controller roles)", () => {
  it("a new quota gets its status at once", async () => {
    const ns = await freshNamespace("q");
    const base = await configMapCount(ns);
    const created = await post(`/api/v1/namespaces/${ns}/resourcequotas`, quota("q", { configmaps: "9" }));
    expect(created.status).toBe(201);
    expect((await get(`/api/v1/namespaces/${ns}/resourcequotas/q`)).body.status).toEqual({
      hard: { configmaps: "9" },
      used: { configmaps: String(base) },
    });
  });

  it("used goes down after a delete", async () => {
    const ns = await freshNamespace("q");
    const base = await configMapCount(ns);
    await post(`/api/v1/namespaces/${ns}/resourcequotas`, quota("q", { configmaps: "9" }));
    await post(`/api/v1/namespaces/${ns}/configmaps`, configMap("a"));
    expect(await usedOf(ns, "q")).toEqual({ configmaps: String(base + 1) });
    expect((await del(`/api/v1/namespaces/${ns}/configmaps/a`)).status).toBe(200);
    expect(await usedOf(ns, "q")).toEqual({ configmaps: String(base) });
  });
});
