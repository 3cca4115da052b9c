/** networking.k8s.io/v1: Ingress, IngressClass, NetworkPolicy. */
import type { GroupVersionDef } from "../types";
import { ingressClassDef, ingressDef } from "./ingress";
import { networkPolicyDef } from "./network-policy";

export * from "./ingress";
export * from "./network-policy";

export const networkingV1: GroupVersionDef = {
  group: "networking.k8s.io",
  version: "v1",
  kinds: [ingressClassDef, ingressDef, networkPolicyDef],
};
