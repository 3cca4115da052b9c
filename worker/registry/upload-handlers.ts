/**
 * Pushing blobs (spec end-4a/4b, end-5, end-6, end-11, end-13 and GET/DELETE of an upload):
 *
 * - `POST …/blobs/uploads/?digest=<d>` with the blob as body: monolithic upload → 201;
 * - `POST …/blobs/uploads/?mount=<d>&from=<repo>`: 201 when the blob is linked to `from` and the caller may
 *   pull from it; otherwise, as the spec allows, a new session (202) the client uploads into;
 * - `POST …/blobs/uploads/` → 202 with the session's `Location`, `Docker-Upload-UUID` and `Range`;
 * - `PATCH <location>`: a chunk. With `Content-Range` it must start where the upload ends, else 416 with the
 *   `Range` to resume from; a `Content-Length` must match its range;
 * - `PUT <location>?digest=<d>` with an optional last chunk: verifies and stores the blob → 201;
 * - `GET <location>` → 204 with the progress `Range`; `DELETE <location>` cancels → 204.
 */
import { allowed } from "./auth";
import { requireDigest } from "./blob-handlers";
import { contentLength, type RegistryRequest } from "./context";
import { blobUploadInvalid, blobUploadUnknown, digestInvalid, rangeInvalid, registryResponse } from "./errors";
import { isRepositoryName, isUploadId, type Sha256Digest } from "./names";
import { parseContentRange, uploadRange } from "./ranges";
import { blobPath, uploadPath } from "./routes";
import { isLinked, linkBlob } from "./storage";
import { appendToUpload, completeBlob, deleteUpload, startUpload, uploadState, type UploadState } from "./uploads";

function sessionHeaders(name: string, id: string, size: number): Record<string, string> {
  return { Location: uploadPath(name, id), Range: uploadRange(size), "Docker-Upload-UUID": id, "Content-Length": "0" };
}

function blobCreated(name: string, digest: Sha256Digest): Response {
  return registryResponse(null, 201, { Location: blobPath(name, digest.digest), "Docker-Content-Digest": digest.digest, "Content-Length": "0" });
}

export async function postUpload(r: RegistryRequest, name: string): Promise<Response> {
  const query = r.url.searchParams;
  const mount = query.get("mount");
  if (mount !== null) {
    const digest = requireDigest(mount);
    if (await mountBlob(r, name, digest, query.get("from"))) return blobCreated(name, digest);
  } else if (query.get("digest") !== null) {
    const digest = requireDigest(query.get("digest")!);
    // A session of its own for the parts of a large body; never listed, removed when done.
    await completeBlob(r.bucket, name, crypto.randomUUID(), digest, r.request.body, contentLength(r.request));
    return blobCreated(name, digest);
  }
  const id = await startUpload(r.bucket, name);
  return registryResponse(null, 202, sessionHeaders(name, id, 0));
}

/** Links a blob of `from` into `name` when the caller may pull it from there; false when not. */
async function mountBlob(r: RegistryRequest, name: string, digest: Sha256Digest, from: string | null): Promise<boolean> {
  if (from === null || !isRepositoryName(from)) return false;
  if (!(await allowed(r.env, r.user, "GET", blobPath(from, digest.digest)))) return false;
  if (!(await isLinked(r.bucket, from, digest.hex))) return false;
  await linkBlob(r.bucket, name, digest.hex);
  return true;
}

async function requireSession(r: RegistryRequest, name: string, id: string): Promise<UploadState> {
  const state = isUploadId(id) ? await uploadState(r.bucket, name, id) : undefined;
  if (!state) throw blobUploadUnknown(id);
  return state;
}

export async function patchUpload(r: RegistryRequest, name: string, id: string): Promise<Response> {
  const state = await requireSession(r, name, id);
  const header = r.request.headers.get("content-range");
  if (header !== null) {
    const range = parseContentRange(header);
    if (!range) throw blobUploadInvalid(`malformed Content-Range ${JSON.stringify(header)}`);
    const length = contentLength(r.request);
    if (range.start !== state.size || (length !== undefined && length !== range.end - range.start + 1)) {
      throw rangeInvalid(uploadPath(name, id), state.size);
    }
  }
  const written = await appendToUpload(r.bucket, id, state.size, r.request.body);
  return registryResponse(null, 202, sessionHeaders(name, id, state.size + written));
}

export async function putUpload(r: RegistryRequest, name: string, id: string): Promise<Response> {
  const param = r.url.searchParams.get("digest");
  if (param === null) throw digestInvalid("the digest query parameter is required");
  const digest = requireDigest(param);
  await requireSession(r, name, id);
  await completeBlob(r.bucket, name, id, digest, r.request.body, contentLength(r.request));
  return blobCreated(name, digest);
}

export async function getUpload(r: RegistryRequest, name: string, id: string): Promise<Response> {
  const state = await requireSession(r, name, id);
  return registryResponse(null, 204, sessionHeaders(name, id, state.size));
}

export async function deleteUploadSession(r: RegistryRequest, name: string, id: string): Promise<Response> {
  await requireSession(r, name, id);
  await deleteUpload(r.bucket, id);
  return registryResponse(null, 204);
}
