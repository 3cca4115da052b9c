/**
 * The ReplicaSet loop through the real Worker: pods created from the template with generated names and a
 * controllerRef, Events as upstream records them, status counts as pods report readiness, surplus pods deleted
 * unready-first, adoption and release of pods by labels, minReadySeconds, and the ReplicaFailure condition.
 * Pods are not bound (no nodes here): their status is reported directly, as a kubelet would.
 */
import { afterAll, describe, expect, it } from "vitest";
import { settleControllers } from "../../scheduler/settle";
import { freshNamespace, get, patch, post, put } from "../../api/client";
import { eventually, eventsFor, listPods, MERGE, reportPod, type Obj } from "../kwok";
import { controllerOf, pod, podPath, replicaSet, rsPath } from "./helpers";

async function created(path: string, body: unknown): Promise<Obj> {
  const res = await post(path, body);
  expect(res.status, res.text).toBe(201);
  return res.body;
}

const rsNow = async (ns: string, name: string) => (await get(rsPath(ns, name))).body;
const active = (pods: Obj[]) => pods.filter((p) => !p.metadata.deletionTimestamp);

describe("ReplicaSet controller", () => {
  // A file must not end mid-reconcile (the test environment tears the loops' Durable Objects down).
  afterAll(() => settleControllers(), 30_000);

  it("creates the pods from the template, records SuccessfulCreate, and counts them in status", async () => {
    const ns = await freshNamespace("rs");
    const rs = await created(rsPath(ns), replicaSet("web", 3));
    const pods = await eventually(async () => {
      const ps = await listPods(ns, "app=web");
      expect(ps).toHaveLength(3);
      return ps;
    });
    for (const p of pods) {
      expect(p.metadata.name).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
      expect(p.metadata.generateName).toBe("web-");
      expect(controllerOf(p)).toEqual({ apiVersion: "apps/v1", kind: "ReplicaSet", name: "web", uid: rs.metadata.uid, controller: true, blockOwnerDeletion: true });
    }
    await eventually(async () => {
      const st = (await rsNow(ns, "web")).status;
      expect(st).toMatchObject({ replicas: 3, fullyLabeledReplicas: 3, observedGeneration: 1 });
      expect(st.readyReplicas ?? 0).toBe(0);
    });
    const events = await eventsFor(ns, "web");
    expect(events.filter((e) => e.reason === "SuccessfulCreate").map((e) => e.message).sort()).toEqual(pods.map((p) => `Created pod: ${p.metadata.name}`).sort());
    expect(events[0]).toMatchObject({ type: "Normal", source: { component: "replicaset-controller" }, involvedObject: { kind: "ReplicaSet", name: "web" } });
    // Converged: a further sync creates nothing.
    await new Promise((r) => setTimeout(r, 300));
    expect(await listPods(ns, "app=web")).toHaveLength(3);
  });

  it("reports ready and available replicas, and deletes not-ready pods first when scaled down", async () => {
    const ns = await freshNamespace("rs");
    await created(rsPath(ns), replicaSet("api", 3));
    const pods = await eventually(async () => {
      const ps = await listPods(ns, "app=api");
      expect(ps).toHaveLength(3);
      return ps;
    });
    const [a, b, c] = pods.map((p) => p.metadata.name);
    await reportPod(ns, a, "Ready");
    await reportPod(ns, b, "Ready");
    await reportPod(ns, c, "Running");
    await eventually(async () => expect((await rsNow(ns, "api")).status).toMatchObject({ replicas: 3, readyReplicas: 2, availableReplicas: 2 }));

    const scaled = await patch(rsPath(ns, "api"), { spec: { replicas: 2 } }, MERGE);
    expect(scaled.status, scaled.text).toBe(200);
    await eventually(async () => {
      const left = active(await listPods(ns, "app=api")).map((p) => p.metadata.name);
      expect(left.sort()).toEqual([a, b].sort());
    });
    await eventually(async () => expect((await rsNow(ns, "api")).status).toMatchObject({ replicas: 2, readyReplicas: 2, availableReplicas: 2, observedGeneration: 2 }));
    const deleted = (await eventsFor(ns, "api")).filter((e) => e.reason === "SuccessfulDelete");
    expect(deleted.map((e) => e.message)).toEqual([`Deleted pod: ${c}`]);
  });

  it("adopts matching orphans and releases pods whose labels stop matching", async () => {
    const ns = await freshNamespace("rs");
    await created(podPath(ns), pod("orphan", { app: "db" }));
    const rs = await created(rsPath(ns), replicaSet("db", 2));
    await eventually(async () => {
      const ps = active(await listPods(ns, "app=db"));
      expect(ps).toHaveLength(2);
      expect(ps.every((p) => controllerOf(p)?.uid === rs.metadata.uid)).toBe(true);
      expect(ps.map((p) => p.metadata.name)).toContain("orphan");
    });
    // Relabel the adopted pod: it is released and a replacement created.
    const relabel = await patch(podPath(ns, "orphan"), { metadata: { labels: { app: "other" } } }, MERGE);
    expect(relabel.status, relabel.text).toBe(200);
    await eventually(async () => {
      const released = (await get(podPath(ns, "orphan"))).body;
      expect(controllerOf(released)).toBeUndefined();
      expect(active(await listPods(ns, "app=db"))).toHaveLength(2);
    });
  });

  it("counts a ready pod as available only after minReadySeconds", async () => {
    const ns = await freshNamespace("rs");
    await created(rsPath(ns), replicaSet("slow", 1, { app: "slow" }, { minReadySeconds: 2 }));
    const [p] = await eventually(async () => {
      const ps = await listPods(ns, "app=slow");
      expect(ps).toHaveLength(1);
      return ps;
    });
    await reportPod(ns, p.metadata.name, "Ready");
    await eventually(async () => {
      const st = (await rsNow(ns, "slow")).status;
      expect(st.readyReplicas).toBe(1);
      expect(st.availableReplicas ?? 0).toBe(0);
    });
    await eventually(async () => expect((await rsNow(ns, "slow")).status.availableReplicas).toBe(1), { timeout: 15_000, interval: 200 });
  });

  it("sets ReplicaFailure and records FailedCreate when pods are refused, and clears it once they fit", async () => {
    const ns = await freshNamespace("rs");
    const quota = await post(`/api/v1/namespaces/${ns}/resourcequotas`, { apiVersion: "v1", kind: "ResourceQuota", metadata: { name: "q" }, spec: { hard: { pods: "1" } } });
    expect(quota.status, quota.text).toBe(201);
    await created(rsPath(ns), replicaSet("capped", 2));
    await eventually(async () => {
      const cond = ((await rsNow(ns, "capped")).status?.conditions ?? []).find((c: Obj) => c.type === "ReplicaFailure");
      expect(cond).toMatchObject({ status: "True", reason: "FailedCreate" });
      expect(cond.message).toContain("exceeded quota");
    });
    const failed = (await eventsFor(ns, "capped")).filter((e) => e.reason === "FailedCreate");
    expect(failed[0]).toMatchObject({ type: "Warning" });
    expect(failed[0].message).toMatch(/^Error creating: .*exceeded quota/);
    expect(active(await listPods(ns, "app=capped"))).toHaveLength(1);

    const cur = (await get(`/api/v1/namespaces/${ns}/resourcequotas/q`)).body;
    const raised = await put(`/api/v1/namespaces/${ns}/resourcequotas/q`, { ...cur, spec: { hard: { pods: "5" } } });
    expect(raised.status, raised.text).toBe(200);
    await eventually(async () => {
      const st = (await rsNow(ns, "capped")).status;
      expect(st.replicas).toBe(2);
      expect((st.conditions ?? []).some((c: Obj) => c.type === "ReplicaFailure")).toBe(false);
    }, { timeout: 20_000, interval: 200 });
  });
});
