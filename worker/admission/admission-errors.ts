/**
 * admission.NewForbidden: `<resource> "<name>" is forbidden: <reason>` with details {name, group, kind}.
 * The name is the request's; on create it is the object's name, except in the mutating phase, which runs
 * before a generateName is resolved (extractResourceName then prints the generateName, or "Unknown").
 */
import { ApiError, type StatusCause } from "../errors";
import type { AdmissionAttributes } from "./plugins";

export type AdmissionPhase = "mutate" | "validate";

/** A name made from generateName by prepareForCreate (prefix cut to 58 characters + 5 random ones). */
function wasGenerated(meta: { name?: string; generateName?: string }): boolean {
  const prefix = (meta.generateName ?? "").slice(0, 58);
  return !!prefix && !!meta.name && meta.name.length === prefix.length + 5 && meta.name.startsWith(prefix);
}

export function admissionName(a: AdmissionAttributes, phase: AdmissionPhase): string {
  if (a.ctx.req.name) return a.ctx.req.name;
  const meta = a.object?.metadata ?? {};
  if (phase === "mutate" && wasGenerated(meta)) return meta.generateName;
  return meta.name || meta.generateName || "Unknown";
}

export function admissionForbidden(a: AdmissionAttributes, phase: AdmissionPhase, reason: string, causes?: StatusCause[]): ApiError {
  const { group, resource } = a.ctx.entry;
  const name = admissionName(a, phase);
  const qualified = group ? `${resource}.${group}` : resource;
  return new ApiError(403, "Forbidden", `${qualified} "${name}" is forbidden: ${reason}`, {
    name,
    ...(group ? { group } : {}),
    kind: resource,
    ...(causes ? { causes } : {}),
  });
}
