/**
 * Reading an image reference's manifest as a puller does: an OCI image manifest or index, or Docker's schema 2
 * manifest or manifest list (image-spec manifest.md / image-index.md), and the choice of one image from an
 * index by platform as containerd's images.Manifest does with a platform matcher (entries without a
 * `platform` match any; the first wanted platform wins). Validation of the document itself is the registry's
 * (worker/registry/manifest.ts parseManifest); on top of it a puller checks it can use the layers. Pure.
 */
import { DOCKER_MANIFEST, DOCKER_MANIFEST_LIST, OCI_INDEX, OCI_MANIFEST, parseManifest } from "../registry/manifest";
import { RegistryError } from "../registry/errors";
import type { Result } from "./rootfs";

export { DOCKER_MANIFEST, DOCKER_MANIFEST_LIST, OCI_INDEX, OCI_MANIFEST };
export const OCI_CONFIG = "application/vnd.oci.image.config.v1+json";
export const DOCKER_CONFIG = "application/vnd.docker.container.image.v1+json";
export const OCI_LAYER_GZIP = "application/vnd.oci.image.layer.v1.tar+gzip";

/** Layer media types a layer reader can unpack (gzip or plain tar; zstd is recognised and refused). */
const LAYER_TYPES = new Set([
  "application/vnd.oci.image.layer.v1.tar",
  OCI_LAYER_GZIP,
  "application/vnd.oci.image.layer.nondistributable.v1.tar",
  "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip",
  "application/vnd.docker.image.rootfs.diff.tar.gzip",
  "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip",
]);
const CONFIG_TYPES = new Set([OCI_CONFIG, DOCKER_CONFIG]);

/**
 * An image platform (image-index.md `platform`). kube-edge's isolate images are ES modules, which no CPU
 * runs directly: they are labelled `js/wasm`, Go's GOOS/GOARCH pair for "a JavaScript host" (image-spec asks
 * for Go's values), so containerd or docker refuse them on linux nodes with a platform mismatch instead of
 * trying to exec a JavaScript file.
 */
export interface Platform {
  os: string;
  architecture: string;
  variant?: string;
}

/**
 * What the isolate runtime will run, in order of preference: images built by `npm run image` (js/wasm), then
 * images built `FROM scratch` by docker or buildx, which carry the builder's linux platform.
 */
export const ISOLATE_PLATFORMS: Platform[] = [
  { os: "js", architecture: "wasm" },
  { os: "linux", architecture: "amd64" },
  { os: "linux", architecture: "arm64" },
];

export interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  platform?: Platform;
  urls?: string[];
  annotations?: Record<string, string>;
}

export type ImageDocument =
  | { kind: "manifest"; mediaType: string; config: Descriptor; layers: Descriptor[] }
  | { kind: "index"; mediaType: string; manifests: Descriptor[] };

/**
 * Parses a manifest or index as fetched (its bytes and the response's Content-Type), and checks an image
 * manifest is one a layer reader can unpack: an image config (not an artifact's) and tar layers.
 */
export function parseImageDocument(bytes: Uint8Array, contentType: string | null): Result<ImageDocument> {
  let mediaType: string;
  try {
    mediaType = parseManifest(bytes, contentType).mediaType;
  } catch (e) {
    if (e instanceof RegistryError) return { ok: false, reason: e.message };
    throw e;
  }
  const doc = JSON.parse(new TextDecoder().decode(bytes)) as { config?: Descriptor; layers?: Descriptor[]; manifests?: Descriptor[] };
  if (mediaType === OCI_INDEX || mediaType === DOCKER_MANIFEST_LIST) return { ok: true, value: { kind: "index", mediaType, manifests: doc.manifests ?? [] } };
  const config = doc.config!;
  const layers = doc.layers ?? [];
  if (!CONFIG_TYPES.has(config.mediaType)) return { ok: false, reason: `config media type ${JSON.stringify(config.mediaType)} is not a container image config (an artifact?)` };
  for (const layer of layers) {
    if (layer.mediaType.endsWith("+zstd")) return { ok: false, reason: `layer ${layer.digest}: zstd-compressed layers are not supported` };
    if (!LAYER_TYPES.has(layer.mediaType)) return { ok: false, reason: `layer ${layer.digest}: media type ${JSON.stringify(layer.mediaType)} is not a tar layer` };
    if (layer.urls?.length) return { ok: false, reason: `layer ${layer.digest}: foreign layers (fetched from urls) are not supported` };
  }
  return { ok: true, value: { kind: "manifest", mediaType, config, layers } };
}

const isImageManifest = (d: Descriptor) => d.mediaType === OCI_MANIFEST || d.mediaType === DOCKER_MANIFEST;

/** `os/architecture[/variant]`, as platforms are written on the command line. */
export function formatPlatform(p: Platform): string {
  return [p.os, p.architecture, p.variant].filter(Boolean).join("/");
}

/** containerd's platforms.Only-style match: os and architecture equal, variant equal when the wanted one has one. */
export function platformMatches(have: Platform, want: Platform): boolean {
  return have.os === want.os && have.architecture === want.architecture && (!want.variant || have.variant === want.variant);
}

/**
 * The image manifest of an index to pull for a node that runs `wanted` (in order of preference). Entries
 * with a platform that matches nothing wanted, and entries that are not image manifests (nested indexes,
 * artifacts), are passed over; an entry without a platform matches, after every explicit match.
 */
export function selectManifest(manifests: Descriptor[], wanted: Platform[] = ISOLATE_PLATFORMS): Result<Descriptor> {
  let best: { rank: number; descriptor: Descriptor } | undefined;
  for (const d of manifests) {
    if (!isImageManifest(d)) continue;
    const rank = d.platform ? wanted.findIndex((w) => platformMatches(d.platform!, w)) : wanted.length;
    if (rank < 0) continue;
    if (!best || rank < best.rank) best = { rank, descriptor: d };
  }
  if (best) return { ok: true, value: best.descriptor };
  const have = manifests.map((d) => (d.platform ? formatPlatform(d.platform) : d.mediaType)).join(", ") || "nothing";
  return { ok: false, reason: `no image in the index for ${wanted.map(formatPlatform).join(" or ")} (it has ${have})` };
}
