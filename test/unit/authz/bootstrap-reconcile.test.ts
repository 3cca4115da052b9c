/**
 * Reconciliation of bootstrap objects against stored ones (pkg/registry/rbac/reconciliation, union mode) and
 * the bootstrap plan built from it: missing → created, autoupdate → union, autoupdate "false" → untouched,
 * converged → no writes.
 */
import { describe, expect, it } from "vitest";
import type { KubeObject } from "../../../schema/types";
import { reconcileObject, type ReconcileAction } from "../../../worker/authz/policy/reconcile";
import { planRbacBootstrap, type StoredObject } from "../../../worker/authz/policy/plan";
import { bootstrapPolicyObjects, CLUSTER_ROLES, normalizeRule } from "../../../worker/authz/policy";

const AUTOUPDATE = "rbac.authorization.kubernetes.io/autoupdate";
const meta = (name: string, annotations: Record<string, string> = { [AUTOUPDATE]: "true" }, labels: Record<string, string> = {}) => ({
  name,
  annotations,
  labels: { "kubernetes.io/bootstrapping": "rbac-defaults", ...labels },
});
const clusterRole = (name: string, rules: KubeObject[], extra: KubeObject = {}): KubeObject => ({
  kind: "ClusterRole",
  apiVersion: "rbac.authorization.k8s.io/v1",
  metadata: meta(name),
  rules,
  ...extra,
});
const binding = (name: string, role: string, subjects: KubeObject[]): KubeObject => ({
  kind: "ClusterRoleBinding",
  apiVersion: "rbac.authorization.k8s.io/v1",
  metadata: meta(name),
  subjects,
  roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: role },
});
const withMeta = (o: KubeObject, m: KubeObject): KubeObject => ({ ...o, metadata: { ...o.metadata, ...m } });

const podsRead = { verbs: ["get", "list", "watch"], apiGroups: [""], resources: ["pods"] };
const secretsGet = { verbs: ["get"], apiGroups: [""], resources: ["secrets"] };
const group = (name: string) => ({ kind: "Group", apiGroup: "rbac.authorization.k8s.io", name });
const selector = (label: string) => ({ matchLabels: { [label]: "true" } });

const expectedRole = clusterRole("r", [podsRead]);
const expectedBinding = binding("b", "r", [group("g1")]);

describe("reconcileObject", () => {
  it.each<[string, KubeObject | undefined, KubeObject, ReconcileAction]>([
    ["missing → create", undefined, expectedRole, { op: "create", object: expectedRole }],
    ["identical → nothing", expectedRole, expectedRole, { op: "none" }],
    ["covered by a wildcard rule → nothing", clusterRole("r", [{ verbs: ["*"], apiGroups: ["*"], resources: ["*"] }]), expectedRole, { op: "none" }],
    [
      "missing rules are appended broken down, extra rules kept",
      clusterRole("r", [secretsGet, { verbs: ["get"], apiGroups: [""], resources: ["pods"] }]),
      expectedRole,
      {
        op: "update",
        object: clusterRole("r", [
          secretsGet,
          { verbs: ["get"], apiGroups: [""], resources: ["pods"] },
          { verbs: ["list"], apiGroups: [""], resources: ["pods"] },
          { verbs: ["watch"], apiGroups: [""], resources: ["pods"] },
        ]),
      },
    ],
    ["autoupdate \"false\" is left alone", withMeta(clusterRole("r", []), { annotations: { [AUTOUPDATE]: "false" } }), expectedRole, { op: "none", protected: true }],
    [
      "no autoupdate annotation is reconciled (only \"false\" protects), annotation added",
      withMeta(clusterRole("r", [podsRead]), { annotations: undefined }),
      expectedRole,
      { op: "update", object: expectedRole },
    ],
    [
      "labels: expected ones added, existing values win",
      withMeta(expectedRole, { labels: { "kubernetes.io/bootstrapping": "mine", team: "a" } }),
      withMeta(expectedRole, { labels: { "kubernetes.io/bootstrapping": "rbac-defaults", extra: "x" } }),
      { op: "update", object: withMeta(expectedRole, { labels: { "kubernetes.io/bootstrapping": "mine", team: "a", extra: "x" } }) },
    ],
    [
      "aggregated role: rules filled by aggregation are not extra, nothing to do",
      clusterRole("agg", [podsRead], { aggregationRule: { clusterRoleSelectors: [selector("to-agg")] } }),
      { ...clusterRole("agg", []), rules: undefined, aggregationRule: { clusterRoleSelectors: [selector("to-agg")] } },
      { op: "none" },
    ],
    [
      "aggregated role: a missing selector is appended",
      clusterRole("agg", [], { aggregationRule: { clusterRoleSelectors: [selector("mine")] } }),
      clusterRole("agg", [], { aggregationRule: { clusterRoleSelectors: [selector("to-agg")] } }),
      { op: "update", object: clusterRole("agg", [], { aggregationRule: { clusterRoleSelectors: [selector("mine"), selector("to-agg")] } }) },
    ],
    [
      "an aggregationRule the bootstrap role does not have is removed",
      clusterRole("r", [podsRead], { aggregationRule: { clusterRoleSelectors: [selector("x")] } }),
      expectedRole,
      { op: "update", object: expectedRole },
    ],
    [
      "binding: missing subjects appended, extra kept",
      binding("b", "r", [group("mine")]),
      expectedBinding,
      { op: "update", object: binding("b", "r", [group("mine"), group("g1")]) },
    ],
    [
      "binding: ServiceAccount subjects match with or without apiGroup \"\"",
      binding("b", "r", [{ kind: "ServiceAccount", apiGroup: "", name: "sa", namespace: "kube-system" }]),
      binding("b", "r", [{ kind: "ServiceAccount", name: "sa", namespace: "kube-system" }]),
      { op: "none" },
    ],
    ["binding: another roleRef → delete and re-create", binding("b", "other", [group("g1")]), expectedBinding, { op: "recreate", object: expectedBinding }],
    [
      "binding: another roleRef but autoupdate \"false\" → untouched",
      withMeta(binding("b", "other", []), { annotations: { [AUTOUPDATE]: "false" } }),
      expectedBinding,
      { op: "none", protected: true },
    ],
  ])("%s", (_name, existing, expected, want) => {
    expect(reconcileObject(existing, expected)).toEqual(want);
  });

  it("does not change its inputs", () => {
    const existing = clusterRole("r", [secretsGet]);
    const copy = structuredClone(existing);
    reconcileObject(existing, expectedRole);
    expect(existing).toEqual(copy);
  });
});

/** What the store would hold after executing a plan (revisions made up, metadata as the writer leaves it). */
function applyPlan(stored: StoredObject[], writes: ReturnType<typeof planRbacBootstrap>["writes"]): StoredObject[] {
  const out = new Map(stored.map((s) => [`${s.object.kind} ${s.object.metadata.namespace ?? ""}/${s.object.metadata.name}`, s]));
  for (const w of writes) out.set(`${w.object.kind} ${w.object.metadata.namespace ?? ""}/${w.object.metadata.name}`, { object: structuredClone(w.object), revision: 1 });
  return [...out.values()];
}

const rulesOf = (name: string) => CLUSTER_ROLES.find((r) => r.name === name)!.rules!.map(normalizeRule);

describe("planRbacBootstrap", () => {
  const fresh = planRbacBootstrap([]);

  it("creates every bootstrap object in an empty store", () => {
    expect(fresh.writes.every((w) => w.op === "create")).toBe(true);
    expect(fresh.writes.length).toBe(bootstrapPolicyObjects().length);
  });

  it("fills admin, edit and view with their aggregated rules (selectors in order, roles by name)", () => {
    const created = (name: string) => fresh.writes.find((w) => w.object.kind === "ClusterRole" && w.object.metadata.name === name)!.object;
    const view = rulesOf("system:aggregate-to-view");
    const edit = [...rulesOf("system:aggregate-to-edit"), ...view];
    expect(created("view").rules).toEqual(view);
    expect(created("edit").rules).toEqual(edit);
    expect(created("admin").rules).toEqual([...edit, ...rulesOf("system:aggregate-to-admin")]);
  });

  it("does not touch the shared bootstrap objects", () => {
    expect(bootstrapPolicyObjects().find((o) => o.metadata.name === "admin")!.rules).toBeUndefined();
  });

  it("converged → no writes", () => {
    expect(planRbacBootstrap(applyPlan([], fresh.writes))).toEqual({ writes: [], protectedObjects: [] });
  });

  it("writes only the differences", () => {
    const stored = applyPlan([], fresh.writes);
    const dns = stored.find((s) => s.object.metadata.name === "system:kube-dns")!;
    dns.object.rules = [];
    dns.revision = 7;
    const plan = planRbacBootstrap(stored);
    expect(plan.writes).toHaveLength(1);
    expect(plan.writes[0]).toMatchObject({ op: "update", revision: 7, object: { metadata: { name: "system:kube-dns" } } });
    expect(plan.writes[0].object.rules).toEqual([
      { verbs: ["list"], apiGroups: [""], resources: ["endpoints"] },
      { verbs: ["watch"], apiGroups: [""], resources: ["endpoints"] },
      { verbs: ["list"], apiGroups: [""], resources: ["services"] },
      { verbs: ["watch"], apiGroups: [""], resources: ["services"] },
    ]);
  });

  it("leaves protected objects alone and reports them", () => {
    const stored = applyPlan([], fresh.writes);
    const dns = stored.find((s) => s.object.metadata.name === "system:kube-dns")!;
    dns.object.rules = [];
    dns.object.metadata.annotations[AUTOUPDATE] = "false";
    expect(planRbacBootstrap(stored)).toEqual({ writes: [], protectedObjects: ["ClusterRole /system:kube-dns"] });
  });

  it("re-aggregates a stale aggregated role, protected or not, as the controller would", () => {
    const stored = applyPlan([], fresh.writes);
    const view = stored.find((s) => s.object.metadata.name === "view")!;
    view.object.rules = [];
    view.object.metadata.annotations[AUTOUPDATE] = "false";
    const plan = planRbacBootstrap(stored);
    expect(plan.writes.map((w) => [w.op, w.object.metadata.name])).toEqual([["update", "view"]]);
    expect(plan.writes[0].object.rules).toEqual(rulesOf("system:aggregate-to-view"));
  });
});
