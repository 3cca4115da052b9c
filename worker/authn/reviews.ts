/** TokenReview and SelfSubjectReview (authentication.k8s.io/v1). */
import type { ReviewContext } from "../handlers/reviews";
import { ApiError } from "../errors";
import type { UserInfo } from "./user";

/** Placeholder until service-account tokens land. */
export async function tokenReviewStatus(_ctx: ReviewContext): Promise<Record<string, unknown>> {
  throw new ApiError(501, "NotImplemented", "TokenReview is not implemented yet");
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
