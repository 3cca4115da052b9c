/** The resourcequota controller's recount (pkg/controller/resourcequota, quota.CalculateUsage), pure. */
import { describe, expect, it } from "vitest";
import type { KubeObject } from "../../../schema/types";
import { calculateUsage, evaluatorsFor, needsSync, quotaStatus, statusChanged } from "../../../worker/admission/quota/calculate";
import type { Evaluator } from "../../../worker/admission/quota/evaluator";
import { toWire } from "../../../worker/admission/quota/resource-list";

const NOW = new Date("2024-05-01T10:00:00Z");
const known = (g: string, r: string) => !(g === "example.com" && r === "widgets");
const quota = (hard: Record<string, string>, spec: KubeObject = {}, status?: KubeObject): KubeObject => ({
  metadata: { name: "q", namespace: "ns" },
  spec: { hard, ...spec },
  ...(status ? { status } : {}),
});
const pod = (phase: string, cpu?: string, extra: KubeObject = {}): KubeObject => ({
  metadata: { name: `p-${phase}` },
  spec: { containers: [{ name: "c", ...(cpu ? { resources: { requests: { cpu } } } : {}) }], ...extra },
  status: { phase },
});

const OBJECTS: Record<string, KubeObject[]> = {
  "/pods": [pod("Running", "250m"), pod("Pending", "250m", { activeDeadlineSeconds: 5 }), pod("Succeeded", "1"), pod("Running")],
  "/configmaps": [{ metadata: { name: "a" } }, { metadata: { name: "b" } }],
  "apps/deployments": [{ metadata: { name: "d" } }],
};
const objectsOf = (ev: Evaluator) => OBJECTS[`${ev.group}/${ev.resource}`] ?? [];
const recount = (q: KubeObject) => toWire(calculateUsage(q, evaluatorsFor(Object.keys(q.spec.hard), known), objectsOf, NOW));

describe("evaluatorsFor", () => {
  it("picks the evaluators a quota's limits need, generic counters for known count/ names", () => {
    const evs = evaluatorsFor(["pods", "configmaps", "count/deployments.apps", "count/widgets.example.com"], known);
    expect(evs.map((e) => `${e.group}/${e.resource}`)).toEqual(["/pods", "/configmaps", "apps/deployments"]);
  });
});

describe("calculateUsage", () => {
  it.each<[string, KubeObject, Record<string, string>]>([
    ["object counts", quota({ configmaps: "9", "count/deployments.apps": "9" }), { configmaps: "2", "count/deployments.apps": "1" }],
    ["terminal pods are not charged, count/pods counts them", quota({ pods: "9", "count/pods": "9", "requests.cpu": "9" }), { "count/pods": "4", pods: "3", "requests.cpu": "500m" }],
    ["scopes select the pods", quota({ pods: "9" }, { scopes: ["Terminating"] }), { pods: "1" }],
    ["BestEffort scope", quota({ pods: "9" }, { scopes: ["BestEffort"] }), { pods: "1" }],
    ["zero for tracked resources without objects", quota({ secrets: "1", services: "1" }), { secrets: "0", services: "0" }],
    ["unknown resources get no usage", quota({ "count/widgets.example.com": "1" }), {}],
  ])("%s", (_name, q, want) => {
    expect(recount(q)).toEqual(want);
  });
});

describe("quotaStatus / statusChanged / needsSync", () => {
  it("hard comes from spec; used is masked to hard and keeps earlier observations", () => {
    const q = quota({ pods: "5", "count/widgets.example.com": "1" }, {}, { hard: { pods: "4" }, used: { pods: "9", "count/widgets.example.com": "1", gone: "3" } });
    const status = quotaStatus(q, new Map(Object.entries({ pods: { nanos: 2_000_000_000n, format: "DecimalSI" as const } })));
    expect(status).toEqual({ hard: { "count/widgets.example.com": "1", pods: "5" }, used: { "count/widgets.example.com": "1", pods: "2" } });
    expect(statusChanged(q, status)).toBe(true);
    expect(needsSync(q)).toBe(true);
  });
  it("converged: the same status is no change, and the quota needs no sync", () => {
    const q = quota({ pods: "5" }, {}, { hard: { pods: "5" }, used: { pods: "2" } });
    expect(statusChanged(q, { hard: { pods: "5" }, used: { pods: "2" } })).toBe(false);
    expect(needsSync(q)).toBe(false);
    expect(needsSync(quota({ pods: "5" }))).toBe(true);
  });
});
