/**
 * One StatefulSet reconcile as a plan, pure (stateful_set_control.go updateStatefulSet, with the
 * MaxUnavailableStatefulSet gate off as in 1.32): which pods and claims to create, fix or delete, in which
 * order, and the status that results.
 *
 * Replicas are the ordinals `spec.ordinals.start … start + replicas - 1`; other pods of the set are condemned.
 * OrderedReady (monotonic) stops at the first replica that is not yet Running, Ready and available and deletes
 * condemned pods one at a time from the highest ordinal; Parallel (burst) acts on every replica at once.
 * RollingUpdate then deletes the highest-ordinal pod at or above the partition whose revision is not the update
 * revision, one at a time, waiting for each to come back available; OnDelete never deletes for an update.
 */
import type { KubeObject } from "../../../schema/types";
import { hasUnexpectedController, isClaimOwnerUpToDate, podClaimIsStale, withPolicyOwnerRefs } from "./claims";
import { claimsFor, identityMatches, inOrdinalRange, newVersionedStatefulSetPod, ordinalOf, podRevision, startOrdinal, storageMatches, withIdentity, withStorage } from "./identity";
import { availableAt, isFailed, isPending, isRunningAndAvailable, isRunningAndReady, isSucceeded, isTerminating, isUnavailable } from "./pod-state";
import { completeRollingUpdate, computeStatus, inconsistentStatus, type StatefulSetStatusCounts } from "./status";

/** What to do about a pod's claims (stateful_pod_control.go createPersistentVolumeClaims / UpdatePodClaimForRetentionPolicy). */
export interface ClaimWork {
  /** Missing claims, created with the owner references the retention policy wants. */
  create: KubeObject[];
  /** Claims that exist but are being deleted: the pod cannot be created or fixed yet. */
  deleting: string[];
  /** Existing claims with their owner references corrected. */
  update: KubeObject[];
  /** Claims another controller manages (a ConflictingController warning each). */
  conflicts: string[];
}

export type PodOp =
  /** CreateStatefulPod: claims first, then the pod, then the policy's references on claims that existed. */
  | { op: "createPod"; pod: KubeObject; claims: ClaimWork }
  /** createMissingPersistentVolumeClaims for a Pending pod. */
  | { op: "createClaims"; pod: KubeObject; claims: ClaimWork }
  /** UpdateStatefulPod: identity, storage or claim references; `pod` is the desired pod. */
  | { op: "updatePod"; pod: KubeObject; changed: boolean; claims: ClaimWork }
  /** UpdatePodClaimForRetentionPolicy for a condemned pod. */
  | { op: "fixClaims"; pod: KubeObject; claims: ClaimWork }
  | { op: "deletePod"; pod: KubeObject; why: "failed" | "condemned" | "update" };

export interface PlanPhase {
  /** Groups run in slow-start batches (Parallel) or one after another (OrderedReady); a group runs in order. */
  burst: boolean;
  groups: PodOp[][];
}

export interface StatefulSetPlan {
  phases: PlanPhase[];
  /** The status after this reconcile (completeRollingUpdate applied). */
  status: StatefulSetStatusCounts;
  /** The stored status differs and must be written. */
  writeStatus: boolean;
  /** Run again then: a Ready pod becomes available after minReadySeconds. */
  requeueAfterMs?: number;
}

export interface StatefulSetState {
  set: KubeObject;
  /** The set with the current / update revision's template applied. */
  currentSet: KubeObject;
  updateSet: KubeObject;
  currentRevision: string;
  updateRevision: string;
  collisionCount: number;
  /** The pods the set owns. */
  pods: KubeObject[];
  /** The namespace's PersistentVolumeClaims (only those named for the set's templates matter). */
  claims: KubeObject[];
  now: number;
}

const EMPTY_WORK = (): ClaimWork => ({ create: [], deleting: [], update: [], conflicts: [] });
const hasWork = (w: ClaimWork) => w.create.length + w.deleting.length + w.update.length + w.conflicts.length > 0;

export function planStatefulSet(st: StatefulSetState): StatefulSetPlan {
  const { set, now } = st;
  const minReady = set.spec?.minReadySeconds ?? 0;
  const start = startOrdinal(set);
  const count = set.spec?.replicas ?? 1;
  const claims = new Map<string, KubeObject>(st.claims.map((c) => [c.metadata?.name, c]));
  const claimsOf = (pod: KubeObject) => claimsFor(set, ordinalOf(pod)).map(({ claim }) => claims.get(claim.metadata.name));

  const replicas: KubeObject[] = new Array(count);
  const missing = new Set<number>();
  const condemned: KubeObject[] = [];
  for (const pod of st.pods) {
    const o = ordinalOf(pod);
    if (inOrdinalRange(pod, set)) replicas[o - start] = pod;
    else if (o >= 0) condemned.push(pod);
  }
  for (let i = 0; i < count; i++) {
    if (replicas[i]) continue;
    replicas[i] = newVersionedStatefulSetPod(st.currentSet, st.updateSet, st.currentRevision, st.updateRevision, start + i);
    missing.add(i);
  }
  condemned.sort((a, b) => ordinalOf(b) - ordinalOf(a));
  const unavailable = (p: KubeObject) => isUnavailable(p, minReady, now);
  const firstUnavailable = replicas.find(unavailable) ?? [...condemned].reverse().find(unavailable);

  const revisions = { current: st.currentRevision, update: st.updateRevision, collisionCount: st.collisionCount };
  const created = () => [...replicas.filter((_, i) => !missing.has(i)), ...condemned];
  const finish = (phases: PlanPhase[], decrementCurrent = false): StatefulSetPlan => {
    const counts = computeStatus(set, created(), revisions, now);
    if (decrementCurrent) counts.currentReplicas--;
    const status = completeRollingUpdate(set, counts);
    return { phases, status, writeStatus: inconsistentStatus(set, status), requeueAfterMs: availabilityRequeue(set, st.pods, now) };
  };

  if (set.metadata?.deletionTimestamp) return finish([]);
  const monotonic = set.spec?.podManagementPolicy !== "Parallel";

  /** Claim work for `pod`: missing claims (when `create`), and the policy's references (when `retention`). */
  const claimWork = (pod: KubeObject, create: boolean, retention: boolean): ClaimWork => {
    const work = EMPTY_WORK();
    for (const { claim } of claimsFor(set, ordinalOf(pod))) {
      const existing = claims.get(claim.metadata.name);
      if (!existing) {
        if (!create) continue;
        const made = withPolicyOwnerRefs(claim, set, pod);
        work.create.push(made);
        claims.set(claim.metadata.name, made);
        continue;
      }
      if (create && existing.metadata?.deletionTimestamp) work.deleting.push(claim.metadata.name);
      if (!retention) continue;
      if (hasUnexpectedController(existing, set, pod)) work.conflicts.push(claim.metadata.name);
      if (!isClaimOwnerUpToDate(existing, set, pod)) {
        const fixed = withPolicyOwnerRefs(existing, set, pod);
        work.update.push(fixed);
        claims.set(claim.metadata.name, fixed);
      }
    }
    return work;
  };
  const retentionMatches = (pod: KubeObject) => claimsOf(pod).every((c) => c === undefined || isClaimOwnerUpToDate(c, st.updateSet, pod));

  /** processReplica: the ops for replica `i`, and whether an OrderedReady set must stop here. */
  const processReplica = (i: number): { ops: PodOp[]; stop: boolean } => {
    const pod = replicas[i];
    if (missing.has(i)) {
      if (podClaimIsStale(set, pod, claimsOf(pod))) return { ops: [], stop: true };
      return { ops: [{ op: "createPod", pod, claims: claimWork(pod, true, true) }], stop: monotonic };
    }
    if (isFailed(pod) || isSucceeded(pod)) {
      return { ops: isTerminating(pod) ? [] : [{ op: "deletePod", pod, why: "failed" }], stop: true };
    }
    const ops: PodOp[] = [];
    if (isPending(pod)) {
      const work = claimWork(pod, true, true);
      if (hasWork(work)) ops.push({ op: "createClaims", pod, claims: work });
    }
    if (monotonic && (isTerminating(pod) || !isRunningAndReady(pod) || !isRunningAndAvailable(pod, minReady, now))) return { ops, stop: true };
    const identity = identityMatches(set, pod);
    const storage = storageMatches(set, pod);
    if (identity && storage && retentionMatches(pod)) return { ops, stop: false };
    let desired = identity ? pod : withIdentity(set, pod);
    if (!storage) desired = { ...desired, spec: { ...desired.spec, volumes: withStorage(set, desired) } };
    ops.push({ op: "updatePod", pod: desired, changed: !identity || !storage, claims: claimWork(desired, !storage, true) });
    return { ops, stop: false };
  };

  const phases: PlanPhase[] = [];
  const replicaGroups: PodOp[][] = [];
  let stopped = false;
  for (let i = 0; i < count; i++) {
    const { ops, stop } = processReplica(i);
    if (ops.length) replicaGroups.push(ops);
    if (stop && monotonic) {
      stopped = true;
      break;
    }
  }
  phases.push({ burst: !monotonic, groups: replicaGroups });
  if (stopped) return finish(phases);

  // Condemned pods keep their claims' references right (a scaled-down pod may now own its claims).
  const fixGroups: PodOp[][] = [];
  for (const pod of condemned) {
    const work = claimWork(pod, false, true);
    if (work.update.length) fixGroups.push([{ op: "fixClaims", pod, claims: work }]);
  }
  phases.push({ burst: !monotonic, groups: fixGroups });

  // processCondemned: OrderedReady deletes the highest ordinal once all others are healthy, then stops.
  const deleteGroups: PodOp[][] = [];
  for (const pod of condemned) {
    if (isTerminating(pod)) {
      if (monotonic) return finish([...phases, { burst: false, groups: deleteGroups }]);
      continue;
    }
    if (monotonic && pod !== firstUnavailable && unavailable(pod)) return finish([...phases, { burst: false, groups: deleteGroups }]);
    deleteGroups.push([{ op: "deletePod", pod, why: "condemned" }]);
    if (monotonic) return finish([...phases, { burst: false, groups: deleteGroups }]);
  }
  phases.push({ burst: !monotonic, groups: deleteGroups });

  if (set.spec?.updateStrategy?.type === "OnDelete") return finish(phases);

  // RollingUpdate: the highest ordinal at or above the partition not at the update revision, one at a time.
  const partition = set.spec?.updateStrategy?.rollingUpdate?.partition ?? 0;
  for (let target = count - 1; target >= partition; target--) {
    const pod = replicas[target];
    if (podRevision(pod) !== st.updateRevision && !isTerminating(pod)) {
      return finish([...phases, { burst: false, groups: [[{ op: "deletePod", pod, why: "update" }]] }], true);
    }
    if (unavailable(pod)) break;
  }
  return finish(phases);
}

/** When the earliest Ready-but-not-yet-available pod becomes available (syncStatefulSet's minReadySeconds requeue). */
export function availabilityRequeue(set: KubeObject, pods: KubeObject[], now: number): number | undefined {
  const minReady = set.spec?.minReadySeconds ?? 0;
  if (minReady <= 0) return undefined;
  let next: number | undefined;
  for (const pod of pods) {
    if (!isRunningAndReady(pod) || isTerminating(pod)) continue;
    const at = availableAt(pod, minReady);
    if (at === undefined || at < now) continue;
    const wait = at - now + 1;
    next = next === undefined ? wait : Math.min(next, wait);
  }
  return next;
}
