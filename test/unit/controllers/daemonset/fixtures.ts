/** Builders for the DaemonSet controller's pure tests: nodes, DaemonSets and daemon pods as the API returns them. */
import type { KubeObject } from "../../../../schema/types";

export const NOW = new Date("2024-06-01T12:00:00Z");
export const HASH = "newhash";
export const OLD_HASH = "oldhash";

export function node(name: string, opts: { labels?: Record<string, string>; taints?: KubeObject[] } = {}): KubeObject {
  return { metadata: { name, labels: { "kubernetes.io/hostname": name, ...(opts.labels ?? {}) } }, spec: opts.taints ? { taints: opts.taints } : {} };
}

export function daemonSet(opts: { podSpec?: KubeObject; strategy?: KubeObject; minReadySeconds?: number; generation?: number; status?: KubeObject } = {}): KubeObject {
  return {
    metadata: { name: "ds", namespace: "ns", uid: "ds-uid", generation: opts.generation ?? 1 },
    spec: {
      selector: { matchLabels: { app: "ds" } },
      template: { metadata: { labels: { app: "ds" } }, spec: { containers: [{ name: "c", image: "i" }], ...(opts.podSpec ?? {}) } },
      updateStrategy: opts.strategy ?? { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } },
      minReadySeconds: opts.minReadySeconds ?? 0,
      revisionHistoryLimit: 10,
    },
    status: opts.status ?? {},
  };
}

export interface PodOpts {
  hash?: string;
  ready?: boolean;
  /** Seconds before NOW the pod became ready. */
  readyFor?: number;
  phase?: string;
  bound?: boolean;
  deleting?: boolean;
  created?: string;
}

/** A daemon pod pinned to `nodeName` (bound unless `bound: false`). */
export function pod(name: string, nodeName: string, opts: PodOpts = {}): KubeObject {
  const ready = opts.ready ?? true;
  return {
    metadata: {
      name,
      namespace: "ns",
      uid: `${name}-uid`,
      creationTimestamp: opts.created ?? "2024-06-01T10:00:00Z",
      labels: { app: "ds", "controller-revision-hash": opts.hash ?? HASH },
      ownerReferences: [{ apiVersion: "apps/v1", kind: "DaemonSet", name: "ds", uid: "ds-uid", controller: true }],
      ...(opts.deleting ? { deletionTimestamp: "2024-06-01T11:59:00Z" } : {}),
    },
    spec: {
      ...(opts.bound === false ? {} : { nodeName }),
      affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: "metadata.name", operator: "In", values: [nodeName] }] }] } } },
    },
    status: {
      phase: opts.phase ?? "Running",
      conditions: [{ type: "Ready", status: ready ? "True" : "False", lastTransitionTime: new Date(NOW.getTime() - (opts.readyFor ?? 3600) * 1000).toISOString() }],
    },
  };
}

/** The node → pods map of `pods`. */
export function byNode(...pods: KubeObject[]): Map<string, KubeObject[]> {
  const m = new Map<string, KubeObject[]>();
  for (const p of pods) {
    const n = p.spec.nodeName ?? p.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchFields[0].values[0];
    m.set(n, [...(m.get(n) ?? []), p]);
  }
  return m;
}
