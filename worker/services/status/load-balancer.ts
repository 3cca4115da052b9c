/**
 * The edge's load balancers for Services (what a cloud provider's service controller does,
 * k8s.io/cloud-provider/controllers/service): every `type: LoadBalancer` Service without a
 * `spec.loadBalancerClass` (those belong to another controller) gets `status.loadBalancer.ingress` =
 * `[{hostname: <name>-<namespace>.<domain>}]`; when another Service holds that hostname, the later one gets
 * `<name>-<namespace>-<5 hex of sha256(uid)>`. A Service that stops being a LoadBalancer loses the status.
 */
import type { KubeObject } from "../../../schema/types";
import { loadBalancerHostname } from "../domain";

/** What the loop does to one Service's status. */
export type LoadBalancerAction =
  | { action: "none" }
  | { action: "ensure"; hostname: string }
  | { action: "clear" };

/** wantsLoadBalancer, for the default (class-less) load-balancer implementation. */
export const wantsEdgeLoadBalancer = (svc: KubeObject | undefined): boolean =>
  svc?.spec?.type === "LoadBalancer" && !svc?.spec?.loadBalancerClass;

const statusHostname = (svc: KubeObject): string | undefined => svc.status?.loadBalancer?.ingress?.[0]?.hostname;
const baseHostname = (svc: KubeObject, domain: string) => loadBalancerHostname(svc.metadata?.name ?? "", svc.metadata?.namespace ?? "", domain);

/** Orders Services by age, then uid: the older one keeps a contested hostname. */
const olderThan = (a: KubeObject, b: KubeObject): boolean => {
  const ta = a.metadata?.creationTimestamp ?? "";
  const tb = b.metadata?.creationTimestamp ?? "";
  return ta !== tb ? ta < tb : (a.metadata?.uid ?? "") < (b.metadata?.uid ?? "");
};

/**
 * The hostname `svc` gets: the plain one unless another edge LoadBalancer Service holds it in its status, or
 * wants it too and is older (so two Services reconciled at once agree without seeing each other's writes).
 * `others` are the edge LoadBalancer Services of the cluster (`svc` may be among them); `suffix` the 5 hex
 * digits of sha256(uid).
 */
export function chooseHostname(svc: KubeObject, others: KubeObject[], domain: string, suffix: string): string {
  const base = baseHostname(svc, domain);
  const suffixed = loadBalancerHostname(svc.metadata?.name ?? "", svc.metadata?.namespace ?? "", domain, suffix);
  const rivals = others.filter((o) => o.metadata?.uid !== svc.metadata?.uid && wantsEdgeLoadBalancer(o));
  if (rivals.some((o) => statusHostname(o) === base)) return suffixed;
  if (statusHostname(svc) === base) return base;
  return rivals.some((o) => baseHostname(o, domain) === base && !statusHostname(o) && olderThan(o, svc)) ? suffixed : base;
}

/** The loop's decision for one Service (pure). */
export function planLoadBalancer(svc: KubeObject, others: KubeObject[], domain: string, suffix: string): LoadBalancerAction {
  const current = svc.status?.loadBalancer?.ingress;
  if (!wantsEdgeLoadBalancer(svc)) {
    if (svc.spec?.loadBalancerClass || !current?.length) return { action: "none" };
    return { action: "clear" };
  }
  const hostname = chooseHostname(svc, others, domain, suffix);
  const converged = current?.length === 1 && current[0].hostname === hostname && Object.keys(current[0]).length === 1;
  return converged ? { action: "none" } : { action: "ensure", hostname };
}

/** The 5 hex digits of sha256(uid) that tell apart two Services wanting one hostname. */
export async function hostnameSuffix(uid: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(uid)));
  return [...digest.slice(0, 3)].map((b) => b.toString(16).padStart(2, "0")).join("").slice(0, 5);
}
