/**
 * At bootstrap: the edge IngressClass `kube-edge` (the default class) and the RBAC of the edge ingress
 * controller (a ClusterRole and ClusterRoleBinding for kube-system/kube-edge-ingress, as an ingress
 * controller's install manifest ships them; not part of upstream's bootstrap policy). Created when missing and
 * otherwise left alone, written to the store directly like the other bootstrap objects.
 */
import type { Registry } from "../../../schema/registry-core";
import type { KubeObject } from "../../../schema/types";
import type { Env } from "../../env";
import { prepareForCreate } from "../../admission/lifecycle";
import { rfc3339 } from "../../handlers/context";
import { encodeForStore, objectKey, storeFor } from "../../storage";
import { edgeIngressClassObject } from "./ingress";
import { EDGE_INGRESS_SERVICE_ACCOUNT } from "./loops";

export const EDGE_INGRESS_ROLE = "kube-edge:ingress-controller";

export function edgeIngressRbacObjects(): KubeObject[] {
  const rbac = "rbac.authorization.k8s.io";
  return [
    {
      apiVersion: `${rbac}/v1`,
      kind: "ClusterRole",
      metadata: { name: EDGE_INGRESS_ROLE },
      rules: [
        { apiGroups: ["networking.k8s.io"], resources: ["ingresses", "ingressclasses"], verbs: ["get", "list", "watch"] },
        { apiGroups: ["networking.k8s.io"], resources: ["ingresses/status"], verbs: ["patch", "update"] },
        { apiGroups: ["", "events.k8s.io"], resources: ["events"], verbs: ["create", "patch", "update"] },
      ],
    },
    {
      apiVersion: `${rbac}/v1`,
      kind: "ClusterRoleBinding",
      metadata: { name: EDGE_INGRESS_ROLE },
      roleRef: { apiGroup: rbac, kind: "ClusterRole", name: EDGE_INGRESS_ROLE },
      subjects: [{ kind: "ServiceAccount", name: EDGE_INGRESS_SERVICE_ACCOUNT, namespace: "kube-system" }],
    },
  ];
}

/** Creates a cluster-scoped bootstrap object (defaulted, as a create would) unless one of that name exists. */
export async function createIfMissing(env: Env, registry: Registry, group: string, resource: string, obj: KubeObject): Promise<void> {
  const entry = registry.lookup(group, "v1", resource);
  if (!entry) return;
  const store = storeFor(env, entry);
  const key = objectKey(entry, undefined, obj.metadata.name);
  if ((await store.get(key)).ok) return;
  prepareForCreate(entry, obj, { now: rfc3339(new Date()), uid: crypto.randomUUID() });
  entry.def.default?.(obj);
  const res = await store.create(key, encodeForStore(obj));
  if (!res.ok && res.reason !== "exists") throw new Error(`bootstrap ${entry.kind} ${obj.metadata.name}: ${res.reason}`);
}

/** The BOOTSTRAP_STEPS entry: the edge IngressClass and its controller's RBAC. */
export async function bootstrapEdgeIngress(env: Env, registry: Registry): Promise<void> {
  const [role, binding] = edgeIngressRbacObjects();
  await createIfMissing(env, registry, "rbac.authorization.k8s.io", "clusterroles", role);
  await createIfMissing(env, registry, "rbac.authorization.k8s.io", "clusterrolebindings", binding);
  await createIfMissing(env, registry, "networking.k8s.io", "ingressclasses", edgeIngressClassObject());
}
