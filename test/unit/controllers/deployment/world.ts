/**
 * An in-memory world for the pure Deployment sync tests: applies a plan's actions to plain objects and plays the
 * ReplicaSet controller and kubelets (each ReplicaSet's pods exist and are available, or not). It stands in for
 * the API only in the sense a fold over values does; the workerd tests drive the real Worker.
 */
import { planDeployment } from "../../../../worker/controllers/deployment";
import type { DeploymentPlan } from "../../../../worker/controllers/deployment";
import type { Obj } from "../kwok";

export interface World {
  deployment: Obj;
  replicaSets: Obj[];
  pods: Obj[];
  now: Date;
  /** Event messages recorded so far. */
  events: string[];
}

export const T0 = new Date("2024-06-01T12:00:00Z");
const rfc = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, "Z");

export function newDeployment(name: string, replicas: number, spec: Obj = {}): Obj {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name, namespace: "ns", uid: `${name}-uid`, generation: 1, resourceVersion: "1", creationTimestamp: rfc(T0) },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: "app", image: "nginx:1.27" }] } },
      strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: "25%", maxUnavailable: "25%" } },
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
      ...spec,
    },
  };
}

export function world(deployment: Obj, replicaSets: Obj[] = [], pods: Obj[] = []): World {
  return { deployment, replicaSets, pods, now: T0, events: [] };
}

export const plan = (w: World): DeploymentPlan => planDeployment({ deployment: w.deployment, replicaSets: w.replicaSets, pods: w.pods, now: w.now });

let uids = 0;

/** The world after `p`'s actions (all succeeding). */
export function apply(w: World, p: DeploymentPlan): World {
  const next = structuredClone(w);
  const byName = (name: string) => next.replicaSets.findIndex((rs) => rs.metadata.name === name);
  for (const a of p.actions) {
    switch (a.type) {
      case "createReplicaSet": {
        const rs = structuredClone(a.replicaSet);
        Object.assign(rs.metadata, { uid: `rs-${++uids}`, creationTimestamp: rfc(next.now), generation: 1 });
        rs.status = { replicas: 0 };
        next.replicaSets.push(rs);
        next.events.push(...a.events.map((e) => e.message));
        break;
      }
      case "updateReplicaSet": {
        const i = byName(a.replicaSet.metadata.name);
        const old = next.replicaSets[i];
        const specChanged = JSON.stringify(old.spec) !== JSON.stringify(a.replicaSet.spec);
        next.replicaSets[i] = { ...structuredClone(a.replicaSet), status: old.status, metadata: { ...a.replicaSet.metadata, generation: old.metadata.generation + (specChanged ? 1 : 0) } };
        next.events.push(...a.events.map((e) => e.message));
        break;
      }
      case "deleteReplicaSet":
        next.replicaSets.splice(byName(a.name), 1);
        break;
      case "adoptReplicaSet":
        next.replicaSets[byName(a.name)].metadata.ownerReferences = a.patch.metadata.ownerReferences;
        break;
      case "releaseReplicaSet": {
        const rs = next.replicaSets[byName(a.name)];
        rs.metadata.ownerReferences = (rs.metadata.ownerReferences ?? []).filter((r: Obj) => r.uid !== a.patch.metadata.ownerReferences[0].uid);
        break;
      }
      case "updateDeploymentStatus":
        next.deployment = { ...next.deployment, metadata: { ...next.deployment.metadata, annotations: a.deployment.metadata.annotations }, status: a.deployment.status };
        break;
    }
  }
  return next;
}

/** The ReplicaSet controller and kubelets: every ReplicaSet has its pods, available when `available(rs)`. */
export function runReplicaSets(w: World, available: (rs: Obj) => boolean = () => true): World {
  const next = structuredClone(w);
  for (const rs of next.replicaSets) {
    const n = rs.spec.replicas;
    const ready = available(rs) ? n : 0;
    rs.status = { replicas: n, fullyLabeledReplicas: n, readyReplicas: ready, availableReplicas: ready, observedGeneration: rs.metadata.generation };
  }
  return next;
}

export const tick = (w: World, seconds: number): World => ({ ...w, now: new Date(w.now.getTime() + seconds * 1000) });

/** Sync, apply and run pods until a sync has nothing to do; `check` sees every intermediate world. */
export function settle(w: World, check: (w: World) => void = () => {}, available?: (rs: Obj) => boolean): { world: World; rounds: number } {
  let cur = w;
  for (let rounds = 0; rounds < 30; rounds++) {
    const p = plan(cur);
    if (p.actions.length === 0) return { world: cur, rounds };
    cur = tick(runReplicaSets(apply(cur, p), available), 1);
    check(cur);
  }
  throw new Error("did not converge in 30 syncs");
}

/** The Deployment's ReplicaSets' sizes, oldest first. */
export const sizes = (w: World) => [...w.replicaSets].sort((a, b) => a.metadata.uid.localeCompare(b.metadata.uid, "en", { numeric: true })).map((rs) => rs.spec.replicas);

export const condition = (d: Obj, type: string) => (d.status?.conditions ?? []).find((c: Obj) => c.type === type);

/** The Deployment with a new spec (generation bumped, as the API does). */
export function edit(w: World, f: (spec: Obj) => void): World {
  const next = structuredClone(w);
  f(next.deployment.spec);
  next.deployment.metadata.generation++;
  return next;
}
