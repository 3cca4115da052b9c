/**
 * PodStatus (core/v1) and the container statuses inside it. Written by the kubelet (here: the simulated runtime)
 * through the pods/status subresource.
 */
import { z } from "zod";
import { atomicList, bool, int32, int64, listOf, mapList, opt, str, time } from "../meta";
import { def, resourceList, ResourceRequirementsSchema } from "./common";

export const PodConditionSchema = def(
  "PodCondition",
  {
    lastProbeTime: opt(time),
    lastTransitionTime: opt(time),
    message: opt(str),
    observedGeneration: opt(int64),
    reason: opt(str),
    status: opt(str).describe("True, False or Unknown."),
    type: opt(str).describe("PodScheduled, Initialized, ContainersReady, Ready, or a readiness-gate type."),
  },
  { required: ["type", "status"] },
);

export const PodIPSchema = def("PodIP", { ip: opt(str) });
export const HostIPSchema = def("HostIP", { ip: opt(str) });

export const ContainerStateWaitingSchema = def("ContainerStateWaiting", { message: opt(str), reason: opt(str) });
export const ContainerStateRunningSchema = def("ContainerStateRunning", { startedAt: opt(time) });
export const ContainerStateTerminatedSchema = def(
  "ContainerStateTerminated",
  {
    containerID: opt(str),
    exitCode: opt(int32),
    finishedAt: opt(time),
    message: opt(str),
    reason: opt(str),
    signal: opt(int32),
    startedAt: opt(time),
  },
  { required: ["exitCode"] },
);

export const ContainerStateSchema = def("ContainerState", {
  running: opt(ContainerStateRunningSchema),
  terminated: opt(ContainerStateTerminatedSchema),
  waiting: opt(ContainerStateWaitingSchema),
});

export const ResourceHealthSchema = def(
  "ResourceHealth",
  { health: opt(str), message: opt(str), resourceID: opt(str) },
  { required: ["resourceID"] },
);

export const ResourceStatusSchema = def(
  "ResourceStatus",
  {
    name: opt(str),
    resources: listOf(ResourceHealthSchema, { "x-kubernetes-list-type": "map", "x-kubernetes-list-map-keys": ["resourceID"] }),
  },
  { required: ["name"] },
);

export const LinuxContainerUserSchema = def(
  "LinuxContainerUser",
  { gid: opt(int64), supplementalGroups: atomicList(int64), uid: opt(int64) },
  { required: ["uid", "gid"] },
);

export const ContainerUserSchema = def("ContainerUser", { linux: opt(LinuxContainerUserSchema) });

export const ImageVolumeStatusSchema = def("ImageVolumeStatus", { imageRef: opt(str) }, { required: ["imageRef"] });
export const VolumeStatusSchema = def("VolumeStatus", { image: opt(ImageVolumeStatusSchema) });

export const VolumeMountStatusSchema = def(
  "VolumeMountStatus",
  {
    mountPath: opt(str),
    name: opt(str),
    readOnly: opt(bool),
    recursiveReadOnly: opt(str),
    volumeStatus: opt(VolumeStatusSchema),
  },
  { required: ["name", "mountPath"] },
);

export const ContainerStatusSchema = def(
  "ContainerStatus",
  {
    allocatedResources: opt(resourceList),
    allocatedResourcesStatus: mapList(ResourceStatusSchema, ["name"]),
    containerID: opt(str),
    image: opt(str),
    imageID: opt(str),
    lastState: opt(ContainerStateSchema),
    name: opt(str),
    ready: opt(bool),
    resources: opt(ResourceRequirementsSchema),
    restartCount: opt(int32),
    started: opt(bool),
    state: opt(ContainerStateSchema),
    stopSignal: opt(str),
    user: opt(ContainerUserSchema),
    volumeMounts: mapList(VolumeMountStatusSchema, ["mountPath"]),
  },
  { required: ["name", "ready", "restartCount", "image", "imageID"], description: "The observed state of one container." },
);

export const PodResourceClaimStatusSchema = def(
  "PodResourceClaimStatus",
  { name: opt(str), resourceClaimName: opt(str) },
  { required: ["name"] },
);

export const ContainerExtendedResourceRequestSchema = def(
  "ContainerExtendedResourceRequest",
  { containerName: opt(str), requestName: opt(str), resourceName: opt(str) },
  { required: ["containerName", "resourceName", "requestName"] },
);

export const PodExtendedResourceClaimStatusSchema = def(
  "PodExtendedResourceClaimStatus",
  { requestMappings: atomicList(ContainerExtendedResourceRequestSchema), resourceClaimName: opt(str) },
  { required: ["requestMappings", "resourceClaimName"] },
);

export const NodeAllocatableResourceClaimStatusSchema = def(
  "NodeAllocatableResourceClaimStatus",
  { containers: atomicList(str), resourceClaimName: opt(str), resources: opt(resourceList) },
  { required: ["resourceClaimName"] },
);

const containerStatusList = () => atomicList(ContainerStatusSchema);

export const PodStatusSchema = def(
  "PodStatus",
  {
    allocatedResources: opt(resourceList),
    conditions: mapList(PodConditionSchema, ["type"]).describe("Current service state of the pod."),
    containerStatuses: containerStatusList(),
    ephemeralContainerStatuses: containerStatusList(),
    extendedResourceClaimStatus: opt(PodExtendedResourceClaimStatusSchema),
    hostIP: opt(str),
    hostIPs: listOf(HostIPSchema, {
      "x-kubernetes-patch-merge-key": "ip",
      "x-kubernetes-patch-strategy": "merge",
      "x-kubernetes-list-type": "atomic",
    }),
    initContainerStatuses: containerStatusList(),
    message: opt(str),
    nodeAllocatableResourceClaimStatuses: atomicList(NodeAllocatableResourceClaimStatusSchema),
    nominatedNodeName: opt(str),
    observedGeneration: opt(int64),
    phase: opt(str).describe("Pending, Running, Succeeded, Failed or Unknown."),
    podIP: opt(str),
    podIPs: mapList(PodIPSchema, ["ip"]),
    qosClass: opt(str).describe("Guaranteed, Burstable or BestEffort."),
    reason: opt(str),
    resize: opt(str),
    resourceClaimStatuses: mapList(PodResourceClaimStatusSchema, ["name"], "merge,retainKeys"),
    resources: opt(ResourceRequirementsSchema),
    startTime: opt(time),
  },
  { description: "The most recently observed status of a pod." },
);

export type PodStatus = z.infer<typeof PodStatusSchema>;
export type ContainerStatus = z.infer<typeof ContainerStatusSchema>;
