/**
 * Service-account token signing keys (kube-apiserver's `--service-account-key-file` and
 * `--service-account-signing-key-file`), kept in the cluster's store but outside the API.
 *
 * Upstream's key is a file on the control-plane host: reading Secrets never lets anyone mint tokens. Here the
 * keys are one internal store value, `/internal/serviceaccount-signing-keys` in the `main` shard. No API path
 * can address it: every key the API builds is `/<storageGroup|core>/<storageResource>/…` (worker/storage.ts)
 * from a registry entry, no registry group is `internal` (and API group names need a dot), and store keys are
 * compared as strings, so no name can climb out of its prefix. Nothing lists or watches a whole shard: every
 * list/watch/listIfChanged prefix is a resource's (or the RBAC group's). Admins see the public halves and
 * rotate through `/admin/serviceaccount-signing-keys` (admin-routes.ts); private keys never leave the server.
 *
 * The value (SigningKeysDocument) is JSON with a `metadata.resourceVersion` the store fills in, as every value:
 * `{"metadata":{"resourceVersion":"12"},"active":"<kid>","keys":[{"kid":…,"jwk":{private RSA JWK},"created":…}]}`.
 * Every key verifies tokens and is published in the JWKS; `active` signs new ones. The key id is upstream's
 * keyIDFromPublicKey: base64url(SHA-256(DER SubjectPublicKeyInfo)). Imported keys are cached per isolate for
 * as long as the value's revision stays the same (one store GET per use).
 */
import type { JWK } from "jose";
import { loadJose } from "./jose";
import type { Registry } from "../../schema/registry-core";
import type { Env } from "../env";
import { encodeForStore, shardStub } from "../storage";

export const SIGNING_KEYS_SHARD = "main";
export const SIGNING_KEYS_KEY = "/internal/serviceaccount-signing-keys";
export const SIGNING_ALG = "RS256";

/** One key as stored: the private JWK, its key id and when it was made (RFC 3339). */
export interface StoredSigningKey {
  kid: string;
  jwk: JWK;
  created: string;
}

/** The stored value. */
export interface SigningKeysDocument {
  metadata: { resourceVersion?: string };
  /** The key id that signs new tokens. */
  active: string;
  keys: StoredSigningKey[];
}

/** The stored value and the revision it was read (or written) at. */
export interface StoredSigningKeys {
  doc: SigningKeysDocument;
  revision: number;
}

export interface SigningKey {
  kid: string;
  /** The public half as a JWK (`kty`, `n`, `e`). */
  publicJwk: JWK;
  publicKey: CryptoKey;
  privateKey: CryptoKey;
}

export interface Keyring {
  /** Every usable key, in stored order. */
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

/** A key's text: a private RSA JWK (JSON) or a PKCS#8 PEM (as openssl writes one). Pure. */
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

/** The private JWK of a key's text (a PEM is imported and exported as a JWK). */
export async function privateJwkOf(text: string): Promise<JWK> {
  const parsed = parseKeyEntry(text);
  if ("error" in parsed) throw new Error(parsed.error);
  if ("jwk" in parsed) return rsaPrivateParts(parsed.jwk);
  const { exportJWK, importPKCS8 } = await loadJose();
  return rsaPrivateParts(await exportJWK(await importPKCS8(parsed.pem, SIGNING_ALG, { extractable: true })));
}

/** Imports a private JWK (private and public halves) and derives its key id. */
export async function importPrivateJwk(jwk: JWK): Promise<SigningKey> {
  const { importJWK } = await loadJose();
  const privateKey = (await importJWK(rsaPrivateParts(jwk), SIGNING_ALG)) as CryptoKey;
  const publicJwk: JWK = { kty: "RSA", n: jwk.n, e: jwk.e };
  const publicKey = (await importJWK(publicJwk, SIGNING_ALG, { extractable: true })) as CryptoKey;
  return { kid: await keyIdOf(publicKey), publicJwk, publicKey, privateKey };
}

/** Imports a key's text (JWK or PKCS#8 PEM). */
export async function importSigningKey(text: string): Promise<SigningKey> {
  return importPrivateJwk(await privateJwkOf(text));
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

/** A new key, ready to store. */
export async function newStoredSigningKey(now: Date): Promise<StoredSigningKey> {
  const { kid, jwk } = await generateSigningKey();
  return { kid, jwk, created: rfc3339(now) };
}

export function rfc3339(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** The value holding `keys`, `active` signing (the first key when not given). Pure. */
export function signingKeysDocument(keys: StoredSigningKey[], active = keys[0]?.kid ?? ""): SigningKeysDocument {
  return { metadata: {}, active, keys };
}

/** The stored value, or undefined when there is none. */
export async function readSigningKeys(env: Env): Promise<StoredSigningKeys | undefined> {
  const res = await shardStub(env, SIGNING_KEYS_SHARD).get(SIGNING_KEYS_KEY);
  return res.ok ? { doc: JSON.parse(res.value), revision: res.revision } : undefined;
}

/** Compare-and-swap write of a new value; undefined when it changed since `expectedRevision` (or is gone). */
export async function updateSigningKeys(env: Env, doc: SigningKeysDocument, expectedRevision: number): Promise<StoredSigningKeys | undefined> {
  const res = await shardStub(env, SIGNING_KEYS_SHARD).update(SIGNING_KEYS_KEY, encodeForStore({ ...doc }), expectedRevision);
  return res.ok ? { doc: JSON.parse(res.value), revision: res.revision } : undefined;
}

/**
 * The stored keys, created with one new key when missing. Isolates may race: the create is the claim, and the
 * loser of an "exists" reads the winner's value.
 */
export async function ensureSigningKeys(env: Env): Promise<StoredSigningKeys> {
  const current = await readSigningKeys(env);
  if (current) return current;
  const doc = signingKeysDocument([await newStoredSigningKey(new Date())]);
  const stub = shardStub(env, SIGNING_KEYS_SHARD);
  const created = await stub.create(SIGNING_KEYS_KEY, encodeForStore({ ...doc }));
  const stored = created.ok ? { doc: JSON.parse(created.value), revision: created.revision } : await readSigningKeys(env);
  if (!stored) throw new Error(`cannot create the service account signing keys: ${created.ok ? "not_found" : created.reason}`);
  return stored;
}

/** BOOTSTRAP_STEPS: the first signing key exists before anything asks for a token. */
export async function bootstrapSigningKeys(env: Env, _registry: Registry): Promise<void> {
  await ensureSigningKeys(env);
}

/** Imports the stored keys; a key that does not import is skipped (and logged), as a bad key file would be. */
async function keyringOf(doc: SigningKeysDocument): Promise<Keyring> {
  const keys: SigningKey[] = [];
  for (const stored of doc.keys ?? []) {
    try {
      keys.push(await importPrivateJwk(stored.jwk));
    } catch (e) {
      console.warn(`service account signing key "${stored.kid}" ignored: ${(e as Error).message}`);
    }
  }
  const active = keys.find((k) => k.kid === doc.active);
  return { keys, active: active ?? { error: `the active service account signing key "${doc.active}" is not a usable key` } };
}

let cached: { revision: number; ring: Promise<Keyring> } | undefined;

/**
 * The current keys: one store read, then the imported keys of this isolate unless the value changed (store
 * revisions are never reused, so an equal revision is the same value).
 */
export async function loadKeyring(env: Env): Promise<Keyring> {
  const stored = (await readSigningKeys(env)) ?? (await ensureSigningKeys(env));
  if (cached?.revision !== stored.revision) {
    const ring = keyringOf(stored.doc);
    cached = { revision: stored.revision, ring };
    ring.catch(() => {
      if (cached?.ring === ring) cached = undefined;
    });
  }
  return cached.ring;
}
