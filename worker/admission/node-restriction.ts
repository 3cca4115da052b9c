/**
 * The NodeRestriction admission plugin (plugin/pkg/admission/noderestriction): what a kubelet
 * (`system:node:<name>` in `system:nodes`) may write, beyond what the Node authorizer lets through — its own
 * Node (no node-restriction labels, no taint changes), its own Lease in kube-node-lease and CSINode, status of
 * pods bound to it, deletion and eviction of those pods, mirror pods bound to itself that reference nothing
 * else, tokens bound to its pods, PVC status. Run in the validating phase (deletes have only that phase here);
 * messages are upstream's.
 */
import type { KubeObject } from "../../schema/types";
import { notFound } from "../errors";
import { objectKey, storeFor } from "../storage";
import { podConfigMapNames, podSecretNames } from "../authz/node-graph";
import { nodeIdentityOf } from "../authz/node-authorizer";
import { admissionForbidden } from "./admission-errors";
import type { AdmissionAttributes, AdmissionPlugin, Operation } from "./plugins";

type Obj = KubeObject;

export interface NodeWrite {
  group: string;
  resource: string;
  subresource?: string;
  operation: Operation;
  namespace?: string;
  /** The request's name (on create, the object's). */
  name: string;
  object?: Obj;
  oldObject?: Obj;
}

/** Reads the plugin needs (upstream's pod and node listers). */
export interface NodeLookups {
  pod(namespace: string, name: string): Promise<Obj | undefined>;
  node(name: string): Promise<Obj | undefined>;
}

/** Refuse with a message (403), answer NotFound as upstream does for a missing pod or node, or allow. */
export type NodeVerdict = { forbid: string } | { notFound: { resource: string; name: string } } | undefined;

const forbid = (msg: string): NodeVerdict => ({ forbid: msg });
const MIRROR_POD_ANNOTATION = "kubernetes.io/config.mirror";
const NODE_LEASE_NAMESPACE = "kube-node-lease";

export async function nodeRestrictionVerdict(node: string, w: NodeWrite, lookups: NodeLookups): Promise<NodeVerdict> {
  const gr = `${w.group}/${w.resource}`;
  const sub = w.subresource ?? "";
  switch (gr) {
    case "/pods":
      if (sub === "") return admitPod(node, w, lookups);
      if (sub === "status") return admitPodStatus(node, w);
      if (sub === "eviction") return admitPodEviction(node, w, lookups);
      return forbid(`unexpected pod subresource "${sub}", only 'status' and 'eviction' are allowed`);
    case "/nodes":
      return admitNode(node, w);
    case "/persistentvolumeclaims":
      return sub === "status" ? admitPVCStatus(node, w) : forbid("may only update PVC status");
    case "/serviceaccounts":
      return w.operation === "CREATE" && sub === "token" ? admitTokenRequest(node, w, lookups) : undefined;
    case "coordination.k8s.io/leases":
      if (w.namespace !== NODE_LEASE_NAMESPACE) return forbid(`can only access leases in the "${NODE_LEASE_NAMESPACE}" system namespace`);
      return w.name !== node ? forbid("can only access node lease with the same name as the requesting node") : undefined;
    case "storage.k8s.io/csinodes":
      return w.name !== node ? forbid("can only access CSINode with the same name as the requesting node") : undefined;
  }
  return undefined;
}

async function admitPod(node: string, w: NodeWrite, lookups: NodeLookups): Promise<NodeVerdict> {
  if (w.operation === "CREATE") return admitMirrorPod(node, w.object ?? {}, lookups);
  if (w.operation === "DELETE") {
    return w.oldObject?.spec?.nodeName !== node ? forbid(`node "${node}" can only delete pods with spec.nodeName set to itself`) : undefined;
  }
  return forbid(`unexpected operation "${w.operation}", node "${node}" can only create and delete mirror pods`);
}

async function admitMirrorPod(node: string, pod: Obj, lookups: NodeLookups): Promise<NodeVerdict> {
  if (!Object.hasOwn(pod.metadata?.annotations ?? {}, MIRROR_POD_ANNOTATION)) {
    return forbid(`pod does not have "${MIRROR_POD_ANNOTATION}" annotation, node "${node}" can only create mirror pods`);
  }
  if (pod.spec?.nodeName !== node) return forbid(`node "${node}" can only create pods with spec.nodeName set to itself`);
  const owners: Obj[] = pod.metadata?.ownerReferences ?? [];
  if (owners.length > 1) return forbid(`node "${node}" can only create pods with a single owner reference set to itself`);
  if (owners.length === 0) return forbid(`node "${node}" can only create pods with an owner reference set to itself`);
  const owner = owners[0];
  if (owner.apiVersion !== "v1" || owner.kind !== "Node" || owner.name !== node) {
    return forbid(`node "${node}" can only create pods with an owner reference set to itself`);
  }
  if (owner.controller !== true) return forbid(`node "${node}" can only create pods with a controller owner reference set to itself`);
  if (owner.blockOwnerDeletion === true) return forbid(`node "${node}" must not set blockOwnerDeletion on an owner reference`);
  const nodeObj = await lookups.node(node);
  if (!nodeObj) return { notFound: { resource: "nodes", name: node } };
  if (owner.uid !== nodeObj.metadata?.uid) return forbid(`node ${node} UID mismatch: expected ${owner.uid ?? ""} got ${nodeObj.metadata?.uid ?? ""}`);
  // A mirror pod may not reach any other API object.
  if (pod.spec?.serviceAccountName) return forbid(`node "${node}" can not create pods that reference a service account`);
  if (podSecretNames(pod).size) return forbid(`node "${node}" can not create pods that reference secrets`);
  if (podConfigMapNames(pod).size) return forbid(`node "${node}" can not create pods that reference configmaps`);
  const volumes: Obj[] = Array.isArray(pod.spec?.volumes) ? pod.spec.volumes : [];
  if (volumes.some((v) => (v?.projected?.sources ?? []).some((s: Obj) => s?.clusterTrustBundle))) {
    return forbid(`node "${node}" can not create pods that reference clustertrustbundles`);
  }
  if (volumes.some((v) => v?.persistentVolumeClaim)) return forbid(`node "${node}" can not create pods that reference persistentvolumeclaims`);
  return undefined;
}

const labelsOf = (o: Obj | undefined): Record<string, string> => o?.metadata?.labels ?? {};
const sameJson = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

function admitPodStatus(node: string, w: NodeWrite): NodeVerdict {
  if (w.operation !== "UPDATE") return forbid(`unexpected operation "${w.operation}"`);
  if (w.oldObject?.spec?.nodeName !== node) return forbid(`node "${node}" can only update pod status for pods with spec.nodeName set to itself`);
  if (modifiedLabels(labelsOf(w.object), labelsOf(w.oldObject)).length) return forbid(`node "${node}" cannot update labels through pod status`);
  const claims = (o: Obj | undefined) => (o?.status?.resourceClaimStatuses ?? []).map((s: Obj) => [s.name, s.resourceClaimName ?? null]);
  if (!sameJson(claims(w.oldObject), claims(w.object))) return forbid(`node "${node}" cannot update resource claim statues`);
  return undefined;
}

async function admitPodEviction(node: string, w: NodeWrite, lookups: NodeLookups): Promise<NodeVerdict> {
  if (w.operation !== "CREATE") return forbid(`unexpected operation ${w.operation}`);
  const podName = w.name || w.object?.metadata?.name;
  if (!podName) return forbid("could not determine pod from request data");
  const pod = await lookups.pod(w.namespace ?? "", podName);
  if (!pod) return { notFound: { resource: "pods", name: podName } };
  return pod.spec?.nodeName !== node ? forbid(`node ${node} can only evict pods with spec.nodeName set to itself`) : undefined;
}

/** getModifiedLabels: keys added, removed or changed between the two label maps, sorted. */
export function modifiedLabels(a: Record<string, string>, b: Record<string, string>): string[] {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].filter((k) => !Object.hasOwn(a, k) || !Object.hasOwn(b, k) || a[k] !== b[k]).sort();
}

const labelNamespace = (key: string) => (key.includes("/") ? key.slice(0, key.indexOf("/")) : "");
const inDomain = (ns: string, domain: string) => ns === domain || ns.endsWith(`.${domain}`);

/** kubeletapis.IsKubeletLabel: the labels a kubelet may set on its own Node. */
const KUBELET_LABELS = new Set([
  "kubernetes.io/hostname", "topology.kubernetes.io/zone", "topology.kubernetes.io/region",
  "failure-domain.beta.kubernetes.io/zone", "failure-domain.beta.kubernetes.io/region",
  "beta.kubernetes.io/instance-type", "node.kubernetes.io/instance-type", "kubernetes.io/os", "kubernetes.io/arch",
  "beta.kubernetes.io/os", "beta.kubernetes.io/arch",
]);
export const isKubeletLabel = (key: string) =>
  KUBELET_LABELS.has(key) || ["kubelet.kubernetes.io", "node.kubernetes.io"].some((d) => inDomain(labelNamespace(key), d));

/** getForbiddenLabels: node-restriction.kubernetes.io labels, and kubernetes.io / k8s.io labels not the kubelet's. */
export function forbiddenNodeLabels(modified: string[]): string[] {
  return modified.filter((key) => {
    const ns = labelNamespace(key);
    if (inDomain(ns, "node-restriction.kubernetes.io")) return true;
    return (inDomain(ns, "kubernetes.io") || inDomain(ns, "k8s.io")) && !isKubeletLabel(key);
  });
}

function admitNode(node: string, w: NodeWrite): NodeVerdict {
  if (w.name !== node) return forbid(`node "${node}" is not allowed to modify node "${w.name}"`);
  const obj = w.object ?? {};
  if (w.operation === "CREATE") {
    if (obj.spec?.configSource) return forbid(`node "${node}" is not allowed to create pods with a non-nil configSource`);
    const bad = forbiddenNodeLabels(modifiedLabels(labelsOf(obj), {}));
    if (bad.length) return forbid(`node "${node}" is not allowed to set the following labels: ${bad.join(", ")}`);
  }
  if (w.operation === "UPDATE") {
    const old = w.oldObject ?? {};
    if (obj.spec?.configSource && !sameJson(obj.spec.configSource, old.spec?.configSource)) {
      return forbid(`node "${node}" is not allowed to update configSource to a new non-nil configSource`);
    }
    const taints = (o: Obj) => (Array.isArray(o.spec?.taints) && o.spec.taints.length ? o.spec.taints : null);
    if (!sameJson(taints(obj), taints(old))) return forbid(`node "${node}" is not allowed to modify taints`);
    const bad = forbiddenNodeLabels(modifiedLabels(labelsOf(obj), labelsOf(old)));
    if (bad.length) return forbid(`is not allowed to modify labels: ${bad.join(", ")}`);
  }
  return undefined;
}

/** Fields a node may change through persistentvolumeclaims/status (RecoverVolumeExpansionFailure is on in 1.32). */
function pvcComparable(pvc: Obj | undefined): Obj {
  const c = structuredClone(pvc ?? {});
  if (c.metadata) {
    delete c.metadata.resourceVersion;
    delete c.metadata.managedFields;
  }
  if (c.status) for (const f of ["capacity", "conditions", "allocatedResources", "allocatedResourceStatuses"]) delete c.status[f];
  return c;
}

/** JSON with object keys sorted, for a semantic comparison of two objects. */
const canonical = (v: unknown): string =>
  JSON.stringify(v, (_k, x) => (x && typeof x === "object" && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).sort(([p], [q]) => (p < q ? -1 : 1))) : x));

function admitPVCStatus(node: string, w: NodeWrite): NodeVerdict {
  if (w.operation !== "UPDATE") return forbid(`unexpected operation "${w.operation}"`);
  const [old, cur] = [canonical(pvcComparable(w.oldObject)), canonical(pvcComparable(w.object))];
  // Upstream appends a go-cmp diff of the two objects; here the two canonical forms stand in for it.
  if (old !== cur) return forbid(`node "${node}" is not allowed to update fields other than status.capacity and status.conditions: -${old} +${cur}`);
  return undefined;
}

async function admitTokenRequest(node: string, w: NodeWrite, lookups: NodeLookups): Promise<NodeVerdict> {
  const ref = w.object?.spec?.boundObjectRef;
  if (!ref || ref.apiVersion !== "v1" || ref.kind !== "Pod" || !ref.name) return forbid("node requested token not bound to a pod");
  if (!ref.uid) return forbid("node requested token with a pod binding without a uid");
  const pod = await lookups.pod(w.namespace ?? "", ref.name);
  if (!pod) return { notFound: { resource: "pods", name: ref.name } };
  if (ref.uid !== pod.metadata?.uid) {
    return forbid(`the UID in the bound object reference (${ref.uid}) does not match the UID in record. The object might have been deleted and then recreated`);
  }
  return pod.spec?.nodeName !== node ? forbid("node requested token bound to a pod scheduled on a different node") : undefined;
}

function storeLookups(a: AdmissionAttributes): NodeLookups {
  const { env, registry } = a.ctx;
  const read = async (resource: string, namespace: string | undefined, name: string) => {
    const entry = registry.lookup("", "v1", resource)!;
    const res = await storeFor(env, entry).get(objectKey(entry, namespace, name));
    return res.ok ? (JSON.parse(res.value) as Obj) : undefined;
  };
  return { pod: (ns, name) => read("pods", ns, name), node: (name) => read("nodes", undefined, name) };
}

export const NodeRestriction: AdmissionPlugin = {
  name: "NodeRestriction",
  async validate(a: AdmissionAttributes) {
    const node = nodeIdentityOf(a.ctx.user);
    if (node === undefined || a.operation === "CONNECT") return;
    if (!node) throw admissionForbidden(a, "validate", `could not determine node from user "${a.ctx.user.username}"`);
    const { entry, req } = a.ctx;
    const verdict = await nodeRestrictionVerdict(
      node,
      {
        group: entry.group,
        resource: entry.resource,
        subresource: req.subresource,
        operation: a.operation,
        namespace: req.namespace,
        name: req.name ?? a.object?.metadata?.name ?? a.oldObject?.metadata?.name ?? "",
        object: a.object,
        oldObject: a.oldObject,
      },
      storeLookups(a),
    );
    if (!verdict) return;
    if ("notFound" in verdict) throw notFound("", verdict.notFound.resource, verdict.notFound.name);
    throw admissionForbidden(a, "validate", verdict.forbid);
  },
};
