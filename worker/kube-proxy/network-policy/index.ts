/**
 * NetworkPolicy (networking.k8s.io/v1) as the data path enforces it: every hop is asked of the gate, which
 * allows it iff the source pod's egress and the destination pod's ingress both allow it (./evaluate).
 *
 *   const gate = networkPolicyGate(env);
 *   const verdict = await gate(src, dst, port); // { allowed, reason }
 */
export type { NetworkPolicyGate, PolicyDestination, PolicySource, PolicyVerdict } from "./types";
export { clearNetworkPolicyCache, networkPolicyGate, POLICY_CACHE_TTL_MS } from "./gate";
export { evaluateHop } from "./evaluate";
export { compilePolicySet, type PolicySet } from "./compile";
