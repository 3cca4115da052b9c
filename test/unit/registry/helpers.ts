/** Drives the registry through the real Worker (SELF) as registry clients do: Basic auth with a cluster token. */
import { SELF } from "cloudflare:test";
import { expect } from "vitest";

export const BASE = "https://k8s.test";
export const ADMIN_BASIC = `Basic ${btoa("admin:test-admin-token")}`;
export const basic = (token: string) => `Basic ${btoa(`user:${token}`)}`;

export const OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
export const OCI_INDEX = "application/vnd.oci.image.index.v1+json";

export interface RegistryCall {
  body?: BodyInit;
  headers?: Record<string, string>;
  /** The Authorization header; null for none. Default: Basic with the admin token. */
  auth?: string | null;
}

export interface RegistryResponse {
  status: number;
  headers: Headers;
  bytes: Uint8Array;
  text: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  json: any;
}

export async function reg(method: string, path: string, call: RegistryCall = {}): Promise<RegistryResponse> {
  const headers: Record<string, string> = { ...(call.headers ?? {}) };
  const auth = call.auth === undefined ? ADMIN_BASIC : call.auth;
  if (auth !== null) headers.Authorization = auth;
  const res = await SELF.fetch(BASE + path, { method, headers, body: call.body });
  const bytes = new Uint8Array(await res.arrayBuffer());
  const text = new TextDecoder().decode(bytes);
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, bytes, text, json };
}

export const enc = (s: string) => new TextEncoder().encode(s);

export async function digestOf(bytes: Uint8Array): Promise<string> {
  const hash = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return `sha256:${[...hash].map((b) => b.toString(16).padStart(2, "0")).join("")}`;
}

export interface Blob {
  bytes: Uint8Array;
  digest: string;
}

export async function blobOf(content: string | Uint8Array): Promise<Blob> {
  const bytes = typeof content === "string" ? enc(content) : content;
  return { bytes, digest: await digestOf(bytes) };
}

/** Monolithic push; expects 201. */
export async function pushBlob(name: string, blob: Blob, auth?: string | null): Promise<void> {
  const res = await reg("POST", `/v2/${name}/blobs/uploads/?digest=${blob.digest}`, { body: blob.bytes, auth, headers: { "Content-Type": "application/octet-stream" } });
  expect(res.status, res.text).toBe(201);
}

/** An image of a config and two layers, and its manifest's bytes and digest. */
export async function imageOf(seed: string) {
  const config = await blobOf(JSON.stringify({ architecture: "amd64", os: "linux", seed }));
  const layers = [await blobOf(`layer one ${seed}`), await blobOf(new Uint8Array([0, 255, 1, 254, ...enc(seed)]))];
  const manifest = {
    schemaVersion: 2,
    mediaType: OCI_MANIFEST,
    config: { mediaType: "application/vnd.oci.image.config.v1+json", digest: config.digest, size: config.bytes.byteLength },
    layers: layers.map((l) => ({ mediaType: "application/vnd.oci.image.layer.v1.tar+gzip", digest: l.digest, size: l.bytes.byteLength })),
  };
  // Deliberately not canonical JSON: the registry must keep the exact bytes.
  const bytes = enc(JSON.stringify(manifest, null, 3) + "\n");
  return { config, layers, manifest: { bytes, digest: await digestOf(bytes) } };
}

/** Pushes an image's blobs and its manifest under `reference`; expects 201. */
export async function pushImage(name: string, reference: string, image: Awaited<ReturnType<typeof imageOf>>, auth?: string | null): Promise<RegistryResponse> {
  for (const b of [image.config, ...image.layers]) await pushBlob(name, b, auth);
  const res = await reg("PUT", `/v2/${name}/manifests/${reference}`, { body: image.manifest.bytes, auth, headers: { "Content-Type": OCI_MANIFEST } });
  expect(res.status, res.text).toBe(201);
  return res;
}

let n = 0;
/** A repository name unique to this run. */
export const repo = (prefix = "t") => `${prefix}-${Date.now().toString(36)}-${(n++).toString(36)}`;
