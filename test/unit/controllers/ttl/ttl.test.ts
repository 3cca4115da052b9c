/**
 * The TTL-after-finished controller: its decision at an injected `now` (table), and through the real Worker a
 * finished Job deleted once its TTL expires.
 */
import { afterAll, describe, expect, it } from "vitest";
import type { KubeObject } from "../../../../schema/types";
import { cleanupDeleteOptions, decideTtl, ttlWakes } from "../../../../worker/controllers/ttl-after-finished";
import { freshNamespace, get, post } from "../../api/client";
import { eventually, listPods, reportPod, type Obj } from "../kwok";
import { settleControllers } from "../../scheduler/settle";

const T = Date.parse("2025-05-01T12:00:00Z");
const at = (s: number) => new Date(T + s * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");

function job(ttl: number | undefined, finished?: ["Complete" | "Failed", number], meta: KubeObject = {}): KubeObject {
  return {
    metadata: { name: "j", namespace: "ns", uid: "u1", ...meta },
    spec: ttl === undefined ? {} : { ttlSecondsAfterFinished: ttl },
    status: finished ? { conditions: [{ type: "SuccessCriteriaMet", status: "True", lastTransitionTime: at(0) }, { type: finished[0], status: "True", lastTransitionTime: at(finished[1]) }] } : {},
  };
}

// The loops these tests wake must not be mid-reconcile when the file ends (the pool tears their objects down).
afterAll(() => settleControllers(), 30_000);

describe("decideTtl", () => {
  it.each([
    ["converged: no TTL → keep", job(undefined, ["Complete", 0]), 1_000, { kind: "keep" }],
    ["converged: not finished → keep", job(10), 1_000, { kind: "keep" }],
    ["converged: already being deleted → keep", job(0, ["Complete", 0], { deletionTimestamp: at(1) }), 1_000, { kind: "keep" }],
    ["before expiry: wait for it", job(100, ["Complete", 10]), 50, { kind: "wait", afterMs: 60_000, skew: false }],
    ["at expiry: delete", job(100, ["Complete", 10]), 110, { kind: "delete" }],
    ["a failed Job too", job(5, ["Failed", 0]), 6, { kind: "delete" }],
    ["TTL 0: delete at once", job(0, ["Complete", 3]), 3, { kind: "delete" }],
    ["finished in the future (clock skew): wait", job(5, ["Complete", 100]), 50, { kind: "wait", afterMs: 55_000, skew: true }],
  ])("%s", (_n, j, nowS, want) => expect(decideTtl(j, T + nowS * 1000)).toEqual(want));

  it("a finish condition without a time is an error", () => {
    const j = job(5, ["Complete", 0]);
    delete j.status.conditions[1].lastTransitionTime;
    expect(decideTtl(j, T)).toEqual({ kind: "error", message: "unable to find the time when the Job ns/j finished" });
  });

  it("deletes in the foreground, only the Job it decided about", () => {
    expect(cleanupDeleteOptions(job(0))).toEqual({ propagationPolicy: "Foreground", preconditions: { uid: "u1" } });
  });

  it("wakes for finished Jobs with a TTL only", () => {
    const change = (object: KubeObject) => ({ type: "MODIFIED" as const, resource: "batch/jobs", object });
    expect(ttlWakes(change(job(5, ["Complete", 0])))).toEqual(["ns/j"]);
    expect(ttlWakes(change(job(5)))).toEqual([]);
    expect(ttlWakes(change(job(undefined, ["Complete", 0])))).toEqual([]);
    expect(ttlWakes({ ...change(job(5, ["Complete", 0])), type: "DELETED" })).toEqual([]);
  });
});

describe("through the Worker", () => {
  it("deletes a Job ttlSecondsAfterFinished after it completed", async () => {
    const ns = await freshNamespace("ttl");
    const res = await post(`/apis/batch/v1/namespaces/${ns}/jobs`, {
      apiVersion: "batch/v1",
      kind: "Job",
      metadata: { name: "short" },
      spec: {
        ttlSecondsAfterFinished: 2,
        template: { spec: { restartPolicy: "Never", nodeSelector: { "test.kube-edge/nowhere": "true" }, containers: [{ name: "c", image: "busybox" }] } },
      },
    });
    expect(res.status, res.text).toBe(201);
    const [pod] = await eventually(async () => {
      const pods = await listPods(ns, "batch.kubernetes.io/job-name=short");
      expect(pods).toHaveLength(1);
      return pods;
    });
    await reportPod(ns, pod.metadata.name, "Succeeded");
    const path = `/apis/batch/v1/namespaces/${ns}/jobs/short`;
    const completedAt = await eventually(async () => {
      const j = (await get(path)).body as Obj;
      const complete = (j.status?.conditions ?? []).find((c: Obj) => c.type === "Complete" && c.status === "True");
      expect(complete).toBeDefined();
      return Date.parse(complete.lastTransitionTime);
    });
    // Deleted once the TTL passed (foreground: gone, or held by the foregroundDeletion finalizer until its pods
    // go); the first sight of the deletion is no earlier than the TTL (less the second the times are cut to).
    const seen = await eventually(async () => {
      const cur = await get(path);
      if (cur.status !== 404) {
        expect(cur.body.metadata.deletionTimestamp).toBeDefined();
        expect(cur.body.metadata.finalizers).toContain("foregroundDeletion");
        expect(Date.parse(cur.body.metadata.deletionTimestamp)).toBeGreaterThanOrEqual(completedAt + 2_000);
      }
      return Date.now();
    });
    expect(seen).toBeGreaterThanOrEqual(completedAt + 2_000 - 1_000);
  });
});
