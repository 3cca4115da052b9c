/**
 * Protobuf message definitions for certificates.k8s.io/v1 (CertificateSigningRequest, which
 * `kubectl certificate approve|deny` PUTs to the `approval` subresource through a typed client).
 *
 * Derived from the upstream go-to-protobuf output (`generated.proto`) in kubernetes/kubernetes
 * (staging/src/k8s.io/api/certificates/v1). Copyright The Kubernetes Authors, licensed under the
 * Apache License, Version 2.0 (http://www.apache.org/licenses/LICENSE-2.0).
 * Changes from upstream: comments removed, and only the messages reachable from the kinds in
 * `../kind-registry.ts` are kept. Message names, field names and field numbers are unchanged.
 */

/** `package k8s.io.api.certificates.v1` from upstream `staging/src/k8s.io/api/certificates/v1/generated.proto`. */
export const CERTIFICATES_V1_PROTO = `
syntax = "proto2";
package k8s.io.api.certificates.v1;

message CertificateSigningRequest {
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta metadata = 1;
  optional CertificateSigningRequestSpec spec = 2;
  optional CertificateSigningRequestStatus status = 3;
}

message CertificateSigningRequestCondition {
  optional string type = 1;
  optional string status = 6;
  optional string reason = 2;
  optional string message = 3;
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.Time lastUpdateTime = 4;
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.Time lastTransitionTime = 5;
}

message CertificateSigningRequestSpec {
  optional bytes request = 1;
  optional string signerName = 7;
  optional int32 expirationSeconds = 8;
  repeated string usages = 5;
  optional string username = 2;
  optional string uid = 3;
  repeated string groups = 4;
  map<string, ExtraValue> extra = 6;
}

message CertificateSigningRequestStatus {
  repeated CertificateSigningRequestCondition conditions = 1;
  optional bytes certificate = 2;
}

message ExtraValue {
  repeated string items = 1;
}
`;
