/**
 * The node's heartbeat Lease (k8s.io/component-helpers/apimachinery/lease controller, as the kubelet's
 * nodelease wires it): `kube-node-lease/<node name>`, held by the node, 40 s long, renewed every quarter of
 * that; owned by the Node (setNodeOwnerFunc) so it goes when the Node does. A renewal only moves renewTime
 * (newLease copies the stored Lease) and adds the owner reference when it is still missing.
 */
import type { KubeObject } from "../../../schema/types";

export const NODE_LEASE_NAMESPACE = "kube-node-lease";
/** --node-lease-duration-seconds (kubelet config nodeLeaseDurationSeconds). */
export const NODE_LEASE_DURATION_SECONDS = 40;
/** renewInterval = 0.25 × the lease duration (pkg/kubelet/kubelet.go nodeLeaseRenewIntervalFraction). */
export const LEASE_RENEW_INTERVAL_MS = (NODE_LEASE_DURATION_SECONDS * 1000) / 4;

/** metav1.MicroTime (RFC3339Micro, UTC): `2006-01-02T15:04:05.000000Z`; the clock has millisecond resolution. */
export const microTime = (ms: number): string => `${new Date(ms).toISOString().slice(0, -1)}000Z`;

/** The owner reference upstream puts on a node Lease: apiVersion, kind, name and uid only. */
export const nodeOwnerReference = (nodeName: string, nodeUid: string): KubeObject => ({
  apiVersion: "v1",
  kind: "Node",
  name: nodeName,
  uid: nodeUid,
});

/** A new Lease for the node; without the Node's uid (the Node could not be read) it has no owner yet. */
export function leaseObject(nodeName: string, nodeUid: string | undefined, nowMs: number): KubeObject {
  return {
    apiVersion: "coordination.k8s.io/v1",
    kind: "Lease",
    metadata: {
      name: nodeName,
      namespace: NODE_LEASE_NAMESPACE,
      ...(nodeUid ? { ownerReferences: [nodeOwnerReference(nodeName, nodeUid)] } : {}),
    },
    spec: {
      holderIdentity: nodeName,
      leaseDurationSeconds: NODE_LEASE_DURATION_SECONDS,
      renewTime: microTime(nowMs),
    },
  };
}

/** The stored Lease renewed at `nowMs` (a copy; the resourceVersion stays, for a compare-and-swap update). */
export function renewedLease(stored: KubeObject, nowMs: number, nodeUid?: string): KubeObject {
  const metadata = { ...stored.metadata };
  if (nodeUid && !metadata.ownerReferences?.length) metadata.ownerReferences = [nodeOwnerReference(metadata.name, nodeUid)];
  return { ...stored, metadata, spec: { ...stored.spec, renewTime: microTime(nowMs) } };
}
