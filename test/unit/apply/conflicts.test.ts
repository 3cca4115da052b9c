import { describe, expect, it } from "vitest";
import { type ApplyConflict, conflictStatus } from "../../../worker/apply";

const csa: Omit<ApplyConflict, "field"> = { manager: "kubectl-client-side-apply", operation: "Update", apiVersion: "apps/v1" };

describe("conflictStatus", () => {
  it("formats one conflict as KUBECTL.md §7.8 shows", () => {
    expect(conflictStatus([{ ...csa, field: ".spec.replicas" }])).toEqual({
      message: 'Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using apps/v1: .spec.replicas',
      causes: [{ reason: "FieldManagerConflict", message: 'conflict with "kubectl-client-side-apply" using apps/v1', field: ".spec.replicas" }],
    });
  });

  it("groups several conflicts by manager, managers sorted", () => {
    const conflicts: ApplyConflict[] = [
      { ...csa, field: ".spec.replicas" },
      { ...csa, field: '.spec.template.spec.containers[name="app"].image' },
      { manager: "argocd", operation: "Apply", apiVersion: "apps/v1", field: ".spec.paused" },
    ];
    expect(conflictStatus(conflicts).message).toBe(
      [
        'Apply failed with 3 conflicts: conflicts with "argocd":',
        "- .spec.paused",
        'conflicts with "kubectl-client-side-apply" using apps/v1:',
        "- .spec.replicas",
        '- .spec.template.spec.containers[name="app"].image',
      ].join("\n"),
    );
  });

  it.each<[Omit<ApplyConflict, "field">, string]>([
    [{ manager: "kubectl", operation: "Apply", apiVersion: "apps/v1" }, 'conflict with "kubectl"'],
    [{ manager: "ctrl", operation: "Update", apiVersion: "v1", subresource: "status" }, 'conflict with "ctrl" with subresource "status" using v1'],
  ])("prints manager %j", (c, message) => {
    expect(conflictStatus([{ ...c, field: ".x" }]).causes[0].message).toBe(message);
  });
});
