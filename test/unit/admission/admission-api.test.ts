/**
 * The admission plugins through the real Worker as cluster-admin: NamespaceLifecycle, ServiceAccount,
 * LimitRanger and DefaultTolerationSeconds, asserted on what the API returns and stores.
 */
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { registry } from "../../../schema/registry";
import type { Env } from "../../../worker/env";
import { objectKey, storeFor } from "../../../worker/storage";
import { configMap, del, freshNamespace, get, post, put } from "../api/client";
import { namespaceControllerRan } from "./namespace-wait";

const MOUNT_PATH = "/var/run/secrets/kubernetes.io/serviceaccount";

const pod = (name: string, spec: Record<string, unknown> = {}, metadata: Record<string, unknown> = {}) => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name, ...metadata },
  spec: { containers: [{ name: "app", image: "nginx" }], ...spec },
});

let n = 0;
const unique = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${(n++).toString(36)}`;

/** A fresh namespace with its `default` ServiceAccount (made here in case the controller's write is not allowed). */
async function namespaceWithAccount(): Promise<string> {
  const ns = await freshNamespace("adm");
  const res = await post(`/api/v1/namespaces/${ns}/serviceaccounts`, { apiVersion: "v1", kind: "ServiceAccount", metadata: { name: "default" } });
  expect([201, 409]).toContain(res.status);
  return ns;
}

// The first request bootstraps the cluster (namespaces, RBAC policy, keys): not part of any test's budget.
beforeAll(() => get("/api/v1/namespaces/default"), 60_000);

describe("NamespaceLifecycle", () => {
  it("a create in a missing namespace is 404 for the namespace, whatever the object", async () => {
    const res = await post(`/api/v1/namespaces/no-such-ns/pods`, pod("p", { containers: [] }));
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ reason: "NotFound", message: 'namespaces "no-such-ns" not found', details: { name: "no-such-ns", kind: "namespaces" } });
  });

  it("a create in a terminating namespace is refused with the NamespaceTerminating cause", async () => {
    const ns = await freshNamespace("adm");
    // Content held by a finalizer keeps the namespace Terminating (the namespace controller waits for it).
    expect((await post(`/api/v1/namespaces/${ns}/configmaps`, { ...configMap("held"), metadata: { name: "held", finalizers: ["example.com/hold"] } })).status).toBe(201);
    expect((await del(`/api/v1/namespaces/${ns}`)).status).toBe(200);
    const res = await post(`/api/v1/namespaces/${ns}/configmaps`, configMap("late"));
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({
      reason: "Forbidden",
      message: `configmaps "late" is forbidden: unable to create new content in namespace ${ns} because it is being terminated`,
      details: {
        name: "late",
        kind: "configmaps",
        causes: [{ reason: "NamespaceTerminating", message: `namespace ${ns} is being terminated`, field: "metadata.namespace" }],
      },
    });
    const generated = await post(`/api/v1/namespaces/${ns}/configmaps`, { ...configMap(""), metadata: { generateName: "gen-" } });
    expect(generated.status).toBe(403);
    expect(generated.body.message).toMatch(/^configmaps "gen-" is forbidden: unable to create new content/);
  });

  it("objects already in a terminating namespace can still be updated", async () => {
    const ns = await freshNamespace("adm");
    // Its finalizer keeps `keep` (and so the namespace) after the namespace controller deleted it.
    await post(`/api/v1/namespaces/${ns}/configmaps`, { ...configMap("keep", { a: "1" }), metadata: { name: "keep", finalizers: ["example.com/hold"] } });
    await del(`/api/v1/namespaces/${ns}`);
    await namespaceControllerRan(ns);
    const cm = (await get(`/api/v1/namespaces/${ns}/configmaps/keep`)).body;
    const res = await put(`/api/v1/namespaces/${ns}/configmaps/keep`, { ...cm, data: { a: "2" } });
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual({ a: "2" });
  });

  it.each(["default", "kube-system", "kube-public"])("namespace %s may not be deleted", async (name) => {
    const res = await del(`/api/v1/namespaces/${name}`);
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({
      reason: "Forbidden",
      message: `namespaces "${name}" is forbidden: this namespace may not be deleted`,
      details: { name, kind: "namespaces" },
    });
    const dry = await del(`/api/v1/namespaces/${name}?dryRun=All`);
    expect(dry.status).toBe(403);
    const got = await get(`/api/v1/namespaces/${name}`);
    expect(got.body.status.phase).toBe("Active");
    expect(got.body.metadata.deletionTimestamp).toBeUndefined();
  });
});

describe("ServiceAccount", () => {
  it("the bootstrap namespaces have their default ServiceAccount", async () => {
    for (const ns of ["default", "kube-system", "kube-public", "kube-node-lease"]) {
      const res = await get(`/api/v1/namespaces/${ns}/serviceaccounts/default`);
      expect(res.status, ns).toBe(200);
      expect(res.body.metadata).toMatchObject({ name: "default", namespace: ns });
    }
  });

  it("a pod gets serviceAccountName default and the projected API-access volume in every container", async () => {
    const name = unique("sa");
    const res = await post(`/api/v1/namespaces/default/pods`, pod(name, { initContainers: [{ name: "init", image: "busybox" }] }));
    expect(res.status, res.text).toBe(201);
    const spec = res.body.spec;
    expect(spec.serviceAccountName).toBe("default");
    expect(spec.serviceAccount).toBe("default");
    expect(spec.volumes).toHaveLength(1);
    const volume = spec.volumes[0];
    expect(volume.name).toMatch(/^kube-api-access-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(volume.projected).toEqual({
      defaultMode: 420,
      sources: [
        { serviceAccountToken: { expirationSeconds: 3607, path: "token" } },
        { configMap: { name: "kube-root-ca.crt", items: [{ key: "ca.crt", path: "ca.crt" }] } },
        { downwardAPI: { items: [{ path: "namespace", fieldRef: { apiVersion: "v1", fieldPath: "metadata.namespace" } }] } },
      ],
    });
    const mount = { name: volume.name, readOnly: true, mountPath: MOUNT_PATH };
    expect(spec.containers[0].volumeMounts).toEqual([mount]);
    expect(spec.initContainers[0].volumeMounts).toEqual([mount]);
    expect((await get(`/api/v1/namespaces/default/pods/${name}`)).body.spec.volumes).toEqual(spec.volumes);
  });

  it("automountServiceAccountToken false on the pod or on the account: no volume", async () => {
    const off = await post(`/api/v1/namespaces/default/pods`, pod(unique("sa"), { automountServiceAccountToken: false }));
    expect(off.status, off.text).toBe(201);
    expect(off.body.spec.volumes).toBeUndefined();
    expect(off.body.spec.containers[0].volumeMounts).toBeUndefined();

    const account = unique("quiet");
    await post(`/api/v1/namespaces/default/serviceaccounts`, { metadata: { name: account }, automountServiceAccountToken: false, imagePullSecrets: [{ name: "registry" }] });
    const quiet = await post(`/api/v1/namespaces/default/pods`, pod(unique("sa"), { serviceAccountName: account }));
    expect(quiet.status, quiet.text).toBe(201);
    expect(quiet.body.spec.volumes).toBeUndefined();
    expect(quiet.body.spec.serviceAccount).toBe(account);
    expect(quiet.body.spec.imagePullSecrets).toEqual([{ name: "registry" }]);
  });

  it("a pod naming a missing account is refused", async () => {
    const name = unique("sa");
    const res = await post(`/api/v1/namespaces/default/pods`, pod(name, { serviceAccountName: "nope" }));
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({
      reason: "Forbidden",
      message: `pods "${name}" is forbidden: error looking up service account default/nope: serviceaccount "nope" not found`,
      details: { name, kind: "pods" },
    });
    expect((await get(`/api/v1/namespaces/default/pods/${name}`)).status).toBe(404);
  });

  it("a namespace whose default account is gone refuses pods", async () => {
    const ns = await freshNamespace("adm");
    // Behind the API's back, so that no hook makes it again.
    const entry = registry.lookup("", "v1", "serviceaccounts")!;
    await storeFor(env as unknown as Env, entry).delete(objectKey(entry, ns, "default"));
    const res = await post(`/api/v1/namespaces/${ns}/pods`, pod("p"));
    expect(res.status).toBe(403);
    expect(res.body.message).toBe(`pods "p" is forbidden: error looking up service account ${ns}/default: serviceaccount "default" not found`);
  });

  it("a container that mounts the path itself keeps its own mount", async () => {
    const res = await post(
      `/api/v1/namespaces/default/pods`,
      pod(unique("sa"), {
        containers: [{ name: "app", image: "nginx", volumeMounts: [{ name: "own", mountPath: MOUNT_PATH }] }],
        volumes: [{ name: "own", emptyDir: {} }],
      }),
    );
    expect(res.status, res.text).toBe(201);
    expect(res.body.spec.volumes.map((v: { name: string }) => v.name)).toEqual(["own"]);
    expect(res.body.spec.containers[0].volumeMounts).toEqual([{ name: "own", mountPath: MOUNT_PATH }]);
  });

  it("a mirror pod may not name a service account", async () => {
    const name = unique("mirror");
    const res = await post(`/api/v1/namespaces/default/pods`, pod(name, { serviceAccountName: "default" }, { annotations: { "kubernetes.io/config.mirror": "x" } }));
    expect(res.status).toBe(403);
    expect(res.body.message).toBe(`pods "${name}" is forbidden: a mirror pod may not reference service accounts`);
  });
});

describe("DefaultTolerationSeconds", () => {
  it("pods get the not-ready and unreachable tolerations unless they tolerate them", async () => {
    const plain = await post(`/api/v1/namespaces/default/pods`, pod(unique("tol")));
    expect(plain.body.spec.tolerations).toEqual([
      { key: "node.kubernetes.io/not-ready", operator: "Exists", effect: "NoExecute", tolerationSeconds: 300 },
      { key: "node.kubernetes.io/unreachable", operator: "Exists", effect: "NoExecute", tolerationSeconds: 300 },
    ]);
    const all = await post(`/api/v1/namespaces/default/pods`, pod(unique("tol"), { tolerations: [{ operator: "Exists" }] }));
    expect(all.body.spec.tolerations).toEqual([{ operator: "Exists" }]);
  });
});

describe("LimitRanger", () => {
  const limitRange = (limits: unknown[]) => ({ apiVersion: "v1", kind: "LimitRange", metadata: { name: "limits" }, spec: { limits } });

  it("containers get the LimitRange defaults, the annotation and the matching qosClass", async () => {
    const ns = await namespaceWithAccount();
    await post(`/api/v1/namespaces/${ns}/limitranges`, limitRange([{ type: "Container", default: { cpu: "500m", memory: "128Mi" }, defaultRequest: { cpu: "500m", memory: "128Mi" } }]));
    const res = await post(`/api/v1/namespaces/${ns}/pods`, pod("p"));
    expect(res.status, res.text).toBe(201);
    expect(res.body.spec.containers[0].resources).toEqual({ requests: { cpu: "500m", memory: "128Mi" }, limits: { cpu: "500m", memory: "128Mi" } });
    expect(res.body.metadata.annotations["kubernetes.io/limit-ranger"]).toBe(
      "LimitRanger plugin set: cpu, memory request for container app; cpu, memory limit for container app",
    );
    expect(res.body.status.qosClass).toBe("Guaranteed");
  });

  it("a max-only LimitRange defaults limits and requests to the max (LimitRangeItem defaulting)", async () => {
    const ns = await namespaceWithAccount();
    await post(`/api/v1/namespaces/${ns}/limitranges`, limitRange([{ type: "Container", max: { cpu: "1" } }]));
    const res = await post(`/api/v1/namespaces/${ns}/pods`, pod("p"));
    expect(res.status, res.text).toBe(201);
    expect(res.body.spec.containers[0].resources).toEqual({ requests: { cpu: "1" }, limits: { cpu: "1" } });
  });

  it("bounds are enforced with upstream's aggregated message", async () => {
    const ns = await namespaceWithAccount();
    await post(`/api/v1/namespaces/${ns}/limitranges`, limitRange([{ type: "Container", min: { cpu: "100m" }, max: { memory: "1Gi" } }]));
    const res = await post(
      `/api/v1/namespaces/${ns}/pods`,
      pod("p", { containers: [{ name: "app", image: "nginx", resources: { requests: { cpu: "50m" }, limits: { cpu: "50m", memory: "2Gi" } } }] }),
    );
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({
      reason: "Forbidden",
      message:
        'pods "p" is forbidden: [minimum cpu usage per Container is 100m, but request is 50m, ' +
        "maximum memory usage per Container is 1Gi, but limit is 2Gi]",
      details: { name: "p", kind: "pods" },
    });
    expect((await get(`/api/v1/namespaces/${ns}/pods/p`)).status).toBe(404);
  });

  it("claims are held to the storage bounds, on create and on update", async () => {
    const ns = await namespaceWithAccount();
    await post(`/api/v1/namespaces/${ns}/limitranges`, limitRange([{ type: "PersistentVolumeClaim", max: { storage: "2Gi" } }]));
    const claim = (storage: string) => ({
      apiVersion: "v1",
      kind: "PersistentVolumeClaim",
      metadata: { name: "data" },
      spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage } } },
    });
    const big = await post(`/api/v1/namespaces/${ns}/persistentvolumeclaims`, claim("5Gi"));
    expect(big.status).toBe(403);
    expect(big.body.message).toBe('persistentvolumeclaims "data" is forbidden: maximum storage usage per PersistentVolumeClaim is 2Gi, but request is 5Gi');
    const ok = await post(`/api/v1/namespaces/${ns}/persistentvolumeclaims`, claim("1Gi"));
    expect(ok.status, ok.text).toBe(201);
  });
});
