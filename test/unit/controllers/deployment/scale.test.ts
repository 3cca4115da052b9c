/**
 * Proportional scaling during a rollout or while paused (sync.go scale, GetReplicaSetProportion): upstream's
 * TestScale cases, with the RSes annotated for the Deployment's previous size.
 */
import { describe, expect, it } from "vitest";
import { proportionalSizes, replicaSetFraction } from "../../../../worker/controllers/deployment/scale";
import type { Obj } from "../kwok";

const T = (n: number) => `2024-01-01T00:00:${String(n).padStart(2, "0")}Z`;
const dep = (replicas: number, maxSurge = 0): Obj => ({
  spec: { replicas, strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge, maxUnavailable: 0 } } },
  status: {},
});
/** A ReplicaSet last scaled for a Deployment of `oldReplicas` (+ `oldSurge`). */
const rs = (name: string, replicas: number, created: number, oldReplicas: number, oldSurge = 0): Obj => ({
  metadata: {
    name,
    creationTimestamp: T(created),
    annotations: { "deployment.kubernetes.io/desired-replicas": String(oldReplicas), "deployment.kubernetes.io/max-replicas": String(oldReplicas + oldSurge) },
  },
  spec: { replicas },
});

const sizes = (d: Obj, rss: Obj[]) => Object.fromEntries(proportionalSizes(d, rss).map(({ rs, size }) => [rs.metadata.name, size]));

describe("proportionalSizes", () => {
  it.each<[string, Obj, Obj[], Record<string, number>]>([
    ["5 → 10", dep(10), [rs("v2", 2, 2, 5), rs("v1", 3, 1, 5)], { v2: 4, v1: 6 }],
    ["5 → 3", dep(3), [rs("v2", 2, 2, 5), rs("v1", 3, 1, 5)], { v2: 1, v1: 2 }],
    ["9 → 4", dep(4), [rs("v2", 8, 2, 9), rs("v1", 1, 1, 9)], { v2: 4, v1: 0 }],
    ["7 → 10", dep(10), [rs("v3", 2, 3, 7), rs("v2", 3, 2, 7), rs("v1", 2, 1, 7)], { v3: 3, v2: 4, v1: 3 }],
    ["13 → 8", dep(8), [rs("v3", 2, 3, 13), rs("v2", 8, 2, 13), rs("v1", 3, 1, 13)], { v3: 1, v2: 5, v1: 2 }],
    ["leftover 3 → 4 goes to the newest", dep(4), [rs("v3", 1, 3, 3), rs("v2", 1, 2, 3), rs("v1", 1, 1, 3)], { v3: 2, v2: 1, v1: 1 }],
    ["leftover 3 → 2 comes from the oldest", dep(2), [rs("v3", 1, 3, 3), rs("v2", 1, 2, 3), rs("v1", 1, 1, 3)], { v3: 1, v2: 1, v1: 0 }],
    ["no new ReplicaSet: 4 → 5", dep(5), [rs("v2", 2, 2, 4), rs("v1", 2, 1, 4)], { v2: 3, v1: 2 }],
    ["6 → 0", dep(0), [rs("v3", 3, 3, 6), rs("v2", 2, 2, 6), rs("v1", 1, 1, 6)], { v3: 0, v2: 0, v1: 0 }],
    ["surge pods 10+2 → 20+2", dep(20, 2), [rs("v2", 6, 2, 10, 2), rs("v1", 6, 1, 10, 2)], { v2: 11, v1: 11 }],
    ["size and surge 10+3 → 50+6", dep(50, 6), [rs("v2", 5, 2, 10, 3), rs("v1", 8, 1, 10, 3)], { v2: 22, v1: 34 }],
    ["size and template 10 → 14", dep(14), [rs("v2", 7, 2, 10), rs("v1", 3, 1, 10)], { v2: 10, v1: 4 }],
    ["converged: nothing to add", dep(5), [rs("v2", 3, 2, 5), rs("v1", 2, 1, 5)], { v2: 3, v1: 2 }],
  ])("%s", (_, d, rss, want) => {
    expect(sizes(d, rss)).toEqual(want);
  });
});

describe("replicaSetFraction", () => {
  it("falls back to status.replicas without the max-replicas annotation", () => {
    const r = { metadata: { name: "x" }, spec: { replicas: 2 } };
    expect(replicaSetFraction(r, { ...dep(8), status: { replicas: 4 } })).toBe(2);
  });
  it("is the whole size (negative) when scaling to 0", () => {
    expect(replicaSetFraction(rs("x", 3, 1, 5), dep(0))).toBe(-3);
  });
});
