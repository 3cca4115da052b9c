/**
 * One Deployment sync as actions (planDeployment), over the in-memory world of world.ts: creation, convergence
 * ("converged → no actions"), rolling updates within maxSurge/maxUnavailable, Recreate, pause, scaling events,
 * hash collisions, adoption and release, revisionHistoryLimit cleanup, rollbacks and the deadline requeue.
 */
import { describe, expect, it } from "vitest";
import { computeHash } from "../../../../worker/controllers/deployment";
import type { Obj } from "../kwok";
import { apply, condition, edit, newDeployment, plan, runReplicaSets, settle, sizes, tick, world, type World } from "./world";

const REVISION = "deployment.kubernetes.io/revision";
const types = (w: World) => plan(w).actions.map((a) => a.type);
const image = (img: string) => (spec: Obj) => (spec.template.spec.containers[0].image = img);

/** A Deployment rolled out and settled, all pods available. */
function rolledOut(d: Obj): World {
  return settle(world(d)).world;
}

describe("a new Deployment", () => {
  it("creates its ReplicaSet <name>-<hash> and records revision 1 and NewReplicaSetCreated", () => {
    const w = world(newDeployment("web", 3));
    const p = plan(w);
    expect(p.actions.map((a) => a.type)).toEqual(["createReplicaSet", "updateDeploymentStatus"]);
    const create = p.actions[0] as Extract<(typeof p.actions)[number], { type: "createReplicaSet" }>;
    const hash = computeHash(w.deployment.spec.template);
    expect(create.replicaSet).toMatchObject({
      metadata: {
        name: `web-${hash}`,
        labels: { app: "web", "pod-template-hash": hash },
        annotations: { [REVISION]: "1", "deployment.kubernetes.io/desired-replicas": "3", "deployment.kubernetes.io/max-replicas": "4" },
        ownerReferences: [{ apiVersion: "apps/v1", kind: "Deployment", name: "web", uid: "web-uid", controller: true, blockOwnerDeletion: true }],
      },
      spec: { replicas: 3, selector: { matchLabels: { app: "web", "pod-template-hash": hash } }, template: { metadata: { labels: { app: "web", "pod-template-hash": hash } } } },
    });
    expect(create.events.map((e) => e.message)).toEqual([`Scaled up replica set web-${hash} from 0 to 3`]);
    const status = p.actions[1] as Extract<(typeof p.actions)[number], { type: "updateDeploymentStatus" }>;
    expect(status.deployment.metadata.annotations).toEqual({ [REVISION]: "1" });
    expect(condition(status.deployment, "Progressing")).toMatchObject({ status: "True", reason: "NewReplicaSetCreated", message: `Created new replica set "web-${hash}"` });
    expect(condition(status.deployment, "Available")).toMatchObject({ status: "False", reason: "MinimumReplicasUnavailable" });
  });

  it("settles: the rollout completes and a converged Deployment gets no actions and no requeue", () => {
    const { world: done, rounds } = settle(world(newDeployment("web", 3)));
    expect(rounds).toBeGreaterThan(1);
    expect(done.deployment.status).toMatchObject({ observedGeneration: 1, replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3 });
    expect(condition(done.deployment, "Progressing")).toMatchObject({ reason: "NewReplicaSetAvailable" });
    expect(condition(done.deployment, "Available")).toMatchObject({ status: "True", reason: "MinimumReplicasAvailable" });
    expect(plan(tick(done, 3600))).toEqual({ actions: [] });
  });
});

describe("RollingUpdate", () => {
  const strategy = (maxSurge: number | string, maxUnavailable: number | string) => ({ strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge, maxUnavailable } } });

  it.each<[number | string, number | string, number]>([
    [1, 0, 4],
    [0, 1, 4],
    ["25%", "25%", 4],
    [2, 2, 5],
  ])("maxSurge %j maxUnavailable %j on %d: stays within the bounds and ends on the new ReplicaSet", (surge, unavailable, replicas) => {
    const d = newDeployment("web", replicas, strategy(surge, unavailable));
    const before = rolledOut(d);
    const maxPods = replicas + (typeof surge === "number" ? surge : Math.ceil((replicas * parseInt(surge)) / 100));
    const { world: after } = settle(edit(before, image("nginx:1.28")), (w) => {
      expect(w.replicaSets.reduce((n, rs) => n + rs.spec.replicas, 0)).toBeLessThanOrEqual(maxPods);
    });
    expect(sizes(after)).toEqual([0, replicas]);
    expect(after.deployment.metadata.annotations[REVISION]).toBe("2");
    expect(plan(after).actions).toEqual([]);
  });

  it("does not scale the old ReplicaSet down while new pods are unavailable (maxUnavailable 0)", () => {
    const before = rolledOut(newDeployment("web", 4, strategy(1, 0)));
    const changed = edit(before, image("nginx:1.28"));
    const step1 = runReplicaSets(apply(changed, plan(changed)), (rs) => rs.spec.template.spec.containers[0].image === "nginx:1.27");
    expect(sizes(step1)).toEqual([4, 1]);
    const p = plan(step1);
    expect(p.actions.filter((a) => a.type === "updateReplicaSet")).toEqual([]);
    expect(p.requeueAfterMs).toBeUndefined();
    const ready = runReplicaSets(step1);
    expect(sizes(apply(ready, plan(ready)))).toEqual([3, 1]);
  });

  it("records the scaling steps as upstream words them", () => {
    const before = rolledOut(newDeployment("web", 2, strategy(1, 0)));
    const { world: after } = settle(edit(before, image("nginx:1.28")));
    const [o, n] = [...after.replicaSets].sort((a, b) => a.metadata.uid.localeCompare(b.metadata.uid, "en", { numeric: true })).map((rs) => rs.metadata.name);
    expect(after.events).toEqual([
      `Scaled up replica set ${o} from 0 to 2`,
      `Scaled up replica set ${n} from 0 to 1`,
      `Scaled down replica set ${o} from 2 to 1`,
      `Scaled up replica set ${n} from 1 to 2`,
      `Scaled down replica set ${o} from 1 to 0`,
    ]);
  });
});

describe("Recreate", () => {
  const recreate = { strategy: { type: "Recreate" } };

  it("scales old ReplicaSets to 0 first, waits for their pods, then creates the new one at full size", () => {
    const before = rolledOut(newDeployment("db", 2, recreate));
    const changed = edit(before, image("nginx:1.28"));
    expect(types(changed)).toEqual(["updateReplicaSet", "updateDeploymentStatus"]);
    const down = runReplicaSets(apply(changed, plan(changed)));
    const oldRS = down.replicaSets[0];
    const lingering = { metadata: { name: "p", labels: { app: "db" }, ownerReferences: [{ kind: "ReplicaSet", name: oldRS.metadata.name, uid: oldRS.metadata.uid, controller: true }] }, status: { phase: "Running" } };
    expect(types({ ...down, pods: [lingering] })).not.toContain("createReplicaSet");
    const finished = { ...down, pods: [{ ...lingering, status: { phase: "Succeeded" } }] };
    const p = plan(finished);
    expect(p.actions.map((a) => a.type)).toContain("createReplicaSet");
    const created = p.actions.find((a) => a.type === "createReplicaSet") as Obj;
    expect(created.replicaSet.spec.replicas).toBe(2);
    expect(sizes(settle(finished).world)).toEqual([0, 2]);
  });
});

describe("paused", () => {
  it("records DeploymentPaused, does not roll out, still scales and syncs status", () => {
    const before = rolledOut(newDeployment("api", 2));
    const paused = edit(edit(before, (s) => (s.paused = true)), image("nginx:1.28"));
    const { world: w } = settle(paused);
    expect(w.replicaSets).toHaveLength(1);
    expect(condition(w.deployment, "Progressing")).toMatchObject({ status: "Unknown", reason: "DeploymentPaused", message: "Deployment is paused" });
    expect(w.deployment.status.observedGeneration).toBe(3);
    const scaled = settle(edit(w, (s) => (s.replicas = 5))).world;
    expect(sizes(scaled)).toEqual([5]);
    const resumed = edit(scaled, (s) => (s.paused = false));
    const p = plan(resumed);
    expect(p.actions.map((a) => a.type)).toContain("createReplicaSet");
    const st = (p.actions.find((a) => a.type === "updateDeploymentStatus") as Obj).deployment;
    expect(["DeploymentResumed", "NewReplicaSetCreated"]).toContain(condition(st, "Progressing").reason);
  });
});

describe("scaling events", () => {
  it("resizes the single active ReplicaSet and its annotations", () => {
    const before = rolledOut(newDeployment("api", 3));
    const p = plan(edit(before, (s) => (s.replicas = 6)));
    const update = p.actions.find((a) => a.type === "updateReplicaSet") as Obj;
    expect(update.replicaSet.spec.replicas).toBe(6);
    expect(update.replicaSet.metadata.annotations).toMatchObject({ "deployment.kubernetes.io/desired-replicas": "6", "deployment.kubernetes.io/max-replicas": "8" });
    expect(update.events[0].message).toMatch(/^Scaled up replica set api-\w+ from 3 to 6$/);
  });
});

describe("minReadySeconds", () => {
  it("is passed on to the new ReplicaSet without a new rollout", () => {
    const before = rolledOut(newDeployment("api", 2));
    const p = plan(edit(before, (s) => (s.minReadySeconds = 5)));
    expect(p.actions.filter((a) => a.type === "createReplicaSet")).toEqual([]);
    const update = p.actions.find((a) => a.type === "updateReplicaSet") as Obj;
    expect(update.replicaSet.spec.minReadySeconds).toBe(5);
    expect(update.events).toEqual([]);
  });
});

describe("ownership and names", () => {
  it("a hash collision (name taken by another template) bumps collisionCount and creates nothing", () => {
    const d = newDeployment("web", 1);
    const name = `web-${computeHash(d.spec.template)}`;
    const squatter = { metadata: { name, namespace: "ns", uid: "sq", labels: { other: "x" }, creationTimestamp: "2024-01-01T00:00:00Z" }, spec: { replicas: 0, template: { spec: { containers: [] } } } };
    const p = plan(world(d, [squatter]));
    expect(p.actions.map((a) => a.type)).toEqual(["updateDeploymentStatus"]);
    const st = (p.actions[0] as Obj).deployment.status;
    expect(st.collisionCount).toBe(1);
    const next = apply(world(d, [squatter]), p);
    const created = plan(next).actions.find((a) => a.type === "createReplicaSet") as Obj;
    expect(created.replicaSet.metadata.name).toBe(`web-${computeHash(d.spec.template, 1)}`);
  });

  it("adopts a matching orphan ReplicaSet and releases an owned one that stopped matching", () => {
    const d = newDeployment("web", 1);
    const orphan = { metadata: { name: "orphan", namespace: "ns", uid: "o", labels: { app: "web" }, creationTimestamp: "2024-01-01T00:00:00Z" }, spec: { replicas: 0, template: { spec: {} } } };
    const strayed = {
      metadata: { name: "strayed", namespace: "ns", uid: "s", labels: { app: "other" }, creationTimestamp: "2024-01-01T00:00:00Z", ownerReferences: [{ kind: "Deployment", name: "web", uid: "web-uid", controller: true }] },
      spec: { replicas: 0, template: { spec: {} } },
    };
    const p = plan(world(d, [orphan, strayed]));
    expect(p.actions.slice(0, 2)).toEqual([
      { type: "adoptReplicaSet", name: "orphan", patch: { metadata: { ownerReferences: [{ apiVersion: "apps/v1", kind: "Deployment", name: "web", uid: "web-uid", controller: true, blockOwnerDeletion: true }], uid: "o" } } },
      { type: "releaseReplicaSet", name: "strayed", patch: { metadata: { ownerReferences: [{ $patch: "delete", uid: "web-uid" }], uid: "s" } } },
    ]);
  });
});

describe("history", () => {
  it("keeps revisionHistoryLimit old ReplicaSets, deleting the lowest revisions once they are scaled down", () => {
    let w = rolledOut(newDeployment("svc", 1, { revisionHistoryLimit: 1 }));
    for (const img of ["nginx:1.28", "nginx:1.29", "nginx:1.30"]) w = settle(edit(w, image(img))).world;
    expect(w.replicaSets.map((rs) => rs.metadata.annotations[REVISION]).sort()).toEqual(["3", "4"]);
    expect(plan(w).actions).toEqual([]);
  });

  it("a rollback makes the old ReplicaSet new again with the next revision and revision-history", () => {
    let w = rolledOut(newDeployment("app", 1));
    const first = w.replicaSets[0].metadata.name;
    w = settle(edit(w, image("nginx:1.28"))).world;
    w = settle(edit(w, image("nginx:1.27"))).world;
    expect(w.replicaSets).toHaveLength(2);
    const back = w.replicaSets.find((rs) => rs.metadata.name === first)!;
    expect(back.metadata.annotations).toMatchObject({ [REVISION]: "3", "deployment.kubernetes.io/revision-history": "1" });
    expect(back.spec.replicas).toBe(1);
    expect(w.deployment.metadata.annotations[REVISION]).toBe("3");
  });
});

describe("progress deadline", () => {
  it("requeues a stuck rollout for its deadline, then reports ProgressDeadlineExceeded", () => {
    const d = newDeployment("stuck", 1, { progressDeadlineSeconds: 30 });
    const { world: w } = settle(world(d), () => {}, () => false);
    const p = plan(w);
    expect(p.actions).toEqual([]);
    expect(p.requeueAfterMs).toBeGreaterThan(25_000);
    expect(p.requeueAfterMs).toBeLessThanOrEqual(31_000);
    const late = tick(w, 40);
    const timedOut = apply(late, plan(late));
    expect(condition(timedOut.deployment, "Progressing")).toMatchObject({ status: "False", reason: "ProgressDeadlineExceeded" });
    expect(plan(timedOut)).toEqual({ actions: [] });
  });
});
