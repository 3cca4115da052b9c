/**
 * Node authorizer decisions that need no graph (plugin/pkg/auth/authorizer/node, 1.32 with
 * AuthorizeNodeWithSelectors) and NodeRestriction verdicts (plugin/pkg/admission/noderestriction).
 */
import { describe, expect, it } from "vitest";
import type { KubeObject } from "../../../schema/types";
import type { Attributes } from "../../../worker/authz/types";
import { nodeIdentityOf, planNodeRequest, type Plan } from "../../../worker/authz/node-authorizer";
import {
  forbiddenNodeLabels,
  nodeRestrictionVerdict,
  type NodeLookups,
  type NodeVerdict,
  type NodeWrite,
} from "../../../worker/admission/node-restriction";
import { podClaimNames, podConfigMapNames, podSecretNames } from "../../../worker/authz/node-graph";

const N1 = { username: "system:node:n1", groups: ["system:nodes", "system:authenticated"] };
const attrs = (verb: string, group: string, resource: string, extra: Partial<Attributes> = {}): Attributes => ({
  user: N1,
  verb,
  resourceRequest: true,
  apiGroup: group,
  apiVersion: "v1",
  resource,
  ...extra,
});
const allowed = { decision: { allowed: true, reason: "" } };
const denied = (reason = "") => ({ decision: { allowed: false, reason } });

describe("nodeIdentityOf", () => {
  it.each([
    [N1, "n1"],
    [{ username: "system:node:", groups: ["system:nodes"] }, ""],
    [{ username: "system:node:n1", groups: [] }, undefined],
    [{ username: "alice", groups: ["system:nodes"] }, undefined],
  ])("%j → %j", (user, want) => {
    expect(nodeIdentityOf(user)).toBe(want);
  });
});

describe("planNodeRequest", () => {
  it.each<[string, Attributes, Plan]>([
    ["get own node", attrs("get", "", "nodes", { name: "n1" }), allowed],
    ["get other node", attrs("get", "", "nodes", { name: "n2" }), denied("node 'n1' cannot read 'n2', only its own Node object")],
    ["list all nodes", attrs("list", "", "nodes"), denied("node 'n1' cannot read all nodes, only its own Node object")],
    ["create a node (NodeRestriction checks the name)", attrs("create", "", "nodes"), allowed],
    ["patch node status", attrs("patch", "", "nodes", { name: "n2", subresource: "status" }), allowed],
    ["delete a node", attrs("delete", "", "nodes", { name: "n1" }), denied()],
    ["list own pods by selector", attrs("list", "", "pods", { fieldSelector: "spec.nodeName=n1" }), allowed],
    ["watch own pods by selector ==", attrs("watch", "", "pods", { fieldSelector: "status.phase!=Failed,spec.nodeName==n1" }), allowed],
    ["list another node's pods", attrs("list", "", "pods", { fieldSelector: "spec.nodeName=n2" }), denied("can only list/watch pods with spec.nodeName field selector")],
    ["list all pods", attrs("list", "", "pods"), denied("can only list/watch pods with spec.nodeName field selector")],
    ["get a pod", attrs("get", "", "pods", { namespace: "ns", name: "p" }), { graph: "pod" }],
    ["update pod status", attrs("update", "", "pods", { namespace: "ns", name: "p", subresource: "status" }), allowed],
    ["create mirror pod", attrs("create", "", "pods", { namespace: "ns" }), allowed],
    ["update a pod", attrs("update", "", "pods", { namespace: "ns", name: "p" }), denied()],
    ["get secret", attrs("get", "", "secrets", { namespace: "ns", name: "s" }), { graph: "secret" }],
    ["watch one configmap", attrs("watch", "", "configmaps", { namespace: "ns", name: "c" }), { graph: "configmap" }],
    ["list secrets", attrs("list", "", "secrets", { namespace: "ns" }), denied("No Object name found")],
    ["update secret", attrs("update", "", "secrets", { namespace: "ns", name: "s" }), denied("can only read resources of this type")],
    ["get pv", attrs("get", "", "persistentvolumes", { name: "pv1" }), { graph: "pv" }],
    ["list pvcs", attrs("list", "", "persistentvolumeclaims", { namespace: "ns" }), denied("can only get individual resources of this type")],
    ["update pvc status", attrs("update", "", "persistentvolumeclaims", { namespace: "ns", name: "c", subresource: "status" }), { graph: "pvc" }],
    ["own lease", attrs("update", "coordination.k8s.io", "leases", { namespace: "kube-node-lease", name: "n1" }), allowed],
    ["create a lease", attrs("create", "coordination.k8s.io", "leases", { namespace: "kube-node-lease" }), allowed],
    ["other lease", attrs("get", "coordination.k8s.io", "leases", { namespace: "kube-node-lease", name: "n2" }), denied("can only access node lease with the same name as the requesting node")],
    ["lease elsewhere", attrs("get", "coordination.k8s.io", "leases", { namespace: "default", name: "n1" }), denied('can only access leases in the "kube-node-lease" system namespace')],
    ["list leases", attrs("list", "coordination.k8s.io", "leases", { namespace: "kube-node-lease" }), denied("can only get, create, update, patch, or delete a node lease")],
    ["token for a service account", attrs("create", "", "serviceaccounts", { namespace: "ns", name: "sa", subresource: "token" }), { graph: "serviceaccount" }],
    ["events (static rule)", attrs("create", "", "events", { namespace: "ns" }), allowed],
    ["services (static rule)", attrs("watch", "", "services"), allowed],
    ["deployments (no rule)", attrs("list", "apps", "deployments"), denied()],
    ["csr (static rule)", attrs("create", "certificates.k8s.io", "certificatesigningrequests"), allowed],
    ["non-resource", { user: N1, verb: "get", resourceRequest: false, path: "/healthz" }, denied()],
  ])("%s", (_name, a, want) => {
    expect(planNodeRequest("n1", a)).toEqual(want);
  });
});

describe("pod references", () => {
  const pod: KubeObject = {
    metadata: { name: "p" },
    spec: {
      imagePullSecrets: [{ name: "pull" }],
      containers: [{ name: "c", envFrom: [{ secretRef: { name: "env-s" }, configMapRef: { name: "env-c" } }], env: [{ name: "X", valueFrom: { configMapKeyRef: { name: "key-c", key: "k" } } }] }],
      ephemeralContainers: [{ name: "e", env: [{ name: "Y", valueFrom: { secretKeyRef: { name: "eph-s", key: "k" } } }] }],
      volumes: [
        { name: "v1", secret: { secretName: "vol-s" } },
        { name: "v2", configMap: { name: "vol-c" } },
        { name: "v3", projected: { sources: [{ secret: { name: "proj-s" } }, { configMap: { name: "proj-c" } }] } },
        { name: "v4", persistentVolumeClaim: { claimName: "claim" } },
        { name: "v5", ephemeral: { volumeClaimTemplate: { spec: {} } } },
        { name: "v6", csi: { driver: "d", nodePublishSecretRef: { name: "csi-s" } } },
      ],
    },
  };
  it("secrets, configmaps and claims", () => {
    expect([...podSecretNames(pod)].sort()).toEqual(["csi-s", "env-s", "eph-s", "proj-s", "pull", "vol-s"]);
    expect([...podConfigMapNames(pod)].sort()).toEqual(["env-c", "key-c", "proj-c", "vol-c"]);
    expect([...podClaimNames(pod)].sort()).toEqual(["claim", "p-v5"]);
  });
});

describe("nodeRestrictionVerdict", () => {
  const NODE_UID = "uid-n1";
  const lookups: NodeLookups = {
    pod: async (_ns, name) => (name === "mine" ? { metadata: { name, uid: "pod-uid" }, spec: { nodeName: "n1" } } : name === "theirs" ? { metadata: { name }, spec: { nodeName: "n2" } } : undefined),
    node: async (name) => (name === "n1" ? { metadata: { name, uid: NODE_UID } } : undefined),
  };
  const w = (group: string, resource: string, operation: NodeWrite["operation"], name: string, more: Partial<NodeWrite> = {}): NodeWrite => ({
    group,
    resource,
    operation,
    name,
    namespace: "ns",
    ...more,
  });
  const mirror = (extra: KubeObject = {}, spec: KubeObject = {}): KubeObject => ({
    metadata: {
      name: "static",
      annotations: { "kubernetes.io/config.mirror": "x" },
      ownerReferences: [{ apiVersion: "v1", kind: "Node", name: "n1", uid: NODE_UID, controller: true }],
      ...extra,
    },
    spec: { nodeName: "n1", containers: [{ name: "c", image: "i" }], ...spec },
  });
  const node = (labels: Record<string, string> = {}, taints?: KubeObject[]) => ({ metadata: { name: "n1", labels }, spec: taints ? { taints } : {} });
  const f = (m: string): NodeVerdict => ({ forbid: m });

  it.each<[string, NodeWrite, NodeVerdict]>([
    ["own node create", w("", "nodes", "CREATE", "n1", { object: node({ "kubernetes.io/hostname": "n1", "node.kubernetes.io/x": "1", "example.com/a": "b" }) }), undefined],
    ["other node", w("", "nodes", "UPDATE", "n2", { object: node(), oldObject: node() }), f('node "n1" is not allowed to modify node "n2"')],
    ["restricted label on create", w("", "nodes", "CREATE", "n1", { object: node({ "node-restriction.kubernetes.io/a": "1", "foo.k8s.io/b": "1" }) }), f('node "n1" is not allowed to set the following labels: foo.k8s.io/b, node-restriction.kubernetes.io/a')],
    ["restricted label on update", w("", "nodes", "UPDATE", "n1", { object: node({ "x.node-restriction.kubernetes.io/a": "1" }), oldObject: node() }), f("is not allowed to modify labels: x.node-restriction.kubernetes.io/a")],
    ["taints on update", w("", "nodes", "UPDATE", "n1", { object: node({}, [{ key: "k", effect: "NoSchedule" }]), oldObject: node() }), f('node "n1" is not allowed to modify taints')],
    ["taints nil vs empty", w("", "nodes", "UPDATE", "n1", { object: node({}, []), oldObject: node() }), undefined],
    ["own lease", w("coordination.k8s.io", "leases", "CREATE", "n1", { namespace: "kube-node-lease" }), undefined],
    ["other lease", w("coordination.k8s.io", "leases", "UPDATE", "n2", { namespace: "kube-node-lease" }), f("can only access node lease with the same name as the requesting node")],
    ["lease elsewhere", w("coordination.k8s.io", "leases", "CREATE", "n1", { namespace: "default" }), f('can only access leases in the "kube-node-lease" system namespace')],
    ["status of a bound pod", w("", "pods", "UPDATE", "p", { subresource: "status", object: { spec: { nodeName: "n1" } }, oldObject: { spec: { nodeName: "n1" } } }), undefined],
    ["status of another's pod", w("", "pods", "UPDATE", "p", { subresource: "status", object: { spec: {} }, oldObject: { spec: { nodeName: "n2" } } }), f('node "n1" can only update pod status for pods with spec.nodeName set to itself')],
    ["labels through status", w("", "pods", "UPDATE", "p", { subresource: "status", object: { metadata: { labels: { a: "b" } }, spec: { nodeName: "n1" } }, oldObject: { spec: { nodeName: "n1" } } }), f('node "n1" cannot update labels through pod status')],
    ["delete a bound pod", w("", "pods", "DELETE", "p", { oldObject: { spec: { nodeName: "n1" } } }), undefined],
    ["delete an unbound pod", w("", "pods", "DELETE", "p", { oldObject: { spec: {} } }), f('node "n1" can only delete pods with spec.nodeName set to itself')],
    ["update a pod", w("", "pods", "UPDATE", "p", {}), f('unexpected operation "UPDATE", node "n1" can only create and delete mirror pods')],
    ["other subresource", w("", "pods", "CREATE", "p", { subresource: "binding" }), f(`unexpected pod subresource "binding", only 'status' and 'eviction' are allowed`)],
    ["mirror pod", w("", "pods", "CREATE", "static", { object: mirror() }), undefined],
    ["not a mirror pod", w("", "pods", "CREATE", "x", { object: { metadata: {}, spec: { nodeName: "n1" } } }), f('pod does not have "kubernetes.io/config.mirror" annotation, node "n1" can only create mirror pods')],
    ["mirror pod elsewhere", w("", "pods", "CREATE", "static", { object: mirror({}, { nodeName: "n2" }) }), f('node "n1" can only create pods with spec.nodeName set to itself')],
    ["mirror pod without owner", w("", "pods", "CREATE", "static", { object: mirror({ ownerReferences: [] }) }), f('node "n1" can only create pods with an owner reference set to itself')],
    ["mirror pod of wrong uid", w("", "pods", "CREATE", "static", { object: mirror({ ownerReferences: [{ apiVersion: "v1", kind: "Node", name: "n1", uid: "u2", controller: true }] }) }), f("node n1 UID mismatch: expected u2 got uid-n1")],
    ["mirror pod with a secret", w("", "pods", "CREATE", "static", { object: mirror({}, { volumes: [{ name: "v", secret: { secretName: "s" } }] }) }), f('node "n1" can not create pods that reference secrets')],
    ["mirror pod with a claim", w("", "pods", "CREATE", "static", { object: mirror({}, { volumes: [{ name: "v", persistentVolumeClaim: { claimName: "c" } }] }) }), f('node "n1" can not create pods that reference persistentvolumeclaims')],
    ["evict own pod", w("", "pods", "CREATE", "mine", { subresource: "eviction" }), undefined],
    ["evict another's pod", w("", "pods", "CREATE", "theirs", { subresource: "eviction" }), f("node n1 can only evict pods with spec.nodeName set to itself")],
    ["evict a missing pod", w("", "pods", "CREATE", "gone", { subresource: "eviction" }), { notFound: { resource: "pods", name: "gone" } }],
    ["token bound to own pod", w("", "serviceaccounts", "CREATE", "sa", { subresource: "token", object: { spec: { boundObjectRef: { apiVersion: "v1", kind: "Pod", name: "mine", uid: "pod-uid" } } } }), undefined],
    ["token bound to another's pod", w("", "serviceaccounts", "CREATE", "sa", { subresource: "token", object: { spec: { boundObjectRef: { apiVersion: "v1", kind: "Pod", name: "theirs", uid: undefined } } } }), f("node requested token with a pod binding without a uid")],
    ["unbound token", w("", "serviceaccounts", "CREATE", "sa", { subresource: "token", object: { spec: {} } }), f("node requested token not bound to a pod")],
    ["pvc main resource", w("", "persistentvolumeclaims", "UPDATE", "c", {}), f("may only update PVC status")],
    ["pvc status capacity", w("", "persistentvolumeclaims", "UPDATE", "c", { subresource: "status", object: { metadata: { name: "c", resourceVersion: "2" }, status: { capacity: { storage: "2Gi" } } }, oldObject: { metadata: { name: "c", resourceVersion: "1" }, status: {} } }), undefined],
    ["configmaps are not restricted", w("", "configmaps", "CREATE", "c", {}), undefined],
  ])("%s", async (_name, write, want) => {
    expect(await nodeRestrictionVerdict("n1", write, lookups)).toEqual(want);
  });

  it("kubelet labels are allowed, other kubernetes.io labels are not", () => {
    expect(forbiddenNodeLabels(["kubernetes.io/hostname", "topology.kubernetes.io/zone", "kubelet.kubernetes.io/x", "a.node.kubernetes.io/y", "kubernetes.io/role", "example.com/z"])).toEqual(["kubernetes.io/role"]);
  });
});
