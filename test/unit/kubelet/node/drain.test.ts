import { describe, expect, it } from "vitest";
import type { KubeObject } from "../../../../schema/types";
import { drainPlan } from "../../../../worker/kubelet/node/drain";

const pod = (name: string, extra: Record<string, unknown> = {}) => ({ metadata: { name, ...extra }, spec: { nodeName: "n" } });
const names = (pods: KubeObject[]) => pods.map((p) => p.metadata.name);

describe("drainPlan", () => {
  it.each<[string, ReturnType<typeof pod>[], string[], string[], string[], boolean]>([
    ["no pods", [], [], [], [], true],
    ["plain and DaemonSet pods are deleted", [pod("a"), pod("ds", { ownerReferences: [{ kind: "DaemonSet", name: "d", controller: true }] })], ["a", "ds"], [], [], false],
    ["terminating pods are waited for", [pod("t", { deletionTimestamp: "2026-01-01T00:00:00Z" })], [], ["t"], [], false],
    ["mirror pods are skipped", [pod("m", { annotations: { "kubernetes.io/config.mirror": "abc" } })], [], [], ["m"], true],
    [
      "all kinds",
      [pod("a"), pod("t", { deletionTimestamp: "x" }), pod("m", { annotations: { "kubernetes.io/config.mirror": "" } })],
      ["a"],
      ["t"],
      ["m"],
      false,
    ],
  ])("%s", (_, pods, evict, terminating, skipped, done) => {
    const plan = drainPlan(pods);
    expect([names(plan.evict), names(plan.terminating), names(plan.skipped), plan.done]).toEqual([evict, terminating, skipped, done]);
  });
});
