/**
 * What every namespace holds (pkg/controller/serviceaccount ServiceAccountsController and
 * pkg/controller/certificates/rootcacertpublisher Publisher): a `default` ServiceAccount, and a
 * `kube-root-ca.crt` ConfigMap whose `ca.crt` is the cluster CA, annotated with its purpose. Pure reconcile:
 * observed objects in, actions out; a converged namespace yields no actions.
 */
import type { KubeObject } from "../../schema/types";

export const DEFAULT_SERVICE_ACCOUNT_NAME = "default";
export const ROOT_CA_CONFIGMAP_NAME = "kube-root-ca.crt";
export const DESCRIPTION_ANNOTATION = "kubernetes.io/description";
export const ROOT_CA_DESCRIPTION =
  "Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. " +
  "No other usage is guaranteed across distributions of Kubernetes clusters.";

export interface ObservedNamespace {
  /** The Namespace, or undefined when it does not exist. */
  namespace?: KubeObject;
  serviceAccount?: KubeObject;
  configMap?: KubeObject;
  /** The cluster CA (PEM); without it no ConfigMap is published. */
  caCert?: string;
}

export type NamespaceDefaultsAction =
  | { kind: "create-service-account"; namespace: string; object: KubeObject }
  | { kind: "create-config-map"; namespace: string; object: KubeObject }
  | { kind: "update-config-map"; namespace: string; object: KubeObject };

export const defaultServiceAccount = (): KubeObject => ({
  apiVersion: "v1",
  kind: "ServiceAccount",
  metadata: { name: DEFAULT_SERVICE_ACCOUNT_NAME },
});

export const rootCAConfigMap = (caCert: string): KubeObject => ({
  apiVersion: "v1",
  kind: "ConfigMap",
  metadata: { name: ROOT_CA_CONFIGMAP_NAME, annotations: { [DESCRIPTION_ANNOTATION]: ROOT_CA_DESCRIPTION } },
  data: { "ca.crt": caCert },
});

/** The publisher's "in sync" test: data is exactly {ca.crt} and the description annotation is present. */
function configMapCurrent(cm: KubeObject, caCert: string): boolean {
  const data = cm.data ?? {};
  const keys = Object.keys(data);
  return keys.length === 1 && data["ca.crt"] === caCert && !!cm.metadata?.annotations?.[DESCRIPTION_ANNOTATION];
}

/** Nothing happens in namespaces that are missing or not Active (both controllers skip them). */
export function planNamespaceDefaults(o: ObservedNamespace): NamespaceDefaultsAction[] {
  const ns = o.namespace;
  if (!ns || ns.status?.phase !== "Active") return [];
  const name: string = ns.metadata?.name;
  const actions: NamespaceDefaultsAction[] = [];
  if (!o.serviceAccount) actions.push({ kind: "create-service-account", namespace: name, object: defaultServiceAccount() });
  if (o.caCert !== undefined && o.caCert !== "") {
    if (!o.configMap) actions.push({ kind: "create-config-map", namespace: name, object: rootCAConfigMap(o.caCert) });
    else if (!configMapCurrent(o.configMap, o.caCert)) {
      const object = structuredClone(o.configMap);
      object.data = { "ca.crt": o.caCert };
      object.metadata.annotations = { ...(object.metadata.annotations ?? {}), [DESCRIPTION_ANNOTATION]: ROOT_CA_DESCRIPTION };
      actions.push({ kind: "update-config-map", namespace: name, object });
    }
  }
  return actions;
}

/**
 * The namespace a stored change makes worth a sync: a Namespace added or updated while Active, the `default`
 * ServiceAccount deleted, the root CA ConfigMap updated or deleted. Anything else: undefined.
 */
export function namespaceToSync(group: string, resource: string, type: "ADDED" | "MODIFIED" | "DELETED", obj: KubeObject): string | undefined {
  if (group !== "") return undefined;
  const meta = obj.metadata ?? {};
  if (resource === "namespaces") return type !== "DELETED" && obj.status?.phase === "Active" ? meta.name : undefined;
  if (resource === "serviceaccounts" && type === "DELETED" && meta.name === DEFAULT_SERVICE_ACCOUNT_NAME) return meta.namespace;
  if (resource === "configmaps" && type !== "ADDED" && meta.name === ROOT_CA_CONFIGMAP_NAME) return meta.namespace;
  return undefined;
}
