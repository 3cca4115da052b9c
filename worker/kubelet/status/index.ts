/**
 * The kubelet's pure status machinery: restart and image-pull back-off, the probe workers, the pod status the
 * kubelet writes, and pod IP allocation. No I/O and no clock: the Kubelet Durable Object passes facts and `now`
 * in, stores the returned plain-object state, and acts on the returned effects.
 */
export * from "./backoff";
export * from "./probe-outcome";
export * from "./probes";
export * from "./pod-phase";
export * from "./pod-conditions";
export * from "./container-statuses";
export * from "./qos";
export * from "./pod-status";
export * from "./status-changed";
export * from "./pod-cidr";
export { formatIP, parseIP } from "./ip-address";
export { goDuration, goStringList, rfc3339 } from "./go-format";
export type * from "./types";
