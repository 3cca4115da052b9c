/**
 * NetworkPolicy evaluation (networking.k8s.io/v1, as the upstream network-policy conformance tests expect): a hop
 * is allowed iff the source pod's egress allows it and the destination pod's ingress allows it. For each
 * direction, a pod that no policy of that type selects is unrestricted; a selected pod accepts exactly the
 * union of its selecting policies' rules of that direction. Only TCP is carried, so rules for UDP or SCTP ports
 * never match. Clients outside the cluster have no egress policy, and destinations outside it no ingress
 * policy; an outside destination known only by its host name (no IP) is matched only by rules whose `to` is
 * empty (every destination), as ipBlock peers match addresses.
 */
import { matchLabels } from "../../selectors";
import { labelsOfNamespace, type CompiledPeer, type CompiledPolicy, type CompiledPort, type CompiledRule, type PolicySet } from "./compile";
import { ipBlockMatches } from "./ip";
import type { PolicyDestination, PolicySource, PolicyVerdict } from "./types";

/** The far end of a rule: the source for ingress rules, the destination for egress rules. */
type Peer = { kind: "pod"; namespace: string; labels: Record<string, string>; ip: string } | { kind: "external"; ip?: string };

type Direction = "ingress" | "egress";

/** NetworkPolicyPeer matching `peer`, for a policy in `policyNamespace`. */
export function peerMatches(set: PolicySet, policyNamespace: string, rule: CompiledPeer, peer: Peer): boolean {
  switch (rule.kind) {
    case "all":
      return true;
    case "none":
      return false;
    case "ipBlock":
      return ipBlockMatches(rule.block, peer.ip);
    case "pods": {
      if (peer.kind !== "pod") return false;
      const inNamespace =
        rule.namespaces === "own" ? peer.namespace === policyNamespace : matchLabels(rule.namespaces, labelsOfNamespace(set, peer.namespace));
      return inNamespace && (rule.pods === "all" || matchLabels(rule.pods, peer.labels));
    }
  }
}

/**
 * NetworkPolicyPort matching destination port `port` over TCP: no port = every port; a number, or the range
 * port..endPort; a name = the destination pod's container port of that name (never an outside destination's).
 */
export function portMatches(rule: CompiledPort, port: number, dst: PolicyDestination): boolean {
  if (rule.protocol !== "TCP") return false;
  if (rule.port === undefined) return true;
  if (typeof rule.port === "number") return rule.endPort === undefined ? port === rule.port : port >= rule.port && port <= rule.endPort;
  if (dst.kind !== "pod") return false;
  return (dst.ports ?? []).some((p) => p.name === rule.port && p.containerPort === port);
}

function ruleAllows(set: PolicySet, policy: CompiledPolicy, rule: CompiledRule, peer: Peer, dst: PolicyDestination, port: number): boolean {
  return (rule.ports.length === 0 || rule.ports.some((p) => portMatches(p, port, dst))) && rule.peers.some((r) => peerMatches(set, policy.namespace, r, peer));
}

/** The policies of `direction`'s type in `namespace` whose podSelector selects a pod with `labels`. */
export function selectingPolicies(set: PolicySet, direction: Direction, namespace: string, labels: Record<string, string>): CompiledPolicy[] {
  return (set.byNamespace.get(namespace) ?? []).filter((p) => p[direction] !== undefined && matchLabels(p.podSelector, labels));
}

const policyName = (p: CompiledPolicy) => `${p.namespace}/${p.name}`;

function describe(end: Peer | PolicyDestination): string {
  if (end.kind === "pod") return `pod ${end.ip} in ${end.namespace}`;
  if ("host" in end) return end.ip ? `external ${end.host} (${end.ip})` : `external ${end.host}`;
  return `external ${end.ip ?? "client"}`;
}

function evaluateDirection(
  set: PolicySet,
  direction: Direction,
  selected: { namespace: string; labels: Record<string, string> },
  peer: Peer,
  dst: PolicyDestination,
  port: number,
): PolicyVerdict {
  const policies = selectingPolicies(set, direction, selected.namespace, selected.labels);
  const end = direction === "ingress" ? "destination" : "source";
  if (policies.length === 0) return { allowed: true, reason: `no ${direction} policy selects the ${end}` };
  const allowing = policies.find((p) => p[direction]!.some((rule) => ruleAllows(set, p, rule, peer, dst, port)));
  if (allowing) return { allowed: true, reason: `${direction} allowed by ${policyName(allowing)}` };
  const names = policies.map(policyName).join(", ");
  if (policies.every((p) => p[direction]!.length === 0)) {
    return { allowed: false, reason: `denied by default-deny ${policies.length > 1 ? "policies" : "policy"} ${names} (${direction})` };
  }
  const traffic = direction === "ingress" ? `from ${describe(peer)}` : `to ${describe(dst)}`;
  return { allowed: false, reason: `no ${direction} rule of ${names} allows traffic ${traffic} on port ${port}` };
}

/** Whether one TCP hop from `src` to `dst` at destination port `port` is allowed by the policies in `set`. */
export function evaluateHop(set: PolicySet, src: PolicySource, dst: PolicyDestination, port: number): PolicyVerdict {
  if (set.size === 0) return { allowed: true, reason: "no NetworkPolicies" };
  const dstPeer: Peer = dst.kind === "pod" ? dst : { kind: "external", ip: dst.ip };
  const egress: PolicyVerdict =
    src.kind === "pod" ? evaluateDirection(set, "egress", src, dstPeer, dst, port) : { allowed: true, reason: "no egress policy applies to an external source" };
  if (!egress.allowed) return egress;
  const ingress: PolicyVerdict =
    dst.kind === "pod" ? evaluateDirection(set, "ingress", dst, src, dst, port) : { allowed: true, reason: "no ingress policy applies to an external destination" };
  if (!ingress.allowed) return ingress;
  return { allowed: true, reason: `${egress.reason}; ${ingress.reason}` };
}
