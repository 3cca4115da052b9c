/**
 * Manifest media types and validation (OCI image-spec manifest.md / image-index.md, Docker Image Manifest V2
 * Schema 2 and its manifest list), and what a manifest references: the blobs of an image manifest (config
 * and layers) and the manifests of an index. distribution's PUT checks both exist in the repository before
 * storing (manifest/ocischema, schema2 and manifestlist verifyManifest). Pure.
 */
import { manifestInvalid } from "./errors";
import { parseDigest } from "./names";

export const OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
export const OCI_INDEX = "application/vnd.oci.image.index.v1+json";
export const DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
export const DOCKER_MANIFEST_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";

const IMAGE_MANIFESTS = new Set([OCI_MANIFEST, DOCKER_MANIFEST]);
const INDEXES = new Set([OCI_INDEX, DOCKER_MANIFEST_LIST]);

/** distribution's limit on a manifest body (4 MiB, `validation.manifests.maxsize`'s default). */
export const MANIFEST_MAX_BYTES = 4 * 1024 * 1024;

/**
 * Layers a registry need not hold: foreign / non-distributable layers fetched from their `urls` (distribution
 * skips their existence check).
 */
const NON_DISTRIBUTABLE = /^application\/vnd\.(?:docker\.image\.rootfs\.foreign\.diff\.tar\.gzip|oci\.image\.layer\.nondistributable\.v1\.tar(?:\+gzip|\+zstd)?)$/;

/** Content types that say nothing about the manifest: the body's own `mediaType` decides then. */
const GENERIC = new Set(["", "application/json", "application/octet-stream"]);

export interface ParsedManifest {
  mediaType: string;
  /** Blobs an image manifest needs in the repository: config, then layers; de-duplicated. */
  blobs: string[];
  /** Manifests an index needs in the repository; de-duplicated. */
  manifests: string[];
}

/** The media type of a manifest: its Content-Type, or the body's `mediaType` when that is missing or generic. */
export function manifestMediaType(contentType: string | null, body: Record<string, unknown>): string {
  const header = (contentType ?? "").split(";")[0].trim().toLowerCase();
  const own = typeof body.mediaType === "string" ? body.mediaType : undefined;
  if (GENERIC.has(header)) {
    if (own !== undefined) return own;
    // An OCI manifest may leave `mediaType` out (image-spec: SHOULD be set).
    if (Array.isArray(body.manifests)) return OCI_INDEX;
    if (body.config !== undefined) return OCI_MANIFEST;
    throw manifestInvalid("no media type: send a Content-Type or set mediaType");
  }
  if (!IMAGE_MANIFESTS.has(header) && !INDEXES.has(header)) throw unsupportedMediaType(header);
  if (own !== undefined && own !== header) throw manifestInvalid(`mediaType in manifest should be '${header}' not '${own}'`);
  return header;
}

/** Parses and validates a manifest body; throws MANIFEST_INVALID with the first problem found. */
export function parseManifest(bytes: Uint8Array, contentType: string | null): ParsedManifest {
  let body: unknown;
  try {
    // A byte-order mark is kept, so JSON.parse refuses it as Go's encoding/json does.
    body = JSON.parse(new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes));
  } catch {
    throw manifestInvalid("not valid JSON");
  }
  if (typeof body !== "object" || body === null || Array.isArray(body)) throw manifestInvalid("not a JSON object");
  const doc = body as Record<string, unknown>;
  const mediaType = manifestMediaType(contentType, doc);
  if (!IMAGE_MANIFESTS.has(mediaType) && !INDEXES.has(mediaType)) throw unsupportedMediaType(mediaType);
  if (doc.schemaVersion !== 2) throw manifestInvalid("schemaVersion must be 2");
  if (INDEXES.has(mediaType)) {
    const manifests = descriptors(doc.manifests, "manifests").map((d) => d.digest);
    return { mediaType, blobs: [], manifests: [...new Set(manifests)] };
  }
  const config = descriptor(doc.config, "config");
  const layers = descriptors(doc.layers, "layers").filter((d) => !(NON_DISTRIBUTABLE.test(d.mediaType) && d.urls));
  return { mediaType, blobs: [...new Set([config.digest, ...layers.map((d) => d.digest)])], manifests: [] };
}

const unsupportedMediaType = (mediaType: string) => manifestInvalid(`unsupported manifest media type ${JSON.stringify(mediaType)}`);

interface Descriptor {
  mediaType: string;
  digest: string;
  urls: boolean;
}

function descriptors(value: unknown, field: string): Descriptor[] {
  if (!Array.isArray(value)) throw manifestInvalid(`${field} must be an array`);
  return value.map((d, i) => descriptor(d, `${field}[${i}]`));
}

/** An image-spec descriptor: mediaType, a sha256 digest this registry can check, a non-negative size. */
function descriptor(value: unknown, field: string): Descriptor {
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw manifestInvalid(`${field} must be a descriptor`);
  const d = value as Record<string, unknown>;
  if (typeof d.mediaType !== "string" || d.mediaType === "") throw manifestInvalid(`${field}.mediaType is required`);
  if (typeof d.digest !== "string") throw manifestInvalid(`${field}.digest is required`);
  const digest = parseDigest(d.digest);
  if (!digest.ok) throw manifestInvalid(`${field}.digest: ${digest.reason}`);
  if (typeof d.size !== "number" || !Number.isSafeInteger(d.size) || d.size < 0) throw manifestInvalid(`${field}.size must be a non-negative integer`);
  return { mediaType: d.mediaType, digest: digest.value.digest, urls: Array.isArray(d.urls) && d.urls.length > 0 };
}
