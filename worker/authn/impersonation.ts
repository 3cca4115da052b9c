/**
 * Impersonation (`kubectl --as`, `--as-group`, `--as-uid`): Impersonate-* headers replace the requester's
 * identity once the requester is authorized for the `impersonate` verb on each requested attribute.
 * Placeholder: requests carrying the headers are refused until the full implementation lands.
 */
import type { Env } from "../env";
import { forbidden } from "../errors";
import type { UserInfo } from "./user";

export async function impersonate(req: Request, user: UserInfo, _env: Env): Promise<UserInfo> {
  for (const [name] of req.headers) {
    if (name.toLowerCase().startsWith("impersonate-")) throw forbidden("impersonation is not supported yet");
  }
  return user;
}
