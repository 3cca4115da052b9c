/** ResourceQuota admission and usage. Placeholder. */
import type { AdmissionPlugin } from "./plugins";
import type { AfterWriteHook } from "../handlers/after-write";
import type { Env } from "../env";
import type { Registry } from "../../schema/registry-core";

export const ResourceQuota: AdmissionPlugin = { name: "ResourceQuota" };

export const quotaAfterWrite: AfterWriteHook = async () => {};

export async function resyncQuotas(_env: Env, _registry: Registry): Promise<void> {}
