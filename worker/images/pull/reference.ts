/**
 * Image references as the kubelet reads `container.image`: distribution/reference's ParseNormalizedNamed (the
 * grammar of reference/regexp.go, Docker Hub defaults of normalize.go) behind the kubelet's
 * parsers.ParseImageName and image_manager.go applyDefaultImageTag. Written from the grammar, not ported. Pure.
 *
 * - The first path component is a registry host when it contains `.` or `:`, is `localhost`, or has upper-case
 *   letters (splitDockerDomain); otherwise the host is `docker.io` (API host `registry-1.docker.io`), and a
 *   single-component Docker Hub name gets `library/`. `index.docker.io` is the legacy spelling of `docker.io`.
 * - The repository path must be lower-case (the host may not be); tag `latest` when neither tag nor digest is
 *   given; with both `name:tag@digest` the digest decides what is pulled (ParseDockerRef drops the tag).
 */

/** normalize.go defaultDomain, legacyDefaultDomain; the host Docker Hub's registry API answers on. */
export const DOCKER_HUB = "docker.io";
const LEGACY_DOCKER_HUB = "index.docker.io";
export const DOCKER_HUB_API_HOST = "registry-1.docker.io";
/** reference.go NameTotalLengthMax. */
const NAME_MAX = 255;

const ALNUM = "[a-z0-9]+";
const SEPARATOR = "(?:[._]|__|[-]+)";
const PATH_COMPONENT = `${ALNUM}(?:${SEPARATOR}${ALNUM})*`;
const DOMAIN_COMPONENT = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
const HOST = `(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[a-fA-F0-9:]+\\])`;
const DOMAIN = `${HOST}(?::[0-9]+)?`;
const TAG = "[\\w][\\w.-]{0,127}";
const DIGEST = "[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}";
const NAME = `(?:${DOMAIN}/)?${PATH_COMPONENT}(?:/${PATH_COMPONENT})*`;
const REFERENCE = new RegExp(`^(${NAME})(?::(${TAG}))?(?:@(${DIGEST}))?$`);
const IDENTIFIER = /^[a-f0-9]{64}$/;

/** A normalized image reference. */
export interface ImageReference {
  /** The registry host as written (`docker.io` for Docker Hub), with its port. */
  domain: string;
  /** The repository path on that registry (`library/nginx`). */
  path: string;
  /** `domain/path`: the kubelet's repoToPull and the name in `imageID`. */
  name: string;
  /** The tag; `latest` when neither tag nor digest was given; undefined for a bare digest reference. */
  tag?: string;
  /** `sha256:<hex>` when pinned by digest. */
  digest?: string;
  /** The registry API host to contact (`registry-1.docker.io` for Docker Hub). */
  apiHost: string;
  /** What containerd resolves and names in its messages: `name@digest` when pinned, else `name:tag`. */
  resolvable: string;
}

export type ReferenceResult = { ok: true; value: ImageReference } | { ok: false; message: string };

/** splitDockerDomain: which part of `s` is the registry host. */
function splitDomain(s: string): { domain: string; remainder: string } {
  const slash = s.indexOf("/");
  const first = slash < 0 ? "" : s.slice(0, slash);
  let domain = DOCKER_HUB;
  let remainder = s;
  if (slash >= 0 && (/[.:]/.test(first) || first === "localhost" || first.toLowerCase() !== first)) {
    domain = first;
    remainder = s.slice(slash + 1);
  }
  if (domain === LEGACY_DOCKER_HUB) domain = DOCKER_HUB;
  if (domain === DOCKER_HUB && !remainder.includes("/")) remainder = `library/${remainder}`;
  return { domain, remainder };
}

/** go-digest's Parse/Validate for the algorithms it registers (sha256, sha384, sha512); only sha256 is pulled. */
function digestError(d: string): string | undefined {
  const [algorithm, hex] = d.split(":");
  const lengths: Record<string, number> = { sha256: 64, sha384: 96, sha512: 128 };
  if (!(algorithm in lengths)) return "unsupported digest algorithm";
  if (hex.length !== lengths[algorithm]) return "invalid checksum digest length";
  if (/[A-F]/.test(hex)) return "invalid checksum digest format";
  if (algorithm !== "sha256") return "unsupported digest algorithm";
  return undefined;
}

/** ParseNormalizedNamed's error, bare (without the kubelet's `couldn't parse image name` wrapper). */
function parseNormalized(s: string): { ok: true; value: ImageReference } | { ok: false; error: string } {
  if (IDENTIFIER.test(s)) return { ok: false, error: `invalid repository name (${s}), cannot specify 64-byte hexadecimal strings` };
  const { domain, remainder } = splitDomain(s);
  const colon = remainder.indexOf(":");
  const remote = colon < 0 ? remainder : remainder.slice(0, colon);
  if (remote.toLowerCase() !== remote) return { ok: false, error: `invalid reference format: repository name (${remote}) must be lowercase` };
  const full = `${domain}/${remainder}`;
  const m = REFERENCE.exec(full);
  if (!m) {
    if (REFERENCE.test(full.toLowerCase())) return { ok: false, error: "repository name must be lowercase" };
    return { ok: false, error: "invalid reference format" };
  }
  const [, name, tag, digest] = m;
  if (name.length > NAME_MAX) return { ok: false, error: `repository name must not be more than ${NAME_MAX} characters` };
  if (digest !== undefined) {
    const bad = digestError(digest);
    if (bad) return { ok: false, error: bad };
  }
  const path = name.slice(domain.length + 1);
  const value: ImageReference = {
    domain,
    path,
    name,
    tag: tag ?? (digest === undefined ? "latest" : undefined),
    digest,
    apiHost: domain === DOCKER_HUB ? DOCKER_HUB_API_HOST : domain,
    resolvable: digest ? `${name}@${digest}` : `${name}:${tag ?? "latest"}`,
  };
  return { ok: true, value };
}

/**
 * parsers.ParseImageName: the normalized reference, or the kubelet's error text
 * `couldn't parse image name "X": <reference error>`.
 */
export function parseImageReference(image: string): ReferenceResult {
  const r = parseNormalized(image);
  return r.ok ? r : { ok: false, message: `couldn't parse image name ${JSON.stringify(image)}: ${r.error}` };
}

/**
 * image_manager.go applyDefaultImageTag: `image` with `:latest` appended when it names neither tag nor digest
 * (kept short: `busybox` → `busybox:latest`, not `docker.io/library/busybox:latest`).
 */
export function applyDefaultImageTag(image: string): { ok: true; value: string } | { ok: false; message: string } {
  const r = parseImageReference(image);
  if (!r.ok) return r;
  const { tag, digest } = r.value;
  if (!digest && tag && !image.endsWith(`:${tag}`)) return { ok: true, value: `${image}:${tag}` };
  return { ok: true, value: image };
}
