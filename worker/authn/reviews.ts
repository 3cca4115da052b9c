/** TokenReview and SelfSubjectReview (authentication.k8s.io/v1). */
import type { ReviewContext } from "../handlers/reviews";
import { ApiError, badRequest, internalError } from "../errors";
import { apiAudiences, authenticateToken, intersectAudiences } from "./authenticate";
import type { UserInfo } from "./user";

/**
 * TokenReview (pkg/registry/authentication/tokenreview): `spec.token` authenticated for `spec.audiences`
 * (default: the API audiences) by the token authenticators. A rejected token is a 201 with `authenticated`
 * unset and `error` set; only a missing token is refused (400).
 */
export async function tokenReviewStatus(ctx: ReviewContext): Promise<Record<string, unknown>> {
  const spec = ctx.body.spec ?? {};
  if (typeof spec !== "object" || Array.isArray(spec)) throw reviewTypeError("spec", "object");
  if (spec.token !== undefined && spec.token !== null && typeof spec.token !== "string") throw reviewTypeError("spec.token", "string");
  const given = spec.audiences ?? [];
  if (!Array.isArray(given) || given.some((a: unknown) => typeof a !== "string")) throw reviewTypeError("spec.audiences", "[]string");
  if (!spec.token) throw badRequest("token is required for TokenReview in authentication");
  const audiences: string[] = given.length ? given : apiAudiences(ctx.env);
  const r = await authenticateToken(ctx.env, spec.token, audiences);
  if ("error" in r) return { user: {}, error: r.error };
  if (intersectAudiences(audiences, r.audiences).length === 0) throw internalError("error validating audience");
  return { authenticated: true, user: userInfoOf(r.user), audiences: r.audiences };
}

function reviewTypeError(field: string, type: string): ApiError {
  return badRequest(`TokenReview in version "v1" cannot be handled as a TokenReview: json: cannot unmarshal into Go struct field ${field} of type ${type}`);
}

export async function selfSubjectReviewStatus(ctx: ReviewContext) {
  return { userInfo: userInfoOf(ctx.user) };
}

/** authenticationv1.UserInfo of a user (fields omitted when empty). */
export function userInfoOf(user: UserInfo) {
  return {
    username: user.username,
    ...(user.uid ? { uid: user.uid } : {}),
    groups: user.groups,
    ...(user.extra && Object.keys(user.extra).length ? { extra: user.extra } : {}),
  };
}
