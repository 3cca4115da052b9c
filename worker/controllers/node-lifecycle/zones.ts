/**
 * Zone disruption (node_lifecycle_controller.go handleDisruption / ComputeZoneState): nodes are grouped by
 * topology zone; a zone where no node is Ready is fully disrupted, one with more than two not-Ready nodes and at
 * least 55 % of them partially disrupted. When every zone is fully disrupted the controller assumes the
 * problem is its own (a control plane partition) and removes the NoExecute taints instead of evicting
 * everything; a partially disrupted zone of at most 50 nodes gets no new NoExecute taints (its eviction rate
 * drops to 0). Upstream's rate limiting itself (0.1 node/s per zone) is not modelled: taints are added at once.
 */
import type { KubeObject } from "../../../schema/types";
import type { NoExecuteGate } from "./taints";

/** --unhealthy-zone-threshold */
export const UNHEALTHY_ZONE_THRESHOLD = 0.55;
/** --large-cluster-size-threshold: smaller zones stop evicting when partially disrupted. */
export const LARGE_CLUSTER_SIZE_THRESHOLD = 50;
/** Nodes with this label do not count towards their zone's health. */
export const LABEL_EXCLUDE_DISRUPTION = "node.kubernetes.io/exclude-disruption";

export type ZoneState = "Normal" | "PartialDisruption" | "FullDisruption";

/** nodetopology.GetZoneKey: region and zone (beta labels first), "" when neither is set. */
export function zoneOf(node: KubeObject): string {
  const labels: Record<string, string> = node.metadata?.labels ?? {};
  const zone = labels["failure-domain.beta.kubernetes.io/zone"] ?? labels["topology.kubernetes.io/zone"] ?? "";
  const region = labels["failure-domain.beta.kubernetes.io/region"] ?? labels["topology.kubernetes.io/region"] ?? "";
  return region === "" && zone === "" ? "" : `${region}:\0:${zone}`;
}

/** ComputeZoneState over the Ready statuses of a zone's nodes (undefined: no Ready condition). */
export function zoneState(readyStatuses: readonly (string | undefined)[]): ZoneState {
  const notReady = readyStatuses.filter((s) => s !== "True").length;
  const ready = readyStatuses.length - notReady;
  if (ready === 0 && notReady > 0) return "FullDisruption";
  if (notReady > 2 && notReady / (notReady + ready) >= UNHEALTHY_ZONE_THRESHOLD) return "PartialDisruption";
  return "Normal";
}

export interface ZoneSummary {
  states: Map<string, ZoneState>;
  sizes: Map<string, number>;
}

/** Every zone's state from its (not excluded) nodes and their Ready status after this pass. */
export function summarizeZones(nodes: readonly { node: KubeObject; ready: string | undefined }[]): ZoneSummary {
  const byZone = new Map<string, (string | undefined)[]>();
  for (const { node, ready } of nodes) {
    if (Object.hasOwn(node.metadata?.labels ?? {}, LABEL_EXCLUDE_DISRUPTION)) continue;
    const zone = zoneOf(node);
    byZone.set(zone, [...(byZone.get(zone) ?? []), ready]);
  }
  const states = new Map<string, ZoneState>();
  const sizes = new Map<string, number>();
  for (const [zone, statuses] of byZone) {
    states.set(zone, zoneState(statuses));
    sizes.set(zone, statuses.length);
  }
  return { states, sizes };
}

/** What the zones let the NoExecute tainting of `node` do (setLimiterInZone, ReducedQPSFunc, master disruption). */
export function noExecuteGate(zones: ZoneSummary, node: KubeObject): NoExecuteGate {
  const states = [...zones.states.values()];
  if (states.length > 0 && states.every((s) => s === "FullDisruption")) return "clear";
  const zone = zoneOf(node);
  if (zones.states.get(zone) === "PartialDisruption" && (zones.sizes.get(zone) ?? 0) <= LARGE_CLUSTER_SIZE_THRESHOLD) return "hold";
  return "allow";
}
