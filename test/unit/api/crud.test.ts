/** Generic CRUD semantics: system metadata, generation, status/scale subresources, finalizers, dryRun, namespaces. */
import { describe, expect, it, vi } from "vitest";
import { configMap, del, deployment, freshNamespace, get, patch, post, put } from "./client";

describe("create / get / update / delete", () => {
  it("create sets uid, creationTimestamp and resourceVersion; get returns it", async () => {
    const ns = await freshNamespace();
    const res = await post(`/api/v1/namespaces/${ns}/configmaps`, configMap("a", { k: "v" }));
    expect(res.status).toBe(201);
    const meta = res.body.metadata;
    expect(meta.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(meta.creationTimestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(meta.resourceVersion).toMatch(/^\d+$/);
    expect(meta.namespace).toBe(ns);
    expect(meta.generation).toBeUndefined();
    const got = await get(`/api/v1/namespaces/${ns}/configmaps/a`);
    expect(got.body).toEqual(res.body);
  });

  it("duplicate create → 409 AlreadyExists", async () => {
    const ns = await freshNamespace();
    await post(`/api/v1/namespaces/${ns}/configmaps`, configMap("a"));
    const res = await post(`/api/v1/namespaces/${ns}/configmaps`, configMap("a"));
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ reason: "AlreadyExists", message: 'configmaps "a" already exists', details: { name: "a", kind: "configmaps" } });
  });

  it("generateName gives a 5-character suffix", async () => {
    const ns = await freshNamespace();
    const res = await post(`/api/v1/namespaces/${ns}/configmaps`, { apiVersion: "v1", kind: "ConfigMap", metadata: { generateName: "gen-" } });
    expect(res.status).toBe(201);
    expect(res.body.metadata.name).toMatch(/^gen-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
  });

  it("a generated name already taken is drawn again (RetryGenerateName), an explicit name is not", async () => {
    const ns = await freshNamespace();
    // The first ten random numbers are 0: the first two draws (5 each) give the same suffix, the third does not.
    let calls = 0;
    const real = Math.random;
    const spy = vi.spyOn(Math, "random").mockImplementation(() => (++calls <= 10 ? 0 : real()));
    try {
      const first = await post(`/api/v1/namespaces/${ns}/configmaps`, { apiVersion: "v1", kind: "ConfigMap", metadata: { generateName: "dup-" } });
      const second = await post(`/api/v1/namespaces/${ns}/configmaps`, { apiVersion: "v1", kind: "ConfigMap", metadata: { generateName: "dup-" } });
      expect(first.status).toBe(201);
      expect(second.status, second.text).toBe(201);
      expect(second.body.metadata.name).not.toBe(first.body.metadata.name);
      expect(calls).toBeGreaterThan(10);
    } finally {
      spy.mockRestore();
    }
  });

  it("update with a stale resourceVersion → 409 Conflict and nothing changes", async () => {
    const ns = await freshNamespace();
    const created = (await post(`/api/v1/namespaces/${ns}/configmaps`, configMap("a", { v: "1" }))).body;
    const ok = await put(`/api/v1/namespaces/${ns}/configmaps/a`, { ...created, data: { v: "2" } });
    expect(ok.status).toBe(200);
    expect(Number(ok.body.metadata.resourceVersion)).toBeGreaterThan(Number(created.metadata.resourceVersion));
    const stale = await put(`/api/v1/namespaces/${ns}/configmaps/a`, { ...created, data: { v: "3" } });
    expect(stale.status).toBe(409);
    expect(stale.body.reason).toBe("Conflict");
    expect(stale.body.message).toBe(
      'Operation cannot be fulfilled on configmaps "a": the object has been modified; please apply your changes to the latest version and try again',
    );
    expect((await get(`/api/v1/namespaces/${ns}/configmaps/a`)).body.data).toEqual({ v: "2" });
  });

  it("an update that changes nothing keeps the resourceVersion", async () => {
    const ns = await freshNamespace();
    const created = (await post(`/api/v1/namespaces/${ns}/configmaps`, configMap("a", { v: "1" }))).body;
    const same = await put(`/api/v1/namespaces/${ns}/configmaps/a`, created);
    expect(same.status).toBe(200);
    expect(same.body.metadata.resourceVersion).toBe(created.metadata.resourceVersion);
  });

  it("delete → Status Success, then 404", async () => {
    const ns = await freshNamespace();
    const created = (await post(`/api/v1/namespaces/${ns}/configmaps`, configMap("a"))).body;
    const res = await del(`/api/v1/namespaces/${ns}/configmaps/a`, { propagationPolicy: "Background" });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ kind: "Status", status: "Success", details: { name: "a", kind: "configmaps", uid: created.metadata.uid } });
    const gone = await get(`/api/v1/namespaces/${ns}/configmaps/a`);
    expect(gone.status).toBe(404);
    expect(gone.body.message).toBe('configmaps "a" not found');
  });

  it("delete preconditions are checked", async () => {
    const ns = await freshNamespace();
    await post(`/api/v1/namespaces/${ns}/configmaps`, configMap("a"));
    const res = await del(`/api/v1/namespaces/${ns}/configmaps/a`, { preconditions: { uid: "not-the-uid" } });
    expect(res.status).toBe(409);
    expect((await get(`/api/v1/namespaces/${ns}/configmaps/a`)).status).toBe(200);
  });
});

describe("namespaces", () => {
  it("the system namespaces exist from the start", async () => {
    for (const ns of ["default", "kube-system", "kube-public", "kube-node-lease"]) {
      const res = await get(`/api/v1/namespaces/${ns}`);
      expect(res.status).toBe(200);
      expect(res.body.status.phase).toBe("Active");
    }
  });

  it("a write into a missing namespace → 404 and nothing stored", async () => {
    const res = await post(`/api/v1/namespaces/does-not-exist/configmaps`, configMap("a"));
    expect(res.status).toBe(404);
    expect(res.body.message).toBe('namespaces "does-not-exist" not found');
    expect((await get(`/api/v1/namespaces/does-not-exist/configmaps/a`)).status).toBe(404);
  });

  it("deleting a namespace makes it Terminating; new content is then forbidden", async () => {
    const ns = await freshNamespace();
    // Content held by a finalizer keeps the namespace Terminating (the namespace controller waits for it).
    const held = { ...configMap("held"), metadata: { name: "held", finalizers: ["example.com/hold"] } };
    expect((await post(`/api/v1/namespaces/${ns}/configmaps`, held)).status).toBe(201);
    const res = await del(`/api/v1/namespaces/${ns}`);
    expect(res.status).toBe(200);
    const got = await get(`/api/v1/namespaces/${ns}`);
    expect(got.body.status.phase).toBe("Terminating");
    expect(got.body.metadata.deletionTimestamp).toBeTruthy();
    const create = await post(`/api/v1/namespaces/${ns}/configmaps`, configMap("late"));
    expect(create.status).toBe(403);
    expect(create.body.message).toContain(`because it is being terminated`);
  });
});

describe("generation, status and scale", () => {
  it("generation starts at 1 and is bumped only by spec changes", async () => {
    const ns = await freshNamespace();
    const d = await post(`/apis/apps/v1/namespaces/${ns}/deployments`, deployment("web"));
    expect(d.status).toBe(201);
    expect(d.body.metadata.generation).toBe(1);
    const labelled = await patch(`/apis/apps/v1/namespaces/${ns}/deployments/web`, { metadata: { labels: { x: "y" } } }, "application/merge-patch+json");
    expect(labelled.body.metadata.generation).toBe(1);
    const scaled = await patch(`/apis/apps/v1/namespaces/${ns}/deployments/web`, { spec: { replicas: 3 } }, "application/merge-patch+json");
    expect(scaled.body.metadata.generation).toBe(2);
  });

  it("main writes ignore status; status writes ignore spec", async () => {
    const ns = await freshNamespace();
    const created = (await post(`/apis/apps/v1/namespaces/${ns}/deployments`, { ...deployment("web"), status: { replicas: 99 } })).body;
    expect(created.status?.replicas).toBeUndefined();
    const st = await put(`/apis/apps/v1/namespaces/${ns}/deployments/web/status`, {
      ...created,
      spec: { ...created.spec, replicas: 7 },
      status: { replicas: 1, observedGeneration: 1 },
    });
    expect(st.status).toBe(200);
    expect(st.body.status).toEqual({ replicas: 1, observedGeneration: 1 });
    expect(st.body.spec.replicas).toBe(1);
    const main = await patch(`/apis/apps/v1/namespaces/${ns}/deployments/web`, { status: { replicas: 5 } }, "application/merge-patch+json");
    expect(main.body.status).toEqual({ replicas: 1, observedGeneration: 1 });
    // The deployment status strategy pins labels: they do not change through /status.
    const relabel = await patch(
      `/apis/apps/v1/namespaces/${ns}/deployments/web/status`,
      { metadata: { labels: { sneaky: "yes" } }, status: { replicas: 2 } },
      "application/merge-patch+json",
    );
    expect(relabel.body.status.replicas).toBe(2);
    expect(relabel.body.metadata.labels).toEqual({ app: "web" });
  });

  it("scale subresource reads and writes spec.replicas", async () => {
    const ns = await freshNamespace();
    await post(`/apis/apps/v1/namespaces/${ns}/deployments`, deployment("web", 2));
    const scale = await get(`/apis/apps/v1/namespaces/${ns}/deployments/web/scale`);
    expect(scale.body).toMatchObject({ kind: "Scale", apiVersion: "autoscaling/v1", spec: { replicas: 2 }, status: { replicas: 0, selector: "app=web" } });
    const patched = await patch(`/apis/apps/v1/namespaces/${ns}/deployments/web/scale`, { spec: { replicas: 4 } }, "application/merge-patch+json");
    expect(patched.status).toBe(200);
    expect(patched.body.spec.replicas).toBe(4);
    // kubectl scale --current-replicas: PUT without a Content-Type.
    const cur = (await get(`/apis/apps/v1/namespaces/${ns}/deployments/web/scale`)).body;
    const { SELF } = await import("cloudflare:test");
    const res = await SELF.fetch(`https://k8s.test/apis/apps/v1/namespaces/${ns}/deployments/web/scale`, {
      method: "PUT",
      headers: { Authorization: "Bearer test-admin-token" },
      // Bytes, not a string: a string body would get a text/plain Content-Type.
      body: new TextEncoder().encode(JSON.stringify({ ...cur, spec: { replicas: 6 } })),
    });
    expect(res.status).toBe(200);
    expect((await get(`/apis/apps/v1/namespaces/${ns}/deployments/web`)).body.spec.replicas).toBe(6);
    const stale = await put(`/apis/apps/v1/namespaces/${ns}/deployments/web/scale`, { ...cur, spec: { replicas: 8 } });
    expect(stale.status).toBe(409);
  });
});

describe("finalizers and deletion", () => {
  it("an object with finalizers stays, terminating, until they are removed", async () => {
    const ns = await freshNamespace();
    await post(`/api/v1/namespaces/${ns}/configmaps`, { ...configMap("f"), metadata: { name: "f", finalizers: ["example.com/hold"] } });
    const res = await del(`/api/v1/namespaces/${ns}/configmaps/f`);
    expect(res.status).toBe(200);
    const held = await get(`/api/v1/namespaces/${ns}/configmaps/f`);
    expect(held.body.metadata.deletionTimestamp).toBeTruthy();
    const released = await patch(`/api/v1/namespaces/${ns}/configmaps/f`, { metadata: { finalizers: null } }, "application/merge-patch+json");
    expect(released.status).toBe(200);
    expect((await get(`/api/v1/namespaces/${ns}/configmaps/f`)).status).toBe(404);
  });

  it("propagationPolicy Orphan is recorded as the orphan finalizer", async () => {
    const ns = await freshNamespace();
    await post(`/api/v1/namespaces/${ns}/configmaps`, configMap("o"));
    await del(`/api/v1/namespaces/${ns}/configmaps/o`, { propagationPolicy: "Orphan" });
    const got = await get(`/api/v1/namespaces/${ns}/configmaps/o`);
    expect(got.body.metadata.finalizers).toEqual(["orphan"]);
  });
});

describe("dryRun=All stores nothing", () => {
  it("create, update, patch and delete", async () => {
    const ns = await freshNamespace();
    const dry = await post(`/api/v1/namespaces/${ns}/configmaps?dryRun=All`, configMap("d", { a: "1" }));
    expect(dry.status).toBe(201);
    expect(dry.body.metadata.name).toBe("d");
    expect((await get(`/api/v1/namespaces/${ns}/configmaps/d`)).status).toBe(404);
    const real = (await post(`/api/v1/namespaces/${ns}/configmaps`, configMap("d", { a: "1" }))).body;
    const upd = await put(`/api/v1/namespaces/${ns}/configmaps/d?dryRun=All`, { ...real, data: { a: "2" } });
    expect(upd.body.data).toEqual({ a: "2" });
    const pat = await patch(`/api/v1/namespaces/${ns}/configmaps/d?dryRun=All`, { data: { a: "3" } }, "application/merge-patch+json");
    expect(pat.body.data).toEqual({ a: "3" });
    const rm = await del(`/api/v1/namespaces/${ns}/configmaps/d`, { propagationPolicy: "Background", dryRun: ["All"] });
    expect(rm.status).toBe(200);
    const after = await get(`/api/v1/namespaces/${ns}/configmaps/d`);
    expect(after.body.data).toEqual({ a: "1" });
    expect(after.body.metadata.resourceVersion).toBe(real.metadata.resourceVersion);
  });
});

describe("pods", () => {
  const pod = (name: string) => ({
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name },
    spec: { containers: [{ name: "app", image: "nginx:1.27", resources: { requests: { cpu: "100m" }, limits: { cpu: "100m", memory: "64Mi" } } }] },
  });

  it("a new pod is Pending with its QoS class and upstream defaults", async () => {
    const ns = await freshNamespace();
    const res = await post(`/api/v1/namespaces/${ns}/pods`, pod("p"));
    expect(res.status).toBe(201);
    expect(res.body.status.phase).toBe("Pending");
    // Upstream defaults requests from limits (memory 64Mi here), which makes the pod Guaranteed.
    expect(res.body.spec.containers[0].resources.requests).toEqual({ cpu: "100m", memory: "64Mi" });
    expect(res.body.status.qosClass).toBe("Guaranteed");
    expect(res.body.spec).toMatchObject({ restartPolicy: "Always", dnsPolicy: "ClusterFirst", schedulerName: "default-scheduler", terminationGracePeriodSeconds: 30 });
    expect(res.body.spec.containers[0]).toMatchObject({ imagePullPolicy: "IfNotPresent", terminationMessagePath: "/dev/termination-log" });
  });

  it("an unscheduled pod is deleted at once and the response is the pod", async () => {
    const ns = await freshNamespace();
    await post(`/api/v1/namespaces/${ns}/pods`, pod("p"));
    const res = await del(`/api/v1/namespaces/${ns}/pods/p`);
    expect(res.status).toBe(200);
    expect(res.body.kind).toBe("Pod");
    expect((await get(`/api/v1/namespaces/${ns}/pods/p`)).status).toBe(404);
  });

  it("a pod bound to a node is deleted gracefully (deletionTimestamp + grace period)", async () => {
    const ns = await freshNamespace();
    const bound = pod("b");
    (bound.spec as Record<string, unknown>).nodeName = "node-1";
    await post(`/api/v1/namespaces/${ns}/pods`, bound);
    const res = await del(`/api/v1/namespaces/${ns}/pods/b`);
    expect(res.status).toBe(200);
    expect(res.body.metadata.deletionGracePeriodSeconds).toBe(30);
    expect(res.body.metadata.deletionTimestamp).toBeTruthy();
    expect((await get(`/api/v1/namespaces/${ns}/pods/b`)).status).toBe(200);
  });
});

describe("stored form", () => {
  it("empty maps and lists are dropped as upstream's omitempty does; empty structs stay", async () => {
    const ns = await freshNamespace();
    const created = await post(`/api/v1/namespaces/${ns}/configmaps`, {
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: "e", labels: {}, annotations: {}, finalizers: [] },
      data: {},
    });
    expect(created.body.metadata.labels).toBeUndefined();
    expect(created.body.metadata.annotations).toBeUndefined();
    expect(created.body.metadata.finalizers).toBeUndefined();
    expect(created.body.data).toBeUndefined();
    await patch(`/api/v1/namespaces/${ns}/configmaps/e`, { metadata: { labels: { a: "b" } } }, "application/merge-patch+json");
    const unlabelled = await patch(`/api/v1/namespaces/${ns}/configmaps/e`, { metadata: { labels: { a: null } } }, "application/merge-patch+json");
    expect(unlabelled.body.metadata.labels).toBeUndefined();
    const d = await post(`/apis/apps/v1/namespaces/${ns}/deployments`, {
      ...deployment("web"),
      spec: {
        ...deployment("web").spec,
        template: {
          metadata: { labels: { app: "web" } },
          spec: { containers: [{ name: "app", image: "nginx", resources: {} }], volumes: [{ name: "v", emptyDir: {} }] },
        },
      },
    });
    expect(d.body.spec.template.spec.containers[0].resources).toEqual({});
    expect(d.body.spec.template.spec.volumes[0].emptyDir).toEqual({});
  });
});
