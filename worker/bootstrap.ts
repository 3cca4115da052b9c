/**
 * Objects every cluster has from the start: the namespaces default, kube-system, kube-public and
 * kube-node-lease, then each further step of BOOTSTRAP_STEPS in order (RBAC policy, signing keys, …).
 * Run once per isolate, idempotently ("already exists" is success); a failure is retried on the next request.
 */
import type { Registry } from "../schema/registry-core";
import type { Env } from "./env";
import { encodeForStore, objectKey, storeFor } from "./storage";
import { bootstrapRbacPolicy } from "./authz/bootstrap-policy";
import { bootstrapSigningKeys } from "./authn/signing-keys";
import { bootstrapNamespaceDefaults } from "./admission/namespace-defaults";
import { bootstrapSystemPriorityClasses } from "./admission/system-priority-classes";
import { bootstrapNodePool } from "./kubelet/agent/bootstrap";
import { bootstrapDefaultStorageClass } from "./controllers/volume";
import { bootstrapKubernetesService } from "./services/allocation";
import { bootstrapEdgeIngress } from "./services/status";
import { bootstrapClusterNetworkRbac } from "./kube-proxy/rbac";

export const SYSTEM_NAMESPACES = ["default", "kube-system", "kube-public", "kube-node-lease"];

let done: Promise<void> | undefined;

export function ensureBootstrapped(env: Env, registry: Registry): Promise<void> {
  done ??= bootstrap(env, registry).catch((e) => {
    done = undefined;
    throw e;
  });
  return done;
}

/** Steps after the namespaces exist, in order. Each must be idempotent and cheap when already done. */
export const BOOTSTRAP_STEPS: ((env: Env, registry: Registry) => Promise<void>)[] = [
  bootstrapRbacPolicy,
  bootstrapSigningKeys,
  bootstrapNamespaceDefaults,
  bootstrapSystemPriorityClasses,
  bootstrapNodePool,
  bootstrapDefaultStorageClass,
  bootstrapKubernetesService,
  bootstrapEdgeIngress,
  bootstrapClusterNetworkRbac,
];

async function bootstrap(env: Env, registry: Registry): Promise<void> {
  await bootstrapNamespaces(env, registry);
  for (const step of BOOTSTRAP_STEPS) await step(env, registry);
}

async function bootstrapNamespaces(env: Env, registry: Registry): Promise<void> {
  const entry = registry.lookup("", "v1", "namespaces")!;
  const store = storeFor(env, entry);
  await Promise.all(
    SYSTEM_NAMESPACES.map(async (name) => {
      const key = objectKey(entry, undefined, name);
      if ((await store.get(key)).ok) return;
      await store.create(key, encodeForStore({
        kind: "Namespace",
        apiVersion: "v1",
        metadata: {
          name,
          uid: crypto.randomUUID(),
          creationTimestamp: new Date().toISOString().replace(/\.\d{3}Z$/, "Z"),
          labels: { "kubernetes.io/metadata.name": name },
        },
        spec: { finalizers: ["kubernetes"] },
        status: { phase: "Active" },
      }));
    }),
  );
}
