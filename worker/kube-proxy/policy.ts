/** The NetworkPolicy gate (./network-policy) asked for one hop, with the client and target in its terms. */
import type { KubeObject } from "../../schema/types";
import type { PolicyDestination, PolicySource } from "./network-policy";
import { networkPolicyGate } from "./network-policy";
import type { KubeProxyDeps, ProxyClient } from "./index";
import { policyDenied } from "./responses";

export const policySource = (client: ProxyClient): PolicySource =>
  client.kind === "pod" ? { kind: "pod", namespace: client.namespace, labels: client.labels, ip: client.ip } : { kind: "external", ip: client.ip };

export function podDestination(pod: KubeObject): PolicyDestination {
  const ports: { name: string; containerPort: number }[] = [];
  for (const c of [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])]) {
    for (const p of c?.ports ?? []) if (p?.name && typeof p.containerPort === "number") ports.push({ name: p.name, containerPort: p.containerPort });
  }
  return { kind: "pod", namespace: pod.metadata?.namespace, labels: pod.metadata?.labels ?? {}, ip: pod.status?.podIP ?? "", ports };
}

/** null when the hop is allowed; the 403 response when a policy denies it. */
export async function checkPolicy(deps: KubeProxyDeps, client: ProxyClient, dst: PolicyDestination, port: number): Promise<Response | null> {
  const verdict = await networkPolicyGate(deps.env)(policySource(client), dst, port);
  return verdict.allowed ? null : policyDenied(verdict.reason);
}
