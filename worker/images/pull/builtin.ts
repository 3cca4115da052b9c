/**
 * Pulling from the control plane's own registry (worker/registry) without HTTP: an image whose host is one of
 * the names the caller says mean "this cluster" (the request's host, `localhost:8787`, `127.0.0.1:<port>`) is
 * read straight from the R2 layout of worker/registry/storage.ts, with the checks a remote pull makes: the
 * manifest's sha256 equals the digest asked for (or the tag's), a blob must be linked to the repository, and its
 * length and sha256 equal the descriptor's (hashed as it streams; the bytes stay in R2, the image names their
 * `blobs/sha256/<hex>` keys).
 *
 * Authorization is the registry's own rule (worker/registry/README.md): RBAC on the non-resource URL = the
 * request path with verb `get`. The caller passes `authorize(verb, path)`; the kubelet will answer it as its node
 * identity (`system:node:<name>`), so the same ClusterRole that lets a user pull `/v2/team/app/*` over HTTP
 * decides here. Denied → the registry's `denied` error, as a 403 would read.
 */
import { blobKey, isLinked, resolveTag, revisionKey } from "../../registry/storage";
import { sha256HexOfStreams } from "../../registry/streams";
import type { FetchedManifest } from "./distribution-client";
import type { Fetched } from "./errors";

/** Decides whether the puller may `verb` the registry path (RBAC on non-resource URLs). */
export type RegistryAuthorizer = (verb: string, path: string) => Promise<boolean>;

export interface BuiltinSource {
  bucket: R2Bucket;
  authorize: RegistryAuthorizer;
}

const DENIED = "pull access denied, repository does not exist or may require authorization: server message: denied: requested access to the resource is denied";
const hexOf = (digest: string) => digest.slice("sha256:".length);

/** Is `domain` (an image reference's host, with port) this cluster? Case-insensitive, as host names are. */
export function isOwnHost(domain: string, ownHosts: readonly string[]): boolean {
  const d = domain.toLowerCase();
  return ownHosts.some((h) => h.toLowerCase() === d);
}

/** A manifest by tag or digest from the built-in registry's R2 layout. */
export async function builtinManifest(src: BuiltinSource, repository: string, reference: string): Promise<Fetched<FetchedManifest>> {
  if (!(await src.authorize("get", `/v2/${repository}/manifests/${reference}`))) return { ok: false, failure: { kind: "unauthorized", stage: "resolve", detail: DENIED } };
  const hex = reference.startsWith("sha256:") ? hexOf(reference) : await resolveTag(src.bucket, repository, reference);
  const obj = hex ? await src.bucket.get(revisionKey(repository, hex)) : null;
  if (!obj) return { ok: false, failure: { kind: "not-found", stage: "resolve" } };
  const bytes = new Uint8Array(await obj.arrayBuffer());
  const got = toHexDigest(new Uint8Array(await crypto.subtle.digest("SHA-256", bytes)));
  if (got !== `sha256:${hex}`) return { ok: false, failure: { kind: "invalid", stage: "resolve", detail: `manifest ${reference}: unexpected digest ${got}, expected sha256:${hex}` } };
  return { ok: true, value: { bytes, contentType: obj.httpMetadata?.contentType ?? null, digest: got } };
}

/** A blob of the repository, verified in place; the value is its R2 key. */
export async function builtinBlob(src: BuiltinSource, repository: string, d: { digest: string; size: number }): Promise<Fetched<string>> {
  if (!(await src.authorize("get", `/v2/${repository}/blobs/${d.digest}`))) return { ok: false, failure: { kind: "unauthorized", stage: "fetch", detail: DENIED } };
  const hex = hexOf(d.digest);
  const key = blobKey(hex);
  const obj = (await isLinked(src.bucket, repository, hex)) ? await src.bucket.get(key) : null;
  if (!obj) return { ok: false, failure: { kind: "not-found", stage: "fetch", detail: `blob ${d.digest} of repository ${repository}` } };
  if (obj.size !== d.size) {
    await obj.body.cancel();
    return { ok: false, failure: { kind: "invalid", stage: "fetch", detail: `blob ${d.digest}: unexpected size ${obj.size}, expected ${d.size}` } };
  }
  const got = `sha256:${await sha256HexOfStreams((async function* () { yield obj.body; })())}`;
  if (got !== d.digest) return { ok: false, failure: { kind: "invalid", stage: "fetch", detail: `blob ${d.digest}: unexpected digest ${got}` } };
  return { ok: true, value: key };
}

const toHexDigest = (hash: Uint8Array) => `sha256:${Array.from(hash, (b) => b.toString(16).padStart(2, "0")).join("")}`;
