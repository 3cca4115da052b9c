/**
 * Pod update validation (pkg/apis/core/validation ValidatePodUpdate): a pod's spec is immutable except
 * container/initContainer images, activeDeadlineSeconds (set, or lowered), additions to tolerations (and their
 * tolerationSeconds), removal of scheduling gates, and terminationGracePeriodSeconds from negative to 1.
 * Everything else yields upstream's single `Forbidden: pod updates may not change fields other than …` error,
 * followed (instead of Go's cmp.Diff) by one `- path: old` / `+ path: new` pair per changed field.
 */
import type { FieldError, KubeObject } from "../types";
import { child, formatValue, forbidden, index, invalid, required } from "../validation/field-errors";
import { diffValues, semanticEqual } from "../validation/generic";
import { validateObjectMetaUpdate } from "../validation/object-meta";
import { validatePodSpec } from "./pod-validation";

type Obj = KubeObject;
const list = (v: unknown): Obj[] => (Array.isArray(v) ? v.map((x) => x ?? {}) : []);
const MAX_INT32 = 2147483647;

export const POD_UPDATE_FORBIDDEN =
  "pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`," +
  "`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations)," +
  "`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)";

/** ValidateContainerUpdates: same number of containers; images set and without surrounding whitespace. */
function validateContainerUpdates(next: Obj[], old: Obj[], path: string): { errs: FieldError[]; stop: boolean } {
  if (next.length !== old.length) return { errs: [forbidden(path, "pod updates may not add or remove containers")], stop: true };
  const errs: FieldError[] = [];
  next.forEach((c, i) => {
    const image = String(c.image ?? "");
    if (!image) errs.push(required(child(index(path, i), "image")));
    if (image.trim() !== image) errs.push(invalid(child(index(path, i), "image"), image, "must not have leading or trailing whitespace"));
  });
  return { errs, stop: false };
}

/** validateOnlyAddedTolerations: each old toleration must still be present (tolerationSeconds may change). */
function validateOnlyAddedTolerations(next: Obj[], old: Obj[], path: string): FieldError[] {
  for (const o of old) {
    const found = next.some((n) => semanticEqual({ ...o, tolerationSeconds: n.tolerationSeconds }, n));
    if (!found) return [forbidden(path, "existing toleration can not be modified except its tolerationSeconds")];
  }
  return []; // ValidateTolerations already ran as part of validatePodSpec (upstream reports those twice).
}

/** validateOnlyDeletedSchedulingGates */
function validateOnlyDeletedSchedulingGates(next: Obj[], old: Obj[], path: string): FieldError[] {
  const before = new Set(old.map((g) => g.name));
  return next.flatMap((g, i) =>
    before.has(g.name)
      ? []
      : [forbidden(child(index(path, i), "name"), `only deletion is allowed, but found new scheduling gate '${g.name ?? ""}'`)],
  );
}

function validateActiveDeadline(next: unknown, old: unknown, path: string): FieldError[] {
  if (typeof next === "number") {
    if (next < 0 || next > MAX_INT32) return [invalid(path, next, `must be between 0 and ${MAX_INT32}, inclusive`)];
    if (typeof old === "number" && old < next) return [invalid(path, next, "must be less than or equal to previous value")];
    return [];
  }
  return typeof old === "number" ? [invalid(path, null, "must not update from a positive integer to nil value")] : [];
}

/** The new spec with every updatable field replaced by the old value (upstream's "munged" spec). */
function mungeSpec(next: Obj, old: Obj): Obj {
  const munged: Obj = structuredClone(next);
  const withOldImages = (cs: Obj[], olds: Obj[]) => cs.map((c, i) => ({ ...c, image: olds[i]?.image }));
  if (Array.isArray(munged.containers)) munged.containers = withOldImages(list(munged.containers), list(old.containers));
  if (Array.isArray(munged.initContainers)) {
    munged.initContainers = withOldImages(list(munged.initContainers), list(old.initContainers));
  }
  munged.activeDeadlineSeconds = old.activeDeadlineSeconds;
  munged.schedulingGates = old.schedulingGates;
  munged.tolerations = old.tolerations;
  const oldGrace = old.terminationGracePeriodSeconds;
  if (typeof oldGrace === "number" && oldGrace < 0 && munged.terminationGracePeriodSeconds === 1) {
    munged.terminationGracePeriodSeconds = oldGrace;
  }
  return munged;
}

/** ValidatePodUpdate. `pod` is the new object (already defaulted), `old` the stored one. */
export function validatePodUpdate(pod: Obj, old: Obj): FieldError[] {
  const spec: Obj = pod.spec ?? {};
  const oldSpec: Obj = old.spec ?? {};
  const errs = [...validateObjectMetaUpdate(pod.metadata, old.metadata), ...validatePodSpec(spec, "spec")];
  for (const k of ["containers", "initContainers"]) {
    const r = validateContainerUpdates(list(spec[k]), list(oldSpec[k]), `spec.${k}`);
    errs.push(...r.errs);
    if (r.stop) return errs;
  }
  const deadlineErrs = validateActiveDeadline(spec.activeDeadlineSeconds, oldSpec.activeDeadlineSeconds, "spec.activeDeadlineSeconds");
  if (deadlineErrs.length) return [...errs, ...deadlineErrs];
  errs.push(...validateOnlyAddedTolerations(list(spec.tolerations), list(oldSpec.tolerations), "spec.tolerations"));
  errs.push(...validateOnlyDeletedSchedulingGates(list(spec.schedulingGates), list(oldSpec.schedulingGates), "spec.schedulingGates"));
  const changes = diffValues(oldSpec, mungeSpec(spec, oldSpec), "spec");
  if (changes.length) {
    const detail = changes.map((d) => `- ${d.path}: ${formatValue(d.from)}\n+ ${d.path}: ${formatValue(d.to)}`).join("\n");
    errs.push(forbidden("spec", `${POD_UPDATE_FORBIDDEN}\n${detail}`));
  }
  return errs;
}
