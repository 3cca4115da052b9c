/**
 * Service (core/v1): spec, ports, session affinity and load-balancer status. Defaulting and validation live in
 * service-rules.ts.
 */
import { z } from "zod";
import { atomicList, bool, ConditionSchema, int32, intOrString, listOf, mapList, opt, str, topLevel } from "../meta";
import type { KindDef } from "../types";
import { atomicStringMap, def } from "./common";
import { defaultService, dropTypeDependentServiceFields, patchAllocatedServiceValues, validateService, validateServiceUpdate } from "./service-rules";

export const ServicePortSchema = def(
  "ServicePort",
  {
    appProtocol: opt(str),
    name: opt(str).describe("DNS label; required and unique when the service has more than one port."),
    nodePort: opt(int32).describe("Port on every node for NodePort and LoadBalancer services (30000-32767)."),
    port: opt(int32).describe("The port the service exposes."),
    protocol: opt(str).describe("TCP (default), UDP or SCTP."),
    targetPort: opt(intOrString).describe("Number or name of the pods' port; defaults to `port`."),
  },
  { required: ["port"] },
);

export const ClientIPConfigSchema = def("ClientIPConfig", { timeoutSeconds: opt(int32) });
export const SessionAffinityConfigSchema = def("SessionAffinityConfig", { clientIP: opt(ClientIPConfigSchema) });

export const ServiceSpecSchema = def(
  "ServiceSpec",
  {
    allocateLoadBalancerNodePorts: opt(bool),
    clusterIP: opt(str).describe('The virtual IP; "None" makes a headless service. Immutable once set.'),
    clusterIPs: atomicList(str),
    externalIPs: atomicList(str),
    externalName: opt(str).describe("DNS name returned as a CNAME for ExternalName services."),
    externalTrafficPolicy: opt(str),
    healthCheckNodePort: opt(int32),
    internalTrafficPolicy: opt(str),
    ipFamilies: atomicList(str),
    ipFamilyPolicy: opt(str),
    loadBalancerClass: opt(str),
    loadBalancerIP: opt(str),
    loadBalancerSourceRanges: atomicList(str),
    ports: listOf(ServicePortSchema, {
      "x-kubernetes-patch-merge-key": "port",
      "x-kubernetes-patch-strategy": "merge",
      "x-kubernetes-list-type": "map",
      "x-kubernetes-list-map-keys": ["port", "protocol"],
    }).describe("The ports the service exposes."),
    publishNotReadyAddresses: opt(bool),
    selector: opt(atomicStringMap).describe("Routes traffic to pods whose labels match."),
    sessionAffinity: opt(str).describe("ClientIP or None (default)."),
    sessionAffinityConfig: opt(SessionAffinityConfigSchema),
    trafficDistribution: opt(str),
    type: opt(str).describe("ClusterIP (default), NodePort, LoadBalancer or ExternalName."),
  },
  { description: "The desired behaviour of a service." },
);

export const PortStatusSchema = def(
  "PortStatus",
  { error: opt(str), port: opt(int32), protocol: opt(str) },
  { required: ["port", "protocol"] },
);

export const LoadBalancerIngressSchema = def("LoadBalancerIngress", {
  hostname: opt(str),
  ip: opt(str),
  ipMode: opt(str),
  ports: atomicList(PortStatusSchema),
});

export const LoadBalancerStatusSchema = def("LoadBalancerStatus", { ingress: atomicList(LoadBalancerIngressSchema) });

export const ServiceStatusSchema = def("ServiceStatus", {
  conditions: mapList(ConditionSchema, ["type"]),
  loadBalancer: opt(LoadBalancerStatusSchema),
});

export const ServiceSchema = topLevel("io.k8s.api.core.v1.Service", {
  spec: opt(ServiceSpecSchema).describe("Desired behaviour of the service."),
  status: opt(ServiceStatusSchema).describe("Most recently observed status of the service (read-only)."),
});

/**
 * services: `svc`, category `all`, status subresource, field selectors spec.clusterIP and spec.type; no
 * deletecollection (upstream `+genclient:skipVerbs=deleteCollection`).
 */
export const serviceKind: KindDef = {
  kind: "Service",
  resource: "services",
  singular: "service",
  namespaced: true,
  shortNames: ["svc"],
  categories: ["all"],
  schema: ServiceSchema,
  status: true,
  fieldSelectors: ["spec.clusterIP", "spec.type"],
  verbs: ["create", "delete", "get", "list", "patch", "update", "watch"],
  // The service proxy (worker/handlers/service-proxy), with upstream's discovery kind and verbs.
  subresources: [{ name: "proxy", responseKind: { group: "", version: "v1", kind: "ServiceProxyOptions" }, verbs: ["create", "delete", "get", "patch", "update"] }],
  prepareForUpdate: (obj, old, subresource) => {
    patchAllocatedServiceValues(obj, old);
    dropTypeDependentServiceFields(obj, old, subresource);
  },
  default: defaultService,
  validate: (obj, old) => (old ? validateServiceUpdate(obj, old) : validateService(obj)),
};

export type Service = z.infer<typeof ServiceSchema>;
