/**
 * Protobuf message definitions for networking.k8s.io/v1 (Ingress).
 *
 * Derived from the upstream go-to-protobuf output (`generated.proto`) in kubernetes/kubernetes
 * (staging/src/k8s.io/{api,apimachinery}/...). Copyright The Kubernetes Authors, licensed under the
 * Apache License, Version 2.0 (http://www.apache.org/licenses/LICENSE-2.0).
 * Changes from upstream: comments removed, and only the messages reachable from the kinds in
 * `../kind-registry.ts` are kept. Message names, field names and field numbers are unchanged.
 */

/** `package k8s.io.api.networking.v1` from upstream `staging/src/k8s.io/api/networking/v1/generated.proto`. */
export const NETWORKING_V1_PROTO = `
syntax = "proto2";
package k8s.io.api.networking.v1;

message HTTPIngressPath {
  optional string path = 1;
  optional string pathType = 3;
  optional IngressBackend backend = 2;
}

message HTTPIngressRuleValue {
  repeated HTTPIngressPath paths = 1;
}

message Ingress {
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta metadata = 1;
  optional IngressSpec spec = 2;
  optional IngressStatus status = 3;
}

message IngressBackend {
  optional IngressServiceBackend service = 4;
  optional .k8s.io.api.core.v1.TypedLocalObjectReference resource = 3;
}

message IngressLoadBalancerIngress {
  optional string ip = 1;
  optional string hostname = 2;
  repeated IngressPortStatus ports = 4;
}

message IngressLoadBalancerStatus {
  repeated IngressLoadBalancerIngress ingress = 1;
}

message IngressPortStatus {
  optional int32 port = 1;
  optional string protocol = 2;
  optional string error = 3;
}

message IngressRule {
  optional string host = 1;
  optional IngressRuleValue ingressRuleValue = 2;
}

message IngressRuleValue {
  optional HTTPIngressRuleValue http = 1;
}

message IngressServiceBackend {
  optional string name = 1;
  optional ServiceBackendPort port = 2;
}

message IngressSpec {
  optional string ingressClassName = 4;
  optional IngressBackend defaultBackend = 1;
  repeated IngressTLS tls = 2;
  repeated IngressRule rules = 3;
}

message IngressStatus {
  optional IngressLoadBalancerStatus loadBalancer = 1;
}

message IngressTLS {
  repeated string hosts = 1;
  optional string secretName = 2;
}

message ServiceBackendPort {
  optional string name = 1;
  optional int32 number = 2;
}
`;
