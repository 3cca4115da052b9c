/** The clusterrole-aggregation controller's decision: which rules an aggregated ClusterRole gets. */
import { describe, expect, it } from "vitest";
import type { KubeObject } from "../../../schema/types";
import { aggregatedRules, aggregationChanges } from "../../../worker/authz/policy/aggregate";

const role = (name: string, labels: Record<string, string>, rules: KubeObject[] = [], aggregationRule?: KubeObject): KubeObject => ({
  kind: "ClusterRole",
  metadata: { name, labels },
  rules,
  ...(aggregationRule ? { aggregationRule } : {}),
});
const r = (verbs: string, resources: string, group = ""): KubeObject => ({ verbs: verbs.split(" "), apiGroups: [group], resources: resources.split(" ") });
const select = (...matchLabels: Record<string, string>[]) => ({ clusterRoleSelectors: matchLabels.map((m) => ({ matchLabels: m })) });
const TO_VIEW = { "rbac.example.com/aggregate-to-view": "true" };
const TO_EDIT = { "rbac.example.com/aggregate-to-edit": "true" };

describe("aggregatedRules", () => {
  it.each<[string, KubeObject, KubeObject[], KubeObject[] | undefined]>([
    ["no aggregationRule → nothing to do", role("plain", {}), [role("a", TO_VIEW, [r("get", "pods")])], undefined],
    [
      "union of matching roles, sorted by name, the role itself skipped",
      role("agg", TO_VIEW, [], select(TO_VIEW)),
      [role("zeta", TO_VIEW, [r("get", "secrets")]), role("alpha", TO_VIEW, [r("get", "pods")]), role("other", {}, [r("*", "*")])],
      [r("get", "pods"), r("get", "secrets")],
    ],
    [
      "selectors in order: all roles of the first, then of the second",
      role("agg", {}, [], select(TO_EDIT, TO_VIEW)),
      [role("a", TO_VIEW, [r("get", "pods")]), role("b", TO_EDIT, [r("create", "pods")])],
      [r("create", "pods"), r("get", "pods")],
    ],
    [
      "semantically equal rules kept once (absent lists equal empty ones)",
      role("agg", {}, [], select(TO_VIEW)),
      [
        role("a", TO_VIEW, [{ verbs: ["get"], apiGroups: [""], resources: ["pods"], resourceNames: [] }]),
        role("b", TO_VIEW, [r("get", "pods"), r("list", "pods")]),
      ],
      [r("get", "pods"), r("list", "pods")],
    ],
    [
      "order inside a rule matters for equality, as upstream's DeepEqual",
      role("agg", {}, [], select(TO_VIEW)),
      [role("a", TO_VIEW, [r("get list", "pods")]), role("b", TO_VIEW, [r("list get", "pods")])],
      [r("get list", "pods"), r("list get", "pods")],
    ],
    [
      "matchExpressions select too",
      role("agg", {}, [], { clusterRoleSelectors: [{ matchExpressions: [{ key: "tier", operator: "In", values: ["a", "b"] }] }] }),
      [role("x", { tier: "b" }, [r("get", "pods")]), role("y", { tier: "c" }, [r("get", "secrets")])],
      [r("get", "pods")],
    ],
    [
      "an invalid selector → nothing written (upstream: sync error)",
      role("agg", {}, [], { clusterRoleSelectors: [{ matchExpressions: [{ key: "tier", operator: "Bogus" }] }] }),
      [role("x", { tier: "b" }, [r("get", "pods")])],
      undefined,
    ],
    ["nothing matches → no rules", role("agg", {}, [r("get", "pods")], select(TO_VIEW)), [], []],
  ])("%s", (_name, target, others, want) => {
    expect(aggregatedRules(target, [target, ...others])).toEqual(want);
  });

  it("copies only PolicyRule members, in the Go field order", () => {
    const odd = { resources: ["pods"], apiGroups: [""], verbs: ["get"], extra: 1, resourceNames: [] };
    const [rule] = aggregatedRules(role("agg", {}, [], select(TO_VIEW)), [role("a", TO_VIEW, [odd])])!;
    expect(Object.keys(rule)).toEqual(["verbs", "apiGroups", "resources"]);
  });
});

describe("aggregationChanges", () => {
  const view = role("view", TO_EDIT, [], select(TO_VIEW));
  const edit = role("edit", {}, [], select(TO_EDIT));
  const reader = role("pod-reader", TO_VIEW, [r("get", "pods")]);
  const writer = role("pod-writer", TO_EDIT, [r("create", "pods")]);

  it("follows chains to convergence (view feeds edit)", () => {
    const changes = aggregationChanges([edit, view, reader, writer]);
    expect(Object.fromEntries(changes)).toEqual({
      view: [r("get", "pods")],
      edit: [r("create", "pods"), r("get", "pods")],
    });
  });

  it("converged → no changes", () => {
    const converged = [
      { ...edit, rules: [r("create", "pods"), r("get", "pods")] },
      { ...view, rules: [r("get", "pods")] },
      reader,
      writer,
    ];
    expect(aggregationChanges(converged).size).toBe(0);
  });

  it("a role that lost its label drops out", () => {
    const stale = [{ ...view, rules: [r("get", "pods")] }, { ...reader, metadata: { name: "pod-reader", labels: {} } }];
    expect(Object.fromEntries(aggregationChanges(stale))).toEqual({ view: [] });
  });

  it("does not change its inputs", () => {
    const input = [edit, view, reader, writer];
    const copy = structuredClone(input);
    aggregationChanges(input);
    expect(input).toEqual(copy);
  });
});
