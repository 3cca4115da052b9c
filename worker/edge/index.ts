/**
 * The edge: external entry points to Services (LoadBalancer hosts, NodePorts, Ingresses of the `kube-edge`
 * IngressClass), decided by Host before anything of the API runs. See edge.ts for the flow, route.ts for the
 * Host rules, ingress-rules.ts for Ingress matching, forward.ts for what the request carries on.
 */
export { edgeConfig, edgeMiddleware } from "./edge";
export { apiHostsOf, claimableByIngress, edgeRoute, ingressHostMatches, isClusterInternal, needsIngressHosts, normalizeHost, type EdgeConfig, type EdgeRoute } from "./route";
export { EDGE_INGRESS_CLASS, isEdgeIngress, pathMatchLength, routeIngress, type IngressBackend, type IngressDecision, type IngressLike } from "./ingress-rules";
export { ingressIndex, type IngressIndex } from "./ingress-index";
export { edgeServiceRefusal, forwardedRequest, loadBalancerPort } from "./forward";
