/**
 * Create-only review resources that are computed, never stored: SelfSubjectAccessReview,
 * SelfSubjectRulesReview (authorization.k8s.io/v1) and SelfSubjectReview (authentication.k8s.io/v1).
 * With only the cluster-admin identity at this stage every access review is allowed; RBAC evaluation
 * replaces this when authorization lands.
 */
import type { UserInfo } from "../auth";
import { decodeBody, readBody } from "../body";
import { badRequest, methodNotAllowed } from "../errors";
import type { ResourceRequest } from "../request-info";

export const REVIEW_RESOURCES = [
  { group: "authorization.k8s.io", version: "v1", resource: "selfsubjectaccessreviews", kind: "SelfSubjectAccessReview" },
  { group: "authorization.k8s.io", version: "v1", resource: "selfsubjectrulesreviews", kind: "SelfSubjectRulesReview" },
  { group: "authentication.k8s.io", version: "v1", resource: "selfsubjectreviews", kind: "SelfSubjectReview" },
];

export function reviewHandler(req: ResourceRequest, request: Request, user: UserInfo): Promise<Response> | undefined {
  const def = REVIEW_RESOURCES.find((r) => r.group === req.group && r.version === req.version && r.resource === req.resource);
  if (!def) return undefined;
  return (async () => {
    if (request.method !== "POST" || req.name !== undefined) throw methodNotAllowed(request.method, def.group, def.resource);
    const body = decodeBody(await readBody(request), request.headers.get("content-type")).value ?? {};
    if (typeof body !== "object") throw badRequest("invalid review body");
    const out = {
      ...body,
      kind: def.kind,
      apiVersion: `${def.group}/${def.version}`,
      metadata: { ...(body.metadata ?? {}), creationTimestamp: null },
      status: statusFor(def.resource, body, user),
    };
    return new Response(JSON.stringify(out), { status: 201, headers: { "Content-Type": "application/json" } });
  })();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function statusFor(resource: string, body: any, user: UserInfo) {
  switch (resource) {
    case "selfsubjectaccessreviews":
      return { allowed: true, reason: "the cluster-admin token is in group system:masters" };
    case "selfsubjectrulesreviews":
      return {
        resourceRules: [{ verbs: ["*"], apiGroups: ["*"], resources: ["*"] }],
        nonResourceRules: [{ verbs: ["*"], nonResourceURLs: ["*"] }],
        incomplete: false,
      };
    default:
      return { userInfo: { username: user.username, ...(user.uid ? { uid: user.uid } : {}), groups: user.groups, ...(user.extra ? { extra: user.extra } : {}) } };
  }
}
