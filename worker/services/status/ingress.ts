/**
 * The edge IngressClass `kube-edge` (controller `kube-edge.dev/ingress`, the cluster's default class) and the
 * status its Ingresses get: `status.loadBalancer.ingress = [{hostname: ingress.<domain>}]`, as an ingress
 * controller publishes the address it serves them at. An Ingress is the edge's when its
 * `spec.ingressClassName` (or legacy `kubernetes.io/ingress.class` annotation) names an IngressClass of that
 * controller, or when it names none and that class is the default (the DefaultIngressClass admission rule).
 */
import type { KubeObject } from "../../../schema/types";

export const EDGE_INGRESS_CLASS = "kube-edge";
export const EDGE_INGRESS_CONTROLLER = "kube-edge.dev/ingress";
export const ANN_DEFAULT_INGRESS_CLASS = "ingressclass.kubernetes.io/is-default-class";
export const ANN_LEGACY_INGRESS_CLASS = "kubernetes.io/ingress.class";

export function edgeIngressClassObject(): KubeObject {
  return {
    apiVersion: "networking.k8s.io/v1",
    kind: "IngressClass",
    metadata: { name: EDGE_INGRESS_CLASS, annotations: { [ANN_DEFAULT_INGRESS_CLASS]: "true" } },
    spec: { controller: EDGE_INGRESS_CONTROLLER },
  };
}

const isDefault = (c: KubeObject) => c.metadata?.annotations?.[ANN_DEFAULT_INGRESS_CLASS] === "true";

/** The IngressClass an Ingress belongs to: named, or the default one (the newest when several, as upstream). */
export function ingressClassOf(ing: KubeObject, classes: KubeObject[]): KubeObject | undefined {
  const named = ing.spec?.ingressClassName ?? ing.metadata?.annotations?.[ANN_LEGACY_INGRESS_CLASS];
  if (named) return classes.find((c) => c.metadata?.name === named);
  const defaults = classes.filter(isDefault);
  return defaults.sort((a, b) => String(b.metadata?.creationTimestamp ?? "").localeCompare(String(a.metadata?.creationTimestamp ?? "")))[0];
}

export type IngressAction = { action: "none" } | { action: "set"; loadBalancer: KubeObject };

/** The status write for one Ingress (pure): ours get the edge hostname; one we published and no longer own is cleared. */
export function planIngressStatus(ing: KubeObject, classes: KubeObject[], hostname: string): IngressAction {
  const current = ing.status?.loadBalancer?.ingress;
  const ours = ingressClassOf(ing, classes)?.spec?.controller === EDGE_INGRESS_CONTROLLER;
  if (ours) {
    const converged = current?.length === 1 && current[0].hostname === hostname && Object.keys(current[0]).length === 1;
    return converged ? { action: "none" } : { action: "set", loadBalancer: { ingress: [{ hostname }] } };
  }
  const published = current?.length === 1 && current[0].hostname === hostname;
  return published ? { action: "set", loadBalancer: {} } : { action: "none" };
}
