/**
 * Blob upload sessions in R2. A session is `uploads/<id>/startedat` (its repository in customMetadata) plus
 * one object per stored part, `uploads/<id>/data/<offset, 16 digits>`, so the session's size and the order
 * of its bytes come from one listing. Keeping sessions outside `repositories/` lets one R2 lifecycle rule on
 * `uploads/` expire abandoned ones (distribution purges uploads older than a week).
 *
 * Completing a session hashes its parts as they stream (crypto.DigestStream), and only when the digest
 * matches streams them once more into `blobs/sha256/<hex>` (skipped when the blob is already there): a blob
 * key never holds bytes that were not verified. A body is cut into parts of PART_SIZE, so memory stays
 * bounded whatever the blob's size; a body that fits in one part and completes an empty session is hashed in
 * memory and stored directly (the common case: configs and small layers).
 */
import { digestInvalid } from "./errors";
import type { Sha256Digest } from "./names";
import { blobKey, deleteKeys, linkBlob, listAll } from "./storage";
import { concatStreams, partsOf, sha256Hex, sha256HexOfStreams } from "./streams";

/** Bytes per stored part; a chunk larger than this is stored as several parts. */
export const PART_SIZE = 8 * 1024 * 1024;

const sessionPrefix = (id: string) => `uploads/${id}/`;
const startedKey = (id: string) => `uploads/${id}/startedat`;
const dataPrefix = (id: string) => `uploads/${id}/data/`;
const partKey = (id: string, offset: number) => dataPrefix(id) + String(offset).padStart(16, "0");

export interface UploadPart {
  key: string;
  size: number;
}

export interface UploadState {
  parts: UploadPart[];
  size: number;
}

export async function startUpload(bucket: R2Bucket, name: string): Promise<string> {
  const id = crypto.randomUUID();
  await bucket.put(startedKey(id), new Date().toISOString(), { customMetadata: { repository: name } });
  return id;
}

/** The session's parts and size, or undefined when there is no such session in this repository. */
export async function uploadState(bucket: R2Bucket, name: string, id: string): Promise<UploadState | undefined> {
  const started = await bucket.head(startedKey(id));
  if (started?.customMetadata?.repository !== name) return undefined;
  return listParts(bucket, id);
}

async function listParts(bucket: R2Bucket, id: string): Promise<UploadState> {
  const parts: UploadPart[] = [];
  for await (const o of listAll(bucket, { prefix: dataPrefix(id) })) parts.push({ key: o.key, size: o.size });
  return { parts, size: parts.reduce((n, p) => n + p.size, 0) };
}

/** Stores `body` at `offset` of the session as parts; returns the number of bytes stored. */
export async function appendToUpload(bucket: R2Bucket, id: string, offset: number, body: ReadableStream<Uint8Array> | null, partSize = PART_SIZE): Promise<number> {
  if (!body) return 0;
  let at = offset;
  for await (const part of partsOf(body, partSize)) {
    await bucket.put(partKey(id, at), part);
    at += part.byteLength;
  }
  return at - offset;
}

/** Removes a session and its parts. */
export async function deleteUpload(bucket: R2Bucket, id: string): Promise<void> {
  const keys: string[] = [];
  for await (const o of listAll(bucket, { prefix: sessionPrefix(id) })) keys.push(o.key);
  await deleteKeys(bucket, keys);
}

/**
 * Verifies and stores a blob whose bytes are `body` (length `length`, when known) after the parts already
 * in session `id` (none for a monolithic upload), then links it into `name`. On a digest mismatch the
 * session is removed, nothing is stored and DIGEST_INVALID is thrown.
 */
export async function completeBlob(
  bucket: R2Bucket,
  name: string,
  id: string,
  digest: Sha256Digest,
  body: ReadableStream<Uint8Array> | null,
  length: number | undefined,
  partSize = PART_SIZE,
): Promise<void> {
  try {
    const state = await listParts(bucket, id);
    if (state.size === 0 && length !== undefined && length <= partSize) {
      const bytes = new Uint8Array(body ? await new Response(body).arrayBuffer() : new ArrayBuffer(0));
      const hex = await sha256Hex(bytes);
      if (hex !== digest.hex) throw mismatch(digest, hex);
      if (!(await bucket.head(blobKey(hex)))) await bucket.put(blobKey(hex), bytes);
    } else {
      await appendToUpload(bucket, id, state.size, body, partSize);
      const { parts, size } = await listParts(bucket, id);
      const hex = await sha256HexOfStreams(partStreams(bucket, parts));
      if (hex !== digest.hex) throw mismatch(digest, hex);
      if (!(await bucket.head(blobKey(hex)))) {
        const fixed = new FixedLengthStream(size);
        const [, stored] = await Promise.all([concatStreams(partStreams(bucket, parts)).pipeTo(fixed.writable), bucket.put(blobKey(hex), fixed.readable)]);
        if (!stored) throw new Error(`blob ${digest.digest} was not stored`);
      }
    }
    await linkBlob(bucket, name, digest.hex);
  } finally {
    await deleteUpload(bucket, id);
  }
}

const mismatch = (expected: Sha256Digest, hex: string) => digestInvalid(`expected ${expected.digest}, got sha256:${hex}`, { digest: expected.digest });

/** The parts' bodies, each fetched when the previous one has been read. */
async function* partStreams(bucket: R2Bucket, parts: UploadPart[]): AsyncGenerator<ReadableStream<Uint8Array>> {
  for (const p of parts) {
    const obj = await bucket.get(p.key);
    if (!obj) throw new Error(`upload part ${p.key} is missing`);
    yield obj.body;
  }
}
