/** manageJob's decision: how many pods, which to delete, which to create, when to wait. */
import { describe, expect, it } from "vitest";
import type { KubeObject } from "../../../../schema/types";
import { activePodsForRemoval, manageJob, wantActive, type ManageInput } from "../../../../worker/controllers/job/manage";
import { job, pod, T0 } from "./fixtures";

function input(pods: KubeObject[], extra: Partial<ManageInput> = {}): ManageInput {
  const activePods = pods.filter((p) => p.status.phase !== "Succeeded" && p.status.phase !== "Failed" && !p.metadata.deletionTimestamp);
  return {
    pods,
    activePods,
    succeeded: 0,
    terminating: pods.filter((p) => p.metadata.deletionTimestamp).length,
    succeededIndexes: [],
    delayedDeletion: new Map(),
    backoff: { failuresAfterLastSuccess: 0 },
    ...extra,
  };
}

const summary = (d: ReturnType<typeof manageJob>) =>
  d.kind === "delete" ? { delete: d.pods.map((p) => p.metadata.uid) } : d.kind === "create" ? { create: d.pods } : d.kind === "wait" ? { wait: d.requeueAfterMs } : "none";

describe("wantActive", () => {
  it.each([
    [{ parallelism: 2, completions: 5 }, 0, 0, 2],
    [{ parallelism: 3, completions: 5 }, 3, 4, 1],
    [{ parallelism: 3, completions: 5 }, 0, 6, 0],
    [{ parallelism: 3, completions: null }, 0, 0, 3], // work queue: parallelism until the first success
    [{ parallelism: 3, completions: null }, 2, 1, 2], // then leave what runs, running
  ])("%j, %i active, %i succeeded → %i", (spec, active, succeeded, want) => expect(wantActive(job(spec), active, succeeded)).toBe(want));
});

describe("manageJob", () => {
  it.each([
    ["converged: one active pod for one completion → no actions", job(), input([pod("a")]), T0, "none"],
    ["converged: completions reached → no actions", job(), input([pod("a", { phase: "Succeeded" })], { succeeded: 1 }), T0, "none"],
    ["creates up to parallelism", job({ parallelism: 3, completions: 5 }), input([pod("a")]), T0, { create: [{}, {}] }],
    ["never more than the remaining completions", job({ parallelism: 3, completions: 5 }), input([], { succeeded: 4 }), T0, { create: [{}] }],
    ["deletes the surplus, least advanced first", job({ parallelism: 1, completions: 5 }), input([pod("a", { node: "n" }), pod("b")]), T0, { delete: ["b"] }],
    ["suspended: deletes every active pod", job({ suspend: true, parallelism: 2, completions: 2 }), input([pod("a"), pod("b")]), T0, { delete: ["a", "b"] }],
    ["suspended and nothing active → no actions", job({ suspend: true }), input([]), T0, "none"],
    [
      "waits out the failure back-off",
      job(),
      input([pod("a", { phase: "Failed", finished: 0 })], { backoff: { failuresAfterLastSuccess: 1, lastFailureTime: T0 } }),
      T0 + 4_000,
      { wait: 6_000 },
    ],
    [
      "replaces the failed pod once the back-off passed",
      job(),
      input([pod("a", { phase: "Failed" })], { backoff: { failuresAfterLastSuccess: 1, lastFailureTime: T0 } }),
      T0 + 10_001,
      { create: [{}] },
    ],
    [
      "the back-off wait is at least the batch period",
      job(),
      input([], { backoff: { failuresAfterLastSuccess: 1, lastFailureTime: T0 } }),
      T0 + 9_900,
      { wait: 1_000 },
    ],
    ["TerminatingOrFailed replaces a terminating pod at once", job(), input([pod("a", { deleting: true })]), T0, { create: [{}] }],
    ["Failed waits for a terminating pod to finish", job({ podReplacementPolicy: "Failed" }), input([pod("a", { deleting: true })]), T0, "none"],
    ["Indexed: the lowest pending indexes", job({ completionMode: "Indexed", parallelism: 2, completions: 4 }), input([pod("a", { index: 0 })]), T0, { create: [{ index: 1 }] }],
    [
      "Indexed: skips succeeded indexes",
      job({ completionMode: "Indexed", parallelism: 3, completions: 4 }),
      input([], { succeeded: 2, succeededIndexes: [{ first: 0, last: 0 }, { first: 2, last: 2 }] }),
      T0,
      { create: [{ index: 1 }, { index: 3 }] },
    ],
    ["Indexed: a repeated index is deleted", job({ completionMode: "Indexed", parallelism: 2, completions: 2 }), input([pod("a", { index: 0 }), pod("b", { index: 0, node: "n" })]), T0, { delete: ["a"] }],
    ["Indexed converged → no actions", job({ completionMode: "Indexed", parallelism: 2, completions: 2 }), input([pod("a", { index: 0 }), pod("b", { index: 1 })]), T0, "none"],
  ])("%s", (_n, j, inp, now, want) => expect(summary(manageJob(j, inp, now))).toEqual(want));

  it("backoffLimitPerIndex: creates indexes whose own back-off passed, carrying the failure count", () => {
    const j = job({ completionMode: "Indexed", parallelism: 2, completions: 2, backoffLimitPerIndex: 2 });
    const failed = pod("f", { phase: "Failed", index: 0, finished: 0, annotations: { "batch.kubernetes.io/job-index-failure-count": "0" } });
    const inp = input([failed], { delayedDeletion: new Map([[0, failed]]) });
    expect(summary(manageJob(j, inp, T0 + 1_000))).toEqual({ create: [{ index: 1, failureCounts: { failed: 0, ignored: 0 } }] });
    expect(summary(manageJob(j, { ...inp, activePods: [pod("x", { index: 1 })] }, T0 + 1_000))).toEqual({ wait: 9_000 });
    expect(summary(manageJob(j, { ...inp, activePods: [pod("x", { index: 1 })] }, T0 + 11_000))).toEqual({
      create: [{ index: 0, failureCounts: { failed: 1, ignored: 0 } }],
    });
  });
});

describe("activePodsForRemoval", () => {
  it("takes at least rmAtLeast, in deletion order", () => {
    const pods = [pod("a", { node: "n", ready: true }), pod("b", { node: "n" }), pod("c")];
    expect(activePodsForRemoval(job(), pods, 2).map((p) => p.metadata.uid)).toEqual(["c", "b"]);
    expect(activePodsForRemoval(job(), pods, 0)).toEqual([]);
  });
});
