/** What a registry handler is given: the request, the bucket, and who is asking (authenticated, authorized). */
import type { UserInfo } from "../authn/user";
import type { Env } from "../env";

export interface RegistryRequest {
  request: Request;
  url: URL;
  env: Env;
  bucket: R2Bucket;
  user: UserInfo;
}

/** The request body's declared length, when it has a valid one. */
export function contentLength(request: Request): number | undefined {
  const v = request.headers.get("content-length");
  return v !== null && /^\d{1,15}$/.test(v) ? Number(v) : undefined;
}
