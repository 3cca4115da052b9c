/**
 * PodSpec and PodTemplateSpec (core/v1), reused by apps/v1 and batch/v1 templates, plus the pod-level types they
 * use: security context, DNS config, host aliases, OS, readiness/scheduling gates and resource claims.
 * Containers, volumes and scheduling types live in container.ts, volume.ts and scheduling.ts.
 */
import { z } from "zod";
import { atomicList, bool, int32, int64, mapList, ObjectMetaSchema, opt, str } from "../meta";
import { atomicStringMap, def, LocalObjectReferenceSchema, resourceList, ResourceRequirementsSchema } from "./common";
import {
  AppArmorProfileSchema,
  ContainerSchema,
  EphemeralContainerSchema,
  SeccompProfileSchema,
  SELinuxOptionsSchema,
  WindowsSecurityContextOptionsSchema,
} from "./container";
import { AffinitySchema, TolerationSchema, TopologySpreadConstraintSchema } from "./scheduling";
import { VolumeSchema } from "./volume";

export const SysctlSchema = def("Sysctl", { name: opt(str), value: opt(str) }, { required: ["name", "value"] });

export const PodSecurityContextSchema = def(
  "PodSecurityContext",
  {
    appArmorProfile: opt(AppArmorProfileSchema),
    fsGroup: opt(int64),
    fsGroupChangePolicy: opt(str),
    runAsGroup: opt(int64),
    runAsNonRoot: opt(bool),
    runAsUser: opt(int64),
    seLinuxChangePolicy: opt(str),
    seLinuxOptions: opt(SELinuxOptionsSchema),
    seccompProfile: opt(SeccompProfileSchema),
    supplementalGroups: atomicList(int64),
    supplementalGroupsPolicy: opt(str),
    sysctls: atomicList(SysctlSchema),
    windowsOptions: opt(WindowsSecurityContextOptionsSchema),
  },
  { description: "Pod-level security attributes and defaults for every container." },
);

export const PodDNSConfigOptionSchema = def("PodDNSConfigOption", { name: opt(str), value: opt(str) });

export const PodDNSConfigSchema = def("PodDNSConfig", {
  nameservers: atomicList(str),
  options: atomicList(PodDNSConfigOptionSchema),
  searches: atomicList(str),
});

export const HostAliasSchema = def("HostAlias", { hostnames: atomicList(str), ip: opt(str) });

export const PodOSSchema = def("PodOS", { name: opt(str).describe("linux or windows.") }, { required: ["name"] });

export const PodReadinessGateSchema = def(
  "PodReadinessGate",
  { conditionType: opt(str) },
  { required: ["conditionType"] },
);

export const PodSchedulingGateSchema = def("PodSchedulingGate", { name: opt(str) }, { required: ["name"] });

/** Gang-scheduling group membership (1.36 alpha). */
export const PodSchedulingGroupSchema = def("PodSchedulingGroup", { podGroupName: opt(str) });

/** Pre-1.31 form of PodResourceClaim's source (still accepted for old manifests). */
export const ClaimSourceSchema = def("ClaimSource", {
  resourceClaimName: opt(str),
  resourceClaimTemplateName: opt(str),
});

export const PodResourceClaimSchema = def(
  "PodResourceClaim",
  {
    name: opt(str),
    resourceClaimName: opt(str),
    resourceClaimTemplateName: opt(str),
    source: opt(ClaimSourceSchema),
  },
  { required: ["name"] },
);

const containerList = (item: typeof ContainerSchema) => mapList(item, ["name"]);

export const PodSpecSchema = def(
  "PodSpec",
  {
    activeDeadlineSeconds: opt(int64),
    affinity: opt(AffinitySchema).describe("The pod's scheduling constraints."),
    automountServiceAccountToken: opt(bool),
    containers: containerList(ContainerSchema).describe("The pod's containers; at least one is required."),
    dnsConfig: opt(PodDNSConfigSchema),
    dnsPolicy: opt(str).describe("ClusterFirstWithHostNet, ClusterFirst (default), Default or None."),
    enableServiceLinks: opt(bool),
    ephemeralContainers: mapList(EphemeralContainerSchema, ["name"]),
    hostAliases: mapList(HostAliasSchema, ["ip"]),
    hostIPC: opt(bool),
    hostNetwork: opt(bool),
    hostPID: opt(bool),
    hostUsers: opt(bool),
    hostname: opt(str),
    hostnameOverride: opt(str),
    imagePullSecrets: mapList(LocalObjectReferenceSchema, ["name"]),
    initContainers: containerList(ContainerSchema).describe("Containers run to completion, in order, before the app containers."),
    nodeName: opt(str).describe("The node the pod is bound to."),
    nodeSelector: opt(atomicStringMap).describe("Node labels the pod's node must have."),
    os: opt(PodOSSchema),
    overhead: opt(resourceList),
    preemptionPolicy: opt(str),
    priority: opt(int32),
    priorityClassName: opt(str),
    readinessGates: atomicList(PodReadinessGateSchema),
    resourceClaims: mapList(PodResourceClaimSchema, ["name"], "merge,retainKeys"),
    resources: opt(ResourceRequirementsSchema),
    restartPolicy: opt(str).describe("Always (default), OnFailure or Never."),
    runtimeClassName: opt(str),
    schedulerName: opt(str),
    schedulingGates: mapList(PodSchedulingGateSchema, ["name"]),
    schedulingGroup: opt(PodSchedulingGroupSchema),
    securityContext: opt(PodSecurityContextSchema),
    serviceAccount: opt(str).describe("Deprecated alias of serviceAccountName."),
    serviceAccountName: opt(str),
    setHostnameAsFQDN: opt(bool),
    shareProcessNamespace: opt(bool),
    subdomain: opt(str),
    terminationGracePeriodSeconds: opt(int64).describe("Seconds between SIGTERM and SIGKILL; defaults to 30."),
    tolerations: atomicList(TolerationSchema),
    topologySpreadConstraints: mapList(TopologySpreadConstraintSchema, ["topologyKey", "whenUnsatisfiable"]),
    volumes: mapList(VolumeSchema, ["name"], "merge,retainKeys").describe("Volumes containers can mount."),
  },
  { required: ["containers"], description: "The desired behaviour of a pod." },
);

export const PodTemplateSpecSchema = def(
  "PodTemplateSpec",
  { metadata: opt(ObjectMetaSchema), spec: opt(PodSpecSchema).describe("The pods' desired behaviour.") },
  { description: "The metadata and spec of pods created from a template." },
);

export type PodSpec = z.infer<typeof PodSpecSchema>;
export type PodTemplateSpec = z.infer<typeof PodTemplateSpecSchema>;
