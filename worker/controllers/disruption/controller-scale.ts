/**
 * The disruption controller's controller finders (disruption.go finders()): a pod's controllerRef resolved to
 * the controller whose replicas a percentage is of — a ReplicaSet's Deployment when it has one, else the
 * ReplicaSet; a StatefulSet or ReplicationController; otherwise any kind with a scale subresource. The uid
 * must match the reference (a recreated controller is not the pod's). Read with the controller's own
 * identity (`get` on the workloads and on `*\/scale`, as its role allows).
 */
import type { Registry } from "../../../schema/registry-core";
import type { KubeObject } from "../../../schema/types";
import type { ControllerApi } from "../framework/api";
import { controllerRefOf } from "../framework/loop";
import type { ControllerScale } from "./budget";

interface OwnerRef {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
}

const groupOf = (apiVersion: string) => (apiVersion.includes("/") ? apiVersion.slice(0, apiVersion.indexOf("/")) : "");
const replicas = (obj: KubeObject) => (typeof obj.spec?.replicas === "number" ? obj.spec.replicas : 1);

/** The served resource of a group and kind (the RESTMapper's job): its collection path in `namespace`. */
function collectionOf(registry: Registry, group: string, kind: string, namespace: string): { path: string; scale: boolean; resource: string } | undefined {
  const entry = registry.all().find((e) => e.group === group && e.kind === kind);
  if (!entry) return undefined;
  const base = entry.group ? `/apis/${entry.group}/${entry.version}` : `/api/${entry.version}`;
  return { path: `${base}/namespaces/${namespace}/${entry.resource}`, scale: entry.def.scale !== undefined, resource: entry.group ? `${entry.resource}.${entry.group}` : entry.resource };
}

async function replicaSetController(api: ControllerApi, ref: OwnerRef, ns: string): Promise<ControllerScale | undefined> {
  const rs = await api.get(`/apis/apps/v1/namespaces/${ns}/replicasets/${ref.name}`);
  if (!rs || rs.metadata?.uid !== ref.uid) return undefined;
  const owner = controllerRefOf(rs, "Deployment", "apps") ?? controllerRefOf(rs, "Deployment", "extensions");
  if (!owner) return { uid: rs.metadata.uid, scale: replicas(rs) };
  const d = await api.get(`/apis/apps/v1/namespaces/${ns}/deployments/${owner.name}`);
  return d && d.metadata?.uid === owner.uid ? { uid: d.metadata.uid, scale: replicas(d) } : undefined;
}

/** The controller of a pod's controllerRef and its scale; undefined when none matches; throws on a kind with no scale. */
export async function controllerScale(api: ControllerApi, ref: OwnerRef, ns: string): Promise<ControllerScale | undefined> {
  const group = groupOf(ref.apiVersion);
  if (ref.kind === "ReplicaSet" && (group === "apps" || group === "extensions")) return replicaSetController(api, ref, ns);
  const target = collectionOf(api.registry, group === "extensions" ? "apps" : group, ref.kind, ns);
  if (!target) throw new Error(`no matches for kind "${ref.kind}" in group "${group}"`);
  if (ref.kind === "StatefulSet" || ref.kind === "ReplicationController") {
    const obj = await api.get(`${target.path}/${ref.name}`);
    return obj && obj.metadata?.uid === ref.uid ? { uid: ref.uid, scale: replicas(obj) } : undefined;
  }
  if (!target.scale) throw new Error(`${target.resource} does not implement the scale subresource`);
  const scale = await api.get(`${target.path}/${ref.name}/scale`);
  return scale && scale.metadata?.uid === ref.uid ? { uid: ref.uid, scale: scale.spec?.replicas ?? 0 } : undefined;
}

/** The scales of the distinct controllers of `pods` (by controllerRef uid). */
export async function controllerScales(api: ControllerApi, pods: readonly KubeObject[]): Promise<Map<string, ControllerScale | undefined>> {
  const out = new Map<string, ControllerScale | undefined>();
  for (const pod of pods) {
    const ref = (pod.metadata?.ownerReferences ?? []).find((r: KubeObject) => r?.controller) as OwnerRef | undefined;
    if (!ref || out.has(ref.uid)) continue;
    out.set(ref.uid, await controllerScale(api, ref, pod.metadata?.namespace));
  }
  return out;
}
