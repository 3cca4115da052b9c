/**
 * The garbage collector's reconcile of one key (thin: reads, the pure decisions of ./decisions, writes).
 * - An object key: the object as it is now — attemptToDelete when live with owners, orphan its dependents
 *   when deleting with `orphan`, delete its dependents when deleting with `foregroundDeletion`. An object
 *   that is gone needs nothing here: its DELETED write also woke the scan that handles its dependents.
 * - A scan key: one listing of the scope, then the same for every object in it that needs anything.
 */
import type { KubeObject } from "../../../schema/types";
import { mapLimit } from "../framework/queue";
import { objectPath } from "./kinds";
import {
  classOfOwner,
  deleteOwnerReferencesPatch,
  FOREGROUND_FINALIZER,
  isBeingDeleted,
  isDeletingDependents,
  needsDependentFacts,
  ORPHAN_FINALIZER,
  ownerReferencesOf,
  planAttemptToDelete,
  planDeletingDependents,
  planObject,
  planOrphan,
  resolveReference,
  unblockOwnerReferencesPatch,
  type ClassifiedReference,
  type DependentFacts,
  type ObjectPlan,
} from "./decisions";
import type { ObjectIdentity } from "./keys";
import type { GcContext } from "./operations";
import { namespaceOf, planScanItem, type Listed, type Snapshot } from "./snapshot";

/** Objects of one scan worked on at once. */
const SCAN_CONCURRENCY = 4;

export async function syncObject(ctx: GcContext, id: ObjectIdentity): Promise<void> {
  const kind = ctx.kinds.ofResource(id.group, id.resource);
  if (!kind) return;
  const latest = await ctx.api.get<KubeObject>(objectPath(kind, id.namespace, id.name));
  if (!latest || latest.metadata?.uid !== id.uid) return;
  await run(ctx, { kind, object: latest }, planObject(latest));
}

/** Everything in `namespace` (or the cluster) that needs the collector; all objects are tried before a throw. */
export async function scan(ctx: GcContext, namespace: string | undefined): Promise<void> {
  const snapshot = await ctx.list(namespace);
  const errors: unknown[] = [];
  await mapLimit([...snapshot.items], SCAN_CONCURRENCY, async (item) => {
    try {
      await run(ctx, item, planScanItem(item, snapshot), snapshot);
    } catch (e) {
      errors.push(e);
    }
  });
  if (errors.length) throw new AggregateError(errors, `garbage collector scan of ${namespace ?? "the cluster"}: ${errors.length} objects failed`);
}

function run(ctx: GcContext, item: Listed, plan: ObjectPlan, snapshot?: Snapshot): Promise<void> {
  switch (plan) {
    case "attemptToDelete":
      return attemptToDelete(ctx, item, snapshot);
    case "orphanDependents":
      return orphanDependents(ctx, item, snapshot);
    case "deleteDependents":
      return deleteDependents(ctx, item, snapshot);
    case "none":
      return Promise.resolve();
  }
}

/** classifyReferences; undefined when a reference cannot be judged (the item is left alone). */
async function classify(ctx: GcContext, item: Listed, snapshot?: Snapshot): Promise<ClassifiedReference[] | undefined> {
  const ns = namespaceOf(item);
  const out: ClassifiedReference[] = [];
  for (const ref of ownerReferencesOf(item.object)) {
    const resolved = resolveReference(ctx.kinds, ns, ref);
    // Upstream logs and retries such an item forever; the cron scan looks at it again anyway.
    if (!resolved.ok) return undefined;
    const listed = snapshot?.ownerState(item, ref);
    if (listed) {
      out.push({ ref, class: listed });
      continue;
    }
    const owner = await ctx.owner(resolved.kind, resolved.kind.namespaced ? ns : undefined, ref.name);
    out.push({ ref, class: classOfOwner(owner, ref) });
  }
  return out;
}

async function attemptToDelete(ctx: GcContext, item: Listed, snapshot?: Snapshot): Promise<void> {
  if (isBeingDeleted(item.object)) return;
  const refs = await classify(ctx, item, snapshot);
  if (!refs) return;
  let facts: DependentFacts | undefined;
  if (needsDependentFacts(refs)) {
    const dependents = (await ctx.dependentsScope(item, snapshot)).dependentsOf(item);
    facts = { count: dependents.length, anyDeletingDependents: dependents.some((d) => isDeletingDependents(d.object)) };
  }
  const plan = planAttemptToDelete(item.object, refs, facts);
  if (plan.action === "removeOwnerReferences") {
    await ctx.patchOwnerReferences(item, deleteOwnerReferencesPatch(item.object.metadata?.uid, plan.uids));
  } else if (plan.action === "delete") {
    const unblock = plan.unblockFirst ? unblockOwnerReferencesPatch(item.object) : undefined;
    if (unblock) await ctx.patchOwnerReferences(item, unblock);
    await ctx.delete(item, plan.propagationPolicy);
  }
}

async function orphanDependents(ctx: GcContext, owner: Listed, snapshot?: Snapshot): Promise<void> {
  const dependents = (await ctx.dependentsScope(owner, snapshot)).dependentsOf(owner);
  const plan = planOrphan(owner.object, dependents);
  await Promise.all(plan.patches.map((p) => ctx.patchOwnerReferences(p.dependent, p.body)));
  if (plan.removeFinalizer) await ctx.removeFinalizer(owner, ORPHAN_FINALIZER);
}

async function deleteDependents(ctx: GcContext, owner: Listed, snapshot?: Snapshot): Promise<void> {
  const scope = await ctx.dependentsScope(owner, snapshot);
  const plan = planDeletingDependents(owner.object, scope.dependentsOf(owner));
  if (plan.action === "removeFinalizer") return ctx.removeFinalizer(owner, FOREGROUND_FINALIZER);
  for (const dependent of plan.dependents) await attemptToDelete(ctx, dependent, scope);
}
