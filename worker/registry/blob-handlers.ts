/**
 * Blobs (spec end-2, end-10): GET / HEAD / DELETE `/v2/<name>/blobs/<digest>`. A repository serves only the
 * blobs linked to it. GET honours one byte range (206), as distribution's blob server does. DELETE removes
 * the repository's link; the content-addressed bytes stay for other repositories (no garbage collection).
 */
import type { RegistryRequest } from "./context";
import { blobUnknown, digestInvalid, registryResponse, RegistryError } from "./errors";
import { parseDigest, type Sha256Digest } from "./names";
import { parseByteRange } from "./ranges";
import { blobKey, isLinked, unlinkBlob } from "./storage";

/** A digest from the URL, or DIGEST_INVALID. */
export function requireDigest(s: string): Sha256Digest {
  const d = parseDigest(s);
  if (!d.ok) throw digestInvalid(d.reason, { digest: s });
  return d.value;
}

function blobHeaders(digest: string, size: number): Record<string, string> {
  return {
    "Content-Type": "application/octet-stream",
    "Content-Length": String(size),
    "Docker-Content-Digest": digest,
    ETag: `"${digest}"`,
    "Accept-Ranges": "bytes",
  };
}

export async function getBlob(r: RegistryRequest, name: string, digestParam: string): Promise<Response> {
  const digest = requireDigest(digestParam);
  if (!(await isLinked(r.bucket, name, digest.hex))) throw blobUnknown(digest.digest);
  const key = blobKey(digest.hex);
  const rangeHeader = r.request.method === "GET" ? r.request.headers.get("range") : null;
  if (r.request.method === "HEAD" || rangeHeader) {
    const head = await r.bucket.head(key);
    if (!head) throw blobUnknown(digest.digest);
    if (r.request.method === "HEAD") return registryResponse(null, 200, blobHeaders(digest.digest, head.size));
    const range = parseByteRange(rangeHeader, head.size);
    if (range === "unsatisfiable") {
      throw new RegistryError(416, "RANGE_INVALID", "requested range not satisfiable", undefined, { "Content-Range": `bytes */${head.size}` });
    }
    if (range) {
      const part = await r.bucket.get(key, { range });
      if (!part) throw blobUnknown(digest.digest);
      return registryResponse(part.body, 206, {
        ...blobHeaders(digest.digest, range.length),
        "Content-Range": `bytes ${range.offset}-${range.offset + range.length - 1}/${head.size}`,
      });
    }
  }
  const obj = await r.bucket.get(key);
  if (!obj) throw blobUnknown(digest.digest);
  return registryResponse(obj.body, 200, blobHeaders(digest.digest, obj.size));
}

export async function deleteBlob(r: RegistryRequest, name: string, digestParam: string): Promise<Response> {
  const digest = requireDigest(digestParam);
  if (!(await isLinked(r.bucket, name, digest.hex))) throw blobUnknown(digest.digest);
  await unlinkBlob(r.bucket, name, digest.hex);
  return registryResponse(null, 202, { "Docker-Content-Digest": digest.digest, "Content-Length": "0" });
}
