/**
 * Node (core/v1): spec (taints, pod CIDRs, unschedulable) and status (capacity, conditions, addresses, node
 * info), with SetDefaults_NodeStatus (allocatable defaults to capacity) and ValidateNode / ValidateNodeUpdate.
 */
import { z } from "zod";
import { atomicList, bool, int32, int64, listOf, mapList, opt, str, time, topLevel } from "../meta";
import type { FieldError, KindDef, KubeObject } from "../types";
import { forbidden } from "../validation/field-errors";
import { nameIsDNSSubdomain } from "../validation/names";
import { validateObjectMeta, validateObjectMetaUpdate } from "../validation/object-meta";
import { def, resourceList } from "./common";
import { TaintSchema } from "./scheduling";
import { validateTaints } from "./scheduling-validation";

type Obj = KubeObject;

export const ConfigMapNodeConfigSourceSchema = def(
  "ConfigMapNodeConfigSource",
  { kubeletConfigKey: opt(str), name: opt(str), namespace: opt(str), resourceVersion: opt(str), uid: opt(str) },
  { required: ["namespace", "name", "kubeletConfigKey"] },
);

export const NodeConfigSourceSchema = def("NodeConfigSource", { configMap: opt(ConfigMapNodeConfigSourceSchema) });

export const NodeSpecSchema = def(
  "NodeSpec",
  {
    configSource: opt(NodeConfigSourceSchema),
    externalID: opt(str),
    podCIDR: opt(str),
    podCIDRs: listOf(str, { "x-kubernetes-patch-strategy": "merge", "x-kubernetes-list-type": "set" }),
    providerID: opt(str),
    taints: atomicList(TaintSchema).describe("Taints repel pods that do not tolerate them."),
    unschedulable: opt(bool).describe("When true, no new pods are scheduled here (kubectl cordon)."),
  },
  { description: "The attributes a node is created with." },
);

export const NodeAddressSchema = def("NodeAddress", { address: opt(str), type: opt(str) }, { required: ["type", "address"] });

export const NodeConditionSchema = def(
  "NodeCondition",
  {
    lastHeartbeatTime: opt(time),
    lastTransitionTime: opt(time),
    message: opt(str),
    reason: opt(str),
    status: opt(str),
    type: opt(str),
  },
  { required: ["type", "status"] },
);

export const NodeConfigStatusSchema = def("NodeConfigStatus", {
  active: opt(NodeConfigSourceSchema),
  assigned: opt(NodeConfigSourceSchema),
  error: opt(str),
  lastKnownGood: opt(NodeConfigSourceSchema),
});

/** Note the capitalised `Port`: upstream's JSON name, kept for compatibility. */
export const DaemonEndpointSchema = def("DaemonEndpoint", { Port: opt(int32) }, { required: ["Port"] });
export const NodeDaemonEndpointsSchema = def("NodeDaemonEndpoints", { kubeletEndpoint: opt(DaemonEndpointSchema) });

export const ContainerImageSchema = def("ContainerImage", { names: atomicList(str), sizeBytes: opt(int64) });

export const NodeSwapStatusSchema = def("NodeSwapStatus", { capacity: opt(int64) });

export const NodeSystemInfoSchema = def(
  "NodeSystemInfo",
  {
    architecture: opt(str),
    bootID: opt(str),
    containerRuntimeVersion: opt(str),
    kernelVersion: opt(str),
    kubeProxyVersion: opt(str),
    kubeletVersion: opt(str),
    machineID: opt(str),
    operatingSystem: opt(str),
    osImage: opt(str),
    swap: opt(NodeSwapStatusSchema),
    systemUUID: opt(str),
  },
  {
    required: [
      "machineID", "systemUUID", "bootID", "kernelVersion", "osImage", "containerRuntimeVersion", "kubeletVersion",
      "kubeProxyVersion", "operatingSystem", "architecture",
    ],
  },
);

export const AttachedVolumeSchema = def(
  "AttachedVolume",
  { devicePath: opt(str), name: opt(str) },
  { required: ["name", "devicePath"] },
);

export const NodeFeaturesSchema = def("NodeFeatures", { supplementalGroupsPolicy: opt(bool) });
export const NodeRuntimeHandlerFeaturesSchema = def("NodeRuntimeHandlerFeatures", {
  recursiveReadOnlyMounts: opt(bool),
  userNamespaces: opt(bool),
});
export const NodeRuntimeHandlerSchema = def("NodeRuntimeHandler", {
  features: opt(NodeRuntimeHandlerFeaturesSchema),
  name: opt(str),
});

export const NodeStatusSchema = def(
  "NodeStatus",
  {
    addresses: mapList(NodeAddressSchema, ["type"]),
    allocatable: opt(resourceList).describe("Resources available to pods; defaults to capacity."),
    capacity: opt(resourceList).describe("Total resources of the node."),
    conditions: mapList(NodeConditionSchema, ["type"]).describe("Ready, MemoryPressure, DiskPressure, …"),
    config: opt(NodeConfigStatusSchema),
    daemonEndpoints: opt(NodeDaemonEndpointsSchema),
    declaredFeatures: atomicList(str),
    features: opt(NodeFeaturesSchema),
    images: atomicList(ContainerImageSchema),
    nodeInfo: opt(NodeSystemInfoSchema),
    phase: opt(str),
    runtimeHandlers: atomicList(NodeRuntimeHandlerSchema),
    volumesAttached: atomicList(AttachedVolumeSchema),
    volumesInUse: atomicList(str),
  },
  { description: "The most recently observed status of a node." },
);

export const NodeSchema = topLevel("io.k8s.api.core.v1.Node", {
  spec: opt(NodeSpecSchema).describe("Desired behaviour of the node."),
  status: opt(NodeStatusSchema).describe("Most recently observed status of the node."),
});

/** SetDefaults_NodeStatus: allocatable defaults to capacity. */
export function defaultNode(node: Obj): void {
  const status = node.status;
  if (status?.capacity && status.allocatable == null) status.allocatable = { ...status.capacity };
}

/** ValidateNode: DNS subdomain name, cluster-scoped, valid taints. */
export const validateNode = (node: Obj): FieldError[] => [
  ...validateObjectMeta(node.metadata, { namespaced: false, nameValidator: nameIsDNSSubdomain }),
  ...validateTaints(Array.isArray(node.spec?.taints) ? node.spec.taints : [], "spec.taints"),
];

/** ValidateNodeUpdate: podCIDRs and providerID may only go from unset to set. */
export function validateNodeUpdate(node: Obj, old: Obj): FieldError[] {
  const errs = [...validateObjectMetaUpdate(node.metadata, old.metadata)];
  const oldCIDRs: string[] = old.spec?.podCIDRs ?? [];
  const cidrs: string[] = node.spec?.podCIDRs ?? [];
  const msg = (f: string) => `node updates may not change ${f} except from "" to valid`;
  if (oldCIDRs.length > 0 && (oldCIDRs.length !== cidrs.length || oldCIDRs.some((c, i) => c !== cidrs[i]))) {
    errs.push(forbidden("spec.podCIDRs", msg("podCIDR")));
  }
  if (old.spec?.providerID && old.spec.providerID !== node.spec?.providerID) errs.push(forbidden("spec.providerID", msg("providerID")));
  errs.push(...validateTaints(Array.isArray(node.spec?.taints) ? node.spec.taints : [], "spec.taints"));
  return errs;
}

export const nodeKind: KindDef = {
  kind: "Node",
  resource: "nodes",
  singular: "node",
  namespaced: false,
  shortNames: ["no"],
  schema: NodeSchema,
  status: true,
  keepStatusOnCreate: true,
  fieldSelectors: ["spec.unschedulable"],
  default: defaultNode,
  validate: (obj, old) => (old ? validateNodeUpdate(obj, old) : validateNode(obj)),
};

export type Node = z.infer<typeof NodeSchema>;
