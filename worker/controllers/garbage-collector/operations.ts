/**
 * The garbage collector's requests (upstream operations.go and patch.go), through the API with the
 * collector's identity: listing a scope, looking owners up, deleting with preconditions, patching
 * ownerReferences, removing its finalizers.
 *
 * Cost of a listing: one LIST per followed resource (every served kind but events, one per storage
 * location: 23 namespaced kinds for a namespace, 33 for the cluster at the time of writing), each a
 * request through the API path and a Store shard read. There is no cheaper way to find dependents: no
 * field selector matches ownerReferences, and the Store filters only on the selectors a kind declares.
 * Measured in the workerd test pool (2 loaded cores): a namespace of 21 objects ~70 ms, the whole small test
 * cluster ~90 ms (test/unit/controllers/garbage-collector/gc.test.ts logs both).
 */
import type { KubeObject } from "../../../schema/types";
import { ControllerApiError, MERGE_PATCH, STRATEGIC_PATCH, type ControllerApi } from "../framework/api";
import { mapLimit } from "../framework/queue";
import { listPath, objectPath, type KindIndex, type KindInfo } from "./kinds";
import { removeFinalizerPatch, ownerReferencesOf, type PropagationPolicy } from "./decisions";
import { namespaceOf, Snapshot, type Listed } from "./snapshot";

/** LISTs in flight at once while building a snapshot. */
const LIST_CONCURRENCY = 4;
/** retry.DefaultBackoff.Steps: attempts at a finalizer patch that keeps losing races. */
const UPDATE_MAX_RETRIES = 5;

/** One sync's view: the API, the kinds, and the owners already looked up in this sync. */
export class GcContext {
  private readonly owners = new Map<string, Promise<KubeObject | undefined>>();

  constructor(
    readonly api: ControllerApi,
    readonly kinds: KindIndex,
  ) {}

  /** Every followed object in `namespace` (its namespaced kinds), or in the cluster when undefined. */
  async list(namespace: string | undefined): Promise<Snapshot> {
    const kinds = this.kinds.dependentResources.filter((k) => namespace === undefined || k.namespaced);
    const lists = await mapLimit(kinds, LIST_CONCURRENCY, async (kind) =>
      (await this.api.list(listPath(kind, namespace))).map((object): Listed => ({ kind, object })),
    );
    return new Snapshot(namespace, lists.flat());
  }

  /** The snapshot holding every dependent of `item`: `known` when it covers them, else a fresh listing. */
  async dependentsScope(item: Listed, known?: Snapshot): Promise<Snapshot> {
    const ns = item.kind.namespaced ? namespaceOf(item) : undefined;
    return known?.covers(ns) ? known : this.list(ns);
  }

  /** The object named by an owner reference, as the API has it now (one GET per owner per sync). */
  owner(kind: KindInfo, namespace: string | undefined, name: string): Promise<KubeObject | undefined> {
    const path = objectPath(kind, namespace, name);
    let found = this.owners.get(path);
    if (!found) this.owners.set(path, (found = this.api.get(path)));
    return found;
  }

  /**
   * deleteObject: DELETE with the uid and resourceVersion read as preconditions. On a conflict, when only
   * the resourceVersion moved and the ownerReferences are those the decision saw, deletes again with the uid
   * alone; when they changed, throws (the key is requeued and decided again). Gone already is success.
   */
  async delete(item: Listed, policy: PropagationPolicy): Promise<void> {
    const meta = item.object.metadata ?? {};
    const path = objectPath(item.kind, namespaceOf(item), meta.name);
    const res = await this.api.delete(path, { propagationPolicy: policy, preconditions: { uid: meta.uid, resourceVersion: meta.resourceVersion } });
    if (ok(res.status) || res.status === 404) return;
    if (res.status !== 409) throw new ControllerApiError("DELETE", path, res);
    const live = await this.api.get(path);
    if (!live || live.metadata?.uid !== meta.uid) return;
    if (JSON.stringify(ownerReferencesOf(live)) !== JSON.stringify(ownerReferencesOf(item.object))) {
      throw new ControllerApiError("DELETE", path, res);
    }
    await this.api.expect(this.api.delete(path, { propagationPolicy: policy, preconditions: { uid: meta.uid } }), `DELETE ${path}`, [404]);
  }

  /** A strategic merge patch of `item`'s ownerReferences; gone already is success. */
  async patchOwnerReferences(item: Listed, body: KubeObject): Promise<void> {
    const path = objectPath(item.kind, namespaceOf(item), item.object.metadata?.name);
    await this.api.expect(this.api.patch(path, body, STRATEGIC_PATCH), `PATCH ${path}`, [404]);
  }

  /** removeFinalizer: a merge patch at the resourceVersion read, read again after each lost race. */
  async removeFinalizer(owner: Listed, finalizer: string): Promise<void> {
    const path = objectPath(owner.kind, namespaceOf(owner), owner.object.metadata?.name);
    let current: KubeObject | undefined = owner.object;
    for (let attempt = 0; attempt < UPDATE_MAX_RETRIES; attempt++) {
      const body = removeFinalizerPatch(current, finalizer);
      if (!body) return;
      const res = await this.api.patch(path, body, MERGE_PATCH);
      if (ok(res.status) || res.status === 404) return;
      if (res.status !== 409) throw new ControllerApiError("PATCH", path, res);
      current = await this.api.get(path);
      if (!current || current.metadata?.uid !== owner.object.metadata?.uid) return;
    }
    throw new Error(`updateMaxRetries(${UPDATE_MAX_RETRIES}) has reached. The garbage collector will retry later for owner ${path}`);
  }
}

const ok = (status: number) => status >= 200 && status < 300;
