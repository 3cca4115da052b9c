/**
 * Reconciliation of one bootstrap object against what is stored (pkg/registry/rbac/reconciliation, in the
 * union mode kube-apiserver runs it in): never removes anything a cluster admin added.
 *
 * - Existing objects annotated `rbac.authorization.kubernetes.io/autoupdate: "false"` are protected.
 * - Labels and annotations: expected ones are added, existing values win.
 * - Roles: expected rules the existing ones do not cover are appended, broken down to single tuples;
 *   aggregation selectors missing from an aggregated ClusterRole are appended, and an aggregationRule the
 *   bootstrap role does not have is removed.
 * - Bindings: missing subjects are appended; a different roleRef (immutable) means delete and re-create.
 */
import type { KubeObject } from "../../../schema/types";
import { deepEqual } from "../../admission/lifecycle";
import { covers } from "../rbac-covers";
import { normalizeRule } from "./rule";
import { AUTOUPDATE_ANNOTATION } from "./specs";

export type ReconcileAction =
  | { op: "create"; object: KubeObject }
  | { op: "update"; object: KubeObject }
  /** Delete the existing binding and create `object` (roleRef changed). */
  | { op: "recreate"; object: KubeObject }
  | { op: "none"; protected?: boolean };

/** The action that brings `existing` (undefined: not stored) in line with the bootstrap object `expected`. */
export function reconcileObject(existing: KubeObject | undefined, expected: KubeObject): ReconcileAction {
  if (!existing) return { op: "create", object: structuredClone(expected) };
  const isBinding = expected.kind === "RoleBinding" || expected.kind === "ClusterRoleBinding";
  const protectedObj = existing.metadata?.annotations?.[AUTOUPDATE_ANNOTATION] === "false";
  if (isBinding && !sameRoleRef(existing.roleRef, expected.roleRef)) {
    return protectedObj ? { op: "none", protected: true } : { op: "recreate", object: structuredClone(expected) };
  }
  const next = structuredClone(existing);
  let changed = mergeMetadata(next, expected);
  changed = (isBinding ? reconcileSubjects(next, expected) : reconcileRules(next, expected)) || changed;
  if (!changed) return { op: "none" };
  return protectedObj ? { op: "none", protected: true } : { op: "update", object: next };
}

function mergeMetadata(next: KubeObject, expected: KubeObject): boolean {
  let changed = false;
  next.metadata ??= {};
  for (const field of ["annotations", "labels"] as const) {
    const merged = { ...(expected.metadata?.[field] ?? {}), ...(next.metadata[field] ?? {}) };
    if (!deepEqual(merged, next.metadata[field] ?? {})) {
      next.metadata[field] = merged;
      changed = true;
    }
  }
  return changed;
}

function reconcileRules(next: KubeObject, expected: KubeObject): boolean {
  let changed = false;
  const { missing } = covers(next.rules ?? [], expected.rules ?? []);
  if (missing.length) {
    next.rules = [...(next.rules ?? []), ...missing.map(normalizeRule)];
    changed = true;
  }
  if (expected.kind !== "ClusterRole") return changed;
  const want: KubeObject[] = expected.aggregationRule?.clusterRoleSelectors ?? [];
  if (!expected.aggregationRule && next.aggregationRule) {
    delete next.aggregationRule;
    return true;
  }
  const have: KubeObject[] = next.aggregationRule?.clusterRoleSelectors ?? [];
  const missingSelectors = want.filter((s) => !have.some((h) => deepEqual(h, s)));
  if (missingSelectors.length) {
    next.aggregationRule = { ...(next.aggregationRule ?? {}), clusterRoleSelectors: [...have, ...structuredClone(missingSelectors)] };
    changed = true;
  }
  return changed;
}

function reconcileSubjects(next: KubeObject, expected: KubeObject): boolean {
  const have: KubeObject[] = next.subjects ?? [];
  const missing = (expected.subjects ?? []).filter((s: KubeObject) => !have.some((h) => sameSubject(h, s)));
  if (!missing.length) return false;
  next.subjects = [...have, ...structuredClone(missing)];
  return true;
}

const str = (v: unknown) => (typeof v === "string" ? v : "");

function sameSubject(a: KubeObject, b: KubeObject): boolean {
  return str(a.kind) === str(b.kind) && str(a.apiGroup) === str(b.apiGroup) && str(a.name) === str(b.name) && str(a.namespace) === str(b.namespace);
}

function sameRoleRef(a: KubeObject | undefined, b: KubeObject | undefined): boolean {
  return str(a?.apiGroup) === str(b?.apiGroup) && str(a?.kind) === str(b?.kind) && str(a?.name) === str(b?.name);
}
