/**
 * scheduling.k8s.io/v1 (k8s.io/api/scheduling/v1): PriorityClass. Defaulting follows
 * pkg/apis/scheduling/v1/defaults.go, validation pkg/apis/scheduling/validation/validation.go.
 */
import { z } from "zod";
import { bool, int32, opt, str, topLevel } from "./meta";
import type { FieldError, GroupVersionDef, KindDef, KubeObject } from "./types";
import { forbidden, notSupported, required } from "./validation/field-errors";
import { validateImmutableField } from "./validation/generic";
import { validateObjectMeta, validateObjectMetaUpdate } from "./validation/object-meta";

export const PriorityClassSchema = topLevel("io.k8s.api.scheduling.v1.PriorityClass", {
  value: opt(int32).describe("the integer priority of pods of this class; at most 1000000000 for user-defined classes. Required."),
  globalDefault: opt(bool).describe("the priority of pods without a priorityClassName"),
  description: opt(str),
  preemptionPolicy: opt(str).describe("Never or PreemptLowerPriority (default)"),
}).describe("PriorityClass maps a priority class name to the integer priority of pods that use it.");

export type PriorityClass = z.infer<typeof PriorityClassSchema>;

/** scheduling.HighestUserDefinablePriority. */
export const HIGHEST_USER_DEFINABLE_PRIORITY = 1_000_000_000;
const SYSTEM_PREFIX = "system-";
/** schedulingapiv1.SystemPriorityClasses(): the only names allowed with the `system-` prefix. */
const SYSTEM_PRIORITY_CLASSES: Record<string, number> = {
  "system-node-critical": 2_000_001_000,
  "system-cluster-critical": 2_000_000_000,
};
const PREEMPTION_POLICIES = ["PreemptLowerPriority", "Never"];

/** SetDefaults_PriorityClass. */
export function defaultPriorityClass(pc: KubeObject): void {
  pc.preemptionPolicy ??= "PreemptLowerPriority";
}

/** IsKnownSystemPriorityClass: undefined when known, else upstream's error text. */
function systemClassError(name: string, value: unknown, globalDefault: unknown): string | undefined {
  const want = SYSTEM_PRIORITY_CLASSES[name];
  if (want === undefined) return `${name} is not a known system priority class`;
  if (value !== want) return `value of ${name} PriorityClass must be ${want}`;
  if (globalDefault === true) return `globalDefault of ${name} PriorityClass must be false`;
  return undefined;
}

/** ValidatePriorityClass, plus ValidatePriorityClassUpdate (value and preemptionPolicy immutable). */
export function validatePriorityClass(pc: KubeObject, old?: KubeObject): FieldError[] {
  const errs = old ? validateObjectMetaUpdate(pc.metadata, old.metadata) : validateObjectMeta(pc.metadata, { namespaced: false });
  const name: string = pc.metadata?.name ?? "";
  const value = pc.value ?? 0;
  if (name.startsWith(SYSTEM_PREFIX)) {
    const err = systemClassError(name, value, pc.globalDefault ?? false);
    if (err) {
      errs.push(
        forbidden("metadata.name", `priority class names with '${SYSTEM_PREFIX}' prefix are reserved for system use only. error: ${err}`),
      );
    }
  } else if (value > HIGHEST_USER_DEFINABLE_PRIORITY) {
    errs.push(forbidden("value", `maximum allowed value of a user defined priority is ${HIGHEST_USER_DEFINABLE_PRIORITY}`));
  }
  if (pc.preemptionPolicy !== undefined && pc.preemptionPolicy !== null) {
    if (pc.preemptionPolicy === "") errs.push(required("preemptionPolicy"));
    else if (!PREEMPTION_POLICIES.includes(pc.preemptionPolicy)) {
      errs.push(notSupported("preemptionPolicy", pc.preemptionPolicy, PREEMPTION_POLICIES));
    }
  }
  if (old) {
    if (value !== (old.value ?? 0)) errs.push(forbidden("value", "may not be changed in an update."));
    errs.push(...validateImmutableField(pc.preemptionPolicy, old.preemptionPolicy, "preemptionPolicy"));
  }
  return errs;
}

const priorityClassDef: KindDef = {
  kind: "PriorityClass",
  resource: "priorityclasses",
  singular: "priorityclass",
  namespaced: false,
  shortNames: ["pc"],
  schema: PriorityClassSchema,
  default: defaultPriorityClass,
  validate: validatePriorityClass,
};

export const schedulingV1: GroupVersionDef = { group: "scheduling.k8s.io", version: "v1", kinds: [priorityClassDef] };
