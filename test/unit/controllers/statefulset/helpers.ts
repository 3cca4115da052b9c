/** Shared pieces of the StatefulSet controller tests: sets, pods and revisions as the tables need them. */
import type { KubeObject } from "../../../../schema/types";

export const NOW = Date.parse("2025-01-01T00:00:00Z");
export const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");

export interface SetOptions {
  replicas?: number;
  policy?: "OrderedReady" | "Parallel";
  strategy?: "RollingUpdate" | "OnDelete";
  partition?: number;
  start?: number;
  minReadySeconds?: number;
  claims?: string[];
  retention?: { whenDeleted: "Retain" | "Delete"; whenScaled: "Retain" | "Delete" };
  image?: string;
  serviceName?: string;
  revisionHistoryLimit?: number;
}

/** A StatefulSet as the API stores it (defaults applied) named `name` with uid `uid-<name>`. */
export function statefulSet(name: string, o: SetOptions = {}): KubeObject {
  const strategy = o.strategy ?? "RollingUpdate";
  return {
    apiVersion: "apps/v1",
    kind: "StatefulSet",
    metadata: { name, namespace: "ns", uid: `uid-${name}`, generation: 1 },
    spec: {
      replicas: o.replicas ?? 3,
      selector: { matchLabels: { app: name } },
      serviceName: o.serviceName ?? name,
      podManagementPolicy: o.policy ?? "OrderedReady",
      updateStrategy: strategy === "RollingUpdate" ? { type: strategy, rollingUpdate: { partition: o.partition ?? 0 } } : { type: strategy },
      revisionHistoryLimit: o.revisionHistoryLimit ?? 10,
      minReadySeconds: o.minReadySeconds ?? 0,
      persistentVolumeClaimRetentionPolicy: o.retention ?? { whenDeleted: "Retain", whenScaled: "Retain" },
      ...(o.start !== undefined ? { ordinals: { start: o.start } } : {}),
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: "app", image: o.image ?? "nginx:1.27" }], restartPolicy: "Always" },
      },
      ...(o.claims
        ? {
            volumeClaimTemplates: o.claims.map((c) => ({
              metadata: { name: c },
              spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } } },
            })),
          }
        : {}),
    },
    status: { replicas: 0, availableReplicas: 0 },
  };
}

export type PodPhase = "Pending" | "Running" | "Ready" | "Failed" | "Succeeded";

/** A stored pod of `set` at `ordinal` and `revision` (phase Ready = Running with Ready True since `readySince`). */
export function statefulPod(set: KubeObject, ordinal: number, revision: string, phase: PodPhase = "Ready", extra: { terminating?: boolean; readySince?: number } = {}): KubeObject {
  const name = `${set.metadata.name}-${ordinal}`;
  const ready = phase === "Ready";
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      name,
      namespace: set.metadata.namespace,
      uid: `uid-${name}`,
      labels: {
        ...set.spec.template.metadata.labels,
        "statefulset.kubernetes.io/pod-name": name,
        "apps.kubernetes.io/pod-index": String(ordinal),
        "controller-revision-hash": revision,
      },
      ownerReferences: [{ apiVersion: "apps/v1", kind: "StatefulSet", name: set.metadata.name, uid: set.metadata.uid, controller: true, blockOwnerDeletion: true }],
      ...(extra.terminating ? { deletionTimestamp: iso(NOW) } : {}),
    },
    spec: {
      ...set.spec.template.spec,
      hostname: name,
      subdomain: set.spec.serviceName,
      ...(set.spec.volumeClaimTemplates
        ? { volumes: set.spec.volumeClaimTemplates.map((t: KubeObject) => ({ name: t.metadata.name, persistentVolumeClaim: { claimName: `${t.metadata.name}-${name}` } })) }
        : {}),
    },
    status: {
      phase: ready ? "Running" : phase,
      conditions: [{ type: "Ready", status: ready ? "True" : "False", lastTransitionTime: iso(extra.readySince ?? NOW - 3_600_000) }],
    },
  };
}

/** A claim `<template>-<set>-<ordinal>` with the given owner references. */
export function claim(set: KubeObject, template: string, ordinal: number, ownerReferences?: KubeObject[]): KubeObject {
  return {
    apiVersion: "v1",
    kind: "PersistentVolumeClaim",
    metadata: {
      name: `${template}-${set.metadata.name}-${ordinal}`,
      namespace: set.metadata.namespace,
      labels: { app: set.metadata.name },
      ...(ownerReferences ? { ownerReferences } : {}),
    },
    spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } } },
  };
}

export const setRef = (set: KubeObject) => ({ apiVersion: "apps/v1", kind: "StatefulSet", name: set.metadata.name, uid: set.metadata.uid, controller: true, blockOwnerDeletion: true });
export const podRef = (pod: KubeObject) => ({ apiVersion: "v1", kind: "Pod", name: pod.metadata.name, uid: pod.metadata.uid, controller: true, blockOwnerDeletion: true });
