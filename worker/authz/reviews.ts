/** SubjectAccessReview, LocalSubjectAccessReview, SelfSubjectAccessReview, SelfSubjectRulesReview. */
import type { ReviewContext } from "../handlers/reviews";
import { ApiError } from "../errors";
import { isMaster } from "../authn/user";

const notYet = () => new ApiError(501, "NotImplemented", "this review is not implemented yet");

export async function subjectAccessReviewStatus(_ctx: ReviewContext): Promise<Record<string, unknown>> {
  throw notYet();
}

export async function localSubjectAccessReviewStatus(_ctx: ReviewContext): Promise<Record<string, unknown>> {
  throw notYet();
}

/** Placeholder: masters are allowed; RBAC evaluation replaces this. */
export async function selfSubjectAccessReviewStatus(ctx: ReviewContext): Promise<Record<string, unknown>> {
  return isMaster(ctx.user) ? { allowed: true } : { allowed: false };
}

export async function selfSubjectRulesReviewStatus(ctx: ReviewContext): Promise<Record<string, unknown>> {
  if (!isMaster(ctx.user)) throw notYet();
  return {
    resourceRules: [{ verbs: ["*"], apiGroups: ["*"], resources: ["*"] }],
    nonResourceRules: [{ verbs: ["*"], nonResourceURLs: ["*"] }],
    incomplete: false,
  };
}
