/**
 * Create-only review resources that are computed, never stored (upstream's "virtual" resources):
 * TokenReview, SelfSubjectReview (authentication.k8s.io/v1) and SubjectAccessReview,
 * LocalSubjectAccessReview, SelfSubjectAccessReview, SelfSubjectRulesReview (authorization.k8s.io/v1).
 * The request is authorized like any create (RBAC `create` on the review resource) before it gets here;
 * each kind's `status` computes the answer from the decoded body.
 */
import type { UserInfo } from "../authn/user";
import { decodeBody, readBody } from "../body";
import { badRequest, methodNotAllowed } from "../errors";
import type { Env } from "../env";
import type { ResourceRequest } from "../request-info";
import type { KubeObject } from "../../schema/types";
import { selfSubjectReviewStatus, tokenReviewStatus } from "../authn/reviews";
import {
  localSubjectAccessReviewStatus,
  selfSubjectAccessReviewStatus,
  selfSubjectRulesReviewStatus,
  subjectAccessReviewStatus,
} from "../authz/reviews";

export interface ReviewContext {
  env: Env;
  user: UserInfo;
  /** The namespace of the URL (LocalSubjectAccessReview). */
  namespace?: string;
  /** The decoded body (an object; its `spec` may be anything — validate it). */
  body: KubeObject;
}

export interface ReviewDef {
  group: string;
  version: string;
  resource: string;
  kind: string;
  namespaced: boolean;
  /** The review's status; throw an ApiError (422 Invalid, …) for a bad spec. May rewrite `ctx.body.spec`. */
  status(ctx: ReviewContext): Promise<KubeObject>;
}

const AUTHN = "authentication.k8s.io";
const AUTHZ = "authorization.k8s.io";

export const REVIEW_RESOURCES: ReviewDef[] = [
  { group: AUTHN, version: "v1", resource: "tokenreviews", kind: "TokenReview", namespaced: false, status: tokenReviewStatus },
  { group: AUTHN, version: "v1", resource: "selfsubjectreviews", kind: "SelfSubjectReview", namespaced: false, status: selfSubjectReviewStatus },
  { group: AUTHZ, version: "v1", resource: "localsubjectaccessreviews", kind: "LocalSubjectAccessReview", namespaced: true, status: localSubjectAccessReviewStatus },
  { group: AUTHZ, version: "v1", resource: "selfsubjectaccessreviews", kind: "SelfSubjectAccessReview", namespaced: false, status: selfSubjectAccessReviewStatus },
  { group: AUTHZ, version: "v1", resource: "selfsubjectrulesreviews", kind: "SelfSubjectRulesReview", namespaced: false, status: selfSubjectRulesReviewStatus },
  { group: AUTHZ, version: "v1", resource: "subjectaccessreviews", kind: "SubjectAccessReview", namespaced: false, status: subjectAccessReviewStatus },
];

export function reviewDef(req: ResourceRequest): ReviewDef | undefined {
  return REVIEW_RESOURCES.find((r) => r.group === req.group && r.version === req.version && r.resource === req.resource);
}

export async function handleReview(def: ReviewDef, req: ResourceRequest, request: Request, env: Env, user: UserInfo): Promise<Response> {
  if (request.method !== "POST" || req.name !== undefined || req.subresource !== undefined) {
    throw methodNotAllowed(request.method, def.group, def.resource);
  }
  if (def.namespaced !== (req.namespace !== undefined)) throw methodNotAllowed(request.method, def.group, def.resource);
  const body = decodeBody(await readBody(request), request.headers.get("content-type")).value ?? {};
  if (typeof body !== "object" || Array.isArray(body)) throw badRequest("invalid review body");
  const ctx: ReviewContext = { env, user, namespace: req.namespace, body };
  const status = await def.status(ctx);
  const out = {
    ...ctx.body,
    kind: def.kind,
    apiVersion: `${def.group}/${def.version}`,
    metadata: { ...(ctx.body.metadata ?? {}), creationTimestamp: null },
    status,
  };
  return new Response(JSON.stringify(out), { status: 201, headers: { "Content-Type": "application/json" } });
}
