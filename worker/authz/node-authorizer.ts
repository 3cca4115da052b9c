/**
 * The Node authorizer (plugin/pkg/auth/authorizer/node/node_authorizer.go, 1.32 with AuthorizeNodeWithSelectors
 * on): requests of `system:node:<name>` users in group `system:nodes` get the system:node role's rules
 * (bootstrappolicy NodeRules), narrowed per node: secrets, configmaps, claims and volumes only when related
 * to the node through its pods (./node-graph.ts), its own Node and Lease, its pods by name or by a
 * `spec.nodeName=<node>` field selector. Everyone else gets no opinion (undefined). The reasons are
 * upstream's, appended to the 403 when no other authorizer allows.
 */
import type { Env } from "../env";
import { NODE_USER_PREFIX, NODES_GROUP, type UserInfo } from "../authn/user";
import { parseFieldSelector } from "../selectors/field-selector";
import type { Attributes, Decision } from "./types";
import { NODE_RULES } from "./policy/cluster-roles";
import { ruleAllows } from "./rbac";
import { relatedToNode, type VertexType } from "./node-graph";

const NODE_LEASE_NAMESPACE = "kube-node-lease";

const allow = (): Decision => ({ allowed: true, reason: "" });
const deny = (reason = ""): Decision => ({ allowed: false, reason });

/** NodeIdentity: the node name of a node identity ("" when the name is missing), else undefined. */
export function nodeIdentityOf(user: UserInfo): string | undefined {
  if (!user.username.startsWith(NODE_USER_PREFIX) || !user.groups.includes(NODES_GROUP)) return undefined;
  return user.username.slice(NODE_USER_PREFIX.length);
}

/** Whether the field selector holds `field=value` (or `==`) among its terms. */
export function selectsField(selector: string | undefined, field: string, value: string): boolean {
  if (!selector) return false;
  const parsed = parseFieldSelector(selector);
  return parsed.ok && parsed.requirements.some((r) => r.field === field && r.operator === "=" && r.value === value);
}

/** What the node may do regardless of which object (no graph lookups): the static part of the decision. */
export type Plan = { decision: Decision } | { graph: VertexType };

export function planNodeRequest(node: string, a: Attributes): Plan {
  if (!a.resourceRequest) return { decision: NODE_RULES.some((r) => ruleAllows(a, r)) ? allow() : deny() };
  const sub = a.subresource ?? "";
  const gr = `${a.apiGroup ?? ""}/${a.resource ?? ""}`;
  switch (gr) {
    case "/secrets":
      return readNamespaced(a, "secret");
    case "/configmaps":
      return readNamespaced(a, "configmap");
    case "/persistentvolumeclaims":
      if (sub === "status") {
        if (a.verb !== "update" && a.verb !== "patch") return { decision: deny("can only get/update/patch this type") };
        return named(a, "pvc");
      }
      return getOnly(a, "pvc");
    case "/persistentvolumes":
      return getOnly(a, "pv");
    case "resource.k8s.io/resourceclaims":
    case "storage.k8s.io/volumeattachments": {
      // Not served here: no object of these kinds can be related to a node.
      const plan = getOnly(a, "pod");
      return "graph" in plan ? { decision: deny(`no relationship found between node '${node}' and this object`) } : plan;
    }
    case "/serviceaccounts":
      if (a.verb !== "create" || !a.name) return { decision: deny("can only create tokens for individual service accounts") };
      if (sub !== "token") return { decision: deny("can only create token subresource of serviceaccount") };
      return { graph: "serviceaccount" };
    case "coordination.k8s.io/leases":
      if (!OWN_OBJECT_VERBS.includes(a.verb)) return { decision: deny("can only get, create, update, patch, or delete a node lease") };
      if (a.namespace !== NODE_LEASE_NAMESPACE) return { decision: deny(`can only access leases in the "${NODE_LEASE_NAMESPACE}" system namespace`) };
      return { decision: ownName(node, a, "node lease") };
    case "storage.k8s.io/csinodes":
      if (!OWN_OBJECT_VERBS.includes(a.verb)) return { decision: deny("can only get, create, update, patch, or delete a CSINode") };
      if (sub) return { decision: deny("cannot authorize CSINode subresources") };
      return { decision: ownName(node, a, "CSINode") };
    case "/nodes":
      return { decision: nodeDecision(node, a) };
    case "/pods":
      return podPlan(node, a);
  }
  return { decision: NODE_RULES.some((r) => ruleAllows(a, r)) ? allow() : deny() };
}

/** authorizeReadNamespacedObject: get/list/watch of one named object in a namespace. */
function readNamespaced(a: Attributes, type: VertexType): Plan {
  if (!["get", "list", "watch"].includes(a.verb)) return { decision: deny("can only read resources of this type") };
  if (a.subresource) return { decision: deny("cannot read subresource") };
  if (!a.namespace) return { decision: deny("can only read namespaced object of this type") };
  return named(a, type);
}

/** authorizeGet: get of one object, no subresource. */
function getOnly(a: Attributes, type: VertexType): Plan {
  if (a.verb !== "get") return { decision: deny("can only get individual resources of this type") };
  if (a.subresource) return { decision: deny("cannot get subresource") };
  return named(a, type);
}

const named = (a: Attributes, type: VertexType): Plan => (a.name ? { graph: type } : { decision: deny("No Object name found") });

const OWN_OBJECT_VERBS = ["get", "create", "update", "patch", "delete"];

/** authorizeLease / authorizeCSINode: the node's own object (a create's name is NodeRestriction's to check). */
function ownName(node: string, a: Attributes, what: string): Decision {
  if (a.verb !== "create" && a.name !== node) return deny(`can only access ${what} with the same name as the requesting node`);
  return allow();
}

/** authorizeNode: writes are left to NodeRestriction; reads only of the node's own object. */
function nodeDecision(node: string, a: Attributes): Decision {
  const sub = a.subresource ?? "";
  if (sub === "" && ["create", "update", "patch"].includes(a.verb)) return allow();
  if (sub === "" && ["get", "list", "watch"].includes(a.verb)) {
    if (a.name === node) return allow();
    if (!a.name) return deny(`node '${node}' cannot read all nodes, only its own Node object`);
    return deny(`node '${node}' cannot read '${a.name}', only its own Node object`);
  }
  if (sub === "status" && (a.verb === "update" || a.verb === "patch")) return allow();
  return deny();
}

/** authorizePod: its pods by name or by spec.nodeName selector; mirror pod create/delete, status and eviction. */
function podPlan(node: string, a: Attributes): Plan {
  const sub = a.subresource ?? "";
  if (sub === "") {
    if (a.verb === "get") return getOnly(a, "pod");
    if (a.verb === "list" || a.verb === "watch") {
      if (selectsField(a.fieldSelector, "spec.nodeName", node)) return { decision: allow() };
      if (a.name) return { graph: "pod" };
      return { decision: deny("can only list/watch pods with spec.nodeName field selector") };
    }
    if (a.verb === "create" || a.verb === "delete") return { decision: allow() };
  }
  if (sub === "status" && (a.verb === "update" || a.verb === "patch")) return { decision: allow() };
  if (sub === "eviction" && a.verb === "create") return { decision: allow() };
  return { decision: deny() };
}

export async function nodeAuthorize(env: Env, a: Attributes): Promise<Decision | undefined> {
  const node = nodeIdentityOf(a.user);
  if (node === undefined) return undefined;
  if (!node) return deny(`unknown node for user "${a.user.username}"`);
  const plan = planNodeRequest(node, a);
  if ("decision" in plan) return plan.decision;
  const related = await relatedToNode(env, node, plan.graph, a.namespace ?? "", a.name!);
  return related ? allow() : deny(`no relationship found between node '${node}' and this object`);
}
