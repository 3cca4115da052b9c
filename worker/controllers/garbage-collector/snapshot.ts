/**
 * One listing of the objects in a scope (a namespace, or the whole cluster), indexed as upstream's dependency
 * graph is: by uid, and owner uid → dependents. Built per sync from LISTs and dropped afterwards: we keep no
 * graph between syncs, so nothing lives only in memory.
 *
 * A listing is a hint, never a verdict that something is gone: the LISTs of different resources are read at
 * different moments, so an owner missing from it is looked up with a GET before its dependents are touched
 * (as isDangling asks the API server). An owner found in it counts as present; if it was deleted meanwhile,
 * its DELETED write wakes another scan.
 */
import type { KubeObject } from "../../../schema/types";
import { groupOf, type KindInfo } from "./kinds";
import { isDeletingDependents, ownerReferencesOf, planObject, type ObjectPlan, type OwnerReference } from "./decisions";

export interface Listed {
  kind: KindInfo;
  object: KubeObject;
}

export const namespaceOf = (l: Listed): string | undefined => l.object.metadata?.namespace || undefined;

export class Snapshot {
  private readonly byUid = new Map<string, Listed[]>();
  private readonly dependents = new Map<string, Listed[]>();

  /** `namespace` undefined: the whole cluster (cluster-scoped objects included). */
  constructor(
    readonly namespace: string | undefined,
    readonly items: readonly Listed[],
  ) {
    for (const item of items) {
      const uid = item.object.metadata?.uid;
      if (uid) push(this.byUid, uid, item);
      for (const ref of new Set(ownerReferencesOf(item.object).map((r) => r.uid))) push(this.dependents, ref, item);
    }
  }

  /** Every dependent of an object in `namespace` (undefined: a cluster-scoped object) was listed here. */
  covers(namespace: string | undefined): boolean {
    return this.namespace === undefined || this.namespace === namespace;
  }

  /**
   * The listed objects with a reference to `owner`'s uid; a namespaced owner's only in its own namespace
   * (a reference from another namespace can never be satisfied by it).
   */
  dependentsOf(owner: Listed): Listed[] {
    const all = this.dependents.get(owner.object.metadata?.uid) ?? [];
    return owner.kind.namespaced ? all.filter((d) => namespaceOf(d) === namespaceOf(owner)) : all;
  }

  /**
   * The state of `ref`'s owner as listed: "solid" or "waiting" when an object with the reference's uid,
   * group, kind and name is in the place the reference points to; undefined when it was not seen here.
   */
  ownerState(dependent: Listed, ref: OwnerReference): "solid" | "waiting" | undefined {
    const owner = (this.byUid.get(ref.uid) ?? []).find(
      (c) =>
        c.kind.group === groupOf(ref.apiVersion) &&
        c.kind.kind === ref.kind &&
        c.object.metadata?.name === ref.name &&
        (!c.kind.namespaced || namespaceOf(c) === namespaceOf(dependent)),
    );
    if (!owner) return undefined;
    return isDeletingDependents(owner.object) ? "waiting" : "solid";
  }
}

/**
 * What a scan does with a listed object: as its own key would (planObject), except that an object whose
 * every owner was listed alive and not waiting costs nothing (the common case: no request at all).
 */
export function planScanItem(item: Listed, snapshot: Snapshot): ObjectPlan {
  const plan = planObject(item.object);
  if (plan !== "attemptToDelete") return plan;
  return ownerReferencesOf(item.object).every((r) => snapshot.ownerState(item, r) === "solid") ? "none" : plan;
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}
