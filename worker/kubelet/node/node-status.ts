/**
 * Keeping a registered Node current, as the kubelet's status loop does (pkg/kubelet/kubelet_node_status.go):
 *
 * - tryUpdateNodeStatus runs the setters over the stored node every nodeStatusUpdateFrequency (10 s) and
 *   writes only when the status changed (nodeStatusHasChanged: heartbeat times ignored, conditions compared by
 *   type) or nodeStatusReportFrequency (5 min) has passed since the last report — the Lease is the heartbeat;
 * - the condition setters set lastHeartbeatTime to now and move lastTransitionTime only when the status flips;
 *   conditions other owners post (NetworkUnavailable, node-problem-detector's) and status fields no setter
 *   writes are kept;
 * - on a re-registration (the Node already exists) updateDefaultLabels and reconcileCMADAnnotationWithExistingNode
 *   bring the kubelet-owned labels and the attach-detach annotation back; `--node-labels` and
 *   `--register-with-taints` apply at creation only, so users may change those freely.
 */
import type { KubeObject } from "../../../schema/types";
import { canonicalQuantityString } from "../../../schema/validation/quantity-exact";
import { normalizeTime, rfc3339 } from "../status/go-format";
import type { NodeSpecConfig } from "./expand-pool";
import { podCidrFor } from "./node-index";
import { ANNOTATION_CONTROLLER_MANAGED_ATTACH_DETACH, kubeletOwnedLabels } from "./node-object";

/** --node-status-update-frequency: how often the kubelet computes the node's status. */
export const NODE_STATUS_UPDATE_FREQUENCY_MS = 10_000;
/** nodeStatusReportFrequency: the longest an unchanged status goes unwritten. */
export const NODE_STATUS_REPORT_FREQUENCY_MS = 5 * 60_000;

/** `changed: false` means write nothing; `status` is then the stored one. */
export interface NodeStatusUpdate {
  changed: boolean;
  status: KubeObject;
}

/**
 * The status to write over `stored` for the `desired` one (./node-object nodeStatus): desired's fields win,
 * conditions are merged by type with transition times kept where the status did not change, heartbeats set to
 * now. The last report is taken to be the newest heartbeat among the kubelet's own conditions.
 */
export function nodeStatusUpdate(stored: KubeObject, desired: KubeObject, nowMs: number): NodeStatusUpdate {
  const at = rfc3339(nowMs);
  const before: KubeObject = stored.status ?? {};
  const { conditions: wanted = [], ...fields } = desired.status ?? {};
  const conditions: KubeObject[] = [...(before.conditions ?? [])];
  let lastReport = -Infinity;
  for (const want of wanted as KubeObject[]) {
    const i = conditions.findIndex((c) => c?.type === want.type);
    const prev = i < 0 ? undefined : conditions[i];
    lastReport = Math.max(lastReport, Date.parse(prev?.lastHeartbeatTime ?? "") || -Infinity);
    const transition = prev !== undefined && prev.status === want.status && prev.lastTransitionTime ? prev.lastTransitionTime : at;
    const next = { ...want, lastHeartbeatTime: at, lastTransitionTime: transition };
    if (i < 0) conditions.push(next);
    else conditions[i] = next;
  }
  const status = { ...before, ...fields, conditions };
  const changed = semanticStatus(before) !== semanticStatus(status);
  if (!changed && nowMs < lastReport + NODE_STATUS_REPORT_FREQUENCY_MS) return { changed: false, status: before };
  return { changed: true, status };
}

/**
 * nodeStatusHasChanged as a comparable string: conditions sorted by type without lastHeartbeatTime, quantities
 * canonical (apiequality.Semantic), times at second precision, empty lists and maps the same as absent ones
 * (both are omitted on the wire).
 */
function semanticStatus(status: KubeObject): string {
  const { conditions = [], capacity, allocatable, ...rest } = status;
  const conds = [...(conditions as KubeObject[])]
    .map(({ lastHeartbeatTime: _, lastTransitionTime, ...c }): KubeObject => ({ ...c, lastTransitionTime: normalizeTime(lastTransitionTime) }))
    .sort((a, b) => (a.type < b.type ? -1 : a.type > b.type ? 1 : 0));
  return stableJSON({ ...rest, conditions: conds, capacity: quantities(capacity), allocatable: quantities(allocatable) });
}

const quantities = (list: KubeObject | undefined) =>
  list && Object.fromEntries(Object.entries(list).map(([k, v]) => [k, canonicalQuantityString(v)]));

function stableJSON(value: unknown): string {
  return JSON.stringify(prune(value)) ?? "null";
}

function prune(value: unknown): unknown {
  if (Array.isArray(value)) return value.length ? value.map(prune) : undefined;
  if (value === null || typeof value !== "object") return value ?? undefined;
  const entries = Object.keys(value)
    .sort()
    .map((k) => [k, prune((value as KubeObject)[k])] as const)
    .filter(([, v]) => v !== undefined);
  return entries.length ? Object.fromEntries(entries) : undefined;
}

/**
 * The JSON merge patch that puts the kubelet-owned labels (./node-object kubeletOwnedLabels) and the
 * attach-detach annotation back on an existing Node, or undefined when it already has them. Labels the kubelet
 * does not own, and taints, are the users' (updateDefaultLabels never removes or resets them).
 */
export function nodeMetadataPatch(stored: KubeObject, cfg: NodeSpecConfig): KubeObject | undefined {
  const have: Record<string, string> = stored.metadata?.labels ?? {};
  const labels = Object.fromEntries(Object.entries(kubeletOwnedLabels(cfg)).filter(([k, v]) => have[k] !== v));
  const cmad = stored.metadata?.annotations?.[ANNOTATION_CONTROLLER_MANAGED_ATTACH_DETACH] === "true";
  const metadata = {
    ...(Object.keys(labels).length ? { labels } : {}),
    ...(cmad ? {} : { annotations: { [ANNOTATION_CONTROLLER_MANAGED_ATTACH_DETACH]: "true" } }),
  };
  return Object.keys(metadata).length ? { metadata } : undefined;
}

/**
 * The merge patch giving an existing Node without a pod CIDR (created by hand, say) the one of its index, as the
 * node IPAM controller would; undefined when it has one — `spec.podCIDRs` may only go from unset to set, so a
 * node keeps the CIDR it was given and its pods' addresses must come from `spec.podCIDR` as stored.
 */
export function podCidrPatch(stored: KubeObject, index: number): KubeObject | undefined {
  if (stored.spec?.podCIDR || stored.spec?.podCIDRs?.length) return undefined;
  const podCIDR = podCidrFor(index);
  return podCIDR ? { spec: { podCIDR, podCIDRs: [podCIDR] } } : undefined;
}
