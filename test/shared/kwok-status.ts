/**
 * What a kubelet reports, as data (KWOK's stages): the Node it registers and the pod status it writes when a pod
 * runs, becomes ready or finishes. Pure; shared by the workerd stand-in (test/unit/controllers/kwok.ts) and
 * the end-to-end one (test/e2e/kwok-kubelet.ts).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Obj = Record<string, any>;

const now = () => new Date().toISOString().replace(/\.\d{3}Z$/, "Z");

export interface NodeOptions {
  cpu?: string;
  memory?: string;
  pods?: string;
  labels?: Record<string, string>;
  taints?: Obj[];
  unschedulable?: boolean;
  ready?: boolean;
}

export function nodeObject(name: string, opts: NodeOptions = {}): Obj {
  const capacity = { cpu: opts.cpu ?? "4", memory: opts.memory ?? "8Gi", pods: opts.pods ?? "110", "ephemeral-storage": "100Gi" };
  return {
    apiVersion: "v1",
    kind: "Node",
    metadata: { name, labels: { "kubernetes.io/hostname": name, "kubernetes.io/os": "linux", "kubernetes.io/arch": "amd64", ...(opts.labels ?? {}) } },
    spec: { ...(opts.taints ? { taints: opts.taints } : {}), ...(opts.unschedulable ? { unschedulable: true } : {}) },
    status: {
      capacity,
      allocatable: capacity,
      conditions: [nodeReady(opts.ready ?? true)],
      addresses: [{ type: "InternalIP", address: "10.0.0.1" }, { type: "Hostname", address: name }],
      nodeInfo: { kubeletVersion: "v1.32.0", containerRuntimeVersion: "kwok://test", operatingSystem: "linux", architecture: "amd64" },
    },
  };
}

export function nodeReady(ready: boolean): Obj {
  const t = now();
  return ready
    ? { type: "Ready", status: "True", reason: "KubeletReady", message: "kubelet is posting ready status", lastHeartbeatTime: t, lastTransitionTime: t }
    : { type: "Ready", status: "False", reason: "KubeletNotReady", message: "container runtime is down", lastHeartbeatTime: t, lastTransitionTime: t };
}

export type PodOutcome = "Running" | "Ready" | "Succeeded" | "Failed";

/** The status a kubelet reports for `pod` reaching `outcome` (exit code for Succeeded/Failed). */
export function kubeletStatus(pod: Obj, outcome: PodOutcome, exitCode = outcome === "Failed" ? 1 : 0): Obj {
  const t = now();
  const ready = outcome === "Ready";
  const terminated = outcome === "Succeeded" || outcome === "Failed";
  const cond = (type: string, status: boolean) => ({ type, status: status ? "True" : "False", lastProbeTime: null, lastTransitionTime: t });
  const containers: Obj[] = pod.spec?.containers ?? [];
  return {
    ...(pod.status ?? {}),
    phase: terminated ? outcome : "Running",
    hostIP: "10.0.0.1",
    podIP: pod.status?.podIP ?? `10.244.${Math.floor(Math.random() * 250)}.${1 + Math.floor(Math.random() * 250)}`,
    startTime: pod.status?.startTime ?? t,
    conditions: [cond("PodScheduled", true), cond("Initialized", true), cond("ContainersReady", ready), cond("Ready", ready)],
    containerStatuses: containers.map((c) => ({
      name: c.name,
      image: c.image,
      imageID: `${c.image}@sha256:${"0".repeat(64)}`,
      ready,
      started: !terminated,
      restartCount: 0,
      state: terminated
        ? { terminated: { exitCode, reason: exitCode === 0 ? "Completed" : "Error", startedAt: t, finishedAt: t } }
        : { running: { startedAt: t } },
    })),
  };
}

