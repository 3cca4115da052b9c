/** The Node authorizer (requests of `system:node:<name>` identities). Placeholder: no opinion. */
import type { Env } from "../env";
import type { Attributes, Decision } from "./types";

export async function nodeAuthorize(_env: Env, _a: Attributes): Promise<Decision | undefined> {
  return undefined;
}
