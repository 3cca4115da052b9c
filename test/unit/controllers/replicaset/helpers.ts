/** Shared fixtures of the ReplicaSet tests: ReplicaSet and Pod objects, and their paths. */
import type { Obj } from "../kwok";

export const rsPath = (ns: string, name = "") => `/apis/apps/v1/namespaces/${ns}/replicasets${name ? `/${name}` : ""}`;
export const podPath = (ns: string, name = "") => `/api/v1/namespaces/${ns}/pods${name ? `/${name}` : ""}`;

export function replicaSet(name: string, replicas: number, labels: Record<string, string> = { app: name }, spec: Obj = {}): Obj {
  return {
    apiVersion: "apps/v1",
    kind: "ReplicaSet",
    metadata: { name },
    spec: {
      replicas,
      selector: { matchLabels: labels },
      template: { metadata: { labels }, spec: { containers: [{ name: "app", image: "nginx:1.27" }] } },
      ...spec,
    },
  };
}

export function pod(name: string, labels: Record<string, string>, extra: Obj = {}): Obj {
  return { apiVersion: "v1", kind: "Pod", metadata: { name, labels, ...extra }, spec: { containers: [{ name: "app", image: "nginx:1.27" }] } };
}

/** The pod's controller ownerReference, if any. */
export const controllerOf = (p: Obj) => (p.metadata.ownerReferences ?? []).find((r: Obj) => r.controller);
