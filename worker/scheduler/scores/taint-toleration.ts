/**
 * TaintToleration's score half (pkg/scheduler/framework/plugins/tainttoleration/taint_toleration.go): a node's raw
 * score is the number of its PreferNoSchedule taints the pod does not tolerate; NormalizeScore is
 * DefaultNormalizeScore reversed, so the fewest intolerable taints score MaxNodeScore. Toleration
 * matching itself is ../common/tolerations.
 */
import type { KubeObject } from "../../../schema/types";
import { tolerationsTolerateTaint } from "../common/tolerations";
import { defaultNormalizeScore } from "./node-score";

/** getAllTolerationPreferNoSchedule (PreScore): tolerations whose effect is PreferNoSchedule or empty. */
export function preferNoScheduleTolerations(pod: KubeObject): KubeObject[] {
  return (pod?.spec?.tolerations ?? []).filter(
    (t: KubeObject) => !t?.effect || t.effect === "PreferNoSchedule",
  );
}

/** countIntolerableTaintsPreferNoSchedule: PreferNoSchedule taints on the node that no given toleration tolerates. */
export function countIntolerableTaintsPreferNoSchedule(node: KubeObject, tolerations: KubeObject[]): number {
  let count = 0;
  for (const taint of node?.spec?.taints ?? []) {
    if (taint?.effect !== "PreferNoSchedule") continue;
    if (!tolerationsTolerateTaint(tolerations, taint)) count++;
  }
  return count;
}

/** TaintToleration NormalizeScore. */
export const normalizeTaintTolerationScores = (scores: number[]): number[] => defaultNormalizeScore(scores, true);
