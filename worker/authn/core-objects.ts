/**
 * Reads of core/v1 objects for service-account tokens (the service account, the bound pod, secret or node).
 * Upstream's token getters read storage directly, without authorization; so do these.
 */
import { registry } from "../../schema/registry";
import type { ResourceEntry } from "../../schema/registry-core";
import type { KubeObject } from "../../schema/types";
import type { Env } from "../env";
import { objectKey, storeFor } from "../storage";

export type CoreResource = "serviceaccounts" | "pods" | "secrets" | "nodes";

export function coreEntry(resource: CoreResource): ResourceEntry {
  return registry.lookup("", "v1", resource)!;
}

/** The stored object, or undefined when there is none. */
export async function getCoreObject(
  env: Env,
  resource: CoreResource,
  namespace: string | undefined,
  name: string,
): Promise<KubeObject | undefined> {
  const entry = coreEntry(resource);
  const res = await storeFor(env, entry).get(objectKey(entry, namespace, name));
  return res.ok ? (JSON.parse(res.value) as KubeObject) : undefined;
}
