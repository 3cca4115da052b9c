/**
 * Validation of scheduling constraints (pkg/apis/core/validation: ValidateTolerations, validateTaintEffect,
 * validateTopologySpreadConstraints, validateSchedulingGates, validateReadinessGates, node affinity selectors).
 */
import type { FieldError, KubeObject } from "../types";
import { child, duplicate, forbidden, index, invalid, IS_NOT_POSITIVE, notSupported, required } from "../validation/field-errors";
import { validateLabelSelector } from "../validation/label-selector";
import { isQualifiedName, isValidLabelValue } from "../validation/names";
import { validateLabelName } from "../validation/object-meta";

type Obj = KubeObject;
const list = (v: unknown): Obj[] => (Array.isArray(v) ? v.map((x) => x ?? {}) : []);

export const TAINT_EFFECTS = ["NoSchedule", "PreferNoSchedule", "NoExecute"];

/** validateTaintEffect */
export function validateTaintEffect(effect: string | undefined, allowEmpty: boolean, path: string): FieldError[] {
  if (!effect) return allowEmpty ? [] : [required(path)];
  return TAINT_EFFECTS.includes(effect) ? [] : [notSupported(path, effect, TAINT_EFFECTS)];
}

/** ValidateTolerations */
export function validateTolerations(tolerations: Obj[], path: string): FieldError[] {
  const errs: FieldError[] = [];
  tolerations.forEach((t, i) => {
    const at = index(path, i);
    if (t.key) errs.push(...validateLabelName(t.key, child(at, "key")));
    if (!t.key && t.operator !== "Exists") {
      errs.push(
        invalid(child(at, "operator"), t.operator ?? "", 'operator must be Exists when `key` is empty, which means "match all values and all keys"'),
      );
    }
    if (t.tolerationSeconds != null && t.effect !== "NoExecute") {
      errs.push(invalid(child(at, "effect"), t.effect ?? "", "effect must be 'NoExecute' when `tolerationSeconds` is set"));
    }
    switch (t.operator ?? "") {
      case "Equal":
      case "": {
        const msgs = isValidLabelValue(String(t.value ?? ""));
        if (msgs.length) errs.push(invalid(child(at, "operator"), t.value, msgs.join(";")));
        break;
      }
      case "Exists":
        if (t.value) errs.push(invalid(child(at, "operator"), t, "value must be empty when `operator` is 'Exists'"));
        break;
      default:
        errs.push(notSupported(child(at, "operator"), t.operator, ["Equal", "Exists"]));
    }
    errs.push(...validateTaintEffect(t.effect, true, child(at, "effect")));
  });
  return errs;
}

/** validateNodeTaints: key a qualified name, value a label value, effect required; key+effect unique. */
export function validateTaints(taints: Obj[], path: string): FieldError[] {
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  taints.forEach((t, i) => {
    const at = index(path, i);
    errs.push(...validateLabelName(t.key ?? "", child(at, "key")));
    if (t.value) errs.push(...isValidLabelValue(t.value).map((m) => invalid(child(at, "value"), t.value, m)));
    errs.push(...validateTaintEffect(t.effect, false, child(at, "effect")));
    const k = `${t.key}:${t.effect}`;
    if (seen.has(k)) errs.push(duplicate(at, { key: t.key, effect: t.effect }));
    seen.add(k);
  });
  return errs;
}

const WHEN_UNSATISFIABLE = ["DoNotSchedule", "ScheduleAnyway"];
const INCLUSION_POLICIES = ["Honor", "Ignore"];

/** validateTopologySpreadConstraints */
export function validateTopologySpreadConstraints(constraints: Obj[], path: string): FieldError[] {
  const errs: FieldError[] = [];
  constraints.forEach((c, i) => {
    const at = index(path, i);
    if (!(c.maxSkew > 0)) errs.push(invalid(child(at, "maxSkew"), c.maxSkew ?? 0, IS_NOT_POSITIVE));
    if (!c.topologyKey) errs.push(required(child(at, "topologyKey"), "can not be empty"));
    else errs.push(...isQualifiedName(c.topologyKey).map((m) => invalid(child(at, "topologyKey"), c.topologyKey, m)));
    if (!WHEN_UNSATISFIABLE.includes(c.whenUnsatisfiable)) {
      errs.push(notSupported(child(at, "whenUnsatisfiable"), c.whenUnsatisfiable ?? "", WHEN_UNSATISFIABLE));
    }
    const repeated = constraints
      .slice(i + 1)
      .some((o) => o.topologyKey === c.topologyKey && o.whenUnsatisfiable === c.whenUnsatisfiable);
    if (repeated) {
      errs.push(duplicate(child(at, "{topologyKey, whenUnsatisfiable}"), `{${c.topologyKey}, ${c.whenUnsatisfiable}}`));
    }
    if (c.minDomains != null) {
      if (!(c.minDomains > 0)) errs.push(invalid(child(at, "minDomains"), c.minDomains, IS_NOT_POSITIVE));
      if (c.whenUnsatisfiable !== "DoNotSchedule") {
        const msg = `can only use minDomains if whenUnsatisfiable=DoNotSchedule, not ${c.whenUnsatisfiable ?? ""}`;
        errs.push(invalid(child(at, "minDomains"), c.minDomains, msg));
      }
    }
    for (const p of ["nodeAffinityPolicy", "nodeTaintsPolicy"]) {
      if (c[p] != null && !INCLUSION_POLICIES.includes(c[p])) errs.push(notSupported(child(at, p), c[p], INCLUSION_POLICIES));
    }
    errs.push(...validateLabelSelector(c.labelSelector, child(at, "labelSelector")));
  });
  return errs;
}

/** validateSchedulingGates: qualified names, no duplicates. */
export function validateSchedulingGates(gates: Obj[], path: string): FieldError[] {
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  gates.forEach((g, i) => {
    const at = index(path, i);
    errs.push(...isQualifiedName(String(g.name ?? "")).map((m) => invalid(at, g.name ?? "", m)));
    if (seen.has(g.name)) errs.push(duplicate(at, g.name));
    seen.add(g.name);
  });
  return errs;
}

/** validateReadinessGates: condition types are qualified names. */
export const validateReadinessGates = (gates: Obj[], path: string): FieldError[] =>
  gates.flatMap((g, i) =>
    isQualifiedName(String(g.conditionType ?? "")).map((m) =>
      invalid(child(index(path, i), "conditionType"), g.conditionType ?? "", m),
    ),
  );

const NODE_SELECTOR_OPS = ["In", "NotIn", "Exists", "DoesNotExist", "Gt", "Lt"];

/** ValidateNodeSelectorRequirement (node affinity terms): operator-dependent value counts. */
export function validateNodeSelectorRequirement(req: Obj, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const values = Array.isArray(req.values) ? req.values.length : 0;
  switch (req.operator) {
    case "In":
    case "NotIn":
      if (values === 0) errs.push(required(child(path, "values"), "must be specified when `operator` is 'In' or 'NotIn'"));
      break;
    case "Exists":
    case "DoesNotExist":
      if (values > 0) errs.push(forbidden(child(path, "values"), "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
      break;
    case "Gt":
    case "Lt":
      if (values !== 1) errs.push(required(child(path, "values"), "must be specified single value when `operator` is 'Lt' or 'Gt'"));
      break;
    default:
      errs.push(invalid(child(path, "operator"), req.operator ?? "", "not a valid selector operator"));
  }
  errs.push(...validateLabelName(req.key ?? "", child(path, "key")));
  return errs;
}

/** validateAffinity (node-affinity part): every term's requirements. */
export function validateAffinity(affinity: Obj | undefined, path: string): FieldError[] {
  const na = affinity?.nodeAffinity;
  if (!na) return [];
  const errs: FieldError[] = [];
  const termErrs = (term: Obj, at: string) =>
    ["matchExpressions", "matchFields"].flatMap((k) =>
      list(term?.[k]).flatMap((r, j) => validateNodeSelectorRequirement(r, index(child(at, k), j))),
    );
  const reqPath = child(path, "nodeAffinity", "requiredDuringSchedulingIgnoredDuringExecution");
  const req = na.requiredDuringSchedulingIgnoredDuringExecution;
  if (req) {
    const terms = list(req.nodeSelectorTerms);
    if (terms.length === 0) errs.push(required(child(reqPath, "nodeSelectorTerms"), "must have at least one node selector term"));
    terms.forEach((t, i) => errs.push(...termErrs(t, index(child(reqPath, "nodeSelectorTerms"), i))));
  }
  const prefPath = child(path, "nodeAffinity", "preferredDuringSchedulingIgnoredDuringExecution");
  list(na.preferredDuringSchedulingIgnoredDuringExecution).forEach((p, i) => {
    const at = index(prefPath, i);
    if (!(p.weight >= 1 && p.weight <= 100)) errs.push(invalid(child(at, "weight"), p.weight ?? 0, "must be in the range 1-100"));
    errs.push(...termErrs(p.preference ?? {}, child(at, "preference")));
  });
  return errs;
}
