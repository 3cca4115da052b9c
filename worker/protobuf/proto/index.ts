/**
 * Every `.proto` source the decoder parses, in dependency-free order (protobufjs resolves
 * cross-file references after all sources are parsed into one root).
 */
import { INTSTR_PROTO, META_V1_PROTO, RESOURCE_PROTO, RUNTIME_PROTO } from "./apimachinery";
import { APPS_V1_PROTO } from "./apps-v1";
import { AUTHENTICATION_V1_PROTO } from "./authentication-v1";
import { AUTHORIZATION_V1_PROTO } from "./authorization-v1";
import { AUTOSCALING_V1_PROTO } from "./autoscaling-v1";
import { AUTOSCALING_V2_PROTO } from "./autoscaling-v2";
import { BATCH_V1_PROTO } from "./batch-v1";
import { CERTIFICATES_V1_PROTO } from "./certificates-v1";
import { CORE_V1_CONTAINER_PROTO } from "./core-v1-container";
import { CORE_V1_OBJECTS_PROTO } from "./core-v1-objects";
import { CORE_V1_POD_SPEC_PROTO } from "./core-v1-pod-spec";
import { CORE_V1_POD_STATUS_PROTO } from "./core-v1-pod-status";
import { CORE_V1_VOLUME_PROTO } from "./core-v1-volume";
import { NETWORKING_V1_PROTO } from "./networking-v1";
import { POLICY_V1_PROTO } from "./policy-v1";
import { RBAC_V1_PROTO } from "./rbac-v1";
import { SCHEDULING_V1_PROTO } from "./scheduling-v1";

export const PROTO_SOURCES: readonly string[] = [
  META_V1_PROTO,
  RUNTIME_PROTO,
  RESOURCE_PROTO,
  INTSTR_PROTO,
  CORE_V1_OBJECTS_PROTO,
  CORE_V1_POD_SPEC_PROTO,
  CORE_V1_POD_STATUS_PROTO,
  CORE_V1_CONTAINER_PROTO,
  CORE_V1_VOLUME_PROTO,
  APPS_V1_PROTO,
  BATCH_V1_PROTO,
  RBAC_V1_PROTO,
  AUTHORIZATION_V1_PROTO,
  AUTHENTICATION_V1_PROTO,
  POLICY_V1_PROTO,
  NETWORKING_V1_PROTO,
  SCHEDULING_V1_PROTO,
  AUTOSCALING_V1_PROTO,
  AUTOSCALING_V2_PROTO,
  CERTIFICATES_V1_PROTO,
];
