/**
 * Carries out a StatefulSet plan through the API (stateful_pod_control.go): pods and claims created, updated
 * and deleted with the Events upstream records on the set — `SuccessfulCreate` "create Pod web-0 in
 * StatefulSet web successful", "create Claim www-web-0 Pod web-0 in StatefulSet web success",
 * `SuccessfulDelete`, `SuccessfulUpdate`, their `Failed…` twins and `ConflictingController`. Parallel phases
 * run in slow-start batches (1, 2, 4, … at most 500), as slowStartBatch.
 */
import type { KubeObject } from "../../../schema/types";
import type { InternalResponse } from "../../internal-client";
import type { ControllerApi } from "../framework/api";
import type { ClaimWork, PlanPhase, PodOp } from "./reconcile";

const MAX_BATCH = 500;

/** A write the plan needed that failed; the reconcile is retried with back-off. */
export class StatefulSetSyncError extends Error {}

const podsPath = (ns: string) => `/api/v1/namespaces/${ns}/pods`;
const claimsPath = (ns: string) => `/api/v1/namespaces/${ns}/persistentvolumeclaims`;
const messageOf = (res: InternalResponse) => String(res.body?.message ?? `status ${res.status}`);
const isAlreadyExists = (res: InternalResponse) => res.status === 409 && res.body?.reason === "AlreadyExists";
const ok = (res: InternalResponse) => res.status >= 200 && res.status < 300;

/** Runs the phases in order; the first failure stops the plan and is returned (after its batch finished). */
export async function runPhases(api: ControllerApi, set: KubeObject, phases: PlanPhase[]): Promise<Error | undefined> {
  for (const phase of phases) {
    const run = (group: PodOp[]) => runGroup(api, set, group);
    const err = phase.burst ? await slowStartBatch(phase.groups, run) : await sequential(phase.groups, run);
    if (err) return err;
  }
  return undefined;
}

async function sequential<T>(items: T[], fn: (item: T) => Promise<void>): Promise<Error | undefined> {
  for (const item of items) {
    try {
      await fn(item);
    } catch (e) {
      return asError(e);
    }
  }
  return undefined;
}

/** slowStartBatch: batches of 1, 2, 4, … run at once; a batch with failures ends the run. */
export async function slowStartBatch<T>(items: T[], fn: (item: T) => Promise<void>): Promise<Error | undefined> {
  let next = 0;
  for (let size = Math.min(1, items.length); size > 0; size = Math.min(2 * size, items.length - next, MAX_BATCH)) {
    const batch = items.slice(next, next + size);
    next += size;
    const results = await Promise.allSettled(batch.map(fn));
    const failed = results.filter((r): r is PromiseRejectedResult => r.status === "rejected").map((r) => asError(r.reason));
    if (failed.length) return failed.length === 1 ? failed[0] : new AggregateError(failed, failed.map((e) => e.message).join(", "));
  }
  return undefined;
}

const asError = (e: unknown): Error => (e instanceof Error ? e : new Error(String(e)));

async function runGroup(api: ControllerApi, set: KubeObject, ops: PodOp[]): Promise<void> {
  for (const op of ops) await runOp(api, set, op);
}

async function runOp(api: ControllerApi, set: KubeObject, op: PodOp): Promise<void> {
  const ns = set.metadata.namespace;
  const pod = op.pod;
  switch (op.op) {
    case "createPod": {
      const claimErr = await createClaims(api, set, pod, op.claims);
      if (claimErr) await failPod(api, set, "create", pod, claimErr);
      const res = await api.create(podsPath(ns), pod);
      if (isAlreadyExists(res)) throw new StatefulSetSyncError(messageOf(res));
      if (!ok(res)) await failPod(api, set, "create", pod, messageOf(res));
      const policyErr = await updateClaims(api, set, op.claims);
      if (policyErr) await failPod(api, set, "update", pod, policyErr);
      await podEvent(api, set, "create", pod);
      return;
    }
    case "createClaims": {
      const claimErr = await createClaims(api, set, pod, op.claims);
      if (claimErr) throw new StatefulSetSyncError(claimErr);
      const policyErr = await updateClaims(api, set, op.claims);
      if (policyErr) await failPod(api, set, "update", pod, policyErr);
      return;
    }
    case "updatePod": {
      const claimErr = await createClaims(api, set, pod, op.claims);
      if (claimErr) await failPod(api, set, "update", pod, claimErr);
      const policyErr = await updateClaims(api, set, op.claims);
      if (policyErr) await failPod(api, set, "update", pod, policyErr);
      if (op.changed) {
        const res = await api.update(`${podsPath(ns)}/${pod.metadata.name}`, pod);
        if (!ok(res)) await failPod(api, set, "update", pod, messageOf(res));
      }
      await podEvent(api, set, "update", pod);
      return;
    }
    case "fixClaims": {
      const policyErr = await updateClaims(api, set, op.claims);
      if (policyErr) throw new StatefulSetSyncError(policyErr);
      return;
    }
    case "deletePod": {
      const res = await api.delete(`${podsPath(ns)}/${pod.metadata.name}`);
      if (res.status === 404) return;
      if (!ok(res)) await failPod(api, set, "delete", pod, messageOf(res));
      await podEvent(api, set, "delete", pod);
      return;
    }
  }
}

const title = (verb: string) => verb[0].toUpperCase() + verb.slice(1);

/** recordPodEvent on success. */
function podEvent(api: ControllerApi, set: KubeObject, verb: string, pod: KubeObject): Promise<void> {
  return api.event(set, "Normal", `Successful${title(verb)}`, `${verb} Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} successful`);
}

/** recordPodEvent on failure, then the reconcile fails. */
async function failPod(api: ControllerApi, set: KubeObject, verb: string, pod: KubeObject, message: string): Promise<never> {
  await api.event(set, "Warning", `Failed${title(verb)}`, `${verb} Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} failed error: ${message}`);
  throw new StatefulSetSyncError(message);
}

/** createPersistentVolumeClaims: creates the missing claims; returns the joined errors (claims being deleted included). */
async function createClaims(api: ControllerApi, set: KubeObject, pod: KubeObject, work: ClaimWork): Promise<string | undefined> {
  const errs: string[] = [];
  for (const claim of work.create) {
    const res = await api.create(claimsPath(set.metadata.namespace), claim);
    const name = claim.metadata.name;
    const what = `Claim ${name}`;
    if (ok(res)) {
      await api.event(set, "Normal", "SuccessfulCreate", `create ${what} Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} success`);
      continue;
    }
    errs.push(`failed to create PVC ${name}: ${messageOf(res)}`);
    if (!isAlreadyExists(res)) {
      await api.event(set, "Warning", "FailedCreate", `create ${what} for Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} failed error: ${messageOf(res)}`);
    }
  }
  for (const name of work.deleting) errs.push(`pvc ${name} is being deleted`);
  return errs.length ? errs.join("\n") : undefined;
}

/** UpdatePodClaimForRetentionPolicy: warns about other controllers, writes the corrected references. */
async function updateClaims(api: ControllerApi, set: KubeObject, work: ClaimWork): Promise<string | undefined> {
  for (const name of work.conflicts) {
    await api.event(
      set,
      "Warning",
      "ConflictingController",
      `PersistentVolumeClaim ${name} has a conflicting OwnerReference that acts as a manging controller, the retention policy is ignored for this claim`,
    );
  }
  for (const claim of work.update) {
    const res = await api.update(`${claimsPath(set.metadata.namespace)}/${claim.metadata.name}`, claim);
    if (!ok(res)) return `could not update claim ${claim.metadata.name} for delete policy ownerRefs: ${messageOf(res)}`;
  }
  return undefined;
}
