/**
 * Rollouts through the real Worker: a RollingUpdate step by step (the old ReplicaSet shrinks only as new pods
 * become ready, within maxSurge/maxUnavailable), Recreate (the new ReplicaSet waits for the old pods to be
 * gone), pause and resume, `rollout undo` as kubectl 1.32 does it (client-side template copy), `rollout
 * restart`, revisionHistoryLimit cleanup, and the progress deadline.
 */
import { afterAll, describe, expect, it } from "vitest";
import { settleControllers } from "../../scheduler/settle";
import { deployment, freshNamespace, get, patch, post } from "../../api/client";
import { unique } from "../../security/helpers";
import { eventually, finishTerminating, listPods, MERGE, registerNode, type Obj } from "../kwok";
import { condition, deployPath, deploymentNow, podsOf, readyAll, replicaSetsOf, rolloutStatus, scalingEvents } from "./helpers";

const REVISION = "deployment.kubernetes.io/revision";
const sizes = (rss: Obj[]) => rss.map((rs) => rs.spec.replicas);

async function createDeployment(ns: string, body: Obj): Promise<void> {
  const res = await post(deployPath(ns), body);
  expect(res.status, res.text).toBe(201);
}

async function setImage(ns: string, name: string, image: string): Promise<void> {
  const res = await patch(deployPath(ns, name), { spec: { template: { spec: { containers: [{ name: "app", image }] } } } }, "application/strategic-merge-patch+json");
  expect(res.status, res.text).toBe(200);
}

/** Waits until the Deployment has `n` ReplicaSets of the given sizes (oldest revision first). */
async function expectSizes(ns: string, name: string, want: number[]): Promise<Obj[]> {
  return eventually(async () => {
    const rss = await replicaSetsOf(ns, name);
    expect(sizes(rss)).toEqual(want);
    return rss;
  });
}

/** Creates a Deployment, makes its first ReplicaSet's pods ready and waits for the rollout to complete. */
async function rolledOut(ns: string, body: Obj): Promise<Obj> {
  await createDeployment(ns, body);
  const [rs] = await expectSizes(ns, body.metadata.name, [body.spec.replicas]);
  await eventually(async () => expect(await podsOf(ns, rs.metadata.name)).toHaveLength(body.spec.replicas));
  await readyAll(ns, rs.metadata.name);
  await eventually(async () => expect(rolloutStatus(await deploymentNow(ns, body.metadata.name)).done).toBe(true));
  return rs;
}

describe("Deployment rollouts", () => {
  // A file must not end mid-reconcile (the test environment tears the loops' Durable Objects down).
  afterAll(() => settleControllers(), 30_000);

  it("rolls out step by step within maxSurge 1 / maxUnavailable 0", async () => {
    const ns = await freshNamespace("roll");
    const body: Obj = deployment("web", 4);
    Object.assign(body.spec, { strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } } });
    const old = await rolledOut(ns, body);
    await setImage(ns, "web", "nginx:1.28");
    let [, cur] = await expectSizes(ns, "web", [4, 1]);
    const d = await deploymentNow(ns, "web");
    expect(rolloutStatus(d).message).toMatch(/out of 4 new replicas have been updated|Waiting for deployment spec update/);
    for (const want of [[3, 2], [2, 3], [1, 4], [0, 4]]) {
      await eventually(async () => expect(await podsOf(ns, cur.metadata.name)).toHaveLength(cur.spec.replicas));
      await readyAll(ns, cur.metadata.name);
      [, cur] = await expectSizes(ns, "web", want);
    }
    const done = await eventually(async () => {
      const d = await deploymentNow(ns, "web");
      expect(rolloutStatus(d).done).toBe(true);
      return d;
    });
    expect(done.metadata.annotations[REVISION]).toBe("2");
    expect(cur.metadata.annotations[REVISION]).toBe("2");
    expect(condition(done, "Progressing")).toMatchObject({ reason: "NewReplicaSetAvailable", message: `ReplicaSet "${cur.metadata.name}" has successfully progressed.` });
    const [o, n] = [old.metadata.name, cur.metadata.name];
    await eventually(async () => expect(await scalingEvents(ns, "web")).toEqual([
      `Scaled up replica set ${o} from 0 to 4`,
      `Scaled up replica set ${n} from 0 to 1`,
      `Scaled down replica set ${o} from 4 to 3`,
      `Scaled up replica set ${n} from 1 to 2`,
      `Scaled down replica set ${o} from 3 to 2`,
      `Scaled up replica set ${n} from 2 to 3`,
      `Scaled down replica set ${o} from 2 to 1`,
      `Scaled up replica set ${n} from 3 to 4`,
      `Scaled down replica set ${o} from 1 to 0`,
    ]));
  }, 90_000);

  it("Recreate scales the old ReplicaSet to 0 and creates the new one only when its pods are gone", async () => {
    const ns = await freshNamespace("recreate");
    const node = unique("kwok");
    await registerNode(node);
    const body: Obj = deployment("db", 2);
    Object.assign(body.spec, { strategy: { type: "Recreate" } });
    body.spec.template.spec.nodeName = node; // bound pods terminate gracefully, as on a kubelet
    const old = await rolledOut(ns, body);
    await setImage(ns, "db", "nginx:1.28");
    await expectSizes(ns, "db", [0]);
    await eventually(async () => expect((await listPods(ns, "app=db")).every((p) => p.metadata.deletionTimestamp)).toBe(true));
    await new Promise((r) => setTimeout(r, 500));
    expect(await replicaSetsOf(ns, "db")).toHaveLength(1);
    await finishTerminating(ns);
    const [, cur] = await expectSizes(ns, "db", [0, 2]);
    await eventually(async () => expect(await scalingEvents(ns, "db")).toEqual([
      `Scaled up replica set ${old.metadata.name} from 0 to 2`,
      `Scaled down replica set ${old.metadata.name} from 2 to 0`,
      `Scaled up replica set ${cur.metadata.name} from 0 to 2`,
    ]));
  });

  it("a paused Deployment scales but does not roll out, and rolls out once resumed", async () => {
    const ns = await freshNamespace("pause");
    await rolledOut(ns, deployment("api", 2));
    expect((await patch(deployPath(ns, "api"), { spec: { paused: true } }, MERGE)).status).toBe(200);
    await eventually(async () => expect(condition(await deploymentNow(ns, "api"), "Progressing")).toMatchObject({ status: "Unknown", reason: "DeploymentPaused", message: "Deployment is paused" }));
    await setImage(ns, "api", "nginx:1.28");
    expect((await patch(deployPath(ns, "api"), { spec: { replicas: 3 } }, MERGE)).status).toBe(200);
    await eventually(async () => {
      const d = await deploymentNow(ns, "api");
      expect(d.status.observedGeneration).toBe(d.metadata.generation);
    });
    await expectSizes(ns, "api", [3]);
    expect((await patch(deployPath(ns, "api"), { spec: { paused: false } }, MERGE)).status).toBe(200);
    const [, cur] = await eventually(async () => {
      const rss = await replicaSetsOf(ns, "api");
      expect(rss).toHaveLength(2);
      return rss;
    });
    expect(cur.spec.template.spec.containers[0].image).toBe("nginx:1.28");
    await eventually(async () => {
      const d = await deploymentNow(ns, "api");
      expect(["DeploymentResumed", "NewReplicaSetCreated", "ReplicaSetUpdated"]).toContain(condition(d, "Progressing").reason);
    });
  });

  it("rollout undo (client-side, as kubectl 1.32) makes the old ReplicaSet new again with the next revision", async () => {
    const ns = await freshNamespace("undo");
    const body: Obj = deployment("app", 1);
    const first = await rolledOut(ns, body);
    await setImage(ns, "app", "nginx:1.28");
    const [, second] = await expectSizes(ns, "app", [1, 1]);
    await eventually(async () => expect(await podsOf(ns, second.metadata.name)).toHaveLength(1));
    await readyAll(ns, second.metadata.name);
    await expectSizes(ns, "app", [0, 1]);

    // kubectl rollout undo: a JSON patch replacing the template with the previous revision's, minus pod-template-hash.
    const rs1 = (await get(`/apis/apps/v1/namespaces/${ns}/replicasets/${first.metadata.name}`)).body;
    const template = structuredClone(rs1.spec.template);
    delete template.metadata.labels["pod-template-hash"];
    const undo = await patch(deployPath(ns, "app"), [{ op: "replace", path: "/spec/template", value: template }], "application/json-patch+json");
    expect(undo.status, undo.text).toBe(200);

    const back = await eventually(async () => {
      const rs = (await get(`/apis/apps/v1/namespaces/${ns}/replicasets/${first.metadata.name}`)).body;
      expect(rs.metadata.annotations).toMatchObject({ [REVISION]: "3", "deployment.kubernetes.io/revision-history": "1" });
      expect(rs.spec.replicas).toBe(1);
      return rs;
    });
    await eventually(async () => expect(await podsOf(ns, back.metadata.name)).toHaveLength(1));
    await readyAll(ns, back.metadata.name);
    await eventually(async () => {
      const rss = await replicaSetsOf(ns, "app");
      expect(rss.map((rs) => [rs.metadata.name, rs.spec.replicas])).toEqual([[second.metadata.name, 0], [first.metadata.name, 1]]);
      const d = await deploymentNow(ns, "app");
      expect(d.metadata.annotations[REVISION]).toBe("3");
      expect(rolloutStatus(d).done).toBe(true);
    });
  });

  it("rollout restart rolls out a new ReplicaSet; revisionHistoryLimit keeps one old ReplicaSet", async () => {
    const ns = await freshNamespace("restart");
    const body: Obj = deployment("svc", 1);
    body.spec.revisionHistoryLimit = 1;
    await rolledOut(ns, body);
    for (const at of ["2024-01-01T00:00:00Z", "2024-01-02T00:00:00Z"]) {
      const res = await patch(deployPath(ns, "svc"), { spec: { template: { metadata: { annotations: { "kubectl.kubernetes.io/restartedAt": at } } } } }, MERGE);
      expect(res.status, res.text).toBe(200);
      const rss = await eventually(async () => {
        const all = await replicaSetsOf(ns, "svc");
        const last = all[all.length - 1];
        expect(last.spec.template.metadata.annotations?.["kubectl.kubernetes.io/restartedAt"]).toBe(at);
        return all;
      });
      const newest = rss[rss.length - 1];
      await eventually(async () => expect(await podsOf(ns, newest.metadata.name)).toHaveLength(1));
      await readyAll(ns, newest.metadata.name);
      await eventually(async () => expect(rolloutStatus(await deploymentNow(ns, "svc")).done).toBe(true));
    }
    await eventually(async () => {
      const rss = await replicaSetsOf(ns, "svc");
      expect(rss.map((rs) => rs.metadata.annotations[REVISION])).toEqual(["2", "3"]);
      expect(sizes(rss)).toEqual([0, 1]);
    });
  });

  it("reports ProgressDeadlineExceeded when new pods never become ready", async () => {
    const ns = await freshNamespace("deadline");
    const body: Obj = deployment("stuck", 1);
    body.spec.progressDeadlineSeconds = 2;
    await createDeployment(ns, body);
    const d = await eventually(async () => {
      const cur = await deploymentNow(ns, "stuck");
      expect(condition(cur, "Progressing")).toMatchObject({ status: "False", reason: "ProgressDeadlineExceeded" });
      return cur;
    });
    const [rs] = await replicaSetsOf(ns, "stuck");
    expect(condition(d, "Progressing").message).toBe(`ReplicaSet "${rs.metadata.name}" has timed out progressing.`);
    expect(condition(d, "Available")).toMatchObject({ status: "False", reason: "MinimumReplicasUnavailable", message: "Deployment does not have minimum availability." });
    expect(rolloutStatus(d).message).toBe(`deployment "stuck" exceeded its progress deadline`);
  });
});
