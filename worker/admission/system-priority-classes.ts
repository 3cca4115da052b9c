/**
 * The system PriorityClasses every cluster has (kube-apiserver's `scheduling/bootstrap-system-priority-classes`
 * post-start hook, pkg/registry/scheduling/rest): system-node-critical and system-cluster-critical, created
 * when missing and otherwise left alone. Written to the store directly, like the bootstrap namespaces.
 */
import type { Registry } from "../../schema/registry-core";
import type { KubeObject } from "../../schema/types";
import type { Env } from "../env";
import { rfc3339 } from "../handlers/context";
import { encodeForStore, objectKey, storeFor } from "../storage";
import { prepareForCreate } from "./lifecycle";

/** scheduling.SystemCriticalPriority. */
export const SYSTEM_CRITICAL_PRIORITY = 2_000_000_000;

/** schedulingapiv1.SystemPriorityClasses(). */
export const SYSTEM_PRIORITY_CLASSES: readonly KubeObject[] = [
  {
    metadata: { name: "system-node-critical" },
    value: SYSTEM_CRITICAL_PRIORITY + 1000,
    description: "Used for system critical pods that must not be moved from their current node.",
  },
  {
    metadata: { name: "system-cluster-critical" },
    value: SYSTEM_CRITICAL_PRIORITY,
    description: "Used for system critical pods that must run in the cluster, but can be moved to another node if necessary.",
  },
];

export async function bootstrapSystemPriorityClasses(env: Env, registry: Registry): Promise<void> {
  const entry = registry.lookup("scheduling.k8s.io", "v1", "priorityclasses")!;
  const store = storeFor(env, entry);
  const now = rfc3339(new Date());
  await Promise.all(
    SYSTEM_PRIORITY_CLASSES.map(async (pc) => {
      const obj = structuredClone(pc) as KubeObject;
      prepareForCreate(entry, obj, { now, uid: crypto.randomUUID() });
      entry.def.default?.(obj);
      const res = await store.create(objectKey(entry, undefined, obj.metadata.name), encodeForStore(obj));
      if (!res.ok && res.reason !== "exists") throw new Error(`bootstrap priority class ${obj.metadata.name}: ${res.reason}`);
    }),
  );
}
