/**
 * The StatefulSet controller end to end in workerd: the loop runs for real (writes poke it, alarms fire), pods
 * are made Ready by reporting their status as a kubelet would (kwok.ts), no node is registered so the
 * scheduler never binds them (their deletion is immediate). Covers OrderedReady ordering, Parallel, scale-down
 * order, claims, rolling update with a partition, OnDelete, failed-pod replacement and the retention policy.
 */
import { env } from "cloudflare:test";
import { describe, expect, it, vi } from "vitest";
import { registry } from "../../../../schema/registry";
import type { Env } from "../../../../worker/env";
import { ControllerApi } from "../../../../worker/controllers/framework/api";
import { statefulSetLoop } from "../../../../worker/controllers/statefulset";
import { freshNamespace, get, patch, post, del } from "../../api/client";
import { eventsFor, eventually, listPods, MERGE, reportPod, type Obj } from "../kwok";

// Each test walks a set through several reconciles; on a loaded 2-core machine that can take a while.
vi.setConfig({ testTimeout: 90_000 });

const STS = (ns: string) => `/apis/apps/v1/namespaces/${ns}/statefulsets`;

function manifest(name: string, spec: Obj = {}): Obj {
  return {
    apiVersion: "apps/v1",
    kind: "StatefulSet",
    metadata: { name },
    spec: {
      replicas: 3,
      serviceName: name,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: "app", image: "nginx:1.27" }] } },
      ...spec,
    },
  };
}

async function createSet(ns: string, name: string, spec: Obj = {}): Promise<Obj> {
  const res = await post(STS(ns), manifest(name, spec));
  expect(res.status, res.text).toBe(201);
  return res.body;
}

const names = (pods: Obj[]) => pods.map((p) => p.metadata.name).sort();
const live = (pods: Obj[]) => pods.filter((p) => !p.metadata.deletionTimestamp);
const isReady = (p: Obj) => p.status?.phase === "Running" && (p.status?.conditions ?? []).some((c: Obj) => c.type === "Ready" && c.status === "True");

/** The kubelet's part: every pod not yet Ready in `ns` is reported Ready. */
async function readyAll(ns: string): Promise<void> {
  for (const p of await listPods(ns)) if (!isReady(p) && !p.metadata.deletionTimestamp) await reportPod(ns, p.metadata.name, "Ready");
}

async function setStatus(ns: string, name: string): Promise<Obj> {
  const res = await get(`${STS(ns)}/${name}`);
  expect(res.status, res.text).toBe(200);
  return res.body;
}

describe("OrderedReady", () => {
  it("creates web-0, then web-1 only once web-0 is Ready, each after its claim; status follows", async () => {
    const ns = await freshNamespace("sts");
    await createSet(ns, "web", {
      volumeClaimTemplates: [{ metadata: { name: "www" }, spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } } } }],
    });
    await eventually(async () => expect((await setStatus(ns, "web")).status?.replicas).toBe(1));
    expect(names(await listPods(ns))).toEqual(["web-0"]);
    const pod0 = (await listPods(ns))[0];
    expect(pod0.metadata.labels).toMatchObject({ app: "web", "statefulset.kubernetes.io/pod-name": "web-0", "apps.kubernetes.io/pod-index": "0" });
    expect(pod0.metadata.labels["controller-revision-hash"]).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]+$/);
    expect(pod0.metadata.ownerReferences).toEqual([{ apiVersion: "apps/v1", kind: "StatefulSet", name: "web", uid: expect.any(String), controller: true, blockOwnerDeletion: true }]);
    expect(pod0.spec).toMatchObject({ hostname: "web-0", subdomain: "web" });
    expect(pod0.spec.volumes).toContainEqual({ name: "www", persistentVolumeClaim: { claimName: "www-web-0" } });
    const pvc = await get(`/api/v1/namespaces/${ns}/persistentvolumeclaims/www-web-0`);
    expect(pvc.status, pvc.text).toBe(200);
    expect(pvc.body.metadata.labels).toEqual({ app: "web" });
    expect(pvc.body.metadata.ownerReferences).toBeUndefined();

    await reportPod(ns, "web-0", "Ready");
    await eventually(async () => expect(names(await listPods(ns))).toEqual(["web-0", "web-1"]));
    expect((await get(`/api/v1/namespaces/${ns}/persistentvolumeclaims/www-web-1`)).status).toBe(200);
    await eventually(async () => expect((await setStatus(ns, "web")).status).toMatchObject({ replicas: 2, readyReplicas: 1 }));
    expect(names(await listPods(ns))).toEqual(["web-0", "web-1"]);

    await reportPod(ns, "web-1", "Ready");
    await eventually(async () => expect(names(await listPods(ns))).toEqual(["web-0", "web-1", "web-2"]));
    await reportPod(ns, "web-2", "Ready");
    const set = await eventually(async () => {
      const s = await setStatus(ns, "web");
      expect(s.status).toMatchObject({ observedGeneration: 1, replicas: 3, readyReplicas: 3, availableReplicas: 3, currentReplicas: 3, updatedReplicas: 3, collisionCount: 0 });
      return s;
    });
    expect(set.status.currentRevision).toBe(set.status.updateRevision);
    expect(set.status.currentRevision).toBe(pod0.metadata.labels["controller-revision-hash"]);

    const revs = await get(`/apis/apps/v1/namespaces/${ns}/controllerrevisions`);
    expect(revs.body.items.map((r: Obj) => r.metadata.name)).toEqual([set.status.currentRevision]);
    expect(revs.body.items[0]).toMatchObject({ revision: 1, data: { spec: { template: { $patch: "replace" } } } });

    await eventually(async () => {
      const messages = (await eventsFor(ns, "web")).map((e) => `${e.reason}: ${e.message}`);
      expect(messages).toContain("SuccessfulCreate: create Pod web-0 in StatefulSet web successful");
      expect(messages).toContain("SuccessfulCreate: create Claim www-web-0 Pod web-0 in StatefulSet web success");
      expect(messages).toContain("SuccessfulCreate: create Pod web-2 in StatefulSet web successful");
    });
  });

  it("scales down from the highest ordinal, one at a time, keeping the claims (Retain)", async () => {
    const ns = await freshNamespace("sts");
    await createSet(ns, "db", {
      replicas: 4,
      volumeClaimTemplates: [{ metadata: { name: "data" }, spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } } } }],
    });
    await eventually(async () => {
      await readyAll(ns);
      expect((await setStatus(ns, "db")).status).toMatchObject({ readyReplicas: 4 });
    });
    const res = await patch(`${STS(ns)}/db`, { spec: { replicas: 1 } }, MERGE);
    expect(res.status, res.text).toBe(200);
    await eventually(async () => expect(names(await listPods(ns))).toEqual(["db-0"]));
    // The Event follows the deletion.
    await eventually(async () => {
      const deletes = (await eventsFor(ns, "db")).filter((e) => e.reason === "SuccessfulDelete").map((e) => e.message);
      expect(deletes).toEqual(["delete Pod db-3 in StatefulSet db successful", "delete Pod db-2 in StatefulSet db successful", "delete Pod db-1 in StatefulSet db successful"]);
    });
    const pvcs = await get(`/api/v1/namespaces/${ns}/persistentvolumeclaims`);
    expect(names(pvcs.body.items)).toEqual(["data-db-0", "data-db-1", "data-db-2", "data-db-3"]);
    await eventually(async () => expect((await setStatus(ns, "db")).status).toMatchObject({ replicas: 1, readyReplicas: 1, currentReplicas: 1 }));
  });

  it("does not scale down while a lower ordinal is not Ready", async () => {
    const ns = await freshNamespace("sts");
    await createSet(ns, "q", { replicas: 3 });
    await eventually(async () => {
      await readyAll(ns);
      expect((await setStatus(ns, "q")).status).toMatchObject({ readyReplicas: 3 });
    });
    await reportPod(ns, "q-0", "Running"); // no longer Ready
    await eventually(async () => expect((await setStatus(ns, "q")).status).toMatchObject({ readyReplicas: 2 }));
    const res = await patch(`${STS(ns)}/q`, { spec: { replicas: 1 } }, MERGE);
    expect(res.status, res.text).toBe(200);
    await eventually(async () => expect((await setStatus(ns, "q")).status?.observedGeneration).toBe(2));
    expect(names(await listPods(ns))).toEqual(["q-0", "q-1", "q-2"]);
    await reportPod(ns, "q-0", "Ready");
    await eventually(async () => expect(names(await listPods(ns))).toEqual(["q-0"]));
  });
});

describe("Parallel", () => {
  it("creates every replica at once, without waiting for readiness", async () => {
    const ns = await freshNamespace("sts");
    await createSet(ns, "par", { replicas: 4, podManagementPolicy: "Parallel" });
    await eventually(async () => expect(names(await listPods(ns))).toEqual(["par-0", "par-1", "par-2", "par-3"]));
    expect((await listPods(ns)).some(isReady)).toBe(false);
    const res = await patch(`${STS(ns)}/par`, { spec: { replicas: 1 } }, MERGE);
    expect(res.status, res.text).toBe(200);
    await eventually(async () => expect(names(await listPods(ns))).toEqual(["par-0"]));
  });
});

describe("updates", () => {
  it("RollingUpdate with a partition updates from the highest ordinal down to the partition", async () => {
    const ns = await freshNamespace("sts");
    await createSet(ns, "ru", { updateStrategy: { type: "RollingUpdate", rollingUpdate: { partition: 1 } } });
    const first = await eventually(async () => {
      await readyAll(ns);
      const s = await setStatus(ns, "ru");
      expect(s.status).toMatchObject({ readyReplicas: 3, currentReplicas: 3 });
      return s.status.currentRevision as string;
    });
    const res = await patch(`${STS(ns)}/ru`, { spec: { template: { spec: { containers: [{ name: "app", image: "nginx:1.28" }] } } } }, "application/strategic-merge-patch+json");
    expect(res.status, res.text).toBe(200);
    const status = await eventually(async () => {
      await readyAll(ns);
      const s = await setStatus(ns, "ru");
      expect(s.status).toMatchObject({ observedGeneration: 2, readyReplicas: 3, updatedReplicas: 2, currentReplicas: 1, currentRevision: first });
      return s.status;
    });
    expect(status.updateRevision).not.toBe(first);
    const byName = Object.fromEntries(live(await listPods(ns)).map((p) => [p.metadata.name, p]));
    expect(byName["ru-0"].metadata.labels["controller-revision-hash"]).toBe(first);
    expect(byName["ru-0"].spec.containers[0].image).toBe("nginx:1.27");
    for (const n of ["ru-1", "ru-2"]) {
      expect(byName[n].metadata.labels["controller-revision-hash"]).toBe(status.updateRevision);
      expect(byName[n].spec.containers[0].image).toBe("nginx:1.28");
    }
    await eventually(async () => {
      const deletes = (await eventsFor(ns, "ru")).filter((e) => e.reason === "SuccessfulDelete").map((e) => e.message);
      expect(deletes).toEqual(["delete Pod ru-2 in StatefulSet ru successful", "delete Pod ru-1 in StatefulSet ru successful"]);
    });

    // Partition 0 finishes the rollout: the update revision becomes current.
    expect((await patch(`${STS(ns)}/ru`, { spec: { updateStrategy: { rollingUpdate: { partition: 0 } } } }, MERGE)).status).toBe(200);
    await eventually(async () => {
      await readyAll(ns);
      const s = await setStatus(ns, "ru");
      expect(s.status).toMatchObject({ readyReplicas: 3, updatedReplicas: 3, currentReplicas: 3, currentRevision: status.updateRevision, updateRevision: status.updateRevision });
    });
    const revs = (await get(`/apis/apps/v1/namespaces/${ns}/controllerrevisions`)).body.items;
    expect(revs.map((r: Obj) => [r.metadata.name, r.revision]).sort()).toEqual([[first, 1], [status.updateRevision, 2]].sort());
  });

  it("OnDelete leaves pods alone until they are deleted, then recreates them at the update revision", async () => {
    const ns = await freshNamespace("sts");
    await createSet(ns, "od", { replicas: 2, updateStrategy: { type: "OnDelete" } });
    const first = await eventually(async () => {
      await readyAll(ns);
      const s = await setStatus(ns, "od");
      expect(s.status).toMatchObject({ readyReplicas: 2, currentReplicas: 2 });
      return s.status.currentRevision as string;
    });
    const res = await patch(`${STS(ns)}/od`, { spec: { template: { metadata: { labels: { app: "od", v: "2" } } } } }, MERGE);
    expect(res.status, res.text).toBe(200);
    const update = await eventually(async () => {
      const s = await setStatus(ns, "od");
      expect(s.status).toMatchObject({ observedGeneration: 2, currentRevision: first, currentReplicas: 2 });
      expect(s.status.updatedReplicas).toBeUndefined(); // zero, omitted as Go omits it
      expect(s.status.updateRevision).not.toBe(first);
      return s.status.updateRevision as string;
    });
    expect((await listPods(ns)).map((p) => p.metadata.labels["controller-revision-hash"])).toEqual([first, first]);
    expect((await eventsFor(ns, "od")).filter((e) => e.reason === "SuccessfulDelete")).toEqual([]);

    expect((await del(`/api/v1/namespaces/${ns}/pods/od-1`)).status).toBe(200);
    await eventually(async () => {
      const pod = (await listPods(ns)).find((p) => p.metadata.name === "od-1");
      expect(pod?.metadata.labels).toMatchObject({ v: "2", "controller-revision-hash": update });
    });
    expect((await listPods(ns)).find((p) => p.metadata.name === "od-0")?.metadata.labels["controller-revision-hash"]).toBe(first);
  });

  it("replaces a failed pod", async () => {
    const ns = await freshNamespace("sts");
    await createSet(ns, "f", { replicas: 1 });
    const uid = await eventually(async () => {
      const [pod] = await listPods(ns);
      expect(pod).toBeDefined();
      return pod.metadata.uid as string;
    });
    await reportPod(ns, "f-0", "Failed");
    await eventually(async () => {
      const [pod] = await listPods(ns);
      expect(pod?.metadata.uid).toBeDefined();
      expect(pod.metadata.uid).not.toBe(uid);
      expect(pod.status.phase).toBe("Pending");
    });
  });
});

describe("claims and retention", () => {
  it("whenDeleted Delete puts the set's controller reference on each claim; whenScaled Delete hands a scaled-down claim to its pod", async () => {
    const ns = await freshNamespace("sts");
    const created = await createSet(ns, "kv", {
      replicas: 2,
      persistentVolumeClaimRetentionPolicy: { whenDeleted: "Delete", whenScaled: "Delete" },
      volumeClaimTemplates: [{ metadata: { name: "d" }, spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } } } }],
    });
    const setRef = { apiVersion: "apps/v1", kind: "StatefulSet", name: "kv", uid: created.metadata.uid, controller: true, blockOwnerDeletion: true };
    await eventually(async () => {
      await readyAll(ns);
      expect((await setStatus(ns, "kv")).status).toMatchObject({ readyReplicas: 2 });
    });
    for (const n of ["d-kv-0", "d-kv-1"]) {
      expect((await get(`/api/v1/namespaces/${ns}/persistentvolumeclaims/${n}`)).body.metadata.ownerReferences).toEqual([setRef]);
    }
    const pod1 = (await listPods(ns)).find((p) => p.metadata.name === "kv-1")!;
    expect((await patch(`${STS(ns)}/kv`, { spec: { replicas: 1 } }, MERGE)).status).toBe(200);
    await eventually(async () => expect(names(await listPods(ns))).toEqual(["kv-0"]));
    const claim1 = await get(`/api/v1/namespaces/${ns}/persistentvolumeclaims/d-kv-1`);
    if (claim1.status === 200) {
      // Without a garbage collector the claim stays, owned by the deleted pod.
      expect(claim1.body.metadata.ownerReferences).toEqual([{ apiVersion: "v1", kind: "Pod", name: "kv-1", uid: pod1.metadata.uid, controller: true, blockOwnerDeletion: true }]);
    } else {
      expect(claim1.status).toBe(404);
    }
    expect((await get(`/api/v1/namespaces/${ns}/persistentvolumeclaims/d-kv-0`)).body.metadata.ownerReferences).toEqual([setRef]);
  });
});

describe("adoption", () => {
  it("adopts an orphan pod named for the set and releases a pod that stops matching", async () => {
    const ns = await freshNamespace("sts");
    const orphan = {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "ad-0", labels: { app: "ad" } },
      spec: { containers: [{ name: "app", image: "nginx:1.27" }] },
    };
    expect((await post(`/api/v1/namespaces/${ns}/pods`, orphan)).status).toBe(201);
    // OnDelete: a RollingUpdate would replace the adopted pod, which has no revision label.
    await createSet(ns, "ad", { replicas: 1, updateStrategy: { type: "OnDelete" } });
    await eventually(async () => {
      const pod = (await get(`/api/v1/namespaces/${ns}/pods/ad-0`)).body;
      expect(pod.metadata.ownerReferences?.[0]).toMatchObject({ kind: "StatefulSet", name: "ad", controller: true });
      // The adopted pod gets its identity label (UpdateStatefulPod) once it runs.
      await readyAll(ns);
      expect(pod.metadata.labels["statefulset.kubernetes.io/pod-name"]).toBe("ad-0");
    });
    expect((await patch(`/api/v1/namespaces/${ns}/pods/ad-0`, { metadata: { labels: { app: "other" } } }, MERGE)).status).toBe(200);
    await eventually(async () => {
      const pods = await listPods(ns);
      const old = pods.find((p) => p.metadata.labels.app === "other");
      expect(old?.metadata.ownerReferences ?? []).toEqual([]);
    });
    // The released pod keeps the name ad-0, so the set cannot create its own until it is gone.
    expect((await del(`/api/v1/namespaces/${ns}/pods/ad-0`)).status).toBe(200);
    await eventually(async () => {
      const pod = (await get(`/api/v1/namespaces/${ns}/pods/ad-0`)).body;
      expect(pod.metadata?.labels).toMatchObject({ app: "ad", "statefulset.kubernetes.io/pod-name": "ad-0" });
      expect(pod.metadata.ownerReferences?.[0]).toMatchObject({ kind: "StatefulSet", name: "ad" });
    });
  });
});

describe("revisions", () => {
  it("names the revision as upstream does for the same set (testdata compatibility_revision_1.33.0.json)", async () => {
    const ns = await freshNamespace("sts");
    const res = await post(STS(ns), {
      apiVersion: "apps/v1",
      kind: "StatefulSet",
      metadata: { name: "test", labels: { sslabel: "value" } },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: "foo" } },
        template: { metadata: { labels: { app: "foo" }, annotations: { test: "value" } }, spec: { containers: [{ name: "test", image: "test" }] } },
      },
    });
    expect(res.status, res.text).toBe(201);
    await eventually(async () => expect((await setStatus(ns, "test")).status).toMatchObject({ currentRevision: "test-c77f6d978", updateRevision: "test-c77f6d978" }));
    const rev = await get(`/apis/apps/v1/namespaces/${ns}/controllerrevisions/test-c77f6d978`);
    expect(rev.status, rev.text).toBe(200);
    expect(rev.body.metadata.labels).toEqual({ app: "foo", "controller.kubernetes.io/hash": "c77f6d978" });
  });

  it("a rollback to an earlier template renumbers its revision instead of creating one", async () => {
    const ns = await freshNamespace("sts");
    await createSet(ns, "rb", { replicas: 1, updateStrategy: { type: "OnDelete" } });
    const first = await eventually(async () => {
      const s = await setStatus(ns, "rb");
      expect(s.status?.updateRevision).toBeTruthy();
      return s.status.updateRevision as string;
    });
    const image = (tag: string) => ({ spec: { template: { spec: { containers: [{ name: "app", image: `nginx:${tag}` }] } } } });
    expect((await patch(`${STS(ns)}/rb`, image("1.28"), "application/strategic-merge-patch+json")).status).toBe(200);
    const second = await eventually(async () => {
      const s = await setStatus(ns, "rb");
      expect(s.status).toMatchObject({ observedGeneration: 2 });
      return s.status.updateRevision as string;
    });
    expect(second).not.toBe(first);
    expect((await patch(`${STS(ns)}/rb`, image("1.27"), "application/strategic-merge-patch+json")).status).toBe(200);
    await eventually(async () => expect((await setStatus(ns, "rb")).status).toMatchObject({ observedGeneration: 3, updateRevision: first }));
    const revs = (await get(`/apis/apps/v1/namespaces/${ns}/controllerrevisions`)).body.items;
    expect(Object.fromEntries(revs.map((r: Obj) => [r.metadata.name, r.revision]))).toEqual({ [first]: 3, [second]: 2 });
  });
});

describe("converged", () => {
  it("a sync of a converged set writes nothing and records no Event", async () => {
    const ns = await freshNamespace("sts");
    await createSet(ns, "cv", {
      replicas: 2,
      persistentVolumeClaimRetentionPolicy: { whenDeleted: "Delete", whenScaled: "Retain" },
      volumeClaimTemplates: [{ metadata: { name: "d" }, spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } } } }],
    });
    await eventually(async () => {
      await readyAll(ns);
      const s = await setStatus(ns, "cv");
      expect(s.status).toMatchObject({ readyReplicas: 2, availableReplicas: 2, currentReplicas: 2, updatedReplicas: 2 });
      expect(s.status.currentRevision).toBe(s.status.updateRevision);
    });
    const snapshot = async () => {
      const lists = await Promise.all([STS(ns), `/api/v1/namespaces/${ns}/persistentvolumeclaims`, `/apis/apps/v1/namespaces/${ns}/controllerrevisions`].map((p) => get(p)));
      const versions = lists.flatMap((l) => l.body.items.map((o: Obj) => `${o.metadata.name}@${o.metadata.resourceVersion}`)).sort();
      // Pods by identity and metadata (their status is the kubelet's and the scheduler's to write).
      const pods = (await listPods(ns)).map((p) => JSON.stringify([p.metadata.name, p.metadata.uid, p.metadata.labels, p.metadata.ownerReferences, p.metadata.deletionTimestamp ?? null]));
      return { versions, pods: pods.sort(), events: (await eventsFor(ns, "cv")).length };
    };
    // Let the last pokes drain (the loop is level-triggered: once converged, further syncs change nothing).
    await eventually(async () => {
      const a = await snapshot();
      await new Promise((r) => setTimeout(r, 300));
      expect(await snapshot()).toEqual(a);
    });
    const before = await snapshot();
    const api = new ControllerApi(env as unknown as Env, registry, statefulSetLoop.user, statefulSetLoop.component);
    expect(await statefulSetLoop.sync!(api, `${ns}/cv`)).toBeUndefined();
    expect(await snapshot()).toEqual(before);
  });
});
