/**
 * Layer blobs → the image's files: each layer is read (gzip or plain tar, told apart by its first bytes as
 * containerd's compression.DecompressStream does), checked against the config's `rootfs.diff_ids` (the
 * sha256 of the uncompressed tar, image-spec config.md) when given, parsed, and applied in order with
 * whiteouts (rootfs.ts). Sizes are capped because a Durable Object has ~128 MB: an image is held in memory.
 */
import { parseTar } from "./tar";
import { applyLayer, rootFsFiles, type ImageFiles, type Result, type RootFs } from "./rootfs";

export type LayerBody = ReadableStream<Uint8Array> | Uint8Array;

export interface UnpackOptions {
  /** `rootfs.diff_ids` of the image config, one per layer, checked in order when given. */
  diffIds?: string[];
  /** Cap on all layers' uncompressed bytes together (default 64 MiB). */
  maxBytes?: number;
}

/** Default cap on an image's unpacked size: a pod's modules, well under a Durable Object's memory. */
export const DEFAULT_MAX_IMAGE_BYTES = 64 * 1024 * 1024;

const GZIP_MAGIC = [0x1f, 0x8b];
const ZSTD_MAGIC = [0x28, 0xb5, 0x2f, 0xfd];

/** How a layer blob is compressed, from its magic number. */
export function layerCompression(head: Uint8Array): "gzip" | "zstd" | "none" {
  const starts = (magic: number[]) => magic.every((b, i) => head[i] === b);
  if (starts(GZIP_MAGIC)) return "gzip";
  if (starts(ZSTD_MAGIC)) return "zstd";
  return "none";
}

/** The uncompressed tar of a layer blob, or why not (zstd, a corrupt stream, over `maxBytes`). */
export async function readLayerTar(body: LayerBody, maxBytes = DEFAULT_MAX_IMAGE_BYTES): Promise<Result<Uint8Array>> {
  const blob = await collect(toStream(body), maxBytes);
  if (!blob.ok) return blob;
  const compression = layerCompression(blob.value);
  if (compression === "zstd") return { ok: false, reason: "zstd-compressed layers are not supported (push gzip or uncompressed layers)" };
  if (compression === "none") return blob;
  try {
    return await collect(toStream(blob.value).pipeThrough(new DecompressionStream("gzip")), maxBytes);
  } catch (e) {
    return { ok: false, reason: `layer is not valid gzip: ${(e as Error).message}` };
  }
}

/** Unpacks layers (bottom first) into the image's files, honouring whiteouts and opaque directories. */
export async function unpackLayers(layers: LayerBody[], options: UnpackOptions = {}): Promise<Result<ImageFiles>> {
  const { diffIds, maxBytes = DEFAULT_MAX_IMAGE_BYTES } = options;
  if (diffIds && diffIds.length !== layers.length) return { ok: false, reason: `image has ${layers.length} layers but ${diffIds.length} diff_ids` };
  let fs: RootFs = new Map();
  let budget = maxBytes;
  for (const [i, layer] of layers.entries()) {
    const tar = await readLayerTar(layer, budget);
    if (!tar.ok) return { ok: false, reason: `layer ${i}: ${tar.reason}` };
    budget -= tar.value.length;
    if (diffIds) {
      const digest = await sha256Digest(tar.value);
      if (digest !== diffIds[i]) return { ok: false, reason: `layer ${i}: uncompressed digest ${digest} does not match diff_id ${diffIds[i]}` };
    }
    const parsed = parseTar(tar.value);
    if (!parsed.ok) return { ok: false, reason: `layer ${i}: ${parsed.reason}` };
    const applied = applyLayer(fs, parsed.entries);
    if (!applied.ok) return { ok: false, reason: `layer ${i}: ${applied.reason}` };
    fs = applied.value;
  }
  return { ok: true, value: rootFsFiles(fs) };
}

/** `sha256:<hex>` of some bytes (image-spec digest form). */
export async function sha256Digest(bytes: Uint8Array): Promise<string> {
  const hash = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return `sha256:${Array.from(hash, (b) => b.toString(16).padStart(2, "0")).join("")}`;
}

function toStream(body: LayerBody): ReadableStream<Uint8Array> {
  if (!(body instanceof Uint8Array)) return body;
  return new ReadableStream({
    start(controller) {
      controller.enqueue(body);
      controller.close();
    },
  });
}

/** Reads a stream into one buffer, failing (and cancelling the stream) past `maxBytes`. */
async function collect(stream: ReadableStream<Uint8Array>, maxBytes: number): Promise<Result<Uint8Array>> {
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > maxBytes) {
      await reader.cancel().catch(() => {});
      return { ok: false, reason: `image is larger than ${maxBytes} bytes unpacked` };
    }
    chunks.push(value);
  }
  if (chunks.length === 1) return { ok: true, value: chunks[0] };
  const out = new Uint8Array(total);
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.length;
  }
  return { ok: true, value: out };
}
