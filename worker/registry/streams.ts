/**
 * Stream plumbing with bounded memory: a request body cut into parts of a fixed size (each stored as one R2
 * object, whose put needs a known length), a body read up to a limit, and the sha256 of a stream.
 */

/**
 * The stream's bytes as parts of exactly `size` bytes, the last one shorter (none for an empty stream). Holds
 * at most one part plus one incoming chunk.
 */
export async function* partsOf(stream: ReadableStream<Uint8Array>, size: number): AsyncGenerator<Uint8Array> {
  let part = new Uint8Array(size);
  let filled = 0;
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      let chunk = value;
      while (chunk.byteLength > 0) {
        const n = Math.min(size - filled, chunk.byteLength);
        part.set(chunk.subarray(0, n), filled);
        filled += n;
        chunk = chunk.subarray(n);
        if (filled === size) {
          yield part;
          part = new Uint8Array(size);
          filled = 0;
        }
      }
    }
  } finally {
    reader.releaseLock();
  }
  if (filled > 0) yield part.slice(0, filled);
}

/** The whole stream when it is at most `limit` bytes, else undefined (reading stops past the limit). */
export async function readLimited(stream: ReadableStream<Uint8Array> | null, limit: number): Promise<Uint8Array | undefined> {
  if (!stream) return new Uint8Array(0);
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel();
      return undefined;
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

/** Lower-case hex of a digest. */
export function toHex(buf: ArrayBuffer): string {
  return [...new Uint8Array(buf)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  return toHex(await crypto.subtle.digest("SHA-256", bytes));
}

/** sha256 over several streams in order, hashed as they stream (Workers' crypto.DigestStream). */
export async function sha256HexOfStreams(streams: AsyncIterable<ReadableStream<Uint8Array>>): Promise<string> {
  const digest = new crypto.DigestStream("SHA-256");
  for await (const s of streams) await s.pipeTo(digest, { preventClose: true });
  const writer = digest.getWriter();
  await writer.close();
  return toHex(await digest.digest);
}

/** One stream of several, in order; each opened only when the one before it has ended. */
export function concatStreams(streams: AsyncIterable<ReadableStream<Uint8Array>>): ReadableStream<Uint8Array> {
  const sources = streams[Symbol.asyncIterator]();
  let current: ReadableStreamDefaultReader<Uint8Array> | undefined;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      for (;;) {
        if (!current) {
          const next = await sources.next();
          if (next.done) return controller.close();
          current = next.value.getReader();
        }
        const { done, value } = await current.read();
        if (!done) return controller.enqueue(value);
        current = undefined;
      }
    },
    async cancel(reason) {
      await current?.cancel(reason);
      await sources.return?.();
    },
  });
}
