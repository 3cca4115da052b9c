/** Per-namespace defaults: the `default` ServiceAccount and the `kube-root-ca.crt` ConfigMap. Placeholder. */
import type { AfterWriteHook } from "../handlers/after-write";
import type { Env } from "../env";
import type { Registry } from "../../schema/registry-core";

export const namespaceDefaultsAfterWrite: AfterWriteHook = async () => {};

export async function bootstrapNamespaceDefaults(_env: Env, _registry: Registry): Promise<void> {}

export async function resyncNamespaceDefaults(_env: Env, _registry: Registry): Promise<void> {}
