/** The CSR signer (kubernetes.io/kube-apiserver-client …). Placeholder. */
import type { AfterWriteHook } from "../handlers/after-write";
import type { Env } from "../env";
import type { Registry } from "../../schema/registry-core";

export const csrSigningAfterWrite: AfterWriteHook = async () => {};

export async function resyncCsrSigning(_env: Env, _registry: Registry): Promise<void> {}
