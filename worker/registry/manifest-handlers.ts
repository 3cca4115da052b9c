/**
 * Manifests (spec end-3, end-7, end-9): GET / HEAD / PUT / DELETE `/v2/<name>/manifests/<tag|digest>`.
 *
 * PUT stores the exact bytes after checking them (manifest.ts), that every blob an image manifest references
 * is linked to the repository and every manifest an index references is stored in it (else 400
 * MANIFEST_BLOB_UNKNOWN), and that a digest reference equals the body's sha256 (else DIGEST_INVALID); a tag
 * reference then points at that digest. GET / HEAD answer the stored bytes with the stored Content-Type (no
 * conversion by Accept). DELETE by digest removes the manifest and the tags pointing at it; by tag, the tag.
 */
import { contentLength, type RegistryRequest } from "./context";
import { digestInvalid, manifestBlobUnknown, manifestTooLarge, manifestUnknown, registryResponse, RegistryError } from "./errors";
import { MANIFEST_MAX_BYTES, parseManifest } from "./manifest";
import { parseReference, type Reference } from "./names";
import { manifestPath } from "./routes";
import { deleteManifest, isLinked, putManifest, putTag, resolveTag, revisionKey, tagKey } from "./storage";
import { readLimited, sha256Hex } from "./streams";

function requireReference(reference: string): Exclude<Reference, { kind: "invalid" }> {
  const ref = parseReference(reference);
  if (ref.kind !== "invalid") return ref;
  throw new RegistryError(400, ref.code, ref.reason, ref.code === "TAG_INVALID" ? { tag: reference } : { digest: reference });
}

/** The digest hex a reference names (a tag resolved), or MANIFEST_UNKNOWN. */
async function resolve(r: RegistryRequest, name: string, reference: string): Promise<string> {
  const ref = requireReference(reference);
  const hex = ref.kind === "digest" ? ref.digest.hex : await resolveTag(r.bucket, name, ref.tag);
  if (hex === undefined) throw manifestUnknown(reference);
  return hex;
}

export async function getManifest(r: RegistryRequest, name: string, reference: string): Promise<Response> {
  const hex = await resolve(r, name, reference);
  const key = revisionKey(name, hex);
  const obj = r.request.method === "HEAD" ? await r.bucket.head(key) : await r.bucket.get(key);
  if (!obj) throw manifestUnknown(reference);
  const digest = `sha256:${hex}`;
  return registryResponse(isObjectBody(obj) ? obj.body : null, 200, {
    "Content-Type": obj.httpMetadata?.contentType ?? "application/octet-stream",
    "Content-Length": String(obj.size),
    "Docker-Content-Digest": digest,
    ETag: `"${digest}"`,
  });
}

export async function putManifestHandler(r: RegistryRequest, name: string, reference: string): Promise<Response> {
  const ref = requireReference(reference);
  const declared = contentLength(r.request);
  if (declared !== undefined && declared > MANIFEST_MAX_BYTES) throw manifestTooLarge(MANIFEST_MAX_BYTES);
  const bytes = await readLimited(r.request.body, MANIFEST_MAX_BYTES);
  if (!bytes) throw manifestTooLarge(MANIFEST_MAX_BYTES);
  const hex = await sha256Hex(bytes);
  const digest = `sha256:${hex}`;
  if (ref.kind === "digest" && ref.digest.hex !== hex) {
    throw digestInvalid(`expected ${ref.digest.digest}, got ${digest}`, { digest: ref.digest.digest });
  }
  const manifest = parseManifest(bytes, r.request.headers.get("content-type"));
  const [blobs, manifests] = await Promise.all([
    Promise.all(manifest.blobs.map(async (d) => ((await isLinked(r.bucket, name, d.slice(7))) ? undefined : d))),
    Promise.all(manifest.manifests.map(async (d) => ((await r.bucket.head(revisionKey(name, d.slice(7)))) ? undefined : d))),
  ]);
  const missing = [...blobs, ...manifests].find((d) => d !== undefined);
  if (missing) throw manifestBlobUnknown(missing);
  await putManifest(r.bucket, name, hex, bytes, manifest.mediaType);
  if (ref.kind === "tag") await putTag(r.bucket, name, ref.tag, digest);
  return registryResponse(null, 201, { Location: manifestPath(name, digest), "Docker-Content-Digest": digest, "Content-Length": "0" });
}

export async function deleteManifestHandler(r: RegistryRequest, name: string, reference: string): Promise<Response> {
  const ref = requireReference(reference);
  if (ref.kind === "tag") {
    if ((await resolveTag(r.bucket, name, ref.tag)) === undefined) throw manifestUnknown(reference);
    await r.bucket.delete(tagKey(name, ref.tag));
  } else {
    if (!(await r.bucket.head(revisionKey(name, ref.digest.hex)))) throw manifestUnknown(reference);
    await deleteManifest(r.bucket, name, ref.digest.digest, ref.digest.hex);
  }
  return registryResponse(null, 202, { "Content-Length": "0" });
}

const isObjectBody = (obj: R2Object): obj is R2ObjectBody => "body" in obj;
