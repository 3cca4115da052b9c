/**
 * File contents as stored rows: a Durable Object's SQLite holds at most 2 MB in one value, so a file is cut into
 * chunks of CHUNK_BYTES (seq 0, 1, …; an empty file has none) and an append tops up the last chunk before adding
 * more. Pure.
 */

/** Bytes per stored chunk: under the 2 MB value limit of Durable Object SQLite. */
export const CHUNK_BYTES = 1 << 20;

/** What a file may be written from: text (UTF-8) or bytes. */
export type FileData = string | Uint8Array | ArrayBuffer | ArrayBufferView;

/** The bytes of file data, or null for anything else. */
export function fileBytes(data: unknown): Uint8Array | null {
  if (typeof data === "string") return new TextEncoder().encode(data);
  if (data instanceof Uint8Array) return data;
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return null;
}

/** `data` in chunks of at most `size` bytes; none for empty data. */
export function splitChunks(data: Uint8Array, size = CHUNK_BYTES): Uint8Array[] {
  const chunks: Uint8Array[] = [];
  for (let at = 0; at < data.length; at += size) chunks.push(data.subarray(at, at + size));
  return chunks;
}

/** The chunks replacing a file's last chunk (`last`, null when it has none) once `data` is appended. */
export function appendChunks(last: Uint8Array | null, data: Uint8Array, size = CHUNK_BYTES): Uint8Array[] {
  if (last === null || last.length === 0) return splitChunks(data, size);
  const joined = new Uint8Array(last.length + data.length);
  joined.set(last);
  joined.set(data, last.length);
  return splitChunks(joined, size);
}

/** Chunks back into one array. */
export function joinChunks(chunks: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** The exact bytes of a view as an ArrayBuffer (what SQLite blob parameters take). */
export const chunkBuffer = (chunk: Uint8Array): ArrayBuffer => chunk.slice().buffer as ArrayBuffer;
