/**
 * A control loop as the controller manager runs it: which stored changes wake which keys (pure), how one key is
 * reconciled (through the API, with the loop's own identity), and which keys a full resync visits.
 *
 * Keys are the loop's own (usually `namespace/name`, or `name` for cluster-scoped objects). A key is never
 * reconciled twice at once, and a key woken while it is being reconciled runs again afterwards (the
 * workqueue's dirty set), so `sync` always sees the newest state it asked for.
 */
import type { KubeObject } from "../../../schema/types";
import type { UserInfo } from "../../authn/user";
import type { ControllerApi } from "./api";

export interface WrittenChange {
  type: "ADDED" | "MODIFIED" | "DELETED";
  /** `<group>/<resource>`, "" group for core: "/pods", "apps/replicasets". */
  resource: string;
  /** The object as stored, or its last state for DELETED. */
  object: KubeObject;
  /** MODIFIED: the object as it was before, when the writer had it (every API write path does). */
  oldObject?: KubeObject;
}

/** What a batch pass knows of why it runs. */
export interface PassInfo {
  /** The keys come from the cron resync (or a poke within moments of it), not only from writes. */
  resync: boolean;
}

/** What one reconcile asks of the queue: run this key again after `requeueAfterMs` (time-based work). */
export interface SyncResult {
  requeueAfterMs?: number;
}

export interface ControllerLoop {
  /** The loop's name: its queue rows and its Durable Object (`loop:<name>`). */
  name: string;
  /** The identity it acts with (RBAC applies): `system:serviceaccount:kube-system:<controller>` or a user. */
  user: UserInfo;
  /** The `source.component` / `reportingController` of its Events. */
  component: string;
  /** Keys a stored change wakes (pure, cheap: runs after every write). */
  wakes(change: WrittenChange): string[];
  /** Reconciles one key. Throwing requeues the key with exponential back-off. */
  sync?(api: ControllerApi, key: string): Promise<SyncResult | void>;
  /**
   * Reconciles many due keys in one pass (the scheduler: one read of nodes and pods for many pods). Returns the
   * keys to run again and when; a throw requeues all of `keys` with back-off.
   */
  syncBatch?(api: ControllerApi, keys: string[], pass?: PassInfo): Promise<Map<string, SyncResult>>;
  /**
   * Its Events are written after the passes (./deferred-events: right after a small round, after a large one
   * once the loop is idle): for the scheduler, whose Scheduled events would otherwise hold up the next pods'
   * bindings. Other loops write theirs within the pass.
   */
  deferEvents?: boolean;
  /** Every key the cron resync visits (list the loop's objects). */
  resyncKeys(api: ControllerApi): Promise<string[]>;
}

/** `namespace/name` for namespaced objects, `name` for cluster-scoped ones. */
export function keyOf(obj: { metadata?: { namespace?: string; name?: string } }): string {
  const ns = obj.metadata?.namespace;
  return ns ? `${ns}/${obj.metadata?.name}` : `${obj.metadata?.name}`;
}

/** The parts of a key made by `keyOf`. */
export function splitKey(key: string): { namespace?: string; name: string } {
  const i = key.indexOf("/");
  return i < 0 ? { name: key } : { namespace: key.slice(0, i), name: key.slice(i + 1) };
}

/** The controller ownerReference of `obj` when it is of `kind` (apiVersion group `group`), as upstream's GetControllerOf. */
export function controllerRefOf(obj: KubeObject, kind: string, group?: string): { name: string; uid: string } | undefined {
  for (const ref of obj.metadata?.ownerReferences ?? []) {
    if (!ref.controller || ref.kind !== kind) continue;
    if (group !== undefined && groupOf(ref.apiVersion) !== group) continue;
    return { name: ref.name, uid: ref.uid };
  }
  return undefined;
}

function groupOf(apiVersion: string): string {
  const i = apiVersion.indexOf("/");
  return i < 0 ? "" : apiVersion.slice(0, i);
}
