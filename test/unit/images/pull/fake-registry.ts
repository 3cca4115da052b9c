/**
 * A registry, its token server and its blob CDN as one `fetch` function, behaving as Docker Hub does: a 401 with
 * a Bearer challenge, tokens from `https://auth.test/token` (anonymous for public repositories, HTTP Basic for
 * private ones) that expire on the test's clock, blobs answered with a 307 to `https://cdn.test/` (which refuses
 * requests carrying an Authorization header, as S3 does with a second auth mechanism).
 */
import { digestOf, enc, imageOf } from "../../registry/helpers";

export const REGISTRY = "registry.test";
export const OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
export const OCI_INDEX = "application/vnd.oci.image.index.v1+json";

export interface Repo {
  private?: boolean;
  manifests: Map<string, { bytes: Uint8Array; contentType: string }>;
  blobs: Map<string, Uint8Array>;
}

export interface FakeOptions {
  /** "bearer" (default): token flow; "basic": Basic challenge; "none": no auth; "no-challenge": 401 without WWW-Authenticate. */
  auth?: "bearer" | "basic" | "none" | "no-challenge";
  users?: Record<string, string>;
  tokenSeconds?: number;
  now: () => number;
}

export function fakeRegistry(o: FakeOptions) {
  const repos = new Map<string, Repo>();
  const tokens = new Map<string, { expiresAtMs: number; scopes: string[]; user?: string }>();
  const log: string[] = [];
  const state = { tokensIssued: 0, offline: false };
  const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
    new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json", ...headers } });
  const error = (status: number, code: string, message: string, headers: Record<string, string> = {}) => json(status, { errors: [{ code, message }] }, headers);
  const basicUser = (h: string | null) => {
    if (!h?.startsWith("Basic ")) return undefined;
    const [u, ...p] = atob(h.slice(6)).split(":");
    return o.users?.[u] === p.join(":") ? u : null;
  };

  async function fetch(req: Request): Promise<Response> {
    const url = new URL(req.url);
    log.push(`${req.method} ${url.host}${url.pathname}`);
    if (state.offline) throw new TypeError("Network connection lost.");
    if (url.host === "auth.test") {
      const user = basicUser(req.headers.get("Authorization"));
      if (user === null) return json(401, { details: "incorrect username or password" });
      const token = `tok-${++state.tokensIssued}`;
      tokens.set(token, { expiresAtMs: o.now() + (o.tokenSeconds ?? 300) * 1000, scopes: url.searchParams.getAll("scope"), user });
      return json(200, { token, expires_in: o.tokenSeconds ?? 300 });
    }
    if (url.host === "cdn.test") {
      if (req.headers.get("Authorization")) return new Response("<Error>InvalidArgument: only one auth mechanism allowed</Error>", { status: 400 });
      const bytes = [...repos.values()].map((r) => r.blobs.get(url.pathname.slice(1))).find(Boolean);
      return bytes ? new Response(bytes, { headers: { "Content-Length": String(bytes.byteLength) } }) : new Response("", { status: 404 });
    }
    if (url.host !== REGISTRY) throw new TypeError(`no such host ${url.host}`);
    const m = /^\/v2\/(.+)\/(manifests|blobs)\/([^/]+)$/.exec(url.pathname);
    if (!m) return error(404, "NOT_FOUND", "not found");
    const [, name, kind, ref] = m;
    const repo = repos.get(name);
    const auth = o.auth ?? "bearer";
    const h = req.headers.get("Authorization");
    if (auth === "no-challenge" && !h) return error(401, "UNAUTHORIZED", "authentication required");
    if (auth === "basic" && (repo?.private || !h) && !basicUser(h)) return error(401, "UNAUTHORIZED", "authentication required", { "WWW-Authenticate": 'Basic realm="fake"' });
    if (auth === "bearer") {
      const t = h?.startsWith("Bearer ") ? tokens.get(h.slice(7)) : undefined;
      const challenge = { "WWW-Authenticate": `Bearer realm="https://auth.test/token",service="${REGISTRY}",scope="repository:${name}:pull"` };
      if (!t || t.expiresAtMs <= o.now()) return error(401, "UNAUTHORIZED", "authentication required", challenge);
      if (!t.scopes.includes(`repository:${name}:pull`) || (repo?.private && !t.user)) return error(401, "UNAUTHORIZED", "insufficient_scope: authorization failed", challenge);
    }
    if (!repo) return error(404, "NAME_UNKNOWN", "repository name not known to registry");
    if (kind === "blobs") {
      if (!repo.blobs.has(ref)) return error(404, "BLOB_UNKNOWN", "blob unknown to registry");
      return new Response(null, { status: 307, headers: { Location: `https://cdn.test/${ref}` } });
    }
    const doc = repo.manifests.get(ref);
    if (!doc) return error(404, "MANIFEST_UNKNOWN", "manifest unknown");
    return new Response(doc.bytes, { headers: { "Content-Type": doc.contentType, "Docker-Content-Digest": await digestOf(doc.bytes) } });
  }

  /** Adds an image of a config and two layers under `tag` (and its digest); returns its pieces. */
  async function addImage(name: string, tag: string, seed = name, isPrivate = false) {
    const image = await imageOf(seed);
    const repo = repos.get(name) ?? { private: isPrivate, manifests: new Map(), blobs: new Map() };
    repos.set(name, repo);
    for (const b of [image.config, ...image.layers]) repo.blobs.set(b.digest, b.bytes);
    const doc = { bytes: image.manifest.bytes, contentType: OCI_MANIFEST };
    repo.manifests.set(tag, doc);
    repo.manifests.set(image.manifest.digest, doc);
    return image;
  }

  /** An index over `entries` (digest, size, platform) under `tag`. */
  async function addIndex(name: string, tag: string, entries: { digest: string; size: number; platform?: { os: string; architecture: string } }[]) {
    const bytes = enc(JSON.stringify({ schemaVersion: 2, mediaType: OCI_INDEX, manifests: entries.map((e) => ({ mediaType: OCI_MANIFEST, ...e })) }));
    const doc = { bytes, contentType: OCI_INDEX };
    const digest = await digestOf(bytes);
    repos.get(name)!.manifests.set(tag, doc);
    repos.get(name)!.manifests.set(digest, doc);
    return { bytes, digest };
  }

  return { fetch, repos, log, state, addImage, addIndex };
}

/** A clock the test moves. */
export function testClock(start = 1_700_000_000_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}
