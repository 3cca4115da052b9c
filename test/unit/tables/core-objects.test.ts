import { describe, expect, it } from "vitest";
import { CONFIG_MAP_TABLE, SECRET_TABLE, SERVICE_ACCOUNT_TABLE } from "../../../worker/tables/core-config";
import { NAMESPACE_TABLE, RESOURCE_QUOTA_TABLE } from "../../../worker/tables/core-namespace";
import { PERSISTENT_VOLUME_CLAIM_TABLE, PERSISTENT_VOLUME_TABLE } from "../../../worker/tables/core-volume";
import type { KubeObject, TableDef } from "../../../worker/tables/types";
import { MIN, ago, columnNames, meta, row } from "./helpers";

describe("core/v1 column sets", () => {
  it.each<[string, TableDef, string[]]>([
    ["Namespace", NAMESPACE_TABLE, ["Name", "Status", "Age"]],
    ["ConfigMap", CONFIG_MAP_TABLE, ["Name", "Data", "Age"]],
    ["Secret", SECRET_TABLE, ["Name", "Type", "Data", "Age"]],
    ["ServiceAccount", SERVICE_ACCOUNT_TABLE, ["Name", "Secrets", "Age"]],
    ["ResourceQuota", RESOURCE_QUOTA_TABLE, ["Name", "Request", "Limit", "Age"]],
    [
      "PersistentVolume",
      PERSISTENT_VOLUME_TABLE,
      ["Name", "Capacity", "Access Modes", "Reclaim Policy", "Status", "Claim", "StorageClass", "VolumeAttributesClass", "Reason", "Age", "+VolumeMode"],
    ],
    [
      "PersistentVolumeClaim",
      PERSISTENT_VOLUME_CLAIM_TABLE,
      ["Name", "Status", "Volume", "Capacity", "Access Modes", "StorageClass", "VolumeAttributesClass", "Age", "+VolumeMode"],
    ],
  ])("%s", (_kind, def, names) => {
    expect(columnNames(def)).toEqual(names);
  });
});

describe("core/v1 rows", () => {
  it.each<[string, TableDef, KubeObject, unknown[]]>([
    ["active namespace", NAMESPACE_TABLE, { metadata: meta("dev"), status: { phase: "Active" } }, ["dev", "Active", "5m"]],
    ["terminating namespace", NAMESPACE_TABLE, { metadata: meta("old", { deletionTimestamp: ago(MIN) }), status: { phase: "Terminating" } }, ["old", "Terminating", "5m"]],
    ["namespace without status", NAMESPACE_TABLE, { metadata: meta("x") }, ["x", "", "5m"]],
    ["configmap data + binaryData", CONFIG_MAP_TABLE, { metadata: meta("cfg"), data: { a: "1", b: "2" }, binaryData: { c: "AA==" } }, ["cfg", 3, "5m"]],
    ["empty configmap", CONFIG_MAP_TABLE, { metadata: meta("cfg") }, ["cfg", 0, "5m"]],
    ["opaque secret", SECRET_TABLE, { metadata: meta("s"), type: "Opaque", data: { user: "YQ==", pass: "Yg==" } }, ["s", "Opaque", 2, "5m"]],
    ["tls secret with stringData", SECRET_TABLE, { metadata: meta("tls"), type: "kubernetes.io/tls", data: { "tls.crt": "", "tls.key": "" }, stringData: { "tls.key": "k", "ca.crt": "c" } }, ["tls", "kubernetes.io/tls", 3, "5m"]],
    ["secret without type", SECRET_TABLE, { metadata: meta("s") }, ["s", "Opaque", 0, "5m"]],
    ["service account", SERVICE_ACCOUNT_TABLE, { metadata: meta("default") }, ["default", 0, "5m"]],
    ["service account with secrets", SERVICE_ACCOUNT_TABLE, { metadata: meta("builder"), secrets: [{ name: "a" }, { name: "b" }] }, ["builder", 2, "5m"]],
    [
      "resource quota splits requests and limits, sorted",
      RESOURCE_QUOTA_TABLE,
      {
        metadata: meta("quota"),
        spec: { hard: { pods: "10" } },
        status: {
          hard: { pods: "10", "limits.memory": "2Gi", "requests.cpu": "1", "limits.cpu": "2", "requests.memory": "1Gi" },
          used: { pods: "3", "requests.cpu": "500m", "limits.cpu": "1" },
        },
      },
      ["quota", "pods: 3/10, requests.cpu: 500m/1, requests.memory: 0/1Gi", "limits.cpu: 1/2, limits.memory: 0/2Gi", "5m"],
    ],
    ["resource quota before the controller ran", RESOURCE_QUOTA_TABLE, { metadata: meta("q"), spec: { hard: { pods: "1" } } }, ["q", "", "", "5m"]],
  ])("%s", (_name, def, obj, want) => {
    expect(Object.values(row(def, obj))).toEqual(want);
  });
});

describe("persistent volumes", () => {
  it.each<[string, KubeObject, unknown[]]>([
    [
      "bound PV",
      {
        metadata: meta("pv-1", { namespace: undefined }),
        spec: {
          capacity: { storage: "10Gi" },
          accessModes: ["ReadWriteMany", "ReadWriteOnce", "ReadWriteOnce"],
          persistentVolumeReclaimPolicy: "Retain",
          claimRef: { namespace: "default", name: "data" },
          storageClassName: "standard",
          volumeMode: "Filesystem",
        },
        status: { phase: "Bound" },
      },
      ["pv-1", "10Gi", "RWO,RWX", "Retain", "Bound", "default/data", "standard", "<unset>", "", "5m", "Filesystem"],
    ],
    [
      "failed PV being deleted, beta class annotation",
      {
        metadata: meta("pv-2", { deletionTimestamp: ago(MIN), annotations: { "volume.beta.kubernetes.io/storage-class": "legacy" } }),
        spec: { capacity: { storage: "1Gi" }, accessModes: ["ReadWriteOncePod", "ReadOnlyMany"], storageClassName: "ignored", volumeAttributesClassName: "gold" },
        status: { phase: "Failed", reason: "RecyclerFailed" },
      },
      ["pv-2", "1Gi", "ROX,RWOP", "", "Terminating", "", "legacy", "gold", "RecyclerFailed", "5m", "<unset>"],
    ],
    ["empty PV", { metadata: meta("pv-3") }, ["pv-3", "0", "", "", "", "", "", "<unset>", "", "5m", "<unset>"]],
  ])("%s", (_name, pv, want) => {
    expect(Object.values(row(PERSISTENT_VOLUME_TABLE, pv))).toEqual(want);
  });

  it.each<[string, KubeObject, unknown[]]>([
    [
      "bound claim shows the volume's capacity and modes",
      {
        metadata: meta("data"),
        spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "5Gi" } }, volumeName: "pv-1", storageClassName: "standard", volumeMode: "Filesystem" },
        status: { phase: "Bound", capacity: { storage: "10Gi" }, accessModes: ["ReadWriteOnce"] },
      },
      ["data", "Bound", "pv-1", "10Gi", "RWO", "standard", "<unset>", "5m", "Filesystem"],
    ],
    [
      "pending claim shows neither",
      { metadata: meta("data"), spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "5Gi" } }, storageClassName: "standard" }, status: { phase: "Pending" } },
      ["data", "Pending", "", "", "", "standard", "<unset>", "5m", "<unset>"],
    ],
    [
      "terminating claim",
      { metadata: meta("data", { deletionTimestamp: ago(MIN) }), spec: { volumeName: "pv-9", volumeMode: "Block" }, status: { phase: "Bound" } },
      ["data", "Terminating", "pv-9", "0", "", "", "<unset>", "5m", "Block"],
    ],
  ])("%s", (_name, pvc, want) => {
    expect(Object.values(row(PERSISTENT_VOLUME_CLAIM_TABLE, pvc))).toEqual(want);
  });
});
