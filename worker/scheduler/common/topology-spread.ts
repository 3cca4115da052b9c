/**
 * PodTopologySpread's constraint model (pkg/scheduler/framework/plugins/podtopologyspread/common.go, 1.32), shared
 * by its filter (DoNotSchedule) and score (ScheduleAnyway): a v1.TopologySpreadConstraint with its selector parsed
 * and matchLabelKeys merged in (MatchLabelKeysInPodTopologySpread, on by default in 1.32), minDomains,
 * nodeAffinityPolicy (default Honor) and nodeTaintsPolicy (default Ignore); the system default constraints for
 * pods without their own (defaultingType System) take their selector from ./default-spread-selector.
 */
import type { KubeObject } from "../../../schema/types";
import { labelSelectorFromObject, matchLabels, type LabelRequirement } from "../../selectors";
import { sortByKey } from "../../selectors/label-requirement";
import { defaultSpreadSelector } from "./default-spread-selector";
import { podNamespace, topologyValue } from "./affinity-term";
import { requiredNodeAffinityMatches } from "./node-selector";
import type { SpreadWorkloads } from "./snapshot";
import { findUntoleratedTaint, isDoNotScheduleTaint } from "./tolerations";

/** v1.LabelHostname. */
export const LABEL_HOSTNAME = "kubernetes.io/hostname";
/** v1.LabelTopologyZone. */
export const LABEL_TOPOLOGY_ZONE = "topology.kubernetes.io/zone";

export type UnsatisfiableConstraintAction = "DoNotSchedule" | "ScheduleAnyway";

/** topologySpreadConstraint: `selector` null is labels.Nothing(). */
export interface SpreadConstraint {
  maxSkew: number;
  topologyKey: string;
  selector: LabelRequirement[] | null;
  minDomains: number;
  nodeAffinityPolicy: "Honor" | "Ignore";
  nodeTaintsPolicy: "Honor" | "Ignore";
}

/**
 * systemDefaultConstraints (pkg/scheduler/apis/config/v1/defaults.go): hostname maxSkew 3 and zone maxSkew 5, both
 * ScheduleAnyway — so they only ever affect scoring.
 */
export const SYSTEM_DEFAULT_CONSTRAINTS: readonly KubeObject[] = [
  { topologyKey: LABEL_HOSTNAME, whenUnsatisfiable: "ScheduleAnyway", maxSkew: 3 },
  { topologyKey: LABEL_TOPOLOGY_ZONE, whenUnsatisfiable: "ScheduleAnyway", maxSkew: 5 },
];

export type SpreadConstraintsResult = { ok: true; constraints: SpreadConstraint[] } | { ok: false; message: string };

/**
 * mergeLabelSetWithSelector: the pod's values for matchLabelKeys as `=` requirements plus the selector's own
 * (a nothing selector contributes none, as its Requirements() reports not selectable).
 */
function mergeMatchLabelKeys(selector: LabelRequirement[] | null, keys: readonly string[], podLabels: Record<string, string>) {
  const set: LabelRequirement[] = [];
  for (const key of keys) {
    if (Object.prototype.hasOwnProperty.call(podLabels, key)) set.push({ key, operator: "=", values: [podLabels[key]] });
  }
  if (set.length === 0) return selector;
  return sortByKey([...set, ...(selector ?? [])]);
}

/** filterTopologySpreadConstraints: the constraints with the given whenUnsatisfiable, parsed and defaulted. */
export function filterSpreadConstraints(
  constraints: readonly KubeObject[],
  podLabels: Record<string, string> | undefined,
  action: UnsatisfiableConstraintAction,
): SpreadConstraintsResult {
  const out: SpreadConstraint[] = [];
  for (const c of constraints) {
    if (c?.whenUnsatisfiable !== action) continue;
    const parsed = labelSelectorFromObject(c.labelSelector);
    if (!parsed.ok) return parsed;
    out.push({
      maxSkew: Number(c.maxSkew ?? 0),
      topologyKey: String(c.topologyKey ?? ""),
      selector: mergeMatchLabelKeys(parsed.requirements, c.matchLabelKeys ?? [], podLabels ?? {}),
      minDomains: c.minDomains ?? 1,
      nodeAffinityPolicy: c.nodeAffinityPolicy ?? "Honor",
      nodeTaintsPolicy: c.nodeTaintsPolicy ?? "Ignore",
    });
  }
  return { ok: true, constraints: out };
}

/**
 * getConstraints (filter: "hard") / initPreScoreState's constraint step (score: "soft"): the pod's own constraints
 * when it has any, else the system defaults with the pod's default spreading selector (none without `workloads`, or
 * when no service or controller selects the pod). Error texts are upstream's.
 */
export function podSpreadConstraints(
  pod: KubeObject,
  action: UnsatisfiableConstraintAction,
  workloads: SpreadWorkloads | undefined,
): SpreadConstraintsResult {
  const kind = action === "DoNotSchedule" ? "hard" : "soft";
  const own: KubeObject[] = pod?.spec?.topologySpreadConstraints ?? [];
  if (own.length > 0) {
    const r = filterSpreadConstraints(own, pod?.metadata?.labels, action);
    return r.ok ? r : { ok: false, message: `obtaining pod's ${kind} topology spread constraints: ${r.message}` };
  }
  const defaults = filterSpreadConstraints(SYSTEM_DEFAULT_CONSTRAINTS, pod?.metadata?.labels, action);
  if (!defaults.ok) return { ok: false, message: `setting default ${kind} topology spread constraints: ${defaults.message}` };
  if (defaults.constraints.length === 0 || !workloads) return { ok: true, constraints: [] };
  const selector = defaultSpreadSelector(pod, workloads);
  if (selector.length === 0) return { ok: true, constraints: [] };
  return { ok: true, constraints: defaults.constraints.map((c) => ({ ...c, selector })) };
}

/** Whether the pod carries its own constraints: PreScore's requireAllTopologies (systemDefaulted is true by default). */
export const hasOwnSpreadConstraints = (pod: KubeObject): boolean => (pod?.spec?.topologySpreadConstraints ?? []).length > 0;

/** nodeLabelsMatchSpreadConstraints: the node carries every constraint's topology key. */
export const nodeLabelsMatchSpreadConstraints = (node: KubeObject, constraints: readonly SpreadConstraint[]): boolean =>
  constraints.every((c) => topologyValue(node, c.topologyKey) !== undefined);

/**
 * matchNodeInclusionPolicies: with nodeAffinityPolicy Honor the node must satisfy the pod's nodeSelector and required
 * node affinity; with nodeTaintsPolicy Honor the pod must tolerate the node's NoSchedule / NoExecute taints.
 */
export function matchNodeInclusionPolicies(c: SpreadConstraint, pod: KubeObject, node: KubeObject): boolean {
  if (c.nodeAffinityPolicy === "Honor" && !requiredNodeAffinityMatches(pod, node)) return false;
  if (c.nodeTaintsPolicy === "Honor" && findUntoleratedTaint(node?.spec?.taints, pod?.spec?.tolerations, isDoNotScheduleTaint)) {
    return false;
  }
  return true;
}

/** countPodsMatchSelector: pods of namespace `ns`, not terminating (#87621), whose labels the selector matches. */
export function countPodsMatchSelector(pods: readonly KubeObject[], selector: LabelRequirement[] | null, ns: string): number {
  let count = 0;
  for (const p of pods) {
    if (p?.metadata?.deletionTimestamp != null || podNamespace(p) !== ns) continue;
    if (matchLabels(selector, p?.metadata?.labels)) count++;
  }
  return count;
}
