/**
 * The disruption controller and the Eviction API against the real Worker: budget status from the pods it
 * selects, evictions refused (429, nothing changed) or allowed (201, the budget spent by compare-and-swap, the
 * pod terminating with DisruptionTarget), pods deleted regardless of budgets, more than one budget, dry run,
 * request checks and RBAC, and drain's field-selected pod list.
 */
import { env } from "cloudflare:test";
import { afterAll, describe, expect, it } from "vitest";
import { registry } from "../../../../schema/registry";
import type { Env } from "../../../../worker/env";
import { ControllerApi } from "../../../../worker/controllers/framework/api";
import { disruptionLoop } from "../../../../worker/controllers/disruption/loop";
import { freshNamespace, get, post, put, watchEvents } from "../../api/client";
import { as, grant, unique } from "../../security/helpers";
import { eventually, eventsFor, reportPod, type Obj } from "../kwok";
import { settleControllers } from "../node-lifecycle/helpers";

const ENV = env as unknown as Env;
const PDBS = (ns: string) => `/apis/policy/v1/namespaces/${ns}/poddisruptionbudgets`;
const evictionOf = (ns: string, name: string, extra: Obj = {}, apiVersion = "policy/v1") => ({ apiVersion, kind: "Eviction", metadata: { name, namespace: ns }, ...extra });
const evict = (ns: string, name: string, extra: Obj = {}, query = "") => post(`/api/v1/namespaces/${ns}/pods/${name}/eviction${query}`, evictionOf(ns, name, extra));

async function pods(ns: string, names: string[], node: string, ready = true, labels: Obj = { app: "web" }): Promise<void> {
  for (const name of names) {
    const res = await post(`/api/v1/namespaces/${ns}/pods`, {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name, labels },
      spec: { nodeName: node, containers: [{ name: "c", image: "nginx:1.27" }] },
    });
    expect(res.status, res.text).toBe(201);
    await reportPod(ns, name, ready ? "Ready" : "Running");
  }
}

async function budget(ns: string, name: string, spec: Obj): Promise<void> {
  const res = await post(PDBS(ns), { apiVersion: "policy/v1", kind: "PodDisruptionBudget", metadata: { name }, spec: { selector: { matchLabels: { app: "web" } }, ...spec } });
  expect(res.status, res.text).toBe(201);
}

/** Waits until the controller wrote the budget's status for its current generation with `allowed` disruptions. */
function budgetStatus(ns: string, name: string, allowed: number): Promise<Obj> {
  return eventually(async () => {
    const pdb = (await get(`${PDBS(ns)}/${name}`)).body;
    expect(pdb.status?.observedGeneration).toBe(pdb.metadata.generation);
    expect(pdb.status?.disruptionsAllowed).toBe(allowed);
    return pdb;
  });
}

const podOf = async (ns: string, name: string) => (await get(`/api/v1/namespaces/${ns}/pods/${name}`)).body;

describe("disruption controller and the Eviction API", () => {
  afterAll(() => settleControllers(), 20_000);

  it("a budget's status follows the pods it selects; a second pass writes nothing (converged)", async () => {
    const ns = await freshNamespace("pdb");
    await pods(ns, ["a", "b", "c"], unique("node"));
    await pods(ns, ["other"], unique("node"), true, { app: "db" });
    await budget(ns, "b", { minAvailable: 2 });
    const pdb = await budgetStatus(ns, "b", 1);
    expect(pdb.status).toMatchObject({ currentHealthy: 3, desiredHealthy: 2, expectedPods: 3, observedGeneration: 1 });
    expect(pdb.status.conditions).toEqual([
      expect.objectContaining({ type: "DisruptionAllowed", status: "True", reason: "SufficientPods", observedGeneration: 1 }),
    ]);

    const api = new ControllerApi(ENV, registry, disruptionLoop.user, disruptionLoop.component);
    expect(await disruptionLoop.sync!(api, ns)).toEqual({});
    expect((await get(`${PDBS(ns)}/b`)).body.metadata.resourceVersion).toBe(pdb.metadata.resourceVersion);
  });

  it("percentages and maxUnavailable count the pods' controller's replicas", async () => {
    const ns = await freshNamespace("pdb");
    // Paused and selecting none of the pods: its replicas are only what the budget counts against.
    const dep = await post(`/apis/apps/v1/namespaces/${ns}/deployments`, {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "owner" },
      spec: { replicas: 4, paused: true, selector: { matchLabels: { app: "owner" } }, template: { metadata: { labels: { app: "owner" } }, spec: { containers: [{ name: "c", image: "x" }] } } },
    });
    expect(dep.status, dep.text).toBe(201);
    const owner = { apiVersion: "apps/v1", kind: "Deployment", name: "owner", uid: dep.body.metadata.uid, controller: true };
    for (const name of ["a", "b", "c"]) {
      const res = await post(`/api/v1/namespaces/${ns}/pods`, {
        apiVersion: "v1",
        kind: "Pod",
        metadata: { name, labels: { app: "web" }, ownerReferences: [owner] },
        spec: { nodeName: unique("node"), containers: [{ name: "c", image: "x" }] },
      });
      expect(res.status, res.text).toBe(201);
      await reportPod(ns, name, "Ready");
    }
    await budget(ns, "half", { maxUnavailable: "50%" });
    await budget(ns, "min", { minAvailable: "75%", selector: { matchLabels: { app: "web" } } });
    expect((await budgetStatus(ns, "half", 1)).status).toMatchObject({ expectedPods: 4, desiredHealthy: 2, currentHealthy: 3 });
    expect((await budgetStatus(ns, "min", 0)).status).toMatchObject({ expectedPods: 4, desiredHealthy: 3, currentHealthy: 3 });
  });

  it("a budget matching no pods: nothing allowed, InsufficientPods, a NoPods event", async () => {
    const ns = await freshNamespace("pdb");
    await budget(ns, "empty", { maxUnavailable: 1 });
    const pdb = await budgetStatus(ns, "empty", 0);
    expect(pdb.status).toMatchObject({ currentHealthy: 0, desiredHealthy: 0, expectedPods: 0 });
    expect(pdb.status.conditions[0]).toMatchObject({ status: "False", reason: "InsufficientPods" });
    await eventually(async () => {
      const events = await eventsFor(ns, "empty");
      expect(events.map((e) => [e.reason, e.message, e.source?.component])).toContainEqual(["NoPods", "No matching pods found", "controllermanager"]);
    });
  });

  it("an eviction the budget forbids: 429 with the DisruptionBudget cause, pod and budget unchanged", async () => {
    const ns = await freshNamespace("pdb");
    await pods(ns, ["a", "b"], unique("node"));
    await budget(ns, "strict", { minAvailable: 2 });
    const before = await budgetStatus(ns, "strict", 0);
    const pod = await podOf(ns, "a");

    const res = await evict(ns, "a");
    expect(res.status, res.text).toBe(429);
    expect(res.body).toMatchObject({
      kind: "Status",
      status: "Failure",
      reason: "TooManyRequests",
      code: 429,
      message: "Cannot evict pod as it would violate the pod's disruption budget.",
      details: { causes: [{ reason: "DisruptionBudget", message: "The disruption budget strict needs 2 healthy pods and has 2 currently" }] },
    });
    const after = await podOf(ns, "a");
    expect(after.metadata.resourceVersion).toBe(pod.metadata.resourceVersion);
    expect(after.metadata.deletionTimestamp).toBeUndefined();
    expect((await get(`${PDBS(ns)}/strict`)).body.metadata.resourceVersion).toBe(before.metadata.resourceVersion);
  });

  it("an eviction the budget allows: 201, the budget spent (pod in disruptedPods), the pod terminating with DisruptionTarget", async () => {
    const ns = await freshNamespace("pdb");
    await pods(ns, ["a", "b"], unique("node"));
    await budget(ns, "one", { minAvailable: 1 });
    const before = await budgetStatus(ns, "one", 1);

    let res: Awaited<ReturnType<typeof evict>> | undefined;
    const events = await watchEvents(`${PDBS(ns)}?watch=true&resourceVersion=${before.metadata.resourceVersion}`, 1, {
      during: async () => (res = await evict(ns, "a")),
      timeoutMs: 10_000,
    });
    expect(res!.status, res!.text).toBe(201);
    expect(res!.body).toEqual({ kind: "Status", apiVersion: "v1", metadata: {}, status: "Success", code: 201 });
    // The eviction's own write: one disruption spent, the pod recorded for the controller.
    expect(events[0].type).toBe("MODIFIED");
    expect(events[0].object.status.disruptionsAllowed).toBe(0);
    expect(Object.keys(events[0].object.status.disruptedPods)).toEqual(["a"]);
    expect(events[0].object.status.conditions[0]).toMatchObject({ status: "False", reason: "InsufficientPods" });

    const pod = await podOf(ns, "a");
    expect(pod.metadata.deletionTimestamp).toBeTruthy();
    expect(pod.status.conditions.find((c: Obj) => c.type === "DisruptionTarget")).toMatchObject({
      status: "True",
      reason: "EvictionByEvictionAPI",
      message: "Eviction API: evicting",
    });
    // The controller agrees (a is terminating, its entry dropped); the next eviction is refused.
    await eventually(async () => {
      const pdb = (await get(`${PDBS(ns)}/one`)).body;
      expect(pdb.status).toMatchObject({ currentHealthy: 1, desiredHealthy: 1, disruptionsAllowed: 0 });
      expect(pdb.status.disruptedPods ?? {}).toEqual({});
    });
    expect((await evict(ns, "b")).status).toBe(429);
  });

  it("pods not running (pending, terminal) and pods without a budget are evicted at once", async () => {
    const ns = await freshNamespace("pdb");
    const node = unique("node");
    await pods(ns, ["ready"], node);
    await budget(ns, "strict", { minAvailable: 5 });
    await budgetStatus(ns, "strict", 0);
    const pending = await post(`/api/v1/namespaces/${ns}/pods`, { apiVersion: "v1", kind: "Pod", metadata: { name: "pending", labels: { app: "web" } }, spec: { schedulerName: "nobody", containers: [{ name: "c", image: "x" }] } });
    expect(pending.status).toBe(201);
    await pods(ns, ["done"], node);
    await reportPod(ns, "done", "Succeeded");
    await pods(ns, ["loose"], node, true, { app: "unguarded" });

    for (const name of ["pending", "done", "loose"]) {
      const res = await evict(ns, name);
      expect(res.status, `${name}: ${res.text}`).toBe(201);
    }
    // An unscheduled pod is deleted outright, the others terminate gracefully.
    expect((await get(`/api/v1/namespaces/${ns}/pods/pending`)).status).toBe(404);
    expect((await podOf(ns, "loose")).metadata.deletionTimestamp).toBeTruthy();
    expect((await evict(ns, "ready")).status).toBe(429);
  });

  it("an unready pod goes without spending a met budget; with AlwaysAllow even when the budget is not met", async () => {
    const ns = await freshNamespace("pdb");
    const node = unique("node");
    await pods(ns, ["up"], node);
    await pods(ns, ["down"], node, false);
    await budget(ns, "met", { minAvailable: 1 });
    const met = await budgetStatus(ns, "met", 0);
    expect(met.status).toMatchObject({ currentHealthy: 1, desiredHealthy: 1 });
    const res = await evict(ns, "down");
    expect(res.status, res.text).toBe(201);
    expect((await podOf(ns, "down")).metadata.deletionTimestamp).toBeTruthy();
    expect((await evict(ns, "up")).status).toBe(429);

    const ns2 = await freshNamespace("pdb");
    await pods(ns2, ["sick"], node, false);
    await budget(ns2, "strict", { minAvailable: 1, unhealthyPodEvictionPolicy: "IfHealthyBudget" });
    await budgetStatus(ns2, "strict", 0);
    expect((await evict(ns2, "sick")).status).toBe(429);
    const pdb = (await get(`${PDBS(ns2)}/strict`)).body;
    const policy = await put(`${PDBS(ns2)}/strict`, { ...pdb, spec: { ...pdb.spec, unhealthyPodEvictionPolicy: "AlwaysAllow" } });
    expect(policy.status, policy.text).toBe(200);
    await budgetStatus(ns2, "strict", 0);
    expect((await evict(ns2, "sick")).status).toBe(201);
  });

  it("a pod selected by two budgets: a 500 Status", async () => {
    const ns = await freshNamespace("pdb");
    await pods(ns, ["a"], unique("node"));
    await budget(ns, "first", { maxUnavailable: 1 });
    await budget(ns, "second", { maxUnavailable: 1 });
    const res = await evict(ns, "a");
    expect(res.status).toBe(500);
    expect(res.body).toEqual({
      kind: "Status",
      apiVersion: "v1",
      metadata: {},
      status: "Failure",
      message: "This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.",
      code: 500,
    });
    expect((await podOf(ns, "a")).metadata.deletionTimestamp).toBeUndefined();
  });

  it("dry run, policy/v1beta1, DeleteOptions, request checks", async () => {
    const ns = await freshNamespace("pdb");
    await pods(ns, ["a", "b", "c"], unique("node"));
    await budget(ns, "b", { minAvailable: 2 });
    const before = await budgetStatus(ns, "b", 1);

    expect((await evict(ns, "a", {}, "?dryRun=All")).status).toBe(201);
    expect((await podOf(ns, "a")).metadata.deletionTimestamp).toBeUndefined();
    expect((await get(`${PDBS(ns)}/b`)).body.metadata.resourceVersion).toBe(before.metadata.resourceVersion);

    const mismatch = await post(`/api/v1/namespaces/${ns}/pods/a/eviction`, evictionOf(ns, "b"));
    expect([mismatch.status, mismatch.body.message]).toEqual([400, "name in URL does not match name in Eviction object"]);
    const dry = await evict(ns, "a", { deleteOptions: { dryRun: ["All"] } }, "?dryRun=All");
    expect(dry.status).toBe(201);
    const missing = await evict(ns, "nope");
    expect([missing.status, missing.body.message]).toEqual([404, 'pods "nope" not found']);

    const beta = await post(`/api/v1/namespaces/${ns}/pods/a/eviction`, evictionOf(ns, "a", { deleteOptions: { gracePeriodSeconds: 7 } }, "policy/v1beta1"));
    expect(beta.status, beta.text).toBe(201);
    expect((await podOf(ns, "a")).metadata.deletionGracePeriodSeconds).toBe(7);
  });

  it("RBAC: create on pods/eviction is required, and enough (no delete on pods needed)", async () => {
    const ns = await freshNamespace("pdb");
    await pods(ns, ["a"], unique("node"));
    const user = unique("drainer");
    const body = evictionOf(ns, "a");
    expect((await as({ user }, "POST", `/api/v1/namespaces/${ns}/pods/a/eviction`, body)).status).toBe(403);
    await grant(user, [{ apiGroups: [""], resources: ["pods/eviction"], verbs: ["create"] }], ns);
    const res = await as({ user }, "POST", `/api/v1/namespaces/${ns}/pods/a/eviction`, body);
    expect(res.status, res.text).toBe(201);
  });

  it("kubectl drain's pod list: pods bound to a node by field selector", async () => {
    const ns = await freshNamespace("pdb");
    const node = unique("node");
    await pods(ns, ["x", "y"], node);
    await pods(ns, ["z"], unique("node"));
    const res = await get(`/api/v1/pods?fieldSelector=${encodeURIComponent(`spec.nodeName=${node}`)}`);
    expect(res.status).toBe(200);
    expect(res.body.items.map((p: Obj) => p.metadata.name).sort()).toEqual(["x", "y"]);
  });
});
