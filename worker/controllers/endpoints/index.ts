/**
 * The endpoints controller (pkg/controller/endpoint, 1.32): core/v1 Endpoints for Services with a selector. Pure
 * subsets and plan here, the loop in ./loop.
 */
export * from "./reconcile";
export * from "./subsets";
export { endpointsLoop, endpointsWakes, ENDPOINTS_LOOP, LEADER_ANNOTATION, syncEndpoints } from "./loop";
