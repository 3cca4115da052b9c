/** Upstream's bootstrap RBAC policy, reconciled at bootstrap. Placeholder. */
import type { Env } from "../env";
import type { Registry } from "../../schema/registry-core";

export async function bootstrapRbacPolicy(_env: Env, _registry: Registry): Promise<void> {}
