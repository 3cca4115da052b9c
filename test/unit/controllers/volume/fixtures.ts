/** Claims, volumes and classes for the PV controller's tables. */
import type { KubeObject } from "../../../../schema/types";

export type Obj = KubeObject;

export function pvc(name: string, opts: { size?: string; modes?: string[]; cls?: string | null; volumeName?: string; uid?: string; ann?: Record<string, string>; selector?: Obj; mode?: string; phase?: string } = {}): Obj {
  const spec: Obj = { accessModes: opts.modes ?? ["ReadWriteOnce"], resources: { requests: { storage: opts.size ?? "1Gi" } }, volumeMode: opts.mode ?? "Filesystem" };
  if (opts.cls !== null) spec.storageClassName = opts.cls ?? "fast";
  if (opts.volumeName) spec.volumeName = opts.volumeName;
  if (opts.selector) spec.selector = opts.selector;
  return {
    apiVersion: "v1",
    kind: "PersistentVolumeClaim",
    metadata: { name, namespace: "ns", uid: opts.uid ?? `uid-${name}`, resourceVersion: "7", ...(opts.ann ? { annotations: opts.ann } : {}) },
    spec,
    status: { phase: opts.phase ?? "Pending" },
  };
}

export function pv(name: string, opts: { size?: string; modes?: string[]; cls?: string; phase?: string; claim?: { name: string; uid?: string }; labels?: Record<string, string>; ann?: Record<string, string>; policy?: string; mode?: string; deleting?: boolean; csi?: Obj; finalizers?: string[] } = {}): Obj {
  const spec: Obj = {
    accessModes: opts.modes ?? ["ReadWriteOnce"],
    capacity: { storage: opts.size ?? "1Gi" },
    persistentVolumeReclaimPolicy: opts.policy ?? "Retain",
    storageClassName: opts.cls ?? "fast",
    volumeMode: opts.mode ?? "Filesystem",
    ...(opts.csi ? { csi: opts.csi } : { hostPath: { path: `/data/${name}`, type: "" } }),
  };
  if (opts.claim) spec.claimRef = { kind: "PersistentVolumeClaim", namespace: "ns", name: opts.claim.name, ...(opts.claim.uid !== undefined ? { uid: opts.claim.uid } : {}), apiVersion: "v1" };
  const metadata: Obj = { name, resourceVersion: "3" };
  if (opts.labels) metadata.labels = opts.labels;
  if (opts.ann) metadata.annotations = opts.ann;
  if (opts.deleting) metadata.deletionTimestamp = "2025-01-01T00:00:00Z";
  if (opts.finalizers) metadata.finalizers = opts.finalizers;
  return { apiVersion: "v1", kind: "PersistentVolume", metadata, spec, status: { phase: opts.phase ?? "Available" } };
}

export function storageClass(name: string, opts: { provisioner?: string; mode?: string; policy?: string; isDefault?: boolean; created?: string } = {}): Obj {
  return {
    apiVersion: "storage.k8s.io/v1",
    kind: "StorageClass",
    metadata: { name, creationTimestamp: opts.created ?? "2025-01-01T00:00:00Z", ...(opts.isDefault ? { annotations: { "storageclass.kubernetes.io/is-default-class": "true" } } : {}) },
    provisioner: opts.provisioner ?? "kube-edge.dev/durable-object",
    reclaimPolicy: opts.policy ?? "Delete",
    volumeBindingMode: opts.mode ?? "Immediate",
  };
}

export const names = (objs: (Obj | undefined)[]) => objs.map((o) => o?.metadata?.name);
