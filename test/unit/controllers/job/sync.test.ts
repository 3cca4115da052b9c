/**
 * One Job sync, pure end to end: planJobSync → (the pod writes, assumed to succeed) → statusAfterActions →
 * (finalizers removed) → statusAfterFinalizers. Each case is the state of the world before a sync and what the
 * sync writes; "converged" cases must write nothing.
 */
import { describe, expect, it } from "vitest";
import type { KubeObject } from "../../../../schema/types";
import { planJobSync } from "../../../../worker/controllers/job/sync-plan";
import { normalizeStatus, statusAfterActions, statusAfterFinalizers } from "../../../../worker/controllers/job/track";
import { at, job, pod, T0 } from "./fixtures";

function sync(j: KubeObject, pods: KubeObject[], now: number, failDeletes = false) {
  const { state, action } = planJobSync(j, pods, now);
  const toDelete = action.kind === "deleteActive" ? action.pods : action.kind === "manage" && action.decision.kind === "delete" ? action.decision.pods : [];
  const created = action.kind === "manage" && action.decision.kind === "create" ? action.decision.pods.length : 0;
  const tracked = statusAfterActions(state, action, { deleted: failDeletes ? [] : toDelete, created }, now);
  const removed = new Set<string>(tracked.podsToRemoveFinalizer.map((p) => p.metadata.uid));
  const final = statusAfterFinalizers(tracked, removed, false, j.spec.completions ?? undefined, now);
  const act =
    action.kind === "deleteActive"
      ? { deleteActive: toDelete.map((p) => p.metadata.uid) }
      : action.kind === "manage"
        ? action.decision.kind === "create"
          ? { create: action.decision.pods }
          : action.decision.kind === "delete"
            ? { delete: toDelete.map((p) => p.metadata.uid) }
            : action.decision.kind
        : "none";
  return {
    act,
    requeueAfterMs: state.requeueAfterMs,
    interim: tracked.needsFlush ? normalizeStatus(tracked.status) : undefined,
    removeFinalizer: tracked.podsToRemoveFinalizer.map((p) => p.metadata.uid),
    final: final.needsFlush ? normalizeStatus(final.status) : undefined,
    events: [...tracked.events, ...final.events].map((e) => `${e.type} ${e.reason}: ${e.message}`),
  };
}

const running = { startTime: at(0), active: 1, ready: 0, terminating: 0, uncountedTerminatedPods: {} };
const cond = (type: string, status: string, reason: string | undefined, message: string | undefined, s: number) => ({
  type,
  status,
  ...(reason ? { reason } : {}),
  ...(message ? { message } : {}),
  lastProbeTime: at(s),
  lastTransitionTime: at(s),
});

describe("converged → no actions, no writes", () => {
  it.each([
    ["one running pod", job(), running, [pod("a")]],
    ["three of five running at parallelism 3", job({ parallelism: 3, completions: 5 }), { ...running, active: 3 }, [pod("a"), pod("b"), pod("c")]],
    ["a ready pod", job(), { ...running, ready: 1 }, [pod("a", { ready: true })]],
    ["a counted failure, replacement running", job(), { ...running, failed: 1 }, [pod("f", { phase: "Failed", tracked: false }), pod("a")]],
    [
      "suspended, nothing running",
      job({ suspend: true }),
      { active: 0, ready: 0, terminating: 0, uncountedTerminatedPods: {}, conditions: [cond("Suspended", "True", "JobSuspended", "Job suspended", 0)] },
      [],
    ],
    ["Indexed, one index done", job({ completionMode: "Indexed", completions: 2, parallelism: 1 }), { ...running, succeeded: 1, completedIndexes: "0" }, [pod("s", { phase: "Succeeded", index: 0, tracked: false }), pod("a", { index: 1 })]],
  ])("%s", (_n, j, status, pods) => {
    const r = sync({ ...j, status }, pods, T0 + 5_000);
    expect(r).toMatchObject({ act: "none", interim: undefined, final: undefined, removeFinalizer: [], events: [] });
  });
});

describe("a Job's life, one sync at a time", () => {
  it("a new Job creates its pod and records startTime, active, ready and terminating", () => {
    const r = sync(job(), [], T0);
    expect(r.act).toEqual({ create: [{}] });
    expect(r.interim).toEqual({ startTime: at(0), active: 1, ready: 0, terminating: 0, uncountedTerminatedPods: {} });
  });

  it("a succeeded pod is counted through uncountedTerminatedPods, then SuccessCriteriaMet and Complete", () => {
    const r = sync(job({}, running), [pod("a", { phase: "Succeeded", finished: 3 })], T0 + 5_000);
    expect(r.act).toBe("none");
    expect(r.interim).toEqual({
      startTime: at(0),
      ready: 0,
      terminating: 0,
      uncountedTerminatedPods: { succeeded: ["a"] },
      conditions: [cond("SuccessCriteriaMet", "True", "CompletionsReached", "Reached expected number of succeeded pods", 5)],
    });
    expect(r.removeFinalizer).toEqual(["a"]);
    expect(r.final).toEqual({
      startTime: at(0),
      ready: 0,
      terminating: 0,
      succeeded: 1,
      uncountedTerminatedPods: {},
      completionTime: at(5),
      conditions: [
        cond("SuccessCriteriaMet", "True", "CompletionsReached", "Reached expected number of succeeded pods", 5),
        cond("Complete", "True", "CompletionsReached", "Reached expected number of succeeded pods", 5),
      ],
    });
    expect(r.events).toEqual(["Normal Completed: Job completed"]);
  });

  it("a failure within the backoff limit is counted and replaced after the back-off", () => {
    const failedPod = pod("a", { phase: "Failed", finished: 4 });
    const r = sync(job({ backoffLimit: 1 }, running), [failedPod], T0 + 5_000);
    expect(r.act).toBe("wait");
    expect(r.requeueAfterMs).toBe(9_000);
    expect(r.final).toMatchObject({ failed: 1, uncountedTerminatedPods: {} });
    expect(r.final).not.toHaveProperty("active");
    const later = sync(job({ backoffLimit: 1 }, r.final), [{ ...failedPod, metadata: { ...failedPod.metadata, finalizers: [] } }], T0 + 14_001);
    expect(later.act).toEqual({ create: [{}] });
  });

  it("exceeding backoffLimit fails the Job: FailureTarget, then Failed, with the upstream event", () => {
    const r = sync(job({ backoffLimit: 1 }, { ...running, failed: 1 }), [pod("f", { phase: "Failed", tracked: false }), pod("b", { phase: "Failed", finished: 20 })], T0 + 30_000);
    const failure = ["BackoffLimitExceeded", "Job has reached the specified backoff limit"] as const;
    expect(r.act).toEqual({ deleteActive: [] });
    expect(r.interim?.conditions).toEqual([cond("FailureTarget", "True", ...failure, 30)]);
    expect(r.interim?.uncountedTerminatedPods).toEqual({ failed: ["b"] });
    expect(r.final).toMatchObject({ failed: 2, conditions: [cond("FailureTarget", "True", ...failure, 30), cond("Failed", "True", ...failure, 30)] });
    expect(r.final).not.toHaveProperty("completionTime");
    expect(r.events).toEqual(["Warning BackoffLimitExceeded: Job has reached the specified backoff limit"]);
  });

  it("activeDeadlineSeconds: requeues for the deadline, then deletes the pods and fails once they are gone", () => {
    const j = job({ activeDeadlineSeconds: 10 }, running);
    expect(sync(j, [pod("a")], T0 + 4_000)).toMatchObject({ act: "none", requeueAfterMs: 6_000, interim: undefined });
    const r = sync(j, [pod("a")], T0 + 10_000);
    expect(r.act).toEqual({ deleteActive: ["a"] });
    const target = cond("FailureTarget", "True", "DeadlineExceeded", "Job was active longer than specified deadline", 10);
    expect(r.interim).toMatchObject({ terminating: 1, uncountedTerminatedPods: { failed: ["a"] }, conditions: [target] });
    // The pod is still terminating: the counters move, the terminal condition waits.
    expect(r.final).toMatchObject({ failed: 1, terminating: 1, conditions: [target] });
    const after = sync({ ...j, status: r.final }, [], T0 + 12_000);
    expect(after.final).toMatchObject({ terminating: 0, conditions: [target, cond("Failed", "True", "DeadlineExceeded", "Job was active longer than specified deadline", 12)] });
    expect(after.events).toEqual(["Warning DeadlineExceeded: Job was active longer than specified deadline"]);
  });

  it("a finishing Job whose pod deletions failed is not finished yet", () => {
    const r = sync(job({ activeDeadlineSeconds: 1 }, running), [pod("a")], T0 + 2_000, true);
    expect(r.final?.conditions ?? r.interim?.conditions).toBeUndefined();
  });

  it("suspend deletes the active pods (not counted as failures) and sets Suspended; resume resets startTime", () => {
    const r = sync(job({ suspend: true }, running), [pod("a")], T0 + 5_000);
    expect(r.act).toEqual({ delete: ["a"] });
    expect(r.interim).toEqual({
      startTime: at(0),
      ready: 0,
      terminating: 1,
      uncountedTerminatedPods: {},
      conditions: [cond("Suspended", "True", "JobSuspended", "Job suspended", 5)],
    });
    expect(r.final).toBeUndefined();
    expect(r.events).toEqual(["Normal Suspended: Job suspended"]);
    const resumed = sync(job({ suspend: false }, { ...r.interim, terminating: 0 }), [], T0 + 60_000);
    expect(resumed.act).toEqual({ create: [{}] });
    expect(resumed.interim).toMatchObject({ startTime: at(60), active: 1, conditions: [cond("Suspended", "False", "JobResumed", "Job resumed", 60)] });
    expect(resumed.events).toEqual(["Normal Resumed: Job resumed"]);
  });

  it("a Job created suspended gets no startTime", () => {
    const r = sync(job({ suspend: true }), [], T0);
    expect(r.interim).toEqual({ ready: 0, terminating: 0, uncountedTerminatedPods: {}, conditions: [cond("Suspended", "True", "JobSuspended", "Job suspended", 0)] });
  });

  it("a Job being deleted manages no pods and releases their finalizers", () => {
    const r = sync(job({}, running, { deletionTimestamp: at(1) }), [pod("a")], T0 + 2_000);
    expect(r.act).toBe("none");
    expect(r.removeFinalizer).toEqual(["a"]);
  });
});

describe("podFailurePolicy", () => {
  const policy = {
    rules: [
      { action: "FailJob", onExitCodes: { operator: "In", values: [42] } },
      { action: "Ignore", onPodConditions: [{ type: "DisruptionTarget", status: "True" }] },
    ],
  };
  it("FailJob fails the Job with the rule's message", () => {
    const r = sync(job({ podFailurePolicy: policy }, running), [pod("a", { phase: "Failed", exitCode: 42, finished: 3 })], T0 + 5_000);
    const message = "Container c for pod ns/pi-a failed with exit code 42 matching FailJob rule at index 0";
    expect(r.final?.conditions).toEqual([cond("FailureTarget", "True", "PodFailurePolicy", message, 5), cond("Failed", "True", "PodFailurePolicy", message, 5)]);
    expect(r.final?.failed).toBe(1);
    expect(r.events).toEqual([`Warning PodFailurePolicy: ${message}`]);
  });
  it("Ignore does not count the failure but releases the pod", () => {
    const p = pod("a", { phase: "Failed", exitCode: 137, finished: 3, conditions: [{ type: "DisruptionTarget", status: "True" }] });
    const r = sync(job({ podFailurePolicy: policy, backoffLimit: 0 }, running), [p], T0 + 5_000);
    expect(r.removeFinalizer).toEqual(["a"]);
    expect(r.final ?? r.interim).not.toHaveProperty("failed");
    expect(r.final?.conditions ?? r.interim?.conditions).toBeUndefined();
  });
  it("Count (no rule matching) counts towards backoffLimit", () => {
    const r = sync(job({ podFailurePolicy: policy, backoffLimit: 0 }, running), [pod("a", { phase: "Failed", exitCode: 1, finished: 3 })], T0 + 5_000);
    expect(r.final?.conditions?.map((c: KubeObject) => `${c.type}/${c.reason}`)).toEqual(["FailureTarget/BackoffLimitExceeded", "Failed/BackoffLimitExceeded"]);
  });
});

describe("Indexed Jobs", () => {
  const indexed = (extra: KubeObject = {}) => job({ completionMode: "Indexed", completions: 3, parallelism: 3, ...extra }, { ...running, active: 3 });
  it("succeeded indexes go to completedIndexes, without uncounted uids", () => {
    const pods = [pod("a", { index: 0, phase: "Succeeded" }), pod("b", { index: 1, phase: "Succeeded" }), pod("c", { index: 2 })];
    const r = sync(indexed(), pods, T0 + 5_000);
    expect(r.act).toBe("none");
    expect(r.interim).toMatchObject({ active: 1, succeeded: 2, completedIndexes: "0,1", uncountedTerminatedPods: {} });
    expect(r.removeFinalizer).toEqual(["a", "b"]);
    expect(r.final).toBeUndefined();
  });
  it("all indexes succeeded: Complete with completedIndexes 0-2", () => {
    const pods = [0, 1, 2].map((i) => pod(`p${i}`, { index: i, phase: "Succeeded" }));
    const r = sync(indexed(), pods, T0 + 5_000);
    expect(r.final).toMatchObject({ succeeded: 3, completedIndexes: "0-2", completionTime: at(5) });
    expect(r.final?.conditions.map((c: KubeObject) => c.type)).toEqual(["SuccessCriteriaMet", "Complete"]);
  });
  it("a successPolicy ends the Job early and its other pods are not failures", () => {
    const j = indexed({ successPolicy: { rules: [{ succeededIndexes: "0" }] } });
    const r = sync(j, [pod("a", { index: 0, phase: "Succeeded" }), pod("b", { index: 1 })], T0 + 5_000);
    expect(r.act).toEqual({ deleteActive: ["b"] });
    expect(r.interim?.conditions).toEqual([cond("SuccessCriteriaMet", "True", "SuccessPolicy", "Matched rules at index 0", 5)]);
    expect(r.interim?.uncountedTerminatedPods).toEqual({});
    expect(r.final?.conditions?.map((c: KubeObject) => c.type) ?? r.interim?.conditions.map((c: KubeObject) => c.type)).toEqual(["SuccessCriteriaMet"]);
  });
  it("backoffLimitPerIndex: an index that fails past its limit is a failed index, and the Job fails when all are decided", () => {
    const j = job({ completionMode: "Indexed", completions: 2, parallelism: 2, backoffLimitPerIndex: 0, backoffLimit: 2147483647 }, { ...running, active: 2 });
    const pods = [pod("a", { index: 0, phase: "Failed", annotations: { "batch.kubernetes.io/job-index-failure-count": "0" } }), pod("b", { index: 1, phase: "Succeeded" })];
    const r = sync(j, pods, T0 + 5_000);
    expect(r.interim).toMatchObject({ failedIndexes: "0", completedIndexes: "1" });
    expect(r.final?.conditions?.map((c: KubeObject) => `${c.type}/${c.reason}`)).toEqual(["FailureTarget/FailedIndexes", "Failed/FailedIndexes"]);
  });
});
