/**
 * Toleration matching, shared by the TaintToleration filter and score, NodeUnschedulable and PodTopologySpread's
 * nodeTaintsPolicy:
 * k8s.io/api/core/v1 Toleration.ToleratesTaint and v1helper.TolerationsTolerateTaint /
 * FindMatchingUntoleratedTaint (1.32: operators Equal and Exists only).
 */

/** v1.Taint. */
export interface Taint {
  key: string;
  value?: string;
  effect: string;
}

/** v1.Toleration. */
export interface Toleration {
  key?: string;
  operator?: string;
  value?: string;
  effect?: string;
  tolerationSeconds?: number;
}

/**
 * Toleration.ToleratesTaint: an empty effect matches every effect, an empty key matches every key (valid only
 * with Exists), an empty operator means Equal; an unknown operator tolerates nothing.
 */
export function toleratesTaint(toleration: Toleration, taint: Taint): boolean {
  if (toleration.effect && toleration.effect !== taint.effect) return false;
  if (toleration.key && toleration.key !== taint.key) return false;
  switch (toleration.operator ?? "") {
    case "":
    case "Equal":
      return (toleration.value ?? "") === (taint.value ?? "");
    case "Exists":
      return true;
    default:
      return false;
  }
}

/** v1helper.TolerationsTolerateTaint: some toleration tolerates the taint. */
export const tolerationsTolerateTaint = (tolerations: readonly Toleration[] | undefined, taint: Taint): boolean =>
  (tolerations ?? []).some((t) => toleratesTaint(t, taint));

/** v1helper.FindMatchingUntoleratedTaint: the first taint (in node order) passing `include` that no toleration tolerates. */
export function findUntoleratedTaint(
  taints: readonly Taint[] | undefined,
  tolerations: readonly Toleration[] | undefined,
  include: (taint: Taint) => boolean = () => true,
): Taint | undefined {
  return (taints ?? []).find((taint) => include(taint) && !tolerationsTolerateTaint(tolerations, taint));
}

/** helper.DoNotScheduleTaintsFilterFunc: the effects a pod must tolerate to be scheduled. */
export const isDoNotScheduleTaint = (taint: Taint): boolean =>
  taint.effect === "NoSchedule" || taint.effect === "NoExecute";
