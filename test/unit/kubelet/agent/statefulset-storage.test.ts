/**
 * The StatefulSet storage check: `web-0` writes to its claim (a PersistentVolume the default StorageClass
 * provisioned, backed by a Durable Object), is deleted, comes back as a new pod with the same claim, and finds
 * its data. An emptyDir, by contrast, starts empty for every pod.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { call, del, get, post } from "../../api/client";
import type { Obj } from "../../controllers/kwok";
import { emptyPool, poolNodes, pushModuleImage, setPool } from "./pool";

const WAIT = { timeout: 30_000, interval: 200 };
let image = "";

beforeAll(async () => {
  await setPool('{"pools":[{"name":"sts","count":1,"namePrefix":"sts-"}]}');
  await vi.waitFor(async () => expect((await poolNodes()).length).toBe(1), WAIT);
  image = await pushModuleImage("apps/counter", "v1", {
    "index.js": [
      "async function bump(env, path) {",
      "  let n = 0;",
      "  try { n = Number(await env.VOLUMES.readFile(path, 'utf8')); } catch (e) { if (e.code !== 'ENOENT') throw e; }",
      "  await env.VOLUMES.writeFile(path, String(n + 1));",
      "  return n + 1;",
      "}",
      "export default { async fetch(req, env) {",
      "  if (new URL(req.url).pathname === '/healthz') return new Response('ok');",
      "  return new Response(`${await bump(env, '/data/count')} ${await bump(env, '/scratch/count')}`);",
      "} };",
    ].join("\n"),
  }, ["index.js"]);
}, 60_000);

afterAll(async () => {
  await del("/apis/apps/v1/namespaces/default/statefulsets/web");
  await emptyPool();
}, 60_000);

const runningPod = async (name: string, notUid?: string): Promise<Obj> =>
  vi.waitFor(async () => {
    const p = (await get(`/api/v1/namespaces/default/pods/${name}`)).body;
    expect(p.metadata?.uid).toBeDefined();
    if (notUid) expect(p.metadata.uid).not.toBe(notUid);
    expect(p.status?.phase).toBe("Running");
    expect(p.status.conditions.find((c: Obj) => c.type === "Ready")?.status).toBe("True");
    return p;
  }, WAIT);

describe("StatefulSet storage", () => {
  it("web-0's claim keeps its data across a delete and re-create; its emptyDir does not", async () => {
    const set = {
      apiVersion: "apps/v1",
      kind: "StatefulSet",
      metadata: { name: "web", namespace: "default" },
      spec: {
        serviceName: "web",
        replicas: 1,
        selector: { matchLabels: { app: "web" } },
        template: {
          metadata: { labels: { app: "web" } },
          spec: {
            containers: [{ name: "counter", image, ports: [{ containerPort: 8080 }], readinessProbe: { httpGet: { path: "/healthz", port: 8080 }, periodSeconds: 1 }, volumeMounts: [{ name: "data", mountPath: "/data" }, { name: "scratch", mountPath: "/scratch" }] }],
            volumes: [{ name: "scratch", emptyDir: {} }],
          },
        },
        volumeClaimTemplates: [{ metadata: { name: "data" }, spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Mi" } } } }],
      },
    };
    const created = await post("/apis/apps/v1/namespaces/default/statefulsets", set);
    expect(created.status, created.text).toBe(201);
    const first = await runningPod("web-0");
    const claim = (await get("/api/v1/namespaces/default/persistentvolumeclaims/data-web-0")).body;
    expect(claim.status.phase).toBe("Bound");
    expect(claim.spec.volumeName).toBe(`pvc-${claim.metadata.uid}`);
    expect((await call("GET", "/api/v1/namespaces/default/pods/web-0:8080/proxy/")).text).toBe("1 1");
    expect((await call("GET", "/api/v1/namespaces/default/pods/web-0:8080/proxy/")).text).toBe("2 2");

    expect((await del("/api/v1/namespaces/default/pods/web-0")).status).toBe(200);
    await runningPod("web-0", first.metadata.uid);
    // The claim's count goes on; the new pod's emptyDir starts from nothing.
    expect((await call("GET", "/api/v1/namespaces/default/pods/web-0:8080/proxy/")).text).toBe("3 1");
  });
});
