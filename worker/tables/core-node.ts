/** core/v1 Node table: upstream printNode (Ready/NotReady/Unknown + SchedulingDisabled, findNodeRoles). */
import { arr, ageOf, nameOf, str } from "./format";
import { AGE_COLUMN, NAME_COLUMN, column, type KubeObject, type TableDef } from "./types";

const NODE_ROLE_PREFIX = "node-role.kubernetes.io/";
const LEGACY_ROLE_LABEL = "kubernetes.io/role";

/**
 * findNodeRoles: the suffixes of `node-role.kubernetes.io/<role>` labels (any value) plus the value of a
 * non-empty `kubernetes.io/role` label, deduplicated and sorted.
 */
export function nodeRoles(node: KubeObject): string[] {
  const roles = new Set<string>();
  const labels: Record<string, unknown> = node.metadata?.labels ?? {};
  for (const [k, v] of Object.entries(labels)) {
    if (k.startsWith(NODE_ROLE_PREFIX)) {
      const role = k.slice(NODE_ROLE_PREFIX.length);
      if (role) roles.add(role);
    } else if (k === LEGACY_ROLE_LABEL && v) {
      roles.add(str(v));
    }
  }
  return [...roles].sort();
}

/**
 * The Status cell: "Ready" / "NotReady" from the Ready condition ("Unknown" without one), then
 * ",SchedulingDisabled" when spec.unschedulable (cordoned).
 */
export function nodeStatus(node: KubeObject): string {
  // Upstream builds a map by type, so the last Ready condition wins.
  const ready = arr(node.status?.conditions).filter((c) => c?.type === "Ready").at(-1);
  const status = [ready ? (ready.status === "True" ? "Ready" : "NotReady") : "Unknown"];
  if (node.spec?.unschedulable === true) status.push("SchedulingDisabled");
  return status.join(",");
}

function address(node: KubeObject, type: string): string {
  return str(arr(node.status?.addresses).find((a) => a?.type === type)?.address) || "<none>";
}

export const NODE_TABLE: TableDef = {
  columns: [
    NAME_COLUMN,
    column("Status", "string", "The status of the node"),
    column("Roles", "string", "The roles of the node"),
    AGE_COLUMN,
    column("Version", "string", "Kubelet Version reported by the node."),
    column("Internal-IP", "string", "List of addresses reachable to the node.", 1),
    column("External-IP", "string", "List of addresses reachable to the node.", 1),
    column("OS-Image", "string", "OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy)).", 1),
    column("Kernel-Version", "string", "Kernel Version reported by the node from 'uname -r' (e.g. 3.16.0-0.bpo.4-amd64).", 1),
    column("Container-Runtime", "string", "ContainerRuntime Version reported by the node through runtime remote API (e.g. containerd://1.4.2).", 1),
  ],
  cells(node, now) {
    const info = node.status?.nodeInfo ?? {};
    return [
      nameOf(node),
      nodeStatus(node),
      nodeRoles(node).join(",") || "<none>",
      ageOf(node, now),
      str(info.kubeletVersion),
      address(node, "InternalIP"),
      address(node, "ExternalIP"),
      str(info.osImage) || "<unknown>",
      str(info.kernelVersion) || "<unknown>",
      str(info.containerRuntimeVersion) || "<unknown>",
    ];
  },
};
