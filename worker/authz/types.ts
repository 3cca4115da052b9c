/**
 * What an authorizer decides on (k8s.io/apiserver/pkg/authorization/authorizer.Attributes) and its answer.
 */
import type { UserInfo } from "../authn/user";

export interface Attributes {
  user: UserInfo;
  /** RBAC's verb: get, list, watch, create, update, patch, delete, deletecollection, impersonate, bind, escalate,
   * approve, sign, use, …; for non-resource requests the lower-cased HTTP method (`get`, `post`, …). */
  verb: string;
  /** True for `/api/...` and `/apis/...` resource paths; false for everything else (non-resource URLs). */
  resourceRequest: boolean;
  /** Resource requests: the API group ("" for core), version, resource, subresource, namespace and name. */
  apiGroup?: string;
  apiVersion?: string;
  resource?: string;
  subresource?: string;
  namespace?: string;
  name?: string;
  /** A list/watch's raw `fieldSelector` (the Node authorizer lets kubelets list pods selected by spec.nodeName). */
  fieldSelector?: string;
  /** Non-resource requests: the URL path. */
  path?: string;
}

/** An authorizer's decision. `reason` explains an allow (for reviews) or is appended to a 403's message. */
export interface Decision {
  allowed: boolean;
  reason: string;
  /** Errors met while evaluating (a binding to a missing role, …); reported by reviews as evaluationError. */
  evaluationError?: string;
}
