/**
 * One pull from one source, as containerd's client.Pull walks an image: resolve the reference to a digest,
 * reuse a complete stored image of that digest, else choose the platform's manifest from an index (worker/images
 * oci.ts selectManifest), check the layers are usable (parseImageDocument), the total size against the cap,
 * then store every blob not yet stored, and only then record the image (cache.ts).
 */
import { DEFAULT_MAX_IMAGE_BYTES } from "../layers";
import { parseImageDocument, selectManifest, type Descriptor, type Platform } from "../oci";
import { putCachedImage, putCachedTag, getCachedImage, type CachedImage } from "./cache";
import type { FetchedManifest } from "./distribution-client";
import type { Fetched } from "./errors";
import type { ImageReference } from "./reference";

/** Where an image comes from: another registry over HTTPS, or the built-in registry's R2 layout. */
export interface ImageSource {
  manifest(reference: string): Promise<Fetched<FetchedManifest>>;
  /** Stores (or finds) a blob, verified; the value is its key in the IMAGES bucket. */
  blob(d: Descriptor): Promise<Fetched<string>>;
}

export interface ResolveOptions {
  bucket: R2Bucket;
  platforms: Platform[];
  /** Cap on config + layers as stored (compressed); default the layer reader's cap, which bounds them anyway. */
  maxImageBytes?: number;
}

const invalid = (stage: "resolve" | "fetch", detail: string) => ({ ok: false as const, failure: { kind: "invalid" as const, stage, detail } });

/** The image `ref` names, from `source`, stored and recorded. */
export async function resolveImage(source: ImageSource, ref: ImageReference, o: ResolveOptions): Promise<Fetched<CachedImage>> {
  const top = await source.manifest(ref.digest ?? ref.tag!);
  if (!top.ok) return top;
  const done = async (image: CachedImage): Promise<Fetched<CachedImage>> => {
    if (ref.tag && !ref.digest) await putCachedTag(o.bucket, ref.name, ref.tag, image.resolvedDigest);
    return { ok: true, value: image };
  };
  const present = await getCachedImage(o.bucket, top.value.digest);
  if (present) return done(present);

  let doc = parseImageDocument(top.value.bytes, top.value.contentType);
  if (!doc.ok) return invalid("resolve", doc.reason);
  let manifest = top.value;
  let size = top.value.bytes.byteLength;
  if (doc.value.kind === "index") {
    const chosen = selectManifest(doc.value.manifests, o.platforms);
    if (!chosen.ok) return invalid("resolve", `${chosen.reason}: no match for platform in manifest`);
    const m = await source.manifest(chosen.value.digest);
    if (!m.ok) return { ok: false, failure: { ...m.failure, stage: "fetch" } };
    manifest = m.value;
    size += m.value.bytes.byteLength;
    doc = parseImageDocument(m.value.bytes, m.value.contentType);
    if (!doc.ok) return invalid("fetch", doc.reason);
    if (doc.value.kind !== "manifest") return invalid("fetch", `manifest ${m.value.digest}: nested indexes are not supported`);
  }
  if (doc.value.kind !== "manifest") return invalid("resolve", "unreachable");
  const { config, layers } = doc.value;
  const blobBytes = [config, ...layers].reduce((n, d) => n + d.size, 0);
  const max = o.maxImageBytes ?? DEFAULT_MAX_IMAGE_BYTES;
  if (blobBytes > max) return invalid("fetch", `image ${manifest.digest} is ${blobBytes} bytes (config and layers), over the limit of ${max} bytes`);

  const stored: (Descriptor & { key: string })[] = [];
  for (const d of [config, ...layers]) {
    const got = await source.blob(d);
    if (!got.ok) return got;
    stored.push({ ...d, key: got.value });
  }
  const image: CachedImage = { resolvedDigest: top.value.digest, manifestDigest: manifest.digest, config: stored[0], layers: stored.slice(1), size: size + blobBytes };
  await putCachedImage(o.bucket, image);
  return done(image);
}
