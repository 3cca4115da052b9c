import { describe, expect, it } from "vitest";
import { CLUSTER_ROLE_BINDING_TABLE, ROLE_BINDING_TABLE } from "../../../worker/tables/rbac";
import { tableFor } from "../../../worker/tables/registry";
import type { KubeObject, TableDef } from "../../../worker/tables/types";
import { columnNames, meta, row } from "./helpers";

const subjects = [
  { kind: "User", apiGroup: "rbac.authorization.k8s.io", name: "alice" },
  { kind: "Group", apiGroup: "rbac.authorization.k8s.io", name: "devs" },
  { kind: "ServiceAccount", name: "builder", namespace: "ci" },
  { kind: "User", apiGroup: "rbac.authorization.k8s.io", name: "bob" },
  { kind: "Robot", name: "r2" },
];

describe("role bindings", () => {
  it.each<[string, TableDef]>([
    ["RoleBinding", ROLE_BINDING_TABLE],
    ["ClusterRoleBinding", CLUSTER_ROLE_BINDING_TABLE],
  ])("%s columns", (_kind, def) => {
    expect(columnNames(def)).toEqual(["Name", "Role", "Age", "+Users", "+Groups", "+ServiceAccounts"]);
  });

  it.each<[string, TableDef, KubeObject, unknown[]]>([
    [
      "role binding with every subject kind",
      ROLE_BINDING_TABLE,
      { metadata: meta("edit"), roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "edit" }, subjects },
      ["edit", "ClusterRole/edit", "5m", "alice, bob", "devs", "ci/builder"],
    ],
    [
      "cluster role binding without subjects",
      CLUSTER_ROLE_BINDING_TABLE,
      { metadata: meta("view"), roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "view" } },
      ["view", "ClusterRole/view", "5m", "", "", ""],
    ],
  ])("%s", (_name, def, b, want) => {
    expect(Object.values(row(def, b))).toEqual(want);
  });
});

describe("roles have no upstream printer", () => {
  it.each(["roles", "clusterroles"])("%s: Name + Created At", (resource) => {
    const def = tableFor("rbac.authorization.k8s.io", resource);
    expect(def.columns.map((c) => [c.name, c.type])).toEqual([["Name", "string"], ["Created At", "date"]]);
    const role = { metadata: { name: "pod-reader", creationTimestamp: "2024-05-01T10:20:30Z" }, rules: [] };
    expect(row(def, role)).toEqual({ Name: "pod-reader", "Created At": "2024-05-01T10:20:30Z" });
  });
});
