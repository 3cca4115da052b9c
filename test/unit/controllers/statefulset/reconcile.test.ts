/**
 * One StatefulSet reconcile as a plan (updateStatefulSet): ordering under OrderedReady and Parallel, scale down,
 * failed pods, rolling updates with a partition, OnDelete, claims and the retention policy, identity repair —
 * and "converged → no actions" for each kind of set.
 */
import { describe, expect, it } from "vitest";
import type { KubeObject } from "../../../../schema/types";
import { planStatefulSet, type ClaimWork, type PodOp, type StatefulSetPlan } from "../../../../worker/controllers/statefulset/reconcile";
import { completeRollingUpdate, computeStatus, statusObject } from "../../../../worker/controllers/statefulset/status";
import { claim, NOW, podRef, setRef, statefulPod, statefulSet, type SetOptions } from "./helpers";

interface Case {
  pods?: (set: KubeObject) => KubeObject[];
  claims?: (set: KubeObject, pods: KubeObject[]) => KubeObject[];
  /** The update revision (the current one is "r1"). */
  update?: string;
  /** Store the status this reconcile computes, so only actions remain to compare. */
  converged?: boolean;
  deleting?: boolean;
}

function run(o: SetOptions, c: Case = {}): { plan: StatefulSetPlan; ops: string[] } {
  const set = statefulSet("web", o);
  if (c.deleting) set.metadata.deletionTimestamp = "2025-01-01T00:00:00Z";
  const current = statefulSet("web", { ...o, image: "v1" });
  const pods = c.pods?.(set) ?? [];
  const update = c.update ?? "r1";
  if (c.converged) {
    const revs = { current: "r1", update, collisionCount: 0 };
    set.status = statusObject(completeRollingUpdate(set, computeStatus(set, pods, revs, NOW)));
  }
  const plan = planStatefulSet({
    set,
    currentSet: current,
    updateSet: set,
    currentRevision: "r1",
    updateRevision: update,
    collisionCount: 0,
    pods,
    claims: c.claims?.(set, pods) ?? [],
    now: NOW,
  });
  return { plan, ops: plan.phases.flatMap((p) => p.groups.map((g) => g.map(describeOp).join(" ; "))) };
}

function claimText(w: ClaimWork): string {
  const refs = (c: KubeObject) => (c.metadata.ownerReferences ? `→${c.metadata.ownerReferences.map((r: KubeObject) => (r.kind === "StatefulSet" ? "set" : r.kind === "Pod" ? "pod" : r.kind)).join(",")}` : "");
  const parts = [
    ...w.create.map((c) => `+${c.metadata.name}${refs(c)}`),
    ...w.update.map((c) => `~${c.metadata.name}${refs(c)}`),
    ...w.deleting.map((n) => `!${n}`),
    ...w.conflicts.map((n) => `?${n}`),
  ];
  return parts.length ? ` [${parts.join(" ")}]` : "";
}

function describeOp(op: PodOp): string {
  const name = op.pod.metadata.name;
  switch (op.op) {
    case "deletePod":
      return `delete ${name} (${op.why})`;
    case "createPod":
      return `create ${name}@${op.pod.metadata.labels["controller-revision-hash"]}${claimText(op.claims)}`;
    case "createClaims":
      return `claims ${name}${claimText(op.claims)}`;
    case "updatePod":
      return `update ${name}${op.changed ? "" : " (unchanged)"}${claimText(op.claims)}`;
    case "fixClaims":
      return `fix ${name}${claimText(op.claims)}`;
  }
}

/** Pods 0..n-1 of the set, Ready, at revision r1 (or as `each` says). */
const ready = (n: number, each: (i: number) => Parameters<typeof statefulPod>[3] = () => "Ready", rev: (i: number) => string = () => "r1") => (set: KubeObject) =>
  Array.from({ length: n }, (_, i) => statefulPod(set, (set.spec.ordinals?.start ?? 0) + i, rev(i), each(i)));

describe("converged → no actions", () => {
  it.each<[string, SetOptions, Case]>([
    ["OrderedReady", {}, { pods: ready(3) }],
    ["Parallel", { policy: "Parallel" }, { pods: ready(3) }],
    ["zero replicas", { replicas: 0 }, {}],
    ["start ordinal 5", { start: 5, replicas: 2 }, { pods: ready(2) }],
    ["claims, Retain/Retain", { claims: ["d"] }, { pods: ready(3), claims: (s) => [0, 1, 2].map((i) => claim(s, "d", i)) }],
    [
      "claims, Delete/Delete",
      { claims: ["d"], retention: { whenScaled: "Delete", whenDeleted: "Delete" } },
      { pods: ready(3), claims: (s) => [0, 1, 2].map((i) => claim(s, "d", i, [setRef(s)])) },
    ],
    ["OnDelete with pods at the old revision", { strategy: "OnDelete" }, { pods: ready(3), update: "r2" }],
    ["partition 2: pods below it at the old revision", { partition: 2 }, { pods: ready(3, undefined, (i) => (i < 2 ? "r1" : "r2")), update: "r2" }],
    ["minReadySeconds, all available", { minReadySeconds: 30 }, { pods: ready(3) }],
  ])("%s", (_, o, c) => {
    const { plan, ops } = run(o, { ...c, converged: true });
    expect(ops).toEqual([]);
    expect(plan.writeStatus).toBe(false);
    expect(plan.requeueAfterMs).toBeUndefined();
  });
});

describe("OrderedReady scale up", () => {
  it.each<[string, SetOptions, Case, string[]]>([
    ["nothing yet: web-0 only", {}, {}, ["create web-0@r1"]],
    ["web-0 Pending: wait", {}, { pods: ready(1, () => "Pending") }, []],
    ["web-0 Running, not Ready: wait", {}, { pods: ready(1, () => "Running") }, []],
    ["web-0 Ready: web-1", {}, { pods: ready(1) }, ["create web-1@r1"]],
    ["web-1 missing below a Ready web-2: web-1 first", {}, { pods: (s) => [statefulPod(s, 0, "r1"), statefulPod(s, 2, "r1")] }, ["create web-1@r1"]],
    ["start ordinal 5: web-5 first", { start: 5, replicas: 2 }, {}, ["create web-5@r1"]],
    ["claims first, then the pod", { claims: ["d", "e"] }, { pods: ready(1), claims: (s) => [claim(s, "d", 0), claim(s, "e", 0)] }, ["create web-1@r1 [+d-web-1 +e-web-1]"]],
    ["a claim that exists is reused", { claims: ["d"] }, { claims: (s) => [claim(s, "d", 0)] }, ["create web-0@r1"]],
    ["a claim being deleted is reported", { claims: ["d"] }, { claims: (s) => [{ ...claim(s, "d", 0), metadata: { ...claim(s, "d", 0).metadata, deletionTimestamp: "2025-01-01T00:00:00Z" } }] }, ["create web-0@r1 [!d-web-0]"]],
    ["whenDeleted Delete: new claims reference the set", { claims: ["d"], retention: { whenScaled: "Retain", whenDeleted: "Delete" } }, {}, ["create web-0@r1 [+d-web-0→set]"]],
    [
      "whenScaled Delete: a claim still owned by an old web-0 blocks",
      { claims: ["d"], retention: { whenScaled: "Delete", whenDeleted: "Retain" } },
      { claims: (s) => [claim(s, "d", 0, [{ apiVersion: "v1", kind: "Pod", name: "web-0", uid: "uid-old", controller: true }])] },
      [],
    ],
    ["a Pending pod gets its missing claims", { claims: ["d"] }, { pods: ready(1, () => "Pending") }, ["claims web-0 [+d-web-0]"]],
  ])("%s", (_, o, c, want) => {
    const { plan, ops } = run(o, c);
    expect(ops).toEqual(want);
    expect(plan.phases.every((p) => !p.burst)).toBe(true);
  });

  it("waits minReadySeconds for availability and asks to run again when it is reached", () => {
    const { plan, ops } = run({ minReadySeconds: 10 }, { pods: (s) => [statefulPod(s, 0, "r1", "Ready", { readySince: NOW - 4_000 })] });
    expect(ops).toEqual([]);
    expect(plan.requeueAfterMs).toBe(6_001);
    expect(plan.status).toMatchObject({ replicas: 1, readyReplicas: 1, availableReplicas: 0 });
  });
});

describe("Parallel", () => {
  it.each<[string, SetOptions, Case, string[]]>([
    ["every missing replica at once", { policy: "Parallel" }, {}, ["create web-0@r1", "create web-1@r1", "create web-2@r1"]],
    ["without waiting for readiness", { policy: "Parallel" }, { pods: ready(1, () => "Pending") }, ["create web-1@r1", "create web-2@r1"]],
    ["a stale claim blocks only its own pod", { policy: "Parallel", claims: ["d"], retention: { whenScaled: "Delete", whenDeleted: "Retain" } }, {
      pods: ready(1),
      claims: (s) => [claim(s, "d", 0), claim(s, "d", 1, [{ apiVersion: "v1", kind: "Pod", name: "web-1", uid: "uid-old", controller: true }])],
    }, ["create web-2@r1 [+d-web-2]"]],
    ["scale down deletes every condemned pod at once", { policy: "Parallel", replicas: 1 }, { pods: ready(4) }, ["delete web-3 (condemned)", "delete web-2 (condemned)", "delete web-1 (condemned)"]],
    ["terminating condemned pods are skipped", { policy: "Parallel", replicas: 1 }, { pods: (s) => [statefulPod(s, 0, "r1"), statefulPod(s, 1, "r1", "Ready", { terminating: true }), statefulPod(s, 2, "r1")] }, ["delete web-2 (condemned)"]],
  ])("%s", (_, o, c, want) => {
    const { plan, ops } = run(o, c);
    expect(ops).toEqual(want);
    expect(plan.phases.filter((p) => p.groups.length).every((p) => p.burst || p.groups.length === 1)).toBe(true);
  });
});

describe("scale down and failed pods (OrderedReady)", () => {
  it.each<[string, SetOptions, Case, string[]]>([
    ["the highest ordinal first, one at a time", { replicas: 2 }, { pods: ready(5) }, ["delete web-4 (condemned)"]],
    ["wait while it terminates", { replicas: 2 }, { pods: (s) => [...ready(4)(s), statefulPod(s, 4, "r1", "Ready", { terminating: true })] }, []],
    // Upstream checks the replicas and the target only: a lower condemned pod's health does not hold it back.
    ["a Ready condemned pod goes although a lower condemned one is not Ready", { replicas: 2 }, { pods: ready(5, (i) => (i === 3 ? "Running" : "Ready")) }, ["delete web-4 (condemned)"]],
    ["an unready condemned pod waits unless it is the first unhealthy one", { replicas: 2 }, { pods: ready(5, (i) => (i >= 3 ? "Running" : "Ready")) }, []],
    ["the first unhealthy pod may go", { replicas: 2 }, { pods: ready(3, (i) => (i === 2 ? "Running" : "Ready")) }, ["delete web-2 (condemned)"]],
    ["not before the replicas are Ready", { replicas: 2 }, { pods: ready(3, (i) => (i === 0 ? "Running" : "Ready")) }, []],
    ["to zero", { replicas: 0 }, { pods: ready(2) }, ["delete web-1 (condemned)"]],
    ["pods below a new start ordinal are condemned", { start: 2, replicas: 2 }, { pods: (s) => [0, 1, 2, 3].map((i) => statefulPod(s, i, "r1")) }, ["delete web-1 (condemned)"]],
    ["a failed pod is deleted, and nothing after it", {}, { pods: ready(3, (i) => (i === 1 ? "Failed" : "Ready")) }, ["delete web-1 (failed)"]],
    ["a succeeded pod is deleted too", {}, { pods: ready(3, (i) => (i === 0 ? "Succeeded" : "Ready")) }, ["delete web-0 (failed)"]],
    ["a failed pod already terminating is waited for", {}, { pods: (s) => [statefulPod(s, 0, "r1", "Failed", { terminating: true })] }, []],
    ["whenScaled Delete: the condemned pod's claim is handed to it before it goes", { replicas: 1, claims: ["d"], retention: { whenScaled: "Delete", whenDeleted: "Retain" } }, { pods: ready(2), claims: (s) => [claim(s, "d", 0), claim(s, "d", 1)] }, ["fix web-1 [~d-web-1→pod]", "delete web-1 (condemned)"]],
  ])("%s", (_, o, c, want) => {
    expect(run(o, c).ops).toEqual(want);
  });
});

describe("updates", () => {
  it.each<[string, SetOptions, Case, string[]]>([
    ["RollingUpdate: the highest ordinal first", {}, { pods: ready(3), update: "r2" }, ["delete web-2 (update)"]],
    ["then the next once it is back and available", {}, { pods: ready(3, undefined, (i) => (i === 2 ? "r2" : "r1")), update: "r2" }, ["delete web-1 (update)"]],
    ["wait while the updated pod is not Ready", {}, { pods: ready(3, (i) => (i === 2 ? "Running" : "Ready"), (i) => (i === 2 ? "r2" : "r1")), update: "r2" }, []],
    ["a deleted pod comes back at the update revision", {}, { pods: ready(2), update: "r2" }, ["create web-2@r2"]],
    ["partition 1: ordinals below it stay", { partition: 1 }, { pods: ready(3, undefined, (i) => (i >= 1 ? "r2" : "r1")), update: "r2" }, []],
    ["partition 1: a missing ordinal below it is recreated at the current revision", { partition: 1 }, { pods: (s) => [statefulPod(s, 1, "r2"), statefulPod(s, 2, "r2")], update: "r2" }, ["create web-0@r1"]],
    ["partition above the replicas: nothing", { partition: 5 }, { pods: ready(3), update: "r2" }, []],
    ["OnDelete: no deletion", { strategy: "OnDelete" }, { pods: ready(3), update: "r2" }, []],
    ["OnDelete: a deleted pod comes back at the update revision", { strategy: "OnDelete" }, { pods: ready(2), update: "r2" }, ["create web-2@r2"]],
    ["scaling first, then updating", { replicas: 2 }, { pods: ready(3), update: "r2" }, ["delete web-2 (condemned)"]],
    ["Parallel updates one at a time too", { policy: "Parallel" }, { pods: ready(3), update: "r2" }, ["delete web-2 (update)"]],
  ])("%s", (_, o, c, want) => {
    expect(run(o, c).ops).toEqual(want);
  });

  it("counts the pod deleted for the update out of currentReplicas", () => {
    const { plan } = run({}, { pods: ready(3), update: "r2" });
    expect(plan.status).toMatchObject({ replicas: 3, currentReplicas: 2, updatedReplicas: 0, currentRevision: "r1", updateRevision: "r2" });
    expect(plan.writeStatus).toBe(true);
  });

  it("completes the rollout when every replica is updated and Ready", () => {
    const { plan } = run({}, { pods: ready(3, undefined, () => "r2"), update: "r2" });
    expect(plan.status).toMatchObject({ currentReplicas: 3, updatedReplicas: 3, currentRevision: "r2", updateRevision: "r2" });
  });
});

describe("identity and retention repair", () => {
  const unlabelled = (s: KubeObject) => {
    const pods = ready(2)(s);
    delete pods[1].metadata.labels["statefulset.kubernetes.io/pod-name"];
    return pods;
  };
  it.each<[string, SetOptions, Case, string[]]>([
    ["a pod without its pod-name label is updated", {}, { pods: unlabelled }, ["update web-1", "create web-2@r1"]],
    ["a claim missing the set's reference", { claims: ["d"], retention: { whenScaled: "Retain", whenDeleted: "Delete" } }, { pods: ready(3), claims: (s) => [claim(s, "d", 0, [setRef(s)]), claim(s, "d", 1), claim(s, "d", 2, [setRef(s)])] }, ["update web-1 (unchanged) [~d-web-1→set]"]],
    ["a claim still referencing the set under Retain", { claims: ["d"] }, { pods: ready(1, undefined), claims: (s) => [claim(s, "d", 0, [setRef(s)])] }, ["update web-0 (unchanged) [~d-web-0]", "create web-1@r1 [+d-web-1]"]],
    ["a claim owned by its in-range pod under Delete/Delete", { claims: ["d"], retention: { whenScaled: "Delete", whenDeleted: "Delete" }, replicas: 1 }, { pods: ready(1), claims: (s, pods) => [claim(s, "d", 0, [podRef(pods[0])])] }, ["update web-0 (unchanged) [~d-web-0→set]"]],
  ])("%s", (_, o, c, want) => {
    expect(run(o, c).ops).toEqual(want);
  });

  it("builds the updated pod with its identity labels", () => {
    const { plan } = run({}, { pods: unlabelled });
    const op = plan.phases[0].groups[0][0];
    expect(op.op === "updatePod" && op.pod.metadata.labels["statefulset.kubernetes.io/pod-name"]).toBe("web-1");
  });
});

describe("a set being deleted", () => {
  it("only computes its status", () => {
    const { plan, ops } = run({ replicas: 1 }, { deleting: true, pods: ready(3) });
    expect(ops).toEqual([]);
    expect(plan.status).toMatchObject({ replicas: 3, readyReplicas: 3 });
    expect(plan.writeStatus).toBe(true);
  });
});
