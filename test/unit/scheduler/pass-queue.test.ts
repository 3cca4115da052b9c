/** The scheduling queue's rules: which pods are pending, which writes wake what, queue order, requeue after a pass. */
import { describe, expect, it } from "vitest";
import type { KubeObject } from "../../../schema/types";
import type { WrittenChange } from "../../../worker/controllers/framework/loop";
import {
  isPendingPod,
  POD_MAX_IN_UNSCHEDULABLE_PODS_DURATION_MS,
  podsToSchedule,
  queueOrder,
  RETRY_ALL,
  schedulerWakes,
} from "../../../worker/scheduler/queue";
import { requeueAfterPass } from "../../../worker/scheduler/loop";
import { names, node, pod } from "./pass-fixtures";

const change = (type: WrittenChange["type"], resource: string, object: KubeObject): WrittenChange => ({ type, resource, object });

describe("isPendingPod", () => {
  it.each<[string, KubeObject, boolean]>([
    ["an unbound pod of the default scheduler", pod("p"), true],
    ["a pod without schedulerName", { ...pod("p"), spec: { containers: [] } }, true],
    ["a bound pod", pod("p", { node: "n1" }), false],
    ["a pod of another scheduler", pod("p", { schedulerName: "other" }), false],
    ["a pod being deleted", pod("p", { deleting: true }), false],
    ["a pod with scheduling gates", pod("p", { gates: ["example.com/wait"] }), false],
    ["a finished unbound pod", pod("p", { phase: "Failed" }), false],
  ])("%s → %s", (_what, p, want) => {
    expect(isPendingPod(p)).toBe(want);
  });
});

describe("schedulerWakes", () => {
  it.each<[string, WrittenChange, string[]]>([
    ["a pending pod added", change("ADDED", "/pods", pod("p", { ns: "a" })), ["a/p"]],
    ["a pending pod changed", change("MODIFIED", "/pods", pod("p", { ns: "a" })), ["a/p"]],
    ["a pending pod deleted", change("DELETED", "/pods", pod("p")), []],
    ["a nominated pending pod deleted", change("DELETED", "/pods", pod("p", { nominated: "n1" })), [RETRY_ALL]],
    ["a pod of another scheduler", change("ADDED", "/pods", pod("p", { schedulerName: "other" })), []],
    ["a gated pod", change("ADDED", "/pods", pod("p", { gates: ["g"] })), []],
    ["an unbound pod being deleted", change("MODIFIED", "/pods", pod("p", { deleting: true })), []],
    ["an assigned pod added", change("ADDED", "/pods", pod("p", { node: "n1" })), [RETRY_ALL]],
    ["an assigned pod deleted", change("DELETED", "/pods", pod("p", { node: "n1" })), [RETRY_ALL]],
    ["a pod just bound (Pending)", change("MODIFIED", "/pods", pod("p", { node: "n1", phase: "Pending" })), [RETRY_ALL]],
    ["an assigned pod finishing", change("MODIFIED", "/pods", pod("p", { node: "n1", phase: "Succeeded" })), [RETRY_ALL]],
    ["an assigned pod failing", change("MODIFIED", "/pods", pod("p", { node: "n1", phase: "Failed" })), [RETRY_ALL]],
    ["a running pod's status update", change("MODIFIED", "/pods", pod("p", { node: "n1" })), []],
    ["an assigned pod starting to terminate", change("MODIFIED", "/pods", pod("p", { node: "n1", phase: "Pending", deleting: true })), []],
    ["a node added", change("ADDED", "/nodes", node("n1")), [RETRY_ALL]],
    ["a node changed", change("MODIFIED", "/nodes", node("n1")), [RETRY_ALL]],
    ["a node deleted", change("DELETED", "/nodes", node("n1")), []],
    ["a pod in another API group's resource", change("ADDED", "example.com/pods", pod("p")), []],
    ["a config map", change("ADDED", "/configmaps", { metadata: { name: "c", namespace: "a" } }), []],
  ])("%s → %j", (_what, c, want) => {
    expect(schedulerWakes(c)).toEqual(want);
  });
});

describe("queueOrder and podsToSchedule", () => {
  const pods = [
    pod("old-low", { priority: 0, created: 1 }),
    pod("new-high", { priority: 100, created: 50 }),
    pod("old-high", { priority: 100, created: 10 }),
    pod("unset", { created: 0 }),
    pod("b-tie", { priority: 5, created: 7 }),
    pod("a-tie", { priority: 5, created: 7 }),
    pod("negative", { priority: -10, created: 0 }),
    pod("bound", { priority: 1000, node: "n1" }),
    pod("other", { priority: 1000, schedulerName: "other" }),
  ];

  it("orders by priority (desc), then creation (asc), then namespace/name", () => {
    expect(names([...pods].sort(queueOrder))).toEqual(["bound", "other", "old-high", "new-high", "a-tie", "b-tie", "unset", "old-low", "negative"]);
  });

  it.each<[string, string[], string[]]>([
    ["RETRY_ALL takes every pending pod", [RETRY_ALL], ["old-high", "new-high", "a-tie", "b-tie", "unset", "old-low", "negative"]],
    ["named keys take those pods, in queue order", ["default/old-low", "default/new-high"], ["new-high", "old-low"]],
    ["keys of bound, foreign or missing pods are dropped", ["default/bound", "default/other", "default/gone"], []],
    ["no keys, no pods", [], []],
  ])("%s", (_what, keys, want) => {
    expect(names(podsToSchedule(pods, keys))).toEqual(want);
  });
});

describe("requeueAfterPass", () => {
  const later = { requeueAfterMs: POD_MAX_IN_UNSCHEDULABLE_PODS_DURATION_MS };
  it.each<[string, string[], string[], Record<string, object>]>([
    ["converged: nothing unschedulable, nothing requeued", [RETRY_ALL, "a/p"], [], { [RETRY_ALL]: {}, "a/p": {} }],
    ["an unschedulable pod comes back after 5 minutes", ["a/p", "a/q"], ["a/p"], { "a/p": later, "a/q": {} }],
    ["RETRY_ALL comes back while any pod is unschedulable", [RETRY_ALL], ["a/p"], { [RETRY_ALL]: later }],
  ])("%s", (_what, keys, unschedulable, want) => {
    expect(Object.fromEntries(requeueAfterPass(keys, { unschedulable }))).toEqual(want);
  });
  it("waits podMaxInUnschedulablePodsDuration (5 minutes)", () => {
    expect(POD_MAX_IN_UNSCHEDULABLE_PODS_DURATION_MS).toBe(300_000);
  });
});
