/**
 * Service-account token signing keys (kube-apiserver's `--service-account-key-file` and
 * `--service-account-signing-key-file`, kept in the cluster instead of on disk).
 *
 * They live in the Secret `kube-system/service-account-signing-keys` of type
 * `kube-edge/service-account-signing-keys`: one data entry per RS256 private key (a JWK as JSON, or a PKCS#8 PEM),
 * named by its key id for the keys made here. Every key in the Secret verifies tokens and is published in the
 * JWKS; the one named by the annotation `kube-edge/active-key-id` (an entry name or a key id) signs new tokens.
 * Rotation is a kubectl edit of that Secret (README.md beside this file).
 *
 * The key id is upstream's keyIDFromPublicKey: base64url(SHA-256(DER SubjectPublicKeyInfo)), whatever the entry
 * is named. Imported keys are cached per isolate for as long as the Secret's uid and resourceVersion stay the same.
 */
import type { JWK } from "jose";
import { loadJose } from "./jose";
import type { Registry } from "../../schema/registry-core";
import type { KubeObject } from "../../schema/types";
import type { Env } from "../env";
import { encodeForStore, objectKey, storeFor } from "../storage";
import { coreEntry } from "./core-objects";

export const SIGNING_KEYS_NAMESPACE = "kube-system";
export const SIGNING_KEYS_SECRET = "service-account-signing-keys";
export const SIGNING_KEYS_TYPE = "kube-edge/service-account-signing-keys";
export const ACTIVE_KEY_ANNOTATION = "kube-edge/active-key-id";
export const SIGNING_ALG = "RS256";

export interface SigningKey {
  /** The Secret's data entry holding the key. */
  entry: string;
  kid: string;
  /** The public half as a JWK (`kty`, `n`, `e`). */
  publicJwk: JWK;
  publicKey: CryptoKey;
  privateKey: CryptoKey;
}

export interface Keyring {
  /** Every usable key, in the Secret's entry order. */
  keys: SigningKey[];
  /** The key that signs new tokens, or why there is none. */
  active: SigningKey | { error: string };
}

/** upstream keyIDFromPublicKey: base64url(SHA-256(DER SubjectPublicKeyInfo)) without padding. */
export async function keyIdOf(publicKey: CryptoKey): Promise<string> {
  const spki = (await crypto.subtle.exportKey("spki", publicKey)) as ArrayBuffer;
  return base64urlOf(new Uint8Array(await crypto.subtle.digest("SHA-256", spki)));
}

function base64urlOf(bytes: Uint8Array): string {
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/**
 * Which entry signs: the annotation's (matched by entry name or key id); without an annotation, the only key.
 * Pure, for table tests.
 */
export function chooseActiveKey<K extends { entry: string; kid: string }>(keys: K[], annotation: string | undefined): K | { error: string } {
  if (annotation) {
    const found = keys.find((k) => k.entry === annotation) ?? keys.find((k) => k.kid === annotation);
    return found ?? { error: `the active signing key "${annotation}" (annotation ${ACTIVE_KEY_ANNOTATION}) is not a usable key of the secret` };
  }
  if (keys.length === 1) return keys[0];
  if (keys.length === 0) return { error: "there are no service account signing keys" };
  return { error: `several service account signing keys and no ${ACTIVE_KEY_ANNOTATION} annotation naming the active one` };
}

/** A data entry's text: a private RSA JWK (JSON) or a PKCS#8 PEM. Pure. */
export function parseKeyEntry(text: string): { jwk: JWK } | { pem: string } | { error: string } {
  const t = text.trim();
  if (t.startsWith("-----BEGIN PRIVATE KEY-----")) return { pem: t };
  if (!t.startsWith("{")) return { error: "neither a JWK nor a PKCS#8 PEM private key" };
  let jwk: JWK;
  try {
    jwk = JSON.parse(t);
  } catch {
    return { error: "invalid JWK JSON" };
  }
  if (jwk.kty !== "RSA" || typeof jwk.n !== "string" || typeof jwk.e !== "string" || typeof jwk.d !== "string") {
    return { error: "not a private RSA JWK" };
  }
  return { jwk };
}

/** Imports one entry (private and public halves) and derives its key id. */
export async function importSigningKey(entry: string, text: string): Promise<SigningKey> {
  const parsed = parseKeyEntry(text);
  if ("error" in parsed) throw new Error(parsed.error);
  const { exportJWK, importJWK, importPKCS8 } = await loadJose();
  let privateJwk: JWK;
  let privateKey: CryptoKey;
  if ("pem" in parsed) {
    privateKey = await importPKCS8(parsed.pem, SIGNING_ALG, { extractable: true });
    privateJwk = await exportJWK(privateKey);
  } else {
    privateJwk = parsed.jwk;
    privateKey = (await importJWK(rsaPrivateParts(privateJwk), SIGNING_ALG)) as CryptoKey;
  }
  const publicJwk: JWK = { kty: "RSA", n: privateJwk.n, e: privateJwk.e };
  const publicKey = (await importJWK(publicJwk, SIGNING_ALG, { extractable: true })) as CryptoKey;
  return { entry, kid: await keyIdOf(publicKey), publicJwk, publicKey, privateKey };
}

/** The RSA parameters of a private JWK (no `key_ops`/`ext` that could contradict the usage asked for). */
function rsaPrivateParts(jwk: JWK): JWK {
  const { kty, n, e, d, p, q, dp, dq, qi } = jwk;
  return { kty, n, e, d, p, q, dp, dq, qi };
}

/** A new RS256 key pair as a private JWK carrying its key id. */
export async function generateSigningKey(): Promise<{ kid: string; jwk: JWK }> {
  // WebCrypto directly (not jose): bootstrap of a fresh cluster should not load the JOSE library.
  const algorithm = { name: "RSASSA-PKCS1-v1_5", modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: "SHA-256" };
  const { privateKey, publicKey } = (await crypto.subtle.generateKey(algorithm, true, ["sign", "verify"])) as CryptoKeyPair;
  const kid = await keyIdOf(publicKey);
  const jwk = rsaPrivateParts((await crypto.subtle.exportKey("jwk", privateKey)) as JWK);
  return { kid, jwk: { ...jwk, kid, alg: SIGNING_ALG, use: "sig" } };
}

/** The signing-keys Secret holding `keys`, the first one active. Pure. */
export function signingKeysSecret(keys: { kid: string; jwk: JWK }[], uid: string, now: Date): KubeObject {
  const data: Record<string, string> = {};
  for (const k of keys) data[k.kid] = btoa(JSON.stringify(k.jwk));
  return {
    kind: "Secret",
    apiVersion: "v1",
    metadata: {
      name: SIGNING_KEYS_SECRET,
      namespace: SIGNING_KEYS_NAMESPACE,
      uid,
      creationTimestamp: now.toISOString().replace(/\.\d{3}Z$/, "Z"),
      annotations: { [ACTIVE_KEY_ANNOTATION]: keys[0].kid },
    },
    type: SIGNING_KEYS_TYPE,
    data,
  };
}

/**
 * The stored signing-keys Secret, created with one new key when missing. Isolates may race: the create is the
 * claim, and the loser of an "exists" reads the winner's Secret.
 */
async function ensureSigningKeysSecret(env: Env): Promise<KubeObject> {
  const entry = coreEntry("secrets");
  const store = storeFor(env, entry);
  const key = objectKey(entry, SIGNING_KEYS_NAMESPACE, SIGNING_KEYS_SECRET);
  const current = await store.get(key);
  if (current.ok) return JSON.parse(current.value);
  const secret = signingKeysSecret([await generateSigningKey()], crypto.randomUUID(), new Date());
  const created = await store.create(key, encodeForStore(secret));
  if (created.ok) return JSON.parse(created.value);
  const reread = await store.get(key);
  if (reread.ok) return JSON.parse(reread.value);
  throw new Error(`cannot create the service account signing keys: ${created.reason}`);
}

/** BOOTSTRAP_STEPS: the first signing key exists before anything asks for a token. */
export async function bootstrapSigningKeys(env: Env, _registry: Registry): Promise<void> {
  await ensureSigningKeysSecret(env);
}

async function keyringOf(secret: KubeObject): Promise<Keyring> {
  const keys: SigningKey[] = [];
  for (const [entry, value] of Object.entries((secret.data ?? {}) as Record<string, string>)) {
    try {
      keys.push(await importSigningKey(entry, new TextDecoder().decode(base64Decode(value))));
    } catch (e) {
      console.warn(`service account signing key "${entry}" ignored: ${(e as Error).message}`);
    }
  }
  const annotation = (secret.metadata?.annotations as Record<string, string> | undefined)?.[ACTIVE_KEY_ANNOTATION];
  return { keys, active: chooseActiveKey(keys, annotation) };
}

function base64Decode(s: string): Uint8Array {
  return Uint8Array.from(atob(s), (c) => c.charCodeAt(0));
}

let cached: { stamp: string; ring: Promise<Keyring> } | undefined;

/**
 * The current keys: one store read, then the imported keys of this isolate unless the Secret changed (its uid
 * or resourceVersion differ). A deleted Secret is re-created with a new key (old tokens stop verifying).
 */
export async function loadKeyring(env: Env): Promise<Keyring> {
  const secret = await ensureSigningKeysSecret(env);
  const stamp = `${secret.metadata?.uid}/${secret.metadata?.resourceVersion}`;
  if (cached?.stamp !== stamp) {
    const ring = keyringOf(secret);
    cached = { stamp, ring };
    ring.catch(() => {
      if (cached?.ring === ring) cached = undefined;
    });
  }
  return cached.ring;
}
