/**
 * Apply conflicts and their 409 Status (k8s.io/apimachinery/pkg/util/managedfields/internal/conflict.go;
 * KUBECTL.md §7.8). kubectl prints the message and then its `--force-conflicts` help.
 */
import { pathToString } from "./field-set";
import type { ManagerId, Operation } from "./managers";
import type { OwnershipConflict } from "./ownership";

export interface ApplyConflict {
  manager: string;
  operation: Operation;
  apiVersion: string;
  subresource?: string;
  /** upstream field path: `.spec.replicas`, `.spec.template.spec.containers[name="app"].image`. */
  field: string;
}

export interface ConflictCause {
  reason: "FieldManagerConflict";
  message: string;
  field: string;
}

/** upstream's manager identifier (the sort key of conflict messages). */
function identifier(m: ManagerId): string {
  return JSON.stringify({
    manager: m.manager,
    operation: m.operation,
    ...(m.operation === "Update" ? { apiVersion: m.apiVersion } : {}),
    ...(m.subresource ? { subresource: m.subresource } : {}),
  });
}

/** One conflict per conflicting field, grouped by manager (sorted), fields in upstream set order. */
export function conflictsFromOwnership(conflicts: OwnershipConflict[]): ApplyConflict[] {
  return [...conflicts]
    .sort((a, b) => (identifier(a.manager) < identifier(b.manager) ? -1 : identifier(a.manager) > identifier(b.manager) ? 1 : 0))
    .flatMap(({ manager: m, set }) =>
      set.paths().map((p) => ({
        manager: m.manager,
        operation: m.operation,
        apiVersion: m.apiVersion,
        ...(m.subresource ? { subresource: m.subresource } : {}),
        field: pathToString(p),
      })),
    );
}

/**
 * upstream printManager: `"kubectl"` for appliers, `"kubectl-client-side-apply" using apps/v1` for
 * updaters, with ` with subresource "status"` after the name for subresource managers.
 */
export function printManager(c: Pick<ApplyConflict, "manager" | "operation" | "apiVersion" | "subresource">): string {
  let s = JSON.stringify(c.manager);
  if (c.subresource) s += ` with subresource ${JSON.stringify(c.subresource)}`;
  if (c.operation === "Update") s += ` using ${c.apiVersion}`;
  return s;
}

/**
 * The message and `details.causes` of the 409 Conflict Status:
 * `Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using apps/v1: .spec.replicas`,
 * or for several: `Apply failed with 2 conflicts: conflicts with "a":\n- .x\n- .y`.
 */
export function conflictStatus(conflicts: ApplyConflict[]): { message: string; causes: ConflictCause[] } {
  const causes = conflicts.map((c) => ({
    reason: "FieldManagerConflict" as const,
    message: `conflict with ${printManager(c)}`,
    field: c.field,
  }));
  if (conflicts.length === 1) {
    return { message: `Apply failed with 1 conflict: conflict with ${printManager(conflicts[0])}: ${conflicts[0].field}`, causes };
  }
  const byManager = new Map<string, { printed: string; fields: string[] }>();
  for (const c of conflicts) {
    const id = identifier(c);
    const g = byManager.get(id) ?? { printed: printManager(c), fields: [] };
    g.fields.push(c.field);
    byManager.set(id, g);
  }
  const lines = [...byManager.keys()]
    .sort()
    .flatMap((id) => {
      const g = byManager.get(id)!;
      return [`conflicts with ${g.printed}:`, ...g.fields.map((f) => `- ${f}`)];
    });
  return { message: `Apply failed with ${conflicts.length} conflicts: ${lines.join("\n")}`, causes };
}
