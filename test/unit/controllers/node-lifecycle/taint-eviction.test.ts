/** NoExecute taint eviction decisions: tolerations used, the smallest tolerationSeconds, when a pod goes. */
import { describe, expect, it } from "vitest";
import { matchingTolerations, minTolerationMs, planTaintEviction } from "../../../../worker/controllers/node-lifecycle/taint-eviction";
import type { KubeObject } from "../../../../schema/types";

const T0 = Date.parse("2025-01-01T00:00:00Z");
const at = (s: number) => new Date(T0 + s * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");
const UR = { key: "node.kubernetes.io/unreachable", effect: "NoExecute", timeAdded: at(0) };
const DRAIN = { key: "example.com/drain", value: "yes", effect: "NoExecute" };

const pod = (tolerations: KubeObject[], boundS = -600, extra: KubeObject = {}): KubeObject => ({
  metadata: { name: "p", creationTimestamp: at(-3600), ...extra },
  spec: { tolerations },
  status: { conditions: [{ type: "PodScheduled", status: "True", lastTransitionTime: at(boundS) }] },
});
const tol = (key: string, seconds?: number): KubeObject => ({ key, operator: "Exists", effect: "NoExecute", ...(seconds === undefined ? {} : { tolerationSeconds: seconds }) });

describe("matchingTolerations", () => {
  it("the first toleration tolerating each taint; any untolerated taint: none", () => {
    const a = tol(UR.key, 300);
    const b = { operator: "Exists" };
    expect(matchingTolerations([UR, DRAIN], [a, b])).toEqual({ tolerated: true, used: [a, b] });
    expect(matchingTolerations([UR, DRAIN], [a])).toEqual({ tolerated: false, used: [] });
    expect(matchingTolerations([], [])).toEqual({ tolerated: true, used: [] });
  });
});

describe("minTolerationMs", () => {
  it.each([
    [[], 0],
    [[tol("a")], -1],
    [[tol("a", 300), tol("b")], 300_000],
    [[tol("a", 300), tol("b", 60)], 60_000],
    [[tol("a", 300), tol("b", 0)], 0],
    [[tol("a", -5)], 0],
  ])("%j → %i", (used, ms) => expect(minTolerationMs(used)).toBe(ms));
});

describe("planTaintEviction", () => {
  it.each([
    ["no NoExecute taints: nothing (converged)", pod([]), [], 0, { action: "none" }],
    ["an untolerated taint: evict now", pod([tol(UR.key, 300)]), [UR, DRAIN], 0, { action: "evict" }],
    ["tolerated forever: nothing (converged)", pod([tol(UR.key)]), [UR], 10_000, { action: "none" }],
    ["tolerated for 300 s, tainted 100 s ago: wait 200 s", pod([tol(UR.key, 300)]), [UR], 100, { action: "wait", afterMs: 200_000 }],
    ["tolerated for 300 s, tainted 300 s ago: evict", pod([tol(UR.key, 300)]), [UR], 300, { action: "evict" }],
    ["tolerationSeconds 0: evict", pod([tol(UR.key, 0)]), [UR], 0, { action: "evict" }],
    ["bound after the taint: counted from the binding", pod([tol(UR.key, 300)], 100), [UR], 150, { action: "wait", afterMs: 250_000 }],
    ["a taint without timeAdded: counted from the binding", pod([{ operator: "Exists", tolerationSeconds: 60 }], -30), [DRAIN], 0, { action: "wait", afterMs: 30_000 }],
    [
      "one taint tolerated forever, another for 60 s: the smallest bounded one",
      pod([tol(UR.key), { key: DRAIN.key, operator: "Equal", value: "yes", tolerationSeconds: 60 }]),
      [UR, DRAIN],
      30,
      { action: "wait", afterMs: 30_000 },
    ],
    ["a terminating pod: nothing", pod([], -600, { deletionTimestamp: at(0) }), [UR], 0, { action: "none" }],
  ])("%s", (_name, p, taints, nowS, want) => {
    expect(planTaintEviction(p, taints, T0 + nowS * 1000)).toEqual(want);
  });
});
