/**
 * A pull-only OCI distribution client over an injected `fetch`, as containerd's remotes/docker resolver and
 * fetcher behave towards a registry (distribution-spec "Pulling", docs/spec/auth/token.md):
 *
 * - manifests: `GET /v2/<name>/manifests/<tag|digest>` with the Accept list of OCI manifest and index and Docker
 *   schema 2 manifest and list; at most 4 MiB (the registry's own MANIFEST_MAX_BYTES); the sha256 of the bytes
 *   must equal the digest asked for, or the `Docker-Content-Digest` header when a tag was asked for;
 * - blobs: `GET /v2/<name>/blobs/<digest>`, redirects followed by hand (≤ 10; `Authorization` is dropped when
 *   the origin changes, as storage back ends reject or leak it), length and sha256 checked against the descriptor;
 * - auth: a 401's `WWW-Authenticate` decides. `Bearer`: a token from `realm?service=…&scope=repository:<name>:pull`
 *   (HTTP Basic to the token server when credentials are given), cached per (realm, service, scope, credentials)
 *   until `expires_in` (default 60 s, the token spec's minimum) and re-requested once when the registry refuses a
 *   cached one. `Basic`: the credentials, when given. The challenge is remembered per host so later requests
 *   authorize up front. Registries are contacted over https only.
 *
 * Failures are values (errors.ts); `fetch` throwing is a network failure. Not supported: OAuth2 POST token
 * requests, refresh tokens, mirrors, `urls` of foreign layers, streaming blobs larger than memory.
 */
import { MANIFEST_MAX_BYTES } from "../../registry/manifest";
import { DOCKER_MANIFEST, DOCKER_MANIFEST_LIST, OCI_INDEX, OCI_MANIFEST } from "../oci";
import { sha256Digest } from "../layers";
import { parseChallenges, tokenUrl, type Challenge } from "./challenge";
import type { RegistryCredentials } from "./credentials";
import type { Fetched, PullFailure } from "./errors";

export const MANIFEST_ACCEPT = [OCI_MANIFEST, OCI_INDEX, DOCKER_MANIFEST, DOCKER_MANIFEST_LIST].join(", ");
const MAX_REDIRECTS = 10;
const DEFAULT_TOKEN_SECONDS = 60;

/** Tokens and per-host challenges; keep one per kubelet (in memory), shared by its pulls. */
export interface AuthCache {
  challenges: Map<string, Challenge>;
  tokens: Map<string, { token: string; expiresAtMs: number }>;
}
export const newAuthCache = (): AuthCache => ({ challenges: new Map(), tokens: new Map() });

export interface ClientOptions {
  fetch: (request: Request) => Promise<Response>;
  credentials?: RegistryCredentials;
  auth: AuthCache;
  /** Milliseconds since the epoch (token expiry). */
  now: () => number;
}

export interface FetchedManifest {
  bytes: Uint8Array;
  /** The response's Content-Type (parseImageDocument falls back to the body's mediaType). */
  contentType: string | null;
  digest: string;
}

const STATUS_TEXT: Record<number, string> = { 400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found", 429: "Too Many Requests", 500: "Internal Server Error", 502: "Bad Gateway", 503: "Service Unavailable" };
const statusLine = (r: Response) => `${r.status} ${r.statusText || STATUS_TEXT[r.status] || ""}`.trim();
const unexpected = (url: string, r: Response) => `unexpected status from GET request to ${url}: ${statusLine(r)}`;
const basic = (c: RegistryCredentials) => `Basic ${btoa(`${c.username}:${c.password}`)}`;

/** distribution errcode's `code: message` (lower-cased code) of an error body, for `server message:`. */
async function serverMessage(r: Response): Promise<string | undefined> {
  try {
    const body = (await r.json()) as { errors?: { code?: string; message?: string }[]; details?: string };
    const e = body.errors?.[0];
    if (e?.code) return `${e.code.toLowerCase()}: ${e.message ?? ""}`;
    return body.details;
  } catch {
    return undefined;
  }
}

type Step = Fetched<string | undefined>;

/** The token for a Bearer challenge: cached unless `fresh`, else requested and cached. */
async function bearer(o: ClientOptions, c: Challenge, repository: string, fresh: boolean): Promise<Step> {
  const url = tokenUrl(c, repository);
  if (!url) return { ok: false, failure: { kind: "unauthorized", stage: "resolve", detail: `failed to authorize: invalid bearer realm ${JSON.stringify(c.params.realm ?? "")}` } };
  const key = JSON.stringify([url, o.credentials?.username ?? null, o.credentials?.password ?? null]);
  const cached = o.auth.tokens.get(key);
  if (!fresh && cached && cached.expiresAtMs > o.now()) return { ok: true, value: `Bearer ${cached.token}` };
  const kind = o.credentials ? "token" : "anonymous token";
  let res: Response;
  try {
    res = await o.fetch(new Request(url, { headers: o.credentials ? { Authorization: basic(o.credentials) } : {} }));
  } catch (e) {
    return { ok: false, failure: { kind: "network", stage: "resolve", detail: `failed to authorize: failed to fetch ${kind}: Get "${url}": ${(e as Error).message}` } };
  }
  if (!res.ok) return { ok: false, failure: { kind: "unauthorized", stage: "resolve", detail: `failed to authorize: failed to fetch ${kind}: ${unexpected(url, res)}` } };
  const body = (await res.json().catch(() => ({}))) as { token?: string; access_token?: string; expires_in?: number };
  const token = body.token || body.access_token;
  if (!token) return { ok: false, failure: { kind: "unauthorized", stage: "resolve", detail: `failed to authorize: failed to fetch ${kind}: no token in the response of ${url}` } };
  const seconds = typeof body.expires_in === "number" && body.expires_in > 0 ? body.expires_in : DEFAULT_TOKEN_SECONDS;
  o.auth.tokens.set(key, { token, expiresAtMs: o.now() + seconds * 1000 });
  return { ok: true, value: `Bearer ${token}` };
}

/** The Authorization header for `host` from its remembered challenge (undefined: none known, or Basic without credentials). */
async function authorization(o: ClientOptions, host: string, repository: string, fresh: boolean): Promise<Step> {
  const c = o.auth.challenges.get(host);
  if (c?.scheme === "bearer") return bearer(o, c, repository, fresh);
  if (c?.scheme === "basic" && o.credentials) return { ok: true, value: basic(o.credentials) };
  return { ok: true, value: undefined };
}

/** One GET following redirects by hand; Authorization only to the original origin. */
async function getFollowing(o: ClientOptions, url: string, headers: Record<string, string>): Promise<Response> {
  const origin = new URL(url).origin;
  let current = url;
  for (let hop = 0; ; hop++) {
    const h = { ...headers };
    if (new URL(current).origin !== origin) delete h.Authorization;
    const res = await o.fetch(new Request(current, { headers: h, redirect: "manual" }));
    const location = res.headers.get("Location");
    if (![301, 302, 303, 307, 308].includes(res.status) || !location) return res;
    if (hop >= MAX_REDIRECTS) throw new Error(`stopped after ${MAX_REDIRECTS} redirects`);
    current = new URL(location, current).toString();
  }
}

/** An authorized GET of `path` on `host`; a Response (any status but 401) or a failure. */
async function get(o: ClientOptions, host: string, repository: string, path: string, accept: string | undefined, stage: PullFailure["stage"]): Promise<Fetched<Response>> {
  const url = `https://${host}${path}`;
  const send = async (auth: string | undefined): Promise<Fetched<Response>> => {
    try {
      return { ok: true, value: await getFollowing(o, url, { ...(accept ? { Accept: accept } : {}), ...(auth ? { Authorization: auth } : {}) }) };
    } catch (e) {
      return { ok: false, failure: { kind: "network", stage, detail: `failed to do request: Get "${url}": ${(e as Error).message}` } };
    }
  };
  const first = await authorization(o, host, repository, false);
  if (!first.ok) return first;
  let res = await send(first.value);
  if (!res.ok || res.value.status !== 401) return res;
  const challenges = parseChallenges(res.value.headers.get("WWW-Authenticate"));
  const challenge = challenges.find((c) => c.scheme === "bearer") ?? challenges.find((c) => c.scheme === "basic");
  const denied = async (r: Response): Promise<Fetched<Response>> => {
    const msg = await serverMessage(r);
    const detail = msg ? `pull access denied, repository does not exist or may require authorization: server message: ${msg}` : unexpected(url, r);
    return { ok: false, failure: { kind: "unauthorized", stage, detail } };
  };
  if (!challenge || (challenge.scheme === "basic" && !o.credentials)) return denied(res.value);
  o.auth.challenges.set(host, challenge);
  const retry = await authorization(o, host, repository, true);
  if (!retry.ok) return retry;
  res = await send(retry.value);
  if (!res.ok) return res;
  return res.value.status === 401 || res.value.status === 403 ? denied(res.value) : res;
}

/** The body, refused past `max` bytes (by Content-Length, then by what arrives). */
async function readCapped(res: Response, max: number): Promise<Uint8Array | undefined> {
  const declared = Number(res.headers.get("Content-Length") ?? NaN);
  if (declared > max) {
    await res.body?.cancel();
    return undefined;
  }
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = res.body?.getReader();
  for (;;) {
    const next = reader ? await reader.read() : { done: true as const, value: undefined };
    if (next.done) break;
    total += next.value.byteLength;
    if (total > max) {
      await reader!.cancel();
      return undefined;
    }
    chunks.push(next.value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) out.set(c, (at += c.byteLength) - c.byteLength);
  return out;
}

/** A manifest or index by tag or digest, its digest verified. Failures are at the "resolve" stage. */
export async function fetchManifest(o: ClientOptions, host: string, repository: string, reference: string): Promise<Fetched<FetchedManifest>> {
  const path = `/v2/${repository}/manifests/${reference}`;
  const got = await get(o, host, repository, path, MANIFEST_ACCEPT, "resolve");
  if (!got.ok) return got;
  const res = got.value;
  if (res.status === 404) return { ok: false, failure: { kind: "not-found", stage: "resolve" } };
  if (!res.ok) return { ok: false, failure: { kind: "network", stage: "resolve", detail: unexpected(`https://${host}${path}`, res) } };
  const bytes = await readCapped(res, MANIFEST_MAX_BYTES);
  if (!bytes) return { ok: false, failure: { kind: "invalid", stage: "resolve", detail: `manifest ${reference} is larger than ${MANIFEST_MAX_BYTES} bytes` } };
  const digest = await sha256Digest(bytes);
  const expected = reference.includes(":") ? reference : res.headers.get("Docker-Content-Digest");
  if (expected && expected !== digest) return { ok: false, failure: { kind: "invalid", stage: "resolve", detail: `manifest ${reference}: unexpected digest ${digest}, expected ${expected}` } };
  return { ok: true, value: { bytes, contentType: res.headers.get("Content-Type"), digest } };
}

/** A blob whose descriptor is known; its length and sha256 verified. Failures are at the "fetch" stage. */
export async function fetchBlob(o: ClientOptions, host: string, repository: string, d: { digest: string; size: number }): Promise<Fetched<Uint8Array>> {
  const path = `/v2/${repository}/blobs/${d.digest}`;
  const got = await get(o, host, repository, path, undefined, "fetch");
  if (!got.ok) return got;
  const res = got.value;
  const url = res.url || `https://${host}${path}`;
  if (res.status === 404) return { ok: false, failure: { kind: "not-found", stage: "fetch", detail: `httpReadSeeker: failed open: content at ${url} not found` } };
  if (!res.ok) return { ok: false, failure: { kind: "network", stage: "fetch", detail: unexpected(url, res) } };
  const bytes = await readCapped(res, d.size);
  if (!bytes || bytes.byteLength !== d.size) {
    return { ok: false, failure: { kind: "invalid", stage: "fetch", detail: `failed commit on ref "${d.digest}": unexpected commit size ${bytes?.byteLength ?? `> ${d.size}`}, expected ${d.size}` } };
  }
  const digest = await sha256Digest(bytes);
  if (digest !== d.digest) return { ok: false, failure: { kind: "invalid", stage: "fetch", detail: `failed commit on ref "${d.digest}": unexpected commit digest ${digest}, expected ${d.digest}` } };
  return { ok: true, value: bytes };
}
