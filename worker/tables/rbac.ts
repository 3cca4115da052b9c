/**
 * rbac.authorization.k8s.io/v1 RoleBinding and ClusterRoleBinding tables: upstream printRoleBinding,
 * printClusterRoleBinding. Roles and ClusterRoles have no upstream printer (see default-table.ts).
 */
import { arr, ageOf, nameOf, str } from "./format";
import { AGE_COLUMN, NAME_COLUMN, column, type KubeObject, type TableDef } from "./types";

/** rbac.SubjectsStrings: users, groups and "namespace/name" service accounts (other kinds dropped). */
export function subjectsStrings(subjects: unknown): { users: string[]; groups: string[]; serviceAccounts: string[] } {
  const users: string[] = [];
  const groups: string[] = [];
  const serviceAccounts: string[] = [];
  for (const s of arr(subjects)) {
    if (s.kind === "ServiceAccount") serviceAccounts.push(`${str(s.namespace)}/${str(s.name)}`);
    else if (s.kind === "User") users.push(str(s.name));
    else if (s.kind === "Group") groups.push(str(s.name));
  }
  return { users, groups, serviceAccounts };
}

function bindingCells(b: KubeObject, now: Date): unknown[] {
  const { users, groups, serviceAccounts } = subjectsStrings(b.subjects);
  return [
    nameOf(b),
    `${str(b.roleRef?.kind)}/${str(b.roleRef?.name)}`,
    ageOf(b, now),
    users.join(", "),
    groups.join(", "),
    serviceAccounts.join(", "),
  ];
}

function bindingTable(what: string): TableDef {
  return {
    columns: [
      NAME_COLUMN,
      column("Role", "string", "RoleRef can reference a Role in the current namespace or a ClusterRole in the global namespace."),
      AGE_COLUMN,
      column("Users", "string", `Users in the ${what}`, 1),
      column("Groups", "string", `Groups in the ${what}`, 1),
      column("ServiceAccounts", "string", `ServiceAccounts in the ${what}`, 1),
    ],
    cells: bindingCells,
  };
}

export const ROLE_BINDING_TABLE = bindingTable("roleBinding");
export const CLUSTER_ROLE_BINDING_TABLE = bindingTable("clusterRoleBinding");
