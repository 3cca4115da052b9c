/**
 * The node's image store, in the `IMAGES` R2 bucket beside the built-in registry's objects (whose layout is
 * worker/registry/storage.ts). It plays the part of containerd's content store and image table for the kubelet's
 * "is the image present?" (image_manager.go EnsureImageExists → GetImageRef):
 *
 *   image-cache/sha256/<hex>           a blob pulled from another registry (config or layer), verified bytes
 *   image-cache/images/sha256/<hex>    an image record (JSON `CachedImage`): the digest the reference resolved to
 *                                      (index or manifest), the chosen manifest, config and layer keys, size
 *   image-cache/tags/<name>:<tag>      the digest `<name>:<tag>` last resolved to (body and customMetadata.digest)
 *
 * Built-in images need no blob copies: their records point at `blobs/sha256/<hex>`. A record is written only
 * after every blob it names is stored and verified, so a record means a complete image. The records assume one
 * platform preference per cluster (the chosen manifest of an index is recorded under the index's digest).
 * Not done: garbage collection (the kubelet's image GC by disk usage); nothing here deletes.
 */
import type { Descriptor } from "../oci";

export const CACHE_PREFIX = "image-cache/";
export const cachedBlobKey = (hex: string) => `${CACHE_PREFIX}sha256/${hex}`;
export const imageRecordKey = (hex: string) => `${CACHE_PREFIX}images/sha256/${hex}`;
export const tagRecordKey = (name: string, tag: string) => `${CACHE_PREFIX}tags/${name}:${tag}`;

const hexOf = (digest: string) => digest.slice("sha256:".length);

/** An image stored completely; every `key` is an object of the IMAGES bucket. */
export interface CachedImage {
  /** What the reference resolved to: an index's or a manifest's digest (containerd's image target). */
  resolvedDigest: string;
  /** The image manifest chosen (equal to `resolvedDigest` unless an index was resolved). */
  manifestDigest: string;
  config: Descriptor & { key: string };
  layers: (Descriptor & { key: string })[];
  /** Bytes of every document and blob walked: index, manifest, config, layers (containerd's image size). */
  size: number;
}

/** The image record of a resolved digest, if the image is complete. */
export async function getCachedImage(bucket: R2Bucket, digest: string): Promise<CachedImage | undefined> {
  const obj = await bucket.get(imageRecordKey(hexOf(digest)));
  return obj ? ((await obj.json()) as CachedImage) : undefined;
}

export async function putCachedImage(bucket: R2Bucket, image: CachedImage): Promise<void> {
  await bucket.put(imageRecordKey(hexOf(image.resolvedDigest)), JSON.stringify(image), { httpMetadata: { contentType: "application/json" } });
}

/** The digest `name:tag` last resolved to. */
export async function getCachedTag(bucket: R2Bucket, name: string, tag: string): Promise<string | undefined> {
  return (await bucket.head(tagRecordKey(name, tag)))?.customMetadata?.digest;
}

export async function putCachedTag(bucket: R2Bucket, name: string, tag: string, digest: string): Promise<void> {
  await bucket.put(tagRecordKey(name, tag), digest, { customMetadata: { digest } });
}

/** The image a reference names, when present: by its digest, else by the tag's last resolution. */
export async function findPresentImage(bucket: R2Bucket, ref: { name: string; tag?: string; digest?: string }): Promise<CachedImage | undefined> {
  const digest = ref.digest ?? (ref.tag ? await getCachedTag(bucket, ref.name, ref.tag) : undefined);
  return digest ? getCachedImage(bucket, digest) : undefined;
}

/** The cache key of a blob already stored with the descriptor's size, if any. */
export async function cachedBlob(bucket: R2Bucket, d: { digest: string; size: number }): Promise<string | undefined> {
  const key = cachedBlobKey(hexOf(d.digest));
  const head = await bucket.head(key);
  return head && head.size === d.size ? key : undefined;
}

/** Stores verified blob bytes; R2 checks the sha256 once more on write. */
export async function putCachedBlob(bucket: R2Bucket, digest: string, bytes: Uint8Array): Promise<string> {
  const key = cachedBlobKey(hexOf(digest));
  await bucket.put(key, bytes, { sha256: hexOf(digest) });
  return key;
}
