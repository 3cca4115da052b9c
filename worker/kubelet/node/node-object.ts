/**
 * The Node a kubelet registers (pkg/kubelet/kubelet_node_status.go initialNode + the setters of
 * pkg/kubelet/nodestatus/setters.go applied once), for a node of the pool configuration.
 *
 * Operating system and architecture: the pods are V8 isolates, not Linux processes, yet the node says
 * `linux/amd64`. The API leaves no honest alternative that works: `spec.os.name` may only be `linux` or
 * `windows`; the kubelet's admission (PodOSSelectorNodeLabelDoesNotMatch, PodOSNotSupported) and the
 * `kubernetes.io/os: linux` / `kubernetes.io/arch` node selectors and affinities that DaemonSets and Helm charts
 * carry would otherwise turn most workloads away. Images are matched separately (../../images ISOLATE_PLATFORMS:
 * js/wasm first, then linux/amd64 and linux/arm64 `FROM scratch` images). What really runs the pods is said
 * where nothing selects on it: nodeInfo.osImage, kernelVersion and containerRuntimeVersion.
 *
 * Unlike a kubelet, which leaves `spec.podCIDR` to the node IPAM controller, this one registers the node with
 * its pod CIDR (./node-index): there is no IPAM controller here.
 */
import type { KubeObject } from "../../../schema/types";
import { VERSION_INFO } from "../../version";
import { rfc3339 } from "../status/go-format";
import type { NodeSpecConfig } from "./expand-pool";
import { nodeIPFor, podCidrFor } from "./node-index";

export const LABEL_HOSTNAME = "kubernetes.io/hostname";
export const LABEL_OS = "kubernetes.io/os";
export const LABEL_ARCH = "kubernetes.io/arch";
/** kubeletapis.LabelOS / LabelArch: deprecated, still written by the 1.32 kubelet. */
export const BETA_LABEL_OS = "beta.kubernetes.io/os";
export const BETA_LABEL_ARCH = "beta.kubernetes.io/arch";
export const LABEL_TOPOLOGY_REGION = "topology.kubernetes.io/region";
export const LABEL_TOPOLOGY_ZONE = "topology.kubernetes.io/zone";
export const LABEL_INSTANCE_TYPE = "node.kubernetes.io/instance-type";
/** The pool a node was configured in. */
export const LABEL_NODE_POOL = "kube-edge.dev/node-pool";
/** volumes.kubernetes.io/controller-managed-attach-detach, set at registration (enableControllerAttachDetach). */
export const ANNOTATION_CONTROLLER_MANAGED_ATTACH_DETACH = "volumes.kubernetes.io/controller-managed-attach-detach";

/** runtime.GOOS / GOARCH as the node reports them (see the module comment). */
export const NODE_OS = "linux";
export const NODE_ARCH = "amd64";
/** --port: the kubelet endpoint in status.daemonEndpoints. */
export const KUBELET_PORT = 10250;

export type NodeRuntime = "isolate" | "simulated";

export interface NodeObjectOptions {
  /** From ./node-index assignNodeIndexes. */
  index: number;
  nowMs: number;
  /** The runtime's version (e.g. workerd's compatibility date), for containerRuntimeVersion `<runtime>://<version>`. */
  runtimeVersion: string;
  /** Defaults to `isolate`. */
  runtime?: NodeRuntime;
}

/**
 * Whether a Node was registered by a kubelet of this cluster (and so has a kubelet object to wake): it carries
 * the pool label, which the kubelet keeps, or reports this runtime. Nodes of other agents (KWOK, tests) do not.
 */
export function registeredByKubeletHere(node: KubeObject): boolean {
  return Object.hasOwn(node.metadata?.labels ?? {}, LABEL_NODE_POOL) || String(node.status?.nodeInfo?.containerRuntimeVersion ?? "").startsWith("isolate://");
}

/**
 * The labels the kubelet owns (updateDefaultLabels' list, plus the pool): hostname, os and arch (stable and
 * beta), region / zone / instance type when configured, and the pool label. Absent ones are left alone.
 */
export function kubeletOwnedLabels(cfg: NodeSpecConfig): Record<string, string> {
  return {
    [LABEL_HOSTNAME]: cfg.name,
    [LABEL_OS]: NODE_OS,
    [LABEL_ARCH]: NODE_ARCH,
    [BETA_LABEL_OS]: NODE_OS,
    [BETA_LABEL_ARCH]: NODE_ARCH,
    ...(cfg.region ? { [LABEL_TOPOLOGY_REGION]: cfg.region } : {}),
    ...(cfg.zone ? { [LABEL_TOPOLOGY_ZONE]: cfg.zone } : {}),
    ...(cfg.instanceType ? { [LABEL_INSTANCE_TYPE]: cfg.instanceType } : {}),
    // Every configured node carries it (a single node with the empty value): the node-pool loop removes only these.
    [LABEL_NODE_POOL]: cfg.pool ?? "",
  };
}

/** The node's conditions as the kubelet's setters post them on a healthy node, in the setters' order. */
export function healthyNodeConditions(nowMs: number): KubeObject[] {
  const at = rfc3339(nowMs);
  const c = (type: string, status: string, reason: string, message: string) => ({
    type,
    status,
    lastHeartbeatTime: at,
    lastTransitionTime: at,
    reason,
    message,
  });
  return [
    c("MemoryPressure", "False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available"),
    c("DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure"),
    c("PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available"),
    c("Ready", "True", "KubeletReady", "kubelet is posting ready status"),
  ];
}

/** The Node to create: initialNode's metadata and spec, and the status every setter would write. */
export function nodeObject(cfg: NodeSpecConfig, opts: NodeObjectOptions): KubeObject {
  const podCIDR = podCidrFor(opts.index);
  return {
    apiVersion: "v1",
    kind: "Node",
    metadata: {
      name: cfg.name,
      labels: { ...cfg.labels, ...kubeletOwnedLabels(cfg) },
      annotations: { [ANNOTATION_CONTROLLER_MANAGED_ATTACH_DETACH]: "true" },
    },
    spec: {
      ...(podCIDR ? { podCIDR, podCIDRs: [podCIDR] } : {}),
      ...(cfg.taints.length ? { taints: cfg.taints.map((t) => ({ ...t })) } : {}),
    },
    status: nodeStatus(cfg, opts),
  };
}

/**
 * The status the setters compute: MachineInfo (capacity; allocatable = capacity, nothing reserved), NodeAddress
 * (InternalIP, Hostname), DaemonEndpoints, NodeInfo (ids derived from the node name, so a re-registered node
 * keeps them), Images (none reported) and the four kubelet conditions.
 */
export function nodeStatus(cfg: NodeSpecConfig, opts: NodeObjectOptions): KubeObject {
  const runtime = opts.runtime ?? "isolate";
  const ip = nodeIPFor(opts.index);
  return {
    capacity: { ...cfg.capacity },
    allocatable: { ...cfg.capacity },
    conditions: healthyNodeConditions(opts.nowMs),
    addresses: [...(ip ? [{ type: "InternalIP", address: ip }] : []), { type: "Hostname", address: cfg.name }],
    daemonEndpoints: { kubeletEndpoint: { Port: KUBELET_PORT } },
    nodeInfo: {
      machineID: hexId(`machine-id/${cfg.name}`),
      systemUUID: uuid(hexId(`system-uuid/${cfg.name}`)),
      bootID: uuid(hexId(`boot-id/${cfg.name}`)),
      kernelVersion: runtime === "isolate" ? "n/a (V8 isolates, no kernel)" : "n/a (simulated)",
      osImage: runtime === "isolate" ? "workerd (V8 isolates)" : "kube-edge simulated node (nothing runs)",
      containerRuntimeVersion: `${runtime}://${opts.runtimeVersion}`,
      kubeletVersion: VERSION_INFO.gitVersion,
      // DisableNodeKubeProxyVersion is off by default in 1.32, so the kubelet still reports its own version here.
      kubeProxyVersion: VERSION_INFO.gitVersion,
      operatingSystem: NODE_OS,
      architecture: NODE_ARCH,
    },
    images: [],
  };
}

/** 32 hex digits (like /etc/machine-id) from four FNV-1a 32-bit hashes of the text under different seeds. */
function hexId(text: string): string {
  let out = "";
  for (const seed of [0x811c9dc5, 0x050c5d1f, 0x2c9277b5, 0x6b8b4567]) {
    let h = seed >>> 0;
    for (let i = 0; i < text.length; i++) {
      h ^= text.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    out += h.toString(16).padStart(8, "0");
  }
  return out;
}

const uuid = (hex: string): string => `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
