/**
 * Protobuf message definitions for autoscaling/v1 (HorizontalPodAutoscaler, Scale).
 *
 * Derived from the upstream go-to-protobuf output (`generated.proto`) in kubernetes/kubernetes
 * (staging/src/k8s.io/{api,apimachinery}/...). Copyright The Kubernetes Authors, licensed under the
 * Apache License, Version 2.0 (http://www.apache.org/licenses/LICENSE-2.0).
 * Changes from upstream: comments removed, and only the messages reachable from the kinds in
 * `../kind-registry.ts` are kept. Message names, field names and field numbers are unchanged.
 */

/** `package k8s.io.api.autoscaling.v1` from upstream `staging/src/k8s.io/api/autoscaling/v1/generated.proto`. */
export const AUTOSCALING_V1_PROTO = `
syntax = "proto2";
package k8s.io.api.autoscaling.v1;

message CrossVersionObjectReference {
  optional string kind = 1;
  optional string name = 2;
  optional string apiVersion = 3;
}

message HorizontalPodAutoscaler {
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta metadata = 1;
  optional HorizontalPodAutoscalerSpec spec = 2;
  optional HorizontalPodAutoscalerStatus status = 3;
}

message HorizontalPodAutoscalerSpec {
  optional CrossVersionObjectReference scaleTargetRef = 1;
  optional int32 minReplicas = 2;
  optional int32 maxReplicas = 3;
  optional int32 targetCPUUtilizationPercentage = 4;
}

message HorizontalPodAutoscalerStatus {
  optional int64 observedGeneration = 1;
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.Time lastScaleTime = 2;
  optional int32 currentReplicas = 3;
  optional int32 desiredReplicas = 4;
  optional int32 currentCPUUtilizationPercentage = 5;
}

message Scale {
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta metadata = 1;
  optional ScaleSpec spec = 2;
  optional ScaleStatus status = 3;
}

message ScaleSpec {
  optional int32 replicas = 1;
}

message ScaleStatus {
  optional int32 replicas = 1;
  optional string selector = 2;
}
`;
