/**
 * apps/v1 StatefulSet (k8s.io/api/apps/v1). Defaulting follows SetDefaults_StatefulSet (with StatefulSetAutoDeletePVC
 * on and MaxUnavailableStatefulSet off, as in 1.32), validation pkg/apis/apps/validation ValidateStatefulSet /
 * ValidateStatefulSetUpdate. Upstream does not validate the pod spec of a StatefulSet template (only its labels
 * and annotations): volume mounts may name volumeClaimTemplates, which only exist once pods are created.
 */
import { z } from "zod";
import { defaultPodTemplateSpec } from "../core-v1/pod-defaults";
import { defaultPersistentVolumeClaim } from "../core-v1/storage-rules";
import { PodTemplateSpecSchema } from "../core-v1/pod";
import { PersistentVolumeClaimSchema } from "../core-v1/storage";
import { atomicList, int32, int64, intOrString, LabelSelectorSchema, obj, opt, str, time, topLevel } from "../meta";
import type { FieldError, KindDef, KubeObject } from "../types";
import { forbidden, invalid, notSupported, required } from "../validation/field-errors";
import { semanticEqual, validateNonnegative } from "../validation/generic";
import { validateAnnotations, validateLabels } from "../validation/object-meta";
import { isDNS1035Label } from "../validation/names";
import { conditionsList, validateAlwaysRestart, validateSelectorUpdate, validateWorkloadMeta, validateWorkloadSelector } from "./workload";
import {
  goIntOrString,
  intOrPercentValue,
  invalidGo,
  isNotMoreThan100Percent,
  selectorIsInvalid,
  validatePositiveIntOrPercent,
  validateSelectorMatchesTemplate,
} from "./workload-validation";

export const RollingUpdateStatefulSetStrategySchema = obj({
  partition: opt(int32).describe("ordinals at or above this are updated; defaults to 0"),
  maxUnavailable: opt(intOrString).describe("pods that may be unavailable during the update (alpha, MaxUnavailableStatefulSet)"),
}).meta({ id: "io.k8s.api.apps.v1.RollingUpdateStatefulSetStrategy" });

export const StatefulSetUpdateStrategySchema = obj({
  type: opt(str).describe('"RollingUpdate" (default) or "OnDelete"'),
  rollingUpdate: opt(RollingUpdateStatefulSetStrategySchema),
}).meta({ id: "io.k8s.api.apps.v1.StatefulSetUpdateStrategy" });

export const StatefulSetPersistentVolumeClaimRetentionPolicySchema = obj({
  whenDeleted: opt(str).describe('"Retain" (default) or "Delete"'),
  whenScaled: opt(str).describe('"Retain" (default) or "Delete"'),
}).meta({ id: "io.k8s.api.apps.v1.StatefulSetPersistentVolumeClaimRetentionPolicy" });

export const StatefulSetOrdinalsSchema = obj({
  start: opt(int32).describe("the first replica index; defaults to 0"),
}).meta({ id: "io.k8s.api.apps.v1.StatefulSetOrdinals" });

export const StatefulSetSpecSchema = obj({
  replicas: opt(int32).describe("desired number of pods; defaults to 1"),
  selector: opt(LabelSelectorSchema).describe("label query over pods; must match the template's labels; immutable"),
  template: opt(PodTemplateSpecSchema).describe("the pods to create; each gets a stable identity and its own claims"),
  volumeClaimTemplates: atomicList(PersistentVolumeClaimSchema).describe("claims created for every pod; immutable"),
  serviceName: opt(str).describe("the headless Service that governs the pods' network identity"),
  podManagementPolicy: opt(str).describe('"OrderedReady" (default) or "Parallel"; immutable'),
  updateStrategy: opt(StatefulSetUpdateStrategySchema),
  revisionHistoryLimit: opt(int32).describe("revisions to keep; defaults to 10"),
  minReadySeconds: opt(int32),
  persistentVolumeClaimRetentionPolicy: opt(StatefulSetPersistentVolumeClaimRetentionPolicySchema),
  ordinals: opt(StatefulSetOrdinalsSchema),
}).meta({ id: "io.k8s.api.apps.v1.StatefulSetSpec", required: ["selector", "template"] });

export const StatefulSetConditionSchema = obj({
  type: opt(str),
  status: opt(str),
  lastTransitionTime: opt(time),
  reason: opt(str),
  message: opt(str),
}).meta({ id: "io.k8s.api.apps.v1.StatefulSetCondition", required: ["type", "status"] });

export const StatefulSetStatusSchema = obj({
  observedGeneration: opt(int64),
  replicas: opt(int32),
  readyReplicas: opt(int32),
  currentReplicas: opt(int32),
  updatedReplicas: opt(int32),
  currentRevision: opt(str),
  updateRevision: opt(str),
  collisionCount: opt(int32),
  conditions: conditionsList(StatefulSetConditionSchema),
  availableReplicas: opt(int32),
}).meta({ id: "io.k8s.api.apps.v1.StatefulSetStatus", required: ["replicas"] });

export const StatefulSetSchema = topLevel("io.k8s.api.apps.v1.StatefulSet", {
  spec: opt(StatefulSetSpecSchema).describe("the desired identities of pods in this set"),
  status: opt(StatefulSetStatusSchema).describe("the current status of pods in this StatefulSet"),
}).describe("StatefulSet manages pods with stable network identities and stable storage.");

export type StatefulSet = z.infer<typeof StatefulSetSchema>;

/** SetDefaults_StatefulSet, the pod template defaults and each claim template's SetDefaults_PersistentVolumeClaim. */
export function defaultStatefulSet(sts: KubeObject): void {
  const spec: KubeObject = (sts.spec ??= {});
  if (!spec.podManagementPolicy) spec.podManagementPolicy = "OrderedReady";
  const strategy: KubeObject = (spec.updateStrategy ??= {});
  if (!strategy.type) {
    strategy.type = "RollingUpdate";
    strategy.rollingUpdate ??= {};
  }
  if (strategy.type === "RollingUpdate" && strategy.rollingUpdate) strategy.rollingUpdate.partition ??= 0;
  const retention: KubeObject = (spec.persistentVolumeClaimRetentionPolicy ??= {});
  if (!retention.whenDeleted) retention.whenDeleted = "Retain";
  if (!retention.whenScaled) retention.whenScaled = "Retain";
  spec.replicas ??= 1;
  spec.revisionHistoryLimit ??= 10;
  defaultPodTemplateSpec((spec.template ??= {}));
  for (const claim of (spec.volumeClaimTemplates ?? []) as KubeObject[]) if (claim && typeof claim === "object") defaultPersistentVolumeClaim(claim);
}

const RETENTION_POLICIES = ["Retain", "Delete"];

const goUpdateStrategy = (s: KubeObject) =>
  `apps.StatefulSetUpdateStrategy{Type:${JSON.stringify(String(s.type ?? ""))}, RollingUpdate:(*apps.RollingUpdateStatefulSetStrategy)(${s.rollingUpdate ? "…" : "nil"})}`;

function validateUpdateStrategy(s: KubeObject, path: string): FieldError[] {
  switch (s.type ?? "") {
    case "":
      return [required(path)];
    case "OnDelete":
      return s.rollingUpdate ? [invalidGo(`${path}.rollingUpdate`, "apps.RollingUpdateStatefulSetStrategy{…}", "only allowed for updateStrategy 'RollingUpdate'")] : [];
    case "RollingUpdate": {
      const ru: KubeObject | undefined = s.rollingUpdate;
      if (!ru) return [];
      const p = `${path}.rollingUpdate`;
      const errs = validateNonnegative(ru.partition, `${p}.partition`);
      if (ru.maxUnavailable != null) {
        errs.push(...validatePositiveIntOrPercent(ru.maxUnavailable, `${p}.maxUnavailable`));
        if (intOrPercentValue(ru.maxUnavailable) === 0) errs.push(invalidGo(`${p}.maxUnavailable`, goIntOrString(ru.maxUnavailable), "cannot be 0"));
        errs.push(...isNotMoreThan100Percent(ru.maxUnavailable, `${p}.maxUnavailable`));
      }
      return errs;
    }
    default:
      return [invalidGo(path, goUpdateStrategy(s), "must be 'RollingUpdate' or 'OnDelete'")];
  }
}

/** ValidateStatefulSetSpec. */
export function validateStatefulSetSpec(spec: KubeObject, path = "spec"): FieldError[] {
  const errs: FieldError[] = [];
  const policy = spec.podManagementPolicy ?? "";
  if (!policy) errs.push(required(`${path}.podManagementPolicy`));
  else if (policy !== "OrderedReady" && policy !== "Parallel") {
    errs.push(invalid(`${path}.podManagementPolicy`, policy, "must be 'OrderedReady' or 'Parallel'"));
  }
  errs.push(...validateUpdateStrategy(spec.updateStrategy ?? {}, `${path}.updateStrategy`));
  const retention: KubeObject | undefined = spec.persistentVolumeClaimRetentionPolicy;
  if (retention) {
    for (const f of ["whenDeleted", "whenScaled"]) {
      if (!RETENTION_POLICIES.includes(retention[f])) {
        errs.push(notSupported(`${path}.persistentVolumeClaimRetentionPolicy.${f}`, retention[f] ?? "", RETENTION_POLICIES));
      }
    }
  }
  if (spec.serviceName) for (const m of isDNS1035Label(spec.serviceName)) errs.push(invalid(`${path}.serviceName`, spec.serviceName, m));
  errs.push(...validateNonnegative(spec.replicas, `${path}.replicas`));
  if (spec.ordinals) errs.push(...validateNonnegative(spec.ordinals.start, `${path}.ordinals.start`));
  errs.push(...validateNonnegative(spec.minReadySeconds, `${path}.minReadySeconds`));
  errs.push(...validateWorkloadSelector(spec.selector, `${path}.selector`, "statefulset", true));
  const tp = `${path}.template`;
  if (!selectorIsInvalid(spec.selector)) errs.push(...validateSelectorMatchesTemplate(spec.selector, spec.template, tp));
  errs.push(...validateLabels(spec.template?.metadata?.labels, `${tp}.labels`));
  errs.push(...validateAnnotations(spec.template?.metadata?.annotations, `${tp}.annotations`));
  errs.push(...validateAlwaysRestart(spec.template, tp, "StatefulSet"));
  return errs;
}

/** The spec fields an update may change (ValidateStatefulSetUpdate, 1.32). */
const MUTABLE_SPEC_FIELDS = ["replicas", "ordinals", "template", "updateStrategy", "persistentVolumeClaimRetentionPolicy", "minReadySeconds"];
export const STATEFULSET_SPEC_FORBIDDEN =
  "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden";

/** ValidateStatefulSetUpdate: only MUTABLE_SPEC_FIELDS may change. */
export function validateStatefulSetUpdate(sts: KubeObject, old: KubeObject): FieldError[] {
  const strip = (spec: KubeObject | undefined) => {
    const out: KubeObject = { ...(spec ?? {}) };
    for (const f of MUTABLE_SPEC_FIELDS) delete out[f];
    return out;
  };
  return semanticEqual(strip(sts.spec), strip(old.spec)) ? [] : [forbidden("spec", STATEFULSET_SPEC_FORBIDDEN)];
}

export const statefulSetDef: KindDef = {
  kind: "StatefulSet",
  resource: "statefulsets",
  singular: "statefulset",
  namespaced: true,
  shortNames: ["sts"],
  categories: ["all"],
  schema: StatefulSetSchema,
  status: true,
  generation: true,
  scale: { specReplicasPath: ".spec.replicas", statusReplicasPath: ".status.replicas", labelSelectorPath: ".spec.selector" },
  default: defaultStatefulSet,
  validate: (o, old) => [
    ...validateWorkloadMeta(o, old),
    ...validateStatefulSetSpec(o.spec ?? {}),
    ...(old ? validateStatefulSetUpdate(o, old) : []),
    ...validateSelectorUpdate(o, old),
  ],
};
