/** revisionHistoryLimit cleanup (cleanupDeployment): which old ReplicaSets go, lowest revisions first. */
import { describe, expect, it } from "vitest";
import { replicaSetsToClean } from "../../../../worker/controllers/deployment/cleanup";
import { withReplicaSetCreateError } from "../../../../worker/controllers/deployment/new-replica-set";
import type { Obj } from "../kwok";

const old = (rev: number, extra: { spec?: number; status?: number; generation?: number; observed?: number; deleting?: boolean } = {}): Obj => ({
  metadata: {
    name: `r${rev}`,
    creationTimestamp: "2024-01-01T00:00:00Z",
    generation: extra.generation ?? 1,
    annotations: { "deployment.kubernetes.io/revision": String(rev) },
    ...(extra.deleting ? { deletionTimestamp: "2024-01-02T00:00:00Z" } : {}),
  },
  spec: { replicas: extra.spec ?? 0 },
  status: { replicas: extra.status ?? 0, observedGeneration: extra.observed ?? 1 },
});
const dep = (limit?: number): Obj => ({ spec: { revisionHistoryLimit: limit } });
const names = (l: Obj[]) => l.map((r) => r.metadata.name);

describe("replicaSetsToClean", () => {
  it.each<[string, Obj, Obj[], string[]]>([
    ["within the limit → nothing (converged)", dep(3), [old(1), old(2)], []],
    ["over the limit: the lowest revisions", dep(1), [old(3), old(1), old(2)], ["r1", "r2"]],
    ["limit 0: every scaled-down old one", dep(0), [old(1), old(2)], ["r1", "r2"]],
    ["never one with replicas in spec or status", dep(0), [old(1, { spec: 1 }), old(2, { status: 1 }), old(3)], ["r3"]],
    ["never one whose generation is not observed", dep(0), [old(1, { generation: 2, observed: 1 })], []],
    ["terminating ones neither count nor go", dep(1), [old(1, { deleting: true }), old(2), old(3)], ["r2"]],
    ["no limit → keep everything", dep(undefined), [old(1), old(2)], []],
  ])("%s", (_, d, rss, want) => {
    expect(names(replicaSetsToClean(d, rss))).toEqual(want);
  });
});

describe("withReplicaSetCreateError", () => {
  it("sets Progressing False ReplicaSetCreateError when the Deployment has a deadline", () => {
    const d = { metadata: { name: "web" }, spec: { progressDeadlineSeconds: 600 }, status: {} };
    const out = withReplicaSetCreateError(d, `Failed to create new replica set "web-abc": quota`, new Date("2024-06-01T12:00:00Z"));
    expect(out.status.conditions).toEqual([
      { type: "Progressing", status: "False", lastUpdateTime: "2024-06-01T12:00:00Z", lastTransitionTime: "2024-06-01T12:00:00Z", reason: "ReplicaSetCreateError", message: `Failed to create new replica set "web-abc": quota` },
    ]);
    expect(d.status).toEqual({});
  });
  it("leaves a Deployment without a deadline alone", () => {
    expect(withReplicaSetCreateError({ spec: {}, status: {} }, "m", new Date()).status).toEqual({});
  });
});
