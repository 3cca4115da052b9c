/**
 * The Node authorizer's relationships (plugin/pkg/auth/authorizer/node/graph.go), answered on demand from the
 * store instead of a kept graph: a node may read the secrets, configmaps, claims and service accounts that
 * pods bound to it reference, the volumes bound to those claims, and those pods themselves.
 *
 *   node ← pod ← secret | configmap | pvc | serviceaccount      node ← pod ← pvc ← pv
 *
 * The reference visitors mirror pkg/api/pod VisitPodSecretNames / VisitPodConfigmapNames (all containers).
 */
import type { KubeObject } from "../../schema/types";
import type { Env } from "../env";
import { shardFor } from "../../schema/registry-core";
import { shardStub } from "../storage";

type Obj = KubeObject;
const list = (v: unknown): Obj[] => (Array.isArray(v) ? v.filter((x) => x && typeof x === "object") : []);
const named = (v: unknown): string | undefined => (typeof v === "string" && v ? v : undefined);

const containersOf = (pod: Obj): Obj[] => [
  ...list(pod.spec?.initContainers),
  ...list(pod.spec?.containers),
  ...list(pod.spec?.ephemeralContainers),
];

/** Volume sources whose `secretRef.name` names a secret (VisitPodSecretNames). */
const SECRET_REF_VOLUMES = ["cephfs", "cinder", "flexVolume", "rbd", "scaleIO", "iscsi", "storageos"];

export function podSecretNames(pod: Obj): Set<string> {
  const out = new Set<string>();
  const add = (v: unknown) => named(v) && out.add(v as string);
  for (const s of list(pod.spec?.imagePullSecrets)) add(s.name);
  for (const c of containersOf(pod)) {
    for (const e of list(c.envFrom)) add(e.secretRef?.name);
    for (const e of list(c.env)) add(e.valueFrom?.secretKeyRef?.name);
  }
  for (const v of list(pod.spec?.volumes)) {
    add(v.secret?.secretName);
    add(v.azureFile?.secretName);
    add(v.csi?.nodePublishSecretRef?.name);
    for (const src of SECRET_REF_VOLUMES) add(v[src]?.secretRef?.name);
    for (const p of list(v.projected?.sources)) add(p.secret?.name);
  }
  return out;
}

export function podConfigMapNames(pod: Obj): Set<string> {
  const out = new Set<string>();
  const add = (v: unknown) => named(v) && out.add(v as string);
  for (const c of containersOf(pod)) {
    for (const e of list(c.envFrom)) add(e.configMapRef?.name);
    for (const e of list(c.env)) add(e.valueFrom?.configMapKeyRef?.name);
  }
  for (const v of list(pod.spec?.volumes)) {
    add(v.configMap?.name);
    for (const p of list(v.projected?.sources)) add(p.configMap?.name);
  }
  return out;
}

/** Claims a pod uses: named claims, and `<pod>-<volume>` for generic ephemeral volumes. */
export function podClaimNames(pod: Obj): Set<string> {
  const out = new Set<string>();
  for (const v of list(pod.spec?.volumes)) {
    if (named(v.persistentVolumeClaim?.claimName)) out.add(v.persistentVolumeClaim.claimName);
    if (v.ephemeral && named(v.name)) out.add(`${pod.metadata?.name ?? ""}-${v.name}`);
  }
  return out;
}

/** The pod's service account, when it names one (graph.go AddPod: no edge for an empty serviceAccountName — mirror pods). */
export const podServiceAccountName = (pod: Obj): string | undefined => named(pod.spec?.serviceAccountName);

const corePrefix = (resource: string, namespace?: string) => `/core/${resource}/${namespace ? `${namespace}/` : ""}`;

/** The pods bound to `node` (in `namespace`, or everywhere). */
export async function podsOnNode(env: Env, node: string, namespace?: string): Promise<Obj[]> {
  const res = await shardStub(env, shardFor("", "pods")).list(corePrefix("pods", namespace), {
    filter: { fields: [{ field: "spec.nodeName", operator: "=", value: node }] },
  });
  return res.ok ? res.items.map((t) => JSON.parse(t) as Obj) : [];
}

async function getCore(env: Env, resource: string, namespace: string | undefined, name: string): Promise<Obj | undefined> {
  const res = await shardStub(env, shardFor("", resource)).get(`${corePrefix(resource, namespace)}${name}`);
  return res.ok ? (JSON.parse(res.value) as Obj) : undefined;
}

export type VertexType = "pod" | "secret" | "configmap" | "pvc" | "pv" | "serviceaccount";

/** hasPathFrom: is the object related to the node through the graph above? */
export async function relatedToNode(env: Env, node: string, type: VertexType, namespace: string, name: string): Promise<boolean> {
  switch (type) {
    case "pod":
      return (await getCore(env, "pods", namespace, name))?.spec?.nodeName === node;
    case "secret":
      return (await podsOnNode(env, node, namespace)).some((p) => podSecretNames(p).has(name));
    case "configmap":
      return (await podsOnNode(env, node, namespace)).some((p) => podConfigMapNames(p).has(name));
    case "pvc":
      return (await podsOnNode(env, node, namespace)).some((p) => podClaimNames(p).has(name));
    case "serviceaccount":
      return (await podsOnNode(env, node, namespace)).some((p) => podServiceAccountName(p) === name);
    case "pv":
      for (const pod of await podsOnNode(env, node)) {
        for (const claim of podClaimNames(pod)) {
          const pvc = await getCore(env, "persistentvolumeclaims", pod.metadata?.namespace, claim);
          if (pvc?.spec?.volumeName === name) return true;
        }
      }
      return false;
  }
}
