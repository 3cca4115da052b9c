/**
 * What bootstrap must write so that the stored RBAC objects include upstream's bootstrap policy
 * (reconciled as in ./reconcile.ts) and every aggregated ClusterRole holds its aggregated rules (computed as
 * the clusterrole-aggregation controller would, so a fresh cluster has admin, edit and view filled).
 * Pure: the shell lists the RBAC prefix once, plans, and writes only the differences.
 */
import type { KubeObject } from "../../../schema/types";
import { aggregationChanges } from "./aggregate";
import { bootstrapPolicyObjects } from "./index";
import { reconcileObject } from "./reconcile";

export interface StoredObject {
  object: KubeObject;
  /** The revision the object was read at (compare-and-swap precondition of an update or delete). */
  revision: number;
}

export type BootstrapWrite =
  | { op: "create"; object: KubeObject }
  | { op: "update"; object: KubeObject; previous: KubeObject; revision: number }
  /** Delete `previous` at `revision`, then create `object`. */
  | { op: "recreate"; object: KubeObject; previous: KubeObject; revision: number };

export interface BootstrapPlan {
  writes: BootstrapWrite[];
  /** `kind namespace/name` of autoupdate=false objects that differ from the bootstrap policy (left alone). */
  protectedObjects: string[];
}

export const identity = (o: KubeObject): string => `${o.kind} ${o.metadata?.namespace ?? ""}/${o.metadata?.name ?? ""}`;

export function planRbacBootstrap(stored: readonly StoredObject[], expected: readonly KubeObject[] = bootstrapPolicyObjects()): BootstrapPlan {
  const byIdentity = new Map(stored.map((s) => [identity(s.object), s]));
  const writes = new Map<string, BootstrapWrite>();
  const protectedObjects: string[] = [];
  for (const want of expected) {
    const id = identity(want);
    const have = byIdentity.get(id);
    const action = reconcileObject(have?.object, want);
    if (action.op === "none") {
      if (action.protected) protectedObjects.push(id);
    } else if (action.op === "create") {
      writes.set(id, { op: "create", object: action.object });
    } else {
      writes.set(id, { op: action.op, object: action.object, previous: have!.object, revision: have!.revision });
    }
  }
  addAggregation(stored, writes);
  return { writes: [...writes.values()], protectedObjects };
}

/** Folds the aggregated rules of every aggregated ClusterRole, as it will be after `writes`, into the plan. */
function addAggregation(stored: readonly StoredObject[], writes: Map<string, BootstrapWrite>): void {
  const roles = new Map<string, KubeObject>();
  for (const s of stored) if (s.object.kind === "ClusterRole") roles.set(identity(s.object), s.object);
  for (const [id, w] of writes) if (w.object.kind === "ClusterRole") roles.set(id, w.object);
  for (const [name, rules] of aggregationChanges([...roles.values()])) {
    const id = `ClusterRole /${name}`;
    const planned = writes.get(id);
    if (planned) {
      planned.object.rules = rules;
      continue;
    }
    const current = stored.find((s) => identity(s.object) === id)!;
    writes.set(id, { op: "update", object: { ...structuredClone(current.object), rules }, previous: current.object, revision: current.revision });
  }
}
