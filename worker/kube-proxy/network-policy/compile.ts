/**
 * NetworkPolicies in the form the gate evaluates: selectors parsed and CIDRs parsed once per snapshot, policy
 * types defaulted, grouped by namespace, with the namespaces' labels beside them.
 */
import type { KubeObject } from "../../../schema/types";
import { METADATA_NAME_LABEL } from "../../../schema/core-v1/namespace";
import { labelSelectorFromObject, type LabelRequirement } from "../../selectors";
import { compileIPBlock, type IPBlockMatcher } from "./ip";

/** A label selector's requirements; null selects nothing (a nil or invalid selector). */
export type Selector = LabelRequirement[] | null;

/** One NetworkPolicyPeer. */
export type CompiledPeer =
  /** An empty or missing `from` / `to`: every source or destination. */
  | { kind: "all" }
  /** podSelector and/or namespaceSelector; `namespaces: "own"` = the policy's namespace only. */
  | { kind: "pods"; namespaces: "own" | Selector; pods: Selector | "all" }
  | { kind: "ipBlock"; block: IPBlockMatcher }
  /** A peer that can match nothing (no selector nor ipBlock, or an unparsable one). */
  | { kind: "none" };

export interface CompiledPort {
  protocol: string;
  /** undefined = every port of the protocol. */
  port?: number | string;
  endPort?: number;
}

export interface CompiledRule {
  /** Empty = every port. */
  ports: CompiledPort[];
  peers: CompiledPeer[];
}

export interface CompiledPolicy {
  namespace: string;
  name: string;
  podSelector: Selector;
  /** policyTypes contains Ingress: rules absent = deny all ingress to the selected pods. */
  ingress?: CompiledRule[];
  /** policyTypes contains Egress: rules absent = deny all egress from the selected pods. */
  egress?: CompiledRule[];
}

export interface PolicySet {
  /** Policies by namespace. */
  byNamespace: Map<string, CompiledPolicy[]>;
  /** Namespace labels by name (read only when some policy has a namespaceSelector). */
  namespaceLabels: Map<string, Record<string, string>>;
  size: number;
}

export const EMPTY_POLICY_SET: PolicySet = { byNamespace: new Map(), namespaceLabels: new Map(), size: 0 };

function selector(obj: unknown): Selector {
  const r = labelSelectorFromObject(obj as Parameters<typeof labelSelectorFromObject>[0]);
  return r.ok ? r.requirements : null;
}

/** NetworkPolicyPeer: ipBlock alone, or podSelector / namespaceSelector alone or together (ANDed). */
export function compilePeer(peer: KubeObject | null | undefined): CompiledPeer {
  if (!peer) return { kind: "none" };
  if (peer.ipBlock) {
    const block = compileIPBlock(peer.ipBlock);
    return block ? { kind: "ipBlock", block } : { kind: "none" };
  }
  if (peer.podSelector == null && peer.namespaceSelector == null) return { kind: "none" };
  return {
    kind: "pods",
    namespaces: peer.namespaceSelector == null ? "own" : selector(peer.namespaceSelector),
    pods: peer.podSelector == null ? "all" : selector(peer.podSelector),
  };
}

function compileRule(rule: KubeObject | null | undefined, peersField: "from" | "to"): CompiledRule {
  const peers: KubeObject[] = rule?.[peersField] ?? [];
  const ports: KubeObject[] = rule?.ports ?? [];
  return {
    ports: ports.map((p) => ({
      protocol: p?.protocol ?? "TCP",
      ...(p?.port != null ? { port: p.port as number | string } : {}),
      ...(typeof p?.endPort === "number" ? { endPort: p.endPort } : {}),
    })),
    peers: peers.length === 0 ? [{ kind: "all" }] : peers.map(compilePeer),
  };
}

/**
 * One NetworkPolicy. policyTypes as SetDefaults_NetworkPolicy when unset: Ingress always, Egress when egress
 * rules are given.
 */
export function compilePolicy(np: KubeObject): CompiledPolicy {
  const spec: KubeObject = np.spec ?? {};
  const ingressRules: KubeObject[] = spec.ingress ?? [];
  const egressRules: KubeObject[] = spec.egress ?? [];
  const declared: string[] = Array.isArray(spec.policyTypes) ? spec.policyTypes : [];
  const types = declared.length ? declared : egressRules.length ? ["Ingress", "Egress"] : ["Ingress"];
  return {
    namespace: np.metadata?.namespace ?? "default",
    name: np.metadata?.name ?? "",
    // An absent podSelector reads as the empty selector: every pod of the namespace.
    podSelector: selector(spec.podSelector ?? {}),
    ...(types.includes("Ingress") ? { ingress: ingressRules.map((r) => compileRule(r, "from")) } : {}),
    ...(types.includes("Egress") ? { egress: egressRules.map((r) => compileRule(r, "to")) } : {}),
  };
}

/** Whether any of the policies has a namespaceSelector peer (then namespace labels are needed). */
export function needsNamespaceLabels(policies: readonly KubeObject[]): boolean {
  return policies.some((np) =>
    [...(np.spec?.ingress ?? []).flatMap((r: KubeObject) => r?.from ?? []), ...(np.spec?.egress ?? []).flatMap((r: KubeObject) => r?.to ?? [])].some(
      (peer: KubeObject) => peer?.namespaceSelector != null,
    ),
  );
}

/** The set the gate evaluates against: policies (being deleted or not: upstream enforces until gone) and namespaces. */
export function compilePolicySet(policies: readonly KubeObject[], namespaces: readonly KubeObject[] = []): PolicySet {
  const byNamespace = new Map<string, CompiledPolicy[]>();
  for (const np of policies) {
    const c = compilePolicy(np);
    const list = byNamespace.get(c.namespace);
    if (list) list.push(c);
    else byNamespace.set(c.namespace, [c]);
  }
  const namespaceLabels = new Map<string, Record<string, string>>();
  for (const ns of namespaces) {
    const name: string | undefined = ns.metadata?.name;
    if (name) namespaceLabels.set(name, { ...(ns.metadata?.labels ?? {}), [METADATA_NAME_LABEL]: name });
  }
  return { byNamespace, namespaceLabels, size: policies.length };
}

/** A namespace's labels; an unknown namespace still carries `kubernetes.io/metadata.name` (always set upstream). */
export function labelsOfNamespace(set: PolicySet, namespace: string): Record<string, string> {
  return set.namespaceLabels.get(namespace) ?? { [METADATA_NAME_LABEL]: namespace };
}
