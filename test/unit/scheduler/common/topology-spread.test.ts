import { describe, expect, it } from "vitest";
import type { KubeObject } from "../../../../schema/types";
import {
  countPodsMatchSelector,
  defaultSpreadSelector,
  filterSpreadConstraints,
  matchNodeInclusionPolicies,
  podSpreadConstraints,
  type SpreadConstraint,
  type SpreadWorkloads,
} from "../../../../worker/scheduler/common";
import type { LabelRequirement } from "../../../../worker/selectors";
import { existsSel, HOSTNAME, node, pod, spread } from "../cluster-helpers";

const fooExists: LabelRequirement[] = [{ key: "foo", operator: "exists", values: [] }];

describe("filterTopologySpreadConstraints", () => {
  it.each<[string, KubeObject[], Record<string, string>, "DoNotSchedule" | "ScheduleAnyway", SpreadConstraint[]]>([
    [
      "defaults: minDomains 1, nodeAffinityPolicy Honor, nodeTaintsPolicy Ignore",
      [spread(2, "zone", "DoNotSchedule", existsSel("foo"))],
      {},
      "DoNotSchedule",
      [{ maxSkew: 2, topologyKey: "zone", selector: fooExists, minDomains: 1, nodeAffinityPolicy: "Honor", nodeTaintsPolicy: "Ignore" }],
    ],
    [
      "explicit minDomains and policies",
      [spread(1, "zone", "DoNotSchedule", existsSel("foo"), { minDomains: 3, nodeAffinityPolicy: "Ignore", nodeTaintsPolicy: "Honor" })],
      {},
      "DoNotSchedule",
      [{ maxSkew: 1, topologyKey: "zone", selector: fooExists, minDomains: 3, nodeAffinityPolicy: "Ignore", nodeTaintsPolicy: "Honor" }],
    ],
    [
      "only the requested whenUnsatisfiable",
      [spread(1, "zone", "DoNotSchedule", existsSel("foo")), spread(1, HOSTNAME, "ScheduleAnyway", existsSel("foo"))],
      {},
      "ScheduleAnyway",
      [{ maxSkew: 1, topologyKey: HOSTNAME, selector: fooExists, minDomains: 1, nodeAffinityPolicy: "Honor", nodeTaintsPolicy: "Ignore" }],
    ],
    [
      "matchLabelKeys add the pod's values (keys it lacks are skipped)",
      [spread(1, "zone", "DoNotSchedule", existsSel("foo"), { matchLabelKeys: ["rev", "missing"] })],
      { foo: "", rev: "7" },
      "DoNotSchedule",
      [
        {
          maxSkew: 1,
          topologyKey: "zone",
          selector: [...fooExists, { key: "rev", operator: "=", values: ["7"] }],
          minDomains: 1,
          nodeAffinityPolicy: "Honor",
          nodeTaintsPolicy: "Ignore",
        },
      ],
    ],
    [
      "matchLabelKeys on a nil selector give just the pod's values",
      [spread(1, "zone", "DoNotSchedule", undefined, { matchLabelKeys: ["rev"] })],
      { rev: "7" },
      "DoNotSchedule",
      [{ maxSkew: 1, topologyKey: "zone", selector: [{ key: "rev", operator: "=", values: ["7"] }], minDomains: 1, nodeAffinityPolicy: "Honor", nodeTaintsPolicy: "Ignore" }],
    ],
    [
      "a nil selector stays nothing",
      [spread(1, "zone", "DoNotSchedule")],
      {},
      "DoNotSchedule",
      [{ maxSkew: 1, topologyKey: "zone", selector: null, minDomains: 1, nodeAffinityPolicy: "Honor", nodeTaintsPolicy: "Ignore" }],
    ],
  ])("%s", (_name, constraints, labels, action, want) => {
    expect(filterSpreadConstraints(constraints, labels, action)).toEqual({ ok: true, constraints: want });
  });
});

describe("matchNodeInclusionPolicies", () => {
  const c = (nodeAffinityPolicy: "Honor" | "Ignore", nodeTaintsPolicy: "Honor" | "Ignore"): SpreadConstraint => ({
    maxSkew: 1,
    topologyKey: "zone",
    selector: [],
    minDomains: 1,
    nodeAffinityPolicy,
    nodeTaintsPolicy,
  });
  const picky = pod("p", { spec: { nodeSelector: { disk: "ssd" }, tolerations: [{ key: "ok", operator: "Exists" }] } });
  const ssd = node("n", { disk: "ssd" });
  const hdd = node("n", { disk: "hdd" });
  const tainted = (key: string, effect = "NoSchedule") => node("n", { disk: "ssd" }, { taints: [{ key, effect }] });
  it.each<[string, SpreadConstraint, KubeObject, boolean]>([
    ["Honor affinity: matching node", c("Honor", "Ignore"), ssd, true],
    ["Honor affinity: node outside the nodeSelector", c("Honor", "Ignore"), hdd, false],
    ["Ignore affinity", c("Ignore", "Ignore"), hdd, true],
    ["Ignore taints: untolerated taint", c("Honor", "Ignore"), tainted("bad"), true],
    ["Honor taints: untolerated NoSchedule taint", c("Honor", "Honor"), tainted("bad"), false],
    ["Honor taints: tolerated taint", c("Honor", "Honor"), tainted("ok"), true],
    ["Honor taints: PreferNoSchedule does not count", c("Honor", "Honor"), tainted("bad", "PreferNoSchedule"), true],
  ])("%s", (_name, constraint, n, want) => {
    expect(matchNodeInclusionPolicies(constraint, picky, n)).toBe(want);
  });
});

describe("countPodsMatchSelector", () => {
  it("counts matching pods of the namespace that are not terminating", () => {
    const pods = [
      pod("a", { labels: { foo: "" } }),
      pod("b", { labels: { foo: "" }, ns: "other" }),
      pod("c", { labels: { foo: "" }, metadata: { deletionTimestamp: "2024-01-01T00:00:00Z" } }),
      pod("d", { labels: { bar: "" } }),
      pod("e", { labels: { foo: "x" } }),
    ];
    expect(countPodsMatchSelector(pods, fooExists, "default")).toBe(2);
    expect(countPodsMatchSelector(pods, null, "default")).toBe(0);
  });
});

describe("helper.DefaultSelector and the system default constraints", () => {
  const none: SpreadWorkloads = { services: [], replicationControllers: [], replicaSets: [], statefulSets: [] };
  const svc = (name: string, selector: Record<string, string> | undefined, ns = "default"): KubeObject => ({
    metadata: { name, namespace: ns },
    spec: selector ? { selector } : {},
  });
  const owned = (kind: string, apiVersion: string, name: string, labels: Record<string, string>) =>
    pod("p", { labels, metadata: { ownerReferences: [{ apiVersion, kind, name, uid: "u", controller: true }] } });
  const rs = (name: string, selector: KubeObject): KubeObject => ({ metadata: { name, namespace: "default" }, spec: { selector } });
  const eq = (key: string, value: string) => ({ key, operator: "=", values: [value] });

  it.each<[string, KubeObject, Partial<SpreadWorkloads>, unknown[]]>([
    ["no service, no controller: empty", pod("p", { labels: { app: "web" } }), {}, []],
    [
      "services selecting the pod are merged; others (other namespace, no selector, not matching) are not",
      pod("p", { labels: { app: "web", tier: "fe" } }),
      { services: [svc("a", { app: "web" }), svc("b", { tier: "fe" }), svc("c", { app: "db" }), svc("d", undefined), svc("e", { app: "web", x: "y" }, "other")] },
      [eq("app", "web"), eq("tier", "fe")],
    ],
    [
      "the controlling ReplicaSet's selector is added",
      owned("ReplicaSet", "apps/v1", "rs-1", { app: "web", "pod-template-hash": "h" }),
      { services: [svc("a", { app: "web" })], replicaSets: [rs("rs-1", { matchLabels: { app: "web", "pod-template-hash": "h" } })] },
      [eq("app", "web"), eq("app", "web"), eq("pod-template-hash", "h")],
    ],
    [
      "a StatefulSet's expressions are added",
      owned("StatefulSet", "apps/v1", "ss", { app: "db" }),
      { statefulSets: [rs("ss", { matchExpressions: [{ key: "app", operator: "In", values: ["db"] }] })] },
      [{ key: "app", operator: "in", values: ["db"] }],
    ],
    [
      "a ReplicationController's selector map merges into the services'",
      owned("ReplicationController", "v1", "rc", { app: "old" }),
      { replicationControllers: [{ metadata: { name: "rc", namespace: "default" }, spec: { selector: { app: "old" } } }] },
      [eq("app", "old")],
    ],
    ["an owner of another group/version is ignored", owned("ReplicaSet", "extensions/v1beta1", "rs-1", { app: "web" }), { replicaSets: [rs("rs-1", { matchLabels: { app: "web" } })] }, []],
    ["a missing controller object adds nothing", owned("ReplicaSet", "apps/v1", "gone", { app: "web" }), {}, []],
  ])("%s", (_name, p, workloads, want) => {
    expect(defaultSpreadSelector(p, { ...none, ...workloads })).toEqual(want);
  });

  it("podSpreadConstraints: system defaults (hostname 3, zone 5) only for pods without their own, and only ScheduleAnyway", () => {
    const p = owned("ReplicaSet", "apps/v1", "rs-1", { app: "web" });
    const workloads = { ...none, replicaSets: [rs("rs-1", { matchLabels: { app: "web" } })] };
    const soft = podSpreadConstraints(p, "ScheduleAnyway", workloads);
    expect(soft.ok && soft.constraints.map((c) => [c.topologyKey, c.maxSkew, c.selector])).toEqual([
      [HOSTNAME, 3, [eq("app", "web")]],
      ["topology.kubernetes.io/zone", 5, [eq("app", "web")]],
    ]);
    expect(podSpreadConstraints(p, "DoNotSchedule", workloads)).toEqual({ ok: true, constraints: [] });
    expect(podSpreadConstraints(p, "ScheduleAnyway", undefined)).toEqual({ ok: true, constraints: [] });
    const own = { ...p, spec: { ...p.spec, topologySpreadConstraints: [spread(1, "zone", "DoNotSchedule", existsSel("app"))] } };
    expect(podSpreadConstraints(own, "ScheduleAnyway", workloads)).toEqual({ ok: true, constraints: [] });
  });

  it("podSpreadConstraints reports a bad selector with upstream's wording", () => {
    const p = pod("p", { spread: [spread(1, "zone", "ScheduleAnyway", { matchExpressions: [{ key: "a", operator: "Bad" }] })] });
    expect(podSpreadConstraints(p, "ScheduleAnyway", undefined)).toEqual({
      ok: false,
      message: `obtaining pod's soft topology spread constraints: "Bad" is not a valid label selector operator`,
    });
  });
});
