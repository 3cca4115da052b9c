/**
 * The pod a ReplicaSet creates from its template, as upstream's controller.GetPodFromTemplate and getPodsPrefix
 * (pkg/controller/controller_utils.go): the template's labels, annotations and finalizers, `generateName`
 * `<rs name>-` (the API server appends 5 characters from k8s.io/apimachinery/pkg/util/rand's alphabet), the
 * ReplicaSet as controller, and a copy of the template's spec.
 */
import type { KubeObject } from "../../../schema/types";
import { newControllerRef } from "./claim";

export const REPLICASET_API_VERSION = "apps/v1";
export const REPLICASET_KIND = "ReplicaSet";

export function replicaSetControllerRef(rs: KubeObject): KubeObject {
  return newControllerRef(rs, REPLICASET_API_VERSION, REPLICASET_KIND);
}

export function podFromTemplate(rs: KubeObject): KubeObject {
  const template: KubeObject = rs.spec?.template ?? {};
  const meta: KubeObject = template.metadata ?? {};
  const metadata: KubeObject = { generateName: `${rs.metadata?.name}-` };
  if (meta.labels && Object.keys(meta.labels).length) metadata.labels = { ...meta.labels };
  if (meta.annotations && Object.keys(meta.annotations).length) metadata.annotations = { ...meta.annotations };
  if (meta.finalizers?.length) metadata.finalizers = [...meta.finalizers];
  metadata.ownerReferences = [replicaSetControllerRef(rs)];
  return { apiVersion: "v1", kind: "Pod", metadata, spec: structuredClone(template.spec ?? {}) };
}

/** createPods refuses a pod without labels before calling the API ("unable to create pods, no labels"). */
export function podTemplateHasLabels(rs: KubeObject): boolean {
  return Object.keys(rs.spec?.template?.metadata?.labels ?? {}).length > 0;
}
