/**
 * The daemonset loop against the real Worker: one pod per eligible node (pinned by `metadata.name In [node]`),
 * tainted nodes skipped unless tolerated, a new node gets its pod, rolling update by ControllerRevision, status
 * and Events. Nodes are shared by the file: each test selects its own by a unique label.
 */
import { afterAll, describe, expect, it } from "vitest";
import { del, freshNamespace, get, patch, post } from "../../api/client";
import { eventsFor, eventually, finishTerminating, listPods, MERGE, registerNode, reportPod, type Obj } from "../kwok";
import { unique } from "../../security/helpers";
import { settleControllers } from "../../scheduler/settle";

const dsPath = (ns: string, name = "") => `/apis/apps/v1/namespaces/${ns}/daemonsets${name ? `/${name}` : ""}`;

function daemonSet(name: string, pool: string, extra: Obj = {}): Obj {
  return {
    apiVersion: "apps/v1",
    kind: "DaemonSet",
    metadata: { name },
    spec: {
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { nodeSelector: { pool }, containers: [{ name: "agent", image: "agent:1" }], ...(extra.podSpec ?? {}) },
      },
      ...(extra.spec ?? {}),
    },
  };
}

/** The node a daemon pod is pinned to by its required node affinity. */
const pinnedNode = (pod: Obj): string | undefined =>
  pod.spec?.nodeName ?? pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms?.[0]?.matchFields?.[0]?.values?.[0];

const live = (pods: Obj[]) => pods.filter((p) => !p.metadata.deletionTimestamp);

async function podsByNode(ns: string, app: string): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const pod of live(await listPods(ns, `app=${app}`))) (out[pinnedNode(pod) ?? "?"] ??= []).push(pod.metadata.name);
  return out;
}

describe("daemonset loop", () => {
  afterAll(() => settleControllers(), 30_000);

  it("runs one pod per eligible node, skips a tainted node, gives a new node its pod", async () => {
    const ns = await freshNamespace("ds");
    const pool = unique("pool");
    const [a, b, tainted, c] = [unique("node-a"), unique("node-b"), unique("node-t"), unique("node-c")];
    await registerNode(a, { labels: { pool } });
    await registerNode(b, { labels: { pool } });
    await registerNode(tainted, { labels: { pool }, taints: [{ key: "dedicated", value: "gpu", effect: "NoSchedule" }] });
    await registerNode(unique("elsewhere"));
    expect((await post(dsPath(ns), daemonSet("agent", pool))).status).toBe(201);

    await eventually(async () => {
      expect(Object.keys(await podsByNode(ns, "agent")).sort()).toEqual([a, b].sort());
    });
    const pods = live(await listPods(ns, "app=agent"));
    for (const pod of pods) {
      expect(pod.metadata.ownerReferences).toEqual([expect.objectContaining({ kind: "DaemonSet", name: "agent", controller: true, blockOwnerDeletion: true })]);
      expect(pod.metadata.generateName).toBe("agent-");
      expect(pod.metadata.labels["controller-revision-hash"]).toMatch(/^[a-z0-9]+$/);
      expect(pod.spec.tolerations).toEqual(
        expect.arrayContaining([
          { key: "node.kubernetes.io/not-ready", operator: "Exists", effect: "NoExecute" },
          { key: "node.kubernetes.io/unschedulable", operator: "Exists", effect: "NoSchedule" },
        ]),
      );
    }
    await eventually(async () => {
      const ds = (await get(dsPath(ns, "agent"))).body;
      expect(ds.status).toMatchObject({ desiredNumberScheduled: 2, currentNumberScheduled: 2, numberMisscheduled: 0, numberReady: 0, observedGeneration: 1 });
    });
    await eventually(async () => {
      const created = (await eventsFor(ns, "agent")).filter((e) => e.reason === "SuccessfulCreate");
      expect(created.map((e) => e.message).sort()).toEqual(pods.map((p) => `Created pod: ${p.metadata.name}`).sort());
      expect(created[0].source.component).toBe("daemonset-controller");
    });

    await registerNode(c, { labels: { pool } });
    await eventually(async () => {
      expect(Object.keys(await podsByNode(ns, "agent")).sort()).toEqual([a, b, c].sort());
    });

    // Reported ready, the pods count as ready and available.
    for (const pod of live(await listPods(ns, "app=agent"))) await reportPod(ns, pod.metadata.name, "Ready");
    await eventually(async () => {
      const ds = (await get(dsPath(ns, "agent"))).body;
      expect(ds.status).toMatchObject({ desiredNumberScheduled: 3, numberReady: 3, numberAvailable: 3, updatedNumberScheduled: 3, numberUnavailable: 0 });
    });
  }, 90_000);

  it("runs on a tainted node when the DaemonSet tolerates the taint, and leaves a node that stops matching", async () => {
    const ns = await freshNamespace("ds");
    const pool = unique("pool");
    const [plain, tainted] = [unique("node-p"), unique("node-t")];
    await registerNode(plain, { labels: { pool } });
    await registerNode(tainted, { labels: { pool }, taints: [{ key: "dedicated", value: "gpu", effect: "NoSchedule" }] });
    const ds = daemonSet("gpu-agent", pool, { podSpec: { tolerations: [{ key: "dedicated", operator: "Equal", value: "gpu", effect: "NoSchedule" }] } });
    expect((await post(dsPath(ns), ds)).status).toBe(201);
    await eventually(async () => {
      expect(Object.keys(await podsByNode(ns, "gpu-agent")).sort()).toEqual([plain, tainted].sort());
    });

    // The node leaves the pool: its daemon pod is deleted.
    expect((await patch(`/api/v1/nodes/${plain}`, { metadata: { labels: { pool: "other" } } }, MERGE)).status).toBe(200);
    await finishTerminating(ns);
    await eventually(async () => {
      await finishTerminating(ns);
      expect(Object.keys(await podsByNode(ns, "gpu-agent"))).toEqual([tainted]);
    });
    // The Event follows the delete.
    await eventually(async () => expect((await eventsFor(ns, "gpu-agent")).some((e) => e.reason === "SuccessfulDelete")).toBe(true));
  }, 90_000);

  it("rolls a template change out node by node (maxUnavailable 1) with a new ControllerRevision", async () => {
    const ns = await freshNamespace("ds");
    const pool = unique("pool");
    const nodes = [unique("node-r1"), unique("node-r2"), unique("node-r3")];
    for (const n of nodes) await registerNode(n, { labels: { pool } });
    expect((await post(dsPath(ns), daemonSet("roll", pool))).status).toBe(201);
    await eventually(async () => expect(Object.keys(await podsByNode(ns, "roll"))).toHaveLength(3));
    for (const pod of await listPods(ns, "app=roll")) await reportPod(ns, pod.metadata.name, "Ready");
    const oldHash = (await listPods(ns, "app=roll"))[0].metadata.labels["controller-revision-hash"];
    await eventually(async () => expect((await get(dsPath(ns, "roll"))).body.status.numberAvailable).toBe(3));

    const res = await patch(dsPath(ns, "roll"), { spec: { template: { spec: { containers: [{ name: "agent", image: "agent:2" }] } } } }, "application/strategic-merge-patch+json");
    expect(res.status, res.text).toBe(200);

    // Never more than one node without an available pod; every node ends on the new revision.
    let newHash = "";
    const tooFewReady: number[] = [];
    await eventually(
      async () => {
        await finishTerminating(ns);
        const pods = live(await listPods(ns, "app=roll"));
        const readyNodes = new Set(pods.filter((p) => p.status?.conditions?.some((c: Obj) => c.type === "Ready" && c.status === "True")).map(pinnedNode));
        if (readyNodes.size < 2) tooFewReady.push(readyNodes.size);
        for (const pod of pods) {
          const ready = pod.status?.conditions?.some((c: Obj) => c.type === "Ready" && c.status === "True");
          if (!ready && pod.metadata.labels["controller-revision-hash"] !== oldHash) await reportPod(ns, pod.metadata.name, "Ready");
        }
        const withOld = pods.filter((p) => p.metadata.labels["controller-revision-hash"] === oldHash);
        expect(pods.length).toBeGreaterThanOrEqual(2);
        expect(withOld).toHaveLength(0);
        expect(pods).toHaveLength(3);
        newHash = pods[0].metadata.labels["controller-revision-hash"];
        for (const pod of pods) expect(pod.spec.containers[0].image).toBe("agent:2");
      },
      { timeout: 45_000, interval: 200 },
    );
    expect(newHash).not.toBe(oldHash);
    expect(tooFewReady).toEqual([]);
    const revisions = (await get(`/apis/apps/v1/namespaces/${ns}/controllerrevisions`)).body.items as Obj[];
    expect(revisions.map((r) => [r.metadata.name, r.revision]).sort()).toEqual(
      [
        [`roll-${oldHash}`, 1],
        [`roll-${newHash}`, 2],
      ].sort(),
    );
    await eventually(async () => {
      const ds = (await get(dsPath(ns, "roll"))).body;
      expect(ds.status).toMatchObject({ updatedNumberScheduled: 3, numberAvailable: 3, observedGeneration: 2 });
    });
    await eventually(async () => expect((await eventsFor(ns, "roll")).filter((e) => e.reason === "SuccessfulDelete")).toHaveLength(3));
  }, 90_000);

  it("OnDelete: a template change replaces a pod only once it is deleted", async () => {
    const ns = await freshNamespace("ds");
    const pool = unique("pool");
    const nodes = [unique("node-o1"), unique("node-o2")];
    for (const n of nodes) await registerNode(n, { labels: { pool } });
    expect((await post(dsPath(ns), daemonSet("od", pool, { spec: { updateStrategy: { type: "OnDelete" } } }))).status).toBe(201);
    await eventually(async () => expect(Object.keys(await podsByNode(ns, "od"))).toHaveLength(2));
    const before = live(await listPods(ns, "app=od"));
    const oldHash = before[0].metadata.labels["controller-revision-hash"];

    const res = await patch(dsPath(ns, "od"), { spec: { template: { spec: { containers: [{ name: "agent", image: "agent:2" }] } } } }, "application/strategic-merge-patch+json");
    expect(res.status, res.text).toBe(200);
    await eventually(async () => {
      const ds = (await get(dsPath(ns, "od"))).body;
      expect(ds.status).toMatchObject({ observedGeneration: 2, updatedNumberScheduled: 0, currentNumberScheduled: 2 });
    });
    expect(live(await listPods(ns, "app=od")).map((p) => p.metadata.name).sort()).toEqual(before.map((p) => p.metadata.name).sort());

    const victim = before[0];
    await del(`/api/v1/namespaces/${ns}/pods/${victim.metadata.name}`);
    await eventually(async () => {
      await finishTerminating(ns);
      const pods = live(await listPods(ns, "app=od"));
      expect(pods).toHaveLength(2);
      const replaced = pods.find((p) => pinnedNode(p) === pinnedNode(victim))!;
      expect(replaced.metadata.name).not.toBe(victim.metadata.name);
      expect(replaced.metadata.labels["controller-revision-hash"]).not.toBe(oldHash);
      expect(replaced.spec.containers[0].image).toBe("agent:2");
      expect(pods.find((p) => p.metadata.name === before[1].metadata.name)?.metadata.labels["controller-revision-hash"]).toBe(oldHash);
    });
  }, 90_000);

  it("replaces a failed daemon pod, with a FailedDaemonPod warning", async () => {
    const ns = await freshNamespace("ds");
    const pool = unique("pool");
    await registerNode(unique("node-f"), { labels: { pool } });
    expect((await post(dsPath(ns), daemonSet("flaky", pool))).status).toBe(201);
    await eventually(async () => expect(live(await listPods(ns, "app=flaky"))).toHaveLength(1));
    const [first] = live(await listPods(ns, "app=flaky"));
    await reportPod(ns, first.metadata.name, "Failed");
    await eventually(async () => {
      await finishTerminating(ns);
      const pods = live(await listPods(ns, "app=flaky"));
      expect(pods.map((p) => p.metadata.name)).not.toContain(first.metadata.name);
      expect(pods).toHaveLength(1);
    });
    const warnings = (await eventsFor(ns, "flaky")).filter((e) => e.reason === "FailedDaemonPod");
    expect(warnings.map((e) => [e.type, e.message])).toEqual([["Warning", `Found failed daemon pod ${ns}/${first.metadata.name} on node ${pinnedNode(first)}, will try to kill it`]]);
  }, 90_000);
});
