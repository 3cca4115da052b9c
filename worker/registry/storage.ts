/**
 * The registry's R2 layout (README.md has example rows). Blobs are content-addressed once for the whole
 * registry; everything a repository owns lives under `repositories/<name>/` in directories whose names start
 * with `_`, which no name component can (so `a` never sees the objects of `a/b`):
 *
 *   blobs/sha256/<hex>                                  blob bytes
 *   repositories/<name>/_layers/sha256/<hex>            link: the repository may serve that blob (empty)
 *   repositories/<name>/_manifests/revisions/sha256/<hex>  the manifest's exact bytes, Content-Type kept
 *   repositories/<name>/_manifests/tags/<tag>           the tagged digest (body and customMetadata.digest)
 *   catalog/<name>                                      the repository exists (empty)
 *   uploads/<id>/startedat, uploads/<id>/data/<offset>  upload sessions (uploads.ts)
 */
import type { PageRequest } from "./pagination";

export const blobKey = (hex: string) => `blobs/sha256/${hex}`;
export const layerLinkKey = (name: string, hex: string) => `repositories/${name}/_layers/sha256/${hex}`;
export const revisionKey = (name: string, hex: string) => `repositories/${name}/_manifests/revisions/sha256/${hex}`;
export const tagsPrefix = (name: string) => `repositories/${name}/_manifests/tags/`;
export const tagKey = (name: string, tag: string) => tagsPrefix(name) + tag;
export const CATALOG_PREFIX = "catalog/";
export const catalogKey = (name: string) => CATALOG_PREFIX + name;

const EMPTY = new Uint8Array(0);

export async function repositoryExists(bucket: R2Bucket, name: string): Promise<boolean> {
  return (await bucket.head(catalogKey(name))) !== null;
}

/** Lists the repository in the catalog the first time something is stored in it. */
async function ensureRepository(bucket: R2Bucket, name: string): Promise<void> {
  if (!(await repositoryExists(bucket, name))) await bucket.put(catalogKey(name), EMPTY);
}

export async function isLinked(bucket: R2Bucket, name: string, hex: string): Promise<boolean> {
  return (await bucket.head(layerLinkKey(name, hex))) !== null;
}

/** Lets the repository serve a blob (pushed to it or mounted into it). */
export async function linkBlob(bucket: R2Bucket, name: string, hex: string): Promise<void> {
  await Promise.all([bucket.put(layerLinkKey(name, hex), EMPTY), ensureRepository(bucket, name)]);
}

export async function unlinkBlob(bucket: R2Bucket, name: string, hex: string): Promise<void> {
  await bucket.delete(layerLinkKey(name, hex));
}

export async function putManifest(bucket: R2Bucket, name: string, hex: string, bytes: Uint8Array, mediaType: string): Promise<void> {
  await Promise.all([bucket.put(revisionKey(name, hex), bytes, { httpMetadata: { contentType: mediaType } }), ensureRepository(bucket, name)]);
}

/** The digest hex a tag points at, or undefined. */
export async function resolveTag(bucket: R2Bucket, name: string, tag: string): Promise<string | undefined> {
  const obj = await bucket.head(tagKey(name, tag));
  return obj?.customMetadata?.digest?.slice("sha256:".length);
}

export async function putTag(bucket: R2Bucket, name: string, tag: string, digest: string): Promise<void> {
  await bucket.put(tagKey(name, tag), digest, { customMetadata: { digest } });
}

/** Deletes a manifest and every tag pointing at it. */
export async function deleteManifest(bucket: R2Bucket, name: string, digest: string, hex: string): Promise<void> {
  const tags: string[] = [];
  for await (const o of listAll(bucket, { prefix: tagsPrefix(name), include: ["customMetadata"] })) {
    if (o.customMetadata?.digest === digest) tags.push(o.key);
  }
  await deleteKeys(bucket, [revisionKey(name, hex), ...tags]);
}

/** Every object a listing yields, page after page. */
export async function* listAll(bucket: R2Bucket, options: R2ListOptions): AsyncGenerator<R2Object> {
  let cursor: string | undefined;
  do {
    const page = await bucket.list({ ...options, cursor });
    yield* page.objects;
    cursor = page.truncated ? page.cursor : undefined;
  } while (cursor);
}

/** Deletes keys in batches (R2 takes up to 1000 per call). */
export async function deleteKeys(bucket: R2Bucket, keys: string[]): Promise<void> {
  for (let i = 0; i < keys.length; i += 1000) await bucket.delete(keys.slice(i, i + 1000));
}

/**
 * One page of the names under `prefix` (the prefix removed), in R2's lexical key order, starting after
 * `page.last`. `more` when the listing stopped at `page.n` with objects left.
 */
export async function listNames(bucket: R2Bucket, prefix: string, page: PageRequest): Promise<{ names: string[]; more: boolean }> {
  const names: string[] = [];
  if (page.n === 0) return { names, more: false };
  let cursor: string | undefined;
  for (;;) {
    const want = page.n === undefined ? 1000 : Math.min(page.n - names.length, 1000);
    if (want <= 0) return { names, more: true };
    const res = await bucket.list({ prefix, limit: want, ...(cursor ? { cursor } : page.last ? { startAfter: prefix + page.last } : {}) });
    for (const o of res.objects) names.push(o.key.slice(prefix.length));
    if (!res.truncated) return { names, more: false };
    cursor = res.cursor;
  }
}
