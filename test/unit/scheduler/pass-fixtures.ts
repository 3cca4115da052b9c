/** Builders for the scheduler pass, queue and preemption tests: nodes with allocatable resources, pods with requests. */
import type { KubeObject } from "../../../schema/types";

export interface NodeOptions {
  cpu?: string;
  memory?: string;
  pods?: string;
  labels?: Record<string, string>;
  taints?: KubeObject[];
  unschedulable?: boolean;
}

export const node = (name: string, o: NodeOptions = {}): KubeObject => {
  const allocatable = { cpu: o.cpu ?? "4", memory: o.memory ?? "8Gi", pods: o.pods ?? "110" };
  return {
    apiVersion: "v1",
    kind: "Node",
    metadata: { name, uid: `uid-${name}`, labels: { "kubernetes.io/hostname": name, ...(o.labels ?? {}) } },
    spec: { ...(o.taints ? { taints: o.taints } : {}), ...(o.unschedulable ? { unschedulable: true } : {}) },
    status: { capacity: allocatable, allocatable },
  };
};

export interface PodOptions {
  ns?: string;
  cpu?: string;
  priority?: number;
  /** Bound to this node. */
  node?: string;
  /** status.nominatedNodeName. */
  nominated?: string;
  /** Seconds after 2024-01-01T00:00:00Z (creationTimestamp). */
  created?: number;
  /** Seconds after 2024-01-01T00:00:00Z (status.startTime). */
  started?: number;
  phase?: string;
  schedulerName?: string;
  labels?: Record<string, string>;
  nodeSelector?: Record<string, string>;
  preemptionPolicy?: string;
  deleting?: boolean;
  gates?: string[];
  conditions?: KubeObject[];
}

const at = (seconds: number) => new Date(Date.UTC(2024, 0, 1) + seconds * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");

export const pod = (name: string, o: PodOptions = {}): KubeObject => {
  const ns = o.ns ?? "default";
  const status: KubeObject = { phase: o.phase ?? (o.node ? "Running" : "Pending") };
  if (o.nominated) status.nominatedNodeName = o.nominated;
  if (o.started !== undefined) status.startTime = at(o.started);
  if (o.conditions) status.conditions = o.conditions;
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      name,
      namespace: ns,
      uid: `uid-${ns}-${name}`,
      creationTimestamp: at(o.created ?? 0),
      ...(o.labels ? { labels: o.labels } : {}),
      ...(o.deleting ? { deletionTimestamp: at(3600) } : {}),
    },
    spec: {
      containers: [{ name: "c", image: "nginx", ...(o.cpu ? { resources: { requests: { cpu: o.cpu } } } : {}) }],
      schedulerName: o.schedulerName ?? "default-scheduler",
      ...(o.priority !== undefined ? { priority: o.priority } : {}),
      ...(o.node ? { nodeName: o.node } : {}),
      ...(o.nodeSelector ? { nodeSelector: o.nodeSelector } : {}),
      ...(o.preemptionPolicy ? { preemptionPolicy: o.preemptionPolicy } : {}),
      ...(o.gates ? { schedulingGates: o.gates.map((g) => ({ name: g })) } : {}),
    },
    status,
  };
};

/** A fixed clock for plans (conditions' lastTransitionTime). */
export const NOW = new Date(Date.UTC(2024, 0, 2));
export const NOW_TEXT = "2024-01-02T00:00:00Z";

/** rand.Intn that never draws 0, so selectHost's reservoir sampling keeps the first tied node. */
export const firstTie = (n: number) => n - 1;

export const names = (pods: KubeObject[]): string[] => pods.map((p) => p.metadata.name);
