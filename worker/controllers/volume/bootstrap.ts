/**
 * At bootstrap: the cluster's default StorageClass `standard` (as kind, minikube and managed clusters ship one):
 * volumes of our provisioner, deleted with their claims, bound at once. Created when missing and otherwise left
 * alone (an administrator's edits stay), written to the store directly like the other bootstrap objects.
 */
import type { Registry } from "../../../schema/registry-core";
import type { KubeObject } from "../../../schema/types";
import type { Env } from "../../env";
import { prepareForCreate } from "../../admission/lifecycle";
import { rfc3339 } from "../../handlers/context";
import { encodeForStore, objectKey, storeFor } from "../../storage";
import { ANN_DEFAULT_CLASS, DURABLE_OBJECT_PROVISIONER } from "./constants";

export const DEFAULT_STORAGE_CLASS = "standard";

export const DEFAULT_STORAGE_CLASS_OBJECT: Readonly<KubeObject> = {
  apiVersion: "storage.k8s.io/v1",
  kind: "StorageClass",
  metadata: { name: DEFAULT_STORAGE_CLASS, annotations: { [ANN_DEFAULT_CLASS]: "true" } },
  provisioner: DURABLE_OBJECT_PROVISIONER,
  reclaimPolicy: "Delete",
  volumeBindingMode: "Immediate",
  allowVolumeExpansion: false,
};

export async function bootstrapDefaultStorageClass(env: Env, registry: Registry): Promise<void> {
  const entry = registry.lookup("storage.k8s.io", "v1", "storageclasses");
  if (!entry) return;
  const store = storeFor(env, entry);
  const key = objectKey(entry, undefined, DEFAULT_STORAGE_CLASS);
  if ((await store.get(key)).ok) return;
  const obj = structuredClone(DEFAULT_STORAGE_CLASS_OBJECT) as KubeObject;
  prepareForCreate(entry, obj, { now: rfc3339(new Date()), uid: crypto.randomUUID() });
  entry.def.default?.(obj);
  const res = await store.create(key, encodeForStore(obj));
  if (!res.ok && res.reason !== "exists") throw new Error(`bootstrap storage class ${DEFAULT_STORAGE_CLASS}: ${res.reason}`);
}
