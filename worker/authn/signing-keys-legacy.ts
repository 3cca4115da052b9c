/**
 * Migration from the previous version, which kept the signing keys in the Secret
 * `kube-system/service-account-signing-keys` (type `kube-edge/service-account-signing-keys`; one data entry per
 * private key, a JWK or a PKCS#8 PEM; the annotation `kube-edge/active-key-id` naming the signing entry or key
 * id). When the internal value is missing, the Secret's usable keys are imported once (tokens they signed keep
 * verifying), then the Secret is deleted: readers of Secrets must not hold key material.
 *
 * Like bootstrap, this reads and deletes through the store directly (there is no caller identity yet).
 */
import type { KubeObject } from "../../schema/types";
import type { Env } from "../env";
import { coreEntry, getCoreObject } from "./core-objects";
import { objectKey, storeFor } from "../storage";
import { importPrivateJwk, privateJwkOf, rfc3339, type StoredSigningKey } from "./signing-keys";

export const LEGACY_NAMESPACE = "kube-system";
export const LEGACY_SECRET = "service-account-signing-keys";
export const LEGACY_TYPE = "kube-edge/service-account-signing-keys";
export const LEGACY_ACTIVE_ANNOTATION = "kube-edge/active-key-id";

/**
 * Which entry signed in the previous version: the annotation's (matched by entry name or key id); without an
 * annotation, the only key. Pure.
 */
export function chooseActiveKey<K extends { entry: string; kid: string }>(keys: K[], annotation: string | undefined): K | { error: string } {
  if (annotation) {
    const found = keys.find((k) => k.entry === annotation) ?? keys.find((k) => k.kid === annotation);
    return found ?? { error: `the active signing key "${annotation}" (annotation ${LEGACY_ACTIVE_ANNOTATION}) is not a usable key of the secret` };
  }
  if (keys.length === 1) return keys[0];
  if (keys.length === 0) return { error: "there are no service account signing keys" };
  return { error: `several service account signing keys and no ${LEGACY_ACTIVE_ANNOTATION} annotation naming the active one` };
}

export interface LegacyImport {
  keys: StoredSigningKey[];
  active: string;
  /** The Secret's revision, for a delete that does not remove a newer edit. */
  secretRevision: number;
}

/**
 * The keys of the previous version's Secret, or undefined when there is no such Secret (of that type) or it
 * holds no usable key. Without a usable active key, the first key signs (the old cluster could not issue).
 */
export async function importLegacySecret(env: Env): Promise<LegacyImport | undefined> {
  const secret = await getCoreObject(env, "secrets", LEGACY_NAMESPACE, LEGACY_SECRET);
  if (!secret || secret.type !== LEGACY_TYPE) return undefined;
  const since = Date.parse(String(secret.metadata?.creationTimestamp ?? ""));
  const created = rfc3339(Number.isNaN(since) ? new Date() : new Date(since));
  const keys: (StoredSigningKey & { entry: string })[] = [];
  for (const [entry, value] of Object.entries((secret.data ?? {}) as Record<string, string>)) {
    try {
      const text = new TextDecoder().decode(Uint8Array.from(atob(value), (c) => c.charCodeAt(0)));
      const jwk = await privateJwkOf(text);
      const { kid } = await importPrivateJwk(jwk);
      if (!keys.some((k) => k.kid === kid)) keys.push({ entry, kid, jwk, created });
    } catch (e) {
      console.warn(`service account signing key "${entry}" of the legacy secret ignored: ${(e as Error).message}`);
    }
  }
  if (keys.length === 0) return undefined;
  const annotation = (secret.metadata?.annotations as Record<string, string> | undefined)?.[LEGACY_ACTIVE_ANNOTATION];
  const chosen = chooseActiveKey(keys, annotation);
  const active = "error" in chosen ? keys[0].kid : chosen.kid;
  return { keys: keys.map(({ kid, jwk, created }) => ({ kid, jwk, created })), active, secretRevision: revisionOf(secret) };
}

/** Deletes the Secret at the revision its keys were imported from (a concurrent migration may have done it). */
export async function deleteLegacySecret(env: Env, revision: number): Promise<void> {
  const entry = coreEntry("secrets");
  const res = await storeFor(env, entry).delete(objectKey(entry, LEGACY_NAMESPACE, LEGACY_SECRET), revision);
  if (!res.ok && res.reason !== "not_found") console.warn(`the legacy signing-keys secret was not deleted: ${res.reason}`);
}

function revisionOf(obj: KubeObject): number {
  return Number(obj.metadata?.resourceVersion);
}
