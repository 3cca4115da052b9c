/**
 * core/v1 ("" group, version v1): the served kinds and every reusable schema, default and validator.
 * apps/v1 and batch/v1 import PodTemplateSpecSchema, defaultPodTemplateSpec and validatePodTemplateSpec from here.
 */
import type { GroupVersionDef } from "../types";
import { configMapKind, secretKind } from "./config";
import { endpointsKind } from "./endpoints";
import { eventKind } from "./event";
import { namespaceKind } from "./namespace";
import { nodeKind } from "./node";
import { podKind } from "./pod-kinds";
import { limitRangeKind, resourceQuotaKind } from "./policy";
import { serviceKind } from "./service";
import { serviceAccountKind } from "./serviceaccount";
import { persistentVolumeClaimKind, persistentVolumeKind } from "./storage";

export const coreV1: GroupVersionDef = {
  group: "",
  version: "v1",
  kinds: [
    namespaceKind,
    podKind,
    nodeKind,
    configMapKind,
    secretKind,
    serviceKind,
    endpointsKind,
    eventKind,
    serviceAccountKind,
    persistentVolumeKind,
    persistentVolumeClaimKind,
    limitRangeKind,
    resourceQuotaKind,
  ],
};

export * from "./common";
export * from "./config";
export * from "./container";
export * from "./container-validation";
export * from "./endpoints";
export * from "./event";
export * from "./namespace";
export * from "./node";
export * from "./pod";
export * from "./pod-defaults";
export * from "./pod-kinds";
export * from "./pod-status";
export * from "./pod-update-validation";
export * from "./pod-validation";
export * from "./policy";
export * from "./scheduling";
export * from "./scheduling-validation";
export * from "./service";
export * from "./service-rules";
export * from "./serviceaccount";
export * from "./storage";
export * from "./storage-rules";
export * from "./volume";
export * from "./volume-sources";
