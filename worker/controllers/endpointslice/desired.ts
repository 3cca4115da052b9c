/**
 * The desired side of an EndpointSlice reconcile (k8s.io/endpointslice utils.go, 1.32): a pod as an Endpoint
 * (addresses of the slice's family; ready / serving / terminating; nodeName, zone, targetRef, hostname), the
 * ports a pod offers for the Service (getEndpointPorts), the address types a Service needs, and the slice labels
 * mirrored from the Service (setEndpointSliceLabels).
 */
import type { KubeObject } from "../../../schema/types";
import { findPort, HEADLESS_LABEL, isIPv6, isPodReady, isServiceIPSet, podIPs, shouldSetHostname } from "./pod-endpoints";

/** discovery.LabelServiceName, discovery.LabelManagedBy and the controller's name. */
export const SERVICE_NAME_LABEL = "kubernetes.io/service-name";
export const MANAGED_BY_LABEL = "endpointslice.kubernetes.io/managed-by";
export const CONTROLLER_NAME = "endpointslice-controller.k8s.io";
/** v1.LabelTopologyZone. */
export const ZONE_LABEL = "topology.kubernetes.io/zone";

export type AddressType = "IPv4" | "IPv6";

/** getEndpointAddresses: the pod's IPs of `addressType`. */
export const endpointAddresses = (pod: KubeObject, addressType: AddressType): string[] =>
  podIPs(pod).filter((ip) => isIPv6(ip) === (addressType === "IPv6"));

/** podToEndpoint. `node` is the pod's node when known (its zone label is copied). */
export function podToEndpoint(pod: KubeObject, node: KubeObject | undefined, svc: KubeObject, addressType: AddressType): KubeObject {
  const serving = isPodReady(pod);
  const terminating = !!pod.metadata?.deletionTimestamp;
  // "ready" is never true for a terminating pod, unless not-ready addresses are published.
  const ready = !!svc.spec?.publishNotReadyAddresses || (serving && !terminating);
  const ep: KubeObject = {
    addresses: endpointAddresses(pod, addressType),
    conditions: { ready, serving, terminating },
    targetRef: { kind: "Pod", namespace: pod.metadata?.namespace, name: pod.metadata?.name, uid: pod.metadata?.uid },
  };
  if (pod.spec?.nodeName) ep.nodeName = pod.spec.nodeName;
  const zone: string | undefined = node?.metadata?.labels?.[ZONE_LABEL];
  if (zone) ep.zone = zone;
  if (shouldSetHostname(pod, svc)) ep.hostname = pod.spec.hostname;
  return ep;
}

/** getEndpointPorts: one EndpointPort per Service port the pod offers (none for a headless Service without ports). */
export function endpointPorts(svc: KubeObject, pod: KubeObject): KubeObject[] {
  const ports: KubeObject[] = svc.spec?.ports ?? [];
  const out: KubeObject[] = [];
  for (const sp of ports) {
    const port = findPort(pod, sp);
    if (port === undefined) continue;
    const ep: KubeObject = { name: sp.name ?? "", port, protocol: sp.protocol ?? "TCP" };
    if (sp.appProtocol !== undefined) ep.appProtocol = sp.appProtocol;
    out.push(ep);
  }
  return out;
}

/** getAddressTypesForService: from spec.ipFamilies; else the cluster IP's family; else (headless) both. */
export function addressTypesForService(svc: KubeObject): AddressType[] {
  const families: string[] = svc.spec?.ipFamilies ?? [];
  const out = new Set<AddressType>();
  for (const f of families) if (f === "IPv4" || f === "IPv6") out.add(f);
  if (out.size) return [...out];
  if (isServiceIPSet(svc)) return [isIPv6(svc.spec.clusterIP) ? "IPv6" : "IPv4"];
  return ["IPv4", "IPv6"];
}

const isReservedLabel = (k: string) => k === SERVICE_NAME_LABEL || k === MANAGED_BY_LABEL || k === HEADLESS_LABEL;

const sameLabels = (a: Record<string, string>, b: Record<string, string>) =>
  Object.keys(a).length === Object.keys(b).length && Object.entries(a).every(([k, v]) => b[k] === v);

/**
 * setEndpointSliceLabels: the Service's labels (reserved keys skipped), the headless label when it has no cluster
 * IP, the service-name and managed-by labels; `changed` when the Service's own labels differ from the slice's.
 */
export function endpointSliceLabels(slice: KubeObject | undefined, svc: KubeObject): { labels: Record<string, string>; changed: boolean } {
  const sliceLabels: Record<string, string> = {};
  for (const [k, v] of Object.entries((slice?.metadata?.labels ?? {}) as Record<string, string>)) if (!isReservedLabel(k)) sliceLabels[k] = v;
  const labels: Record<string, string> = {};
  for (const [k, v] of Object.entries((svc.metadata?.labels ?? {}) as Record<string, string>)) if (!isReservedLabel(k)) labels[k] = v;
  const changed = !sameLabels(sliceLabels, labels);
  if (!isServiceIPSet(svc)) labels[HEADLESS_LABEL] = "";
  labels[SERVICE_NAME_LABEL] = svc.metadata?.name;
  labels[MANAGED_BY_LABEL] = CONTROLLER_NAME;
  return { labels, changed };
}

/** newEndpointSlice: a slice to create (generateName `<service>-`), owned by the Service. */
export function newEndpointSlice(svc: KubeObject, ports: KubeObject[], addressType: AddressType): KubeObject {
  return {
    apiVersion: "discovery.k8s.io/v1",
    kind: "EndpointSlice",
    metadata: {
      generateName: `${svc.metadata?.name}-`,
      namespace: svc.metadata?.namespace,
      labels: endpointSliceLabels(undefined, svc).labels,
      ownerReferences: [{ apiVersion: "v1", kind: "Service", name: svc.metadata?.name, uid: svc.metadata?.uid, controller: true, blockOwnerDeletion: true }],
    },
    addressType,
    endpoints: [],
    ports,
  };
}

/** ownedBy: the slice has an ownerReference to this very Service (by uid). */
export const ownedBy = (slice: KubeObject, svc: KubeObject): boolean =>
  (slice.metadata?.ownerReferences ?? []).some((o: KubeObject) => o?.uid === svc.metadata?.uid && o?.kind === "Service" && o?.apiVersion === "v1");
