/**
 * The two status loops of the edge: `service-lb` (the cloud service controller's part that publishes a
 * LoadBalancer Service's address, identity service-controller) and `edge-ingress` (the edge ingress
 * controller publishing its Ingresses' address, identity kube-system/kube-edge-ingress). Decisions are in
 * ./load-balancer.ts and ./ingress.ts.
 */
import type { KubeObject } from "../../../schema/types";
import { controllerUser } from "../../internal-client";
import type { ControllerApi } from "../../controllers/framework/api";
import { keyOf, splitKey, type ControllerLoop, type WrittenChange } from "../../controllers/framework/loop";
import { loopStub } from "../../controllers/framework/wake";
import { ingressHostname, loadBalancerDomain } from "../domain";
import { hostnameSuffix, planLoadBalancer, wantsEdgeLoadBalancer } from "./load-balancer";
import { planIngressStatus } from "./ingress";

export const SERVICE_LB_LOOP = "service-lb";
export const EDGE_INGRESS_LOOP = "edge-ingress";
/** The edge ingress controller's ServiceAccount (kube-system) and ClusterRole. */
export const EDGE_INGRESS_SERVICE_ACCOUNT = "kube-edge-ingress";

const MERGE = "application/merge-patch+json";
const servicePath = (ns: string, name: string) => `/api/v1/namespaces/${ns}/services/${name}`;
const ingressPath = (ns: string, name = "") => `/apis/networking.k8s.io/v1/namespaces/${ns}/ingresses${name ? `/${name}` : ""}`;
const hasLbStatus = (svc: KubeObject | undefined) => !!svc?.status?.loadBalancer?.ingress?.length;

export function serviceLoadBalancerWakes(change: WrittenChange): string[] {
  if (change.resource !== "/services" || change.type === "DELETED") return [];
  const concerned = [change.object, change.oldObject].some((s) => wantsEdgeLoadBalancer(s) || hasLbStatus(s));
  return concerned ? [keyOf(change.object)] : [];
}

/** syncLoadBalancerIfNeeded for the edge's load balancers: status and the Ensuring/Ensured (Deleting/Deleted) Events. */
export async function syncServiceLoadBalancer(api: ControllerApi, ns: string, name: string): Promise<void> {
  const svc = await api.get(servicePath(ns, name));
  if (!svc) return;
  const others = wantsEdgeLoadBalancer(svc) ? await api.list("/api/v1/services", { fieldSelector: "spec.type=LoadBalancer" }) : [];
  const plan = planLoadBalancer(svc, others, loadBalancerDomain(api.env), await hostnameSuffix(svc.metadata?.uid ?? ""));
  if (plan.action === "none") return;
  const ensure = plan.action === "ensure";
  await api.event(svc, "Normal", ensure ? "EnsuringLoadBalancer" : "DeletingLoadBalancer", ensure ? "Ensuring load balancer" : "Deleting load balancer");
  const status = { loadBalancer: ensure ? { ingress: [{ hostname: plan.hostname }] } : { ingress: null } };
  const res = await api.patch(`${servicePath(ns, name)}/status`, { metadata: { resourceVersion: svc.metadata?.resourceVersion }, status }, MERGE);
  if (res.status === 404) return;
  if (res.status !== 200) {
    if (ensure) await api.event(svc, "Warning", "SyncLoadBalancerFailed", `Error syncing load balancer: ${res.body?.message ?? res.status}`);
    throw new Error(`service ${ns}/${name} status: ${res.status} ${res.body?.message ?? ""}`);
  }
  await api.event(svc, "Normal", ensure ? "EnsuredLoadBalancer" : "DeletedLoadBalancer", ensure ? "Ensured load balancer" : "Deleted load balancer");
}

export const serviceLoadBalancerLoop: ControllerLoop = {
  name: SERVICE_LB_LOOP,
  user: controllerUser("service-controller"),
  component: "service-controller",
  wakes: serviceLoadBalancerWakes,
  async sync(api, key) {
    const { namespace, name } = splitKey(key);
    if (namespace) await syncServiceLoadBalancer(api, namespace, name);
  },
  async resyncKeys(api) {
    return (await api.list("/api/v1/services")).filter((s) => wantsEdgeLoadBalancer(s) || hasLbStatus(s)).map(keyOf);
  },
};

/** Every Ingress when an IngressClass changes (the default may have moved). */
const ALL_INGRESSES = "*";

export function edgeIngressWakes(change: WrittenChange): string[] {
  if (change.resource === "networking.k8s.io/ingressclasses") return [ALL_INGRESSES];
  if (change.resource === "networking.k8s.io/ingresses" && change.type !== "DELETED") return [keyOf(change.object)];
  return [];
}

async function syncIngress(api: ControllerApi, ing: KubeObject, classes: KubeObject[]): Promise<void> {
  const plan = planIngressStatus(ing, classes, ingressHostname(loadBalancerDomain(api.env)));
  if (plan.action === "none") return;
  const { namespace, name, resourceVersion } = ing.metadata ?? {};
  const loadBalancer = plan.loadBalancer.ingress ? plan.loadBalancer : { ingress: null };
  const res = await api.patch(`${ingressPath(namespace, name)}/status`, { metadata: { resourceVersion }, status: { loadBalancer } }, MERGE);
  if (res.status !== 200 && res.status !== 404) throw new Error(`ingress ${namespace}/${name} status: ${res.status} ${res.body?.message ?? ""}`);
}

export const edgeIngressLoop: ControllerLoop = {
  name: EDGE_INGRESS_LOOP,
  user: controllerUser(EDGE_INGRESS_SERVICE_ACCOUNT),
  component: "kube-edge-ingress",
  wakes: edgeIngressWakes,
  async sync(api, key) {
    if (key === ALL_INGRESSES) {
      const keys = (await api.list("/apis/networking.k8s.io/v1/ingresses")).map(keyOf);
      if (keys.length) await loopStub(api.env, EDGE_INGRESS_LOOP).poke(EDGE_INGRESS_LOOP, keys);
      return;
    }
    const { namespace, name } = splitKey(key);
    if (!namespace) return;
    const ing = await api.get(ingressPath(namespace, name));
    if (!ing) return;
    await syncIngress(api, ing, await api.list("/apis/networking.k8s.io/v1/ingressclasses"));
  },
  async resyncKeys(api) {
    return (await api.list("/apis/networking.k8s.io/v1/ingresses")).map(keyOf);
  },
};
