/**
 * Top-level kinds built on PodSpec: Pod (served), plus PodTemplate and ReplicationController schemas (exported
 * for OpenAPI completeness; not served as resources yet).
 */
import { z } from "zod";
import { int32, int64, mapList, opt, str, time, topLevel } from "../meta";
import type { KindDef } from "../types";
import { atomicStringMap, def } from "./common";
import { PodSpecSchema, PodTemplateSpecSchema } from "./pod";
import { defaultPod } from "./pod-defaults";
import { PodStatusSchema } from "./pod-status";
import { validatePodUpdate } from "./pod-update-validation";
import { validatePodCreate } from "./pod-validation";

export const PodSchema = topLevel("io.k8s.api.core.v1.Pod", {
  spec: opt(PodSpecSchema).describe("Desired behaviour of the pod."),
  status: opt(PodStatusSchema).describe("Most recently observed status of the pod (read-only)."),
});

export const PodTemplateSchema = topLevel("io.k8s.api.core.v1.PodTemplate", {
  template: opt(PodTemplateSpecSchema).describe("The pods created from this template."),
});

export const ReplicationControllerConditionSchema = def(
  "ReplicationControllerCondition",
  { lastTransitionTime: opt(time), message: opt(str), reason: opt(str), status: opt(str), type: opt(str) },
  { required: ["type", "status"] },
);

export const ReplicationControllerSpecSchema = def("ReplicationControllerSpec", {
  minReadySeconds: opt(int32),
  replicas: opt(int32),
  selector: opt(atomicStringMap),
  template: opt(PodTemplateSpecSchema),
});

export const ReplicationControllerStatusSchema = def(
  "ReplicationControllerStatus",
  {
    availableReplicas: opt(int32),
    conditions: mapList(ReplicationControllerConditionSchema, ["type"]),
    fullyLabeledReplicas: opt(int32),
    observedGeneration: opt(int64),
    readyReplicas: opt(int32),
    replicas: opt(int32),
  },
  { required: ["replicas"] },
);

export const ReplicationControllerSchema = topLevel("io.k8s.api.core.v1.ReplicationController", {
  spec: opt(ReplicationControllerSpecSchema),
  status: opt(ReplicationControllerStatusSchema),
});

/** pods: `po`, category `all`, status subresource, upstream's pod field selectors (pkg/registry/core/pod). */
export const podKind: KindDef = {
  kind: "Pod",
  resource: "pods",
  singular: "pod",
  namespaced: true,
  shortNames: ["po"],
  categories: ["all"],
  schema: PodSchema,
  status: true,
  fieldSelectors: [
    "spec.nodeName",
    "spec.restartPolicy",
    "spec.schedulerName",
    "spec.serviceAccountName",
    "spec.hostNetwork",
    "status.phase",
    "status.podIP",
    "status.nominatedNodeName",
  ],
  subresources: [
    { name: "binding", responseKind: { group: "", version: "v1", kind: "Binding" }, verbs: ["create"] },
    { name: "eviction", responseKind: { group: "policy", version: "v1", kind: "Eviction" }, verbs: ["create"] },
    // The connect subresources (worker/handlers/pod-connect), with upstream's discovery kinds and verbs.
    { name: "attach", responseKind: { group: "", version: "v1", kind: "PodAttachOptions" }, verbs: ["create", "get"] },
    { name: "exec", responseKind: { group: "", version: "v1", kind: "PodExecOptions" }, verbs: ["create", "get"] },
    { name: "log", responseKind: { group: "", version: "v1", kind: "Pod" }, verbs: ["get"] },
    { name: "portforward", responseKind: { group: "", version: "v1", kind: "PodPortForwardOptions" }, verbs: ["create", "get"] },
    { name: "proxy", responseKind: { group: "", version: "v1", kind: "PodProxyOptions" }, verbs: ["create", "delete", "get", "patch", "update"] },
  ],
  default: defaultPod,
  validate: (obj, old) => (old ? validatePodUpdate(obj, old) : validatePodCreate(obj)),
};

export type Pod = z.infer<typeof PodSchema>;
