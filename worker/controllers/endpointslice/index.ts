/**
 * The EndpointSlice controller (pkg/controller/endpointslice over k8s.io/endpointslice, 1.32), and the pod and
 * Service reading both endpoint controllers share. Pure plans here, the loop in ./loop.
 */
export * from "./desired";
export * from "./pod-endpoints";
export * from "./reconcile";
export * from "./service-keys";
export * from "./trigger-time";
export { endpointSliceLoop, endpointSliceWakes, ENDPOINTSLICE_LOOP, syncEndpointSlices } from "./loop";
