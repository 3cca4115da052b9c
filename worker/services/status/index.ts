/** LoadBalancer Service and Ingress status published by the edge (see ./loops.ts). */
export { serviceLoadBalancerLoop, edgeIngressLoop, SERVICE_LB_LOOP, EDGE_INGRESS_LOOP } from "./loops";
export { bootstrapEdgeIngress } from "./bootstrap";
export { EDGE_INGRESS_CLASS, EDGE_INGRESS_CONTROLLER } from "./ingress";
