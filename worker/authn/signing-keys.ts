/** Service-account token signing keys (created at bootstrap, kept in the store). Placeholder. */
import type { Env } from "../env";
import type { Registry } from "../../schema/registry-core";

export async function bootstrapSigningKeys(_env: Env, _registry: Registry): Promise<void> {}
