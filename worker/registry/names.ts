/**
 * Repository names, tags and digests as the OCI Distribution Spec defines them (§ "Pulling manifests",
 * opencontainers/image-spec descriptor.md § "Digests"). Pure.
 */

/** The spec's `<name>` grammar: path components of lower-case alphanumerics joined by `.`, `_`, `__` or `-+`. */
const NAME = /^[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*)*$/;
/** distribution's reference.NameTotalLengthMax. */
export const NAME_MAX_LENGTH = 255;
/** The spec's `<reference>` as a tag: at most 128 characters. */
const TAG = /^[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}$/;
/** image-spec's digest grammar: `algorithm ":" encoded`. */
const DIGEST = /^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/;
const SHA256_HEX = /^[a-f0-9]{64}$/;

export function isRepositoryName(name: string): boolean {
  return name.length <= NAME_MAX_LENGTH && NAME.test(name);
}

export function isTag(tag: string): boolean {
  return TAG.test(tag);
}

/** A verified sha256 digest: `digest` is `sha256:<hex>`. */
export interface Sha256Digest {
  digest: string;
  hex: string;
}

/**
 * A digest this registry can verify, or why not: the spec's grammar, then the algorithm (only sha256 is
 * supported; image-spec also registers sha512), then sha256's encoding (64 lower-case hex digits).
 */
export function parseDigest(s: string): { ok: true; value: Sha256Digest } | { ok: false; reason: string } {
  if (!DIGEST.test(s)) return { ok: false, reason: `invalid digest ${JSON.stringify(s)}` };
  const colon = s.indexOf(":");
  const algorithm = s.slice(0, colon);
  const hex = s.slice(colon + 1);
  if (algorithm !== "sha256") return { ok: false, reason: `unsupported digest algorithm ${JSON.stringify(algorithm)}` };
  if (!SHA256_HEX.test(hex)) return { ok: false, reason: `invalid sha256 digest ${JSON.stringify(s)}` };
  return { ok: true, value: { digest: s, hex } };
}

/** A manifest reference: a digest when it contains `:` (a tag cannot), else a tag. */
export type Reference = { kind: "digest"; digest: Sha256Digest } | { kind: "tag"; tag: string } | { kind: "invalid"; code: "DIGEST_INVALID" | "TAG_INVALID"; reason: string };

export function parseReference(reference: string): Reference {
  if (reference.includes(":")) {
    const d = parseDigest(reference);
    return d.ok ? { kind: "digest", digest: d.value } : { kind: "invalid", code: "DIGEST_INVALID", reason: d.reason };
  }
  return isTag(reference) ? { kind: "tag", tag: reference } : { kind: "invalid", code: "TAG_INVALID", reason: `invalid tag ${JSON.stringify(reference)}` };
}

/** Upload session ids are UUIDs this registry made (crypto.randomUUID); anything else is unknown. */
export function isUploadId(id: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(id);
}
