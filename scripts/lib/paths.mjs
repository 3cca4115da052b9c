/**
 * Where the local runtime keeps its files. Everything lives under `.wrangler/` (git-ignored), next to the
 * state `wrangler dev` itself writes, so `npm start` and `npm run dev` share one cluster.
 *
 *   .wrangler/certs/            CA + server certificate (shared by every local server, see certs.mjs)
 *   .wrangler/state/            default state directory (`--state <dir>` / KUBE_EDGE_STATE override it)
 *   .wrangler/state/v3/         Miniflare/wrangler persistence root (Durable Object SQLite files)
 *   .wrangler/state/admin-token cluster-admin bearer token (mode 0600)
 *   dist/                       bundled worker (`wrangler deploy --dry-run --outdir dist`)
 */
import { realpathSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** Absolute path of the repository root (the directory holding wrangler.toml). */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** Certificates shared by all local servers, whatever their state directory. */
export const CERTS_DIR = join(ROOT, ".wrangler", "certs");

/** Bundle output directory, as `wrangler deploy --dry-run --outdir dist` writes it. */
export const DIST_DIR = join(ROOT, "dist");

/** Default port of the local server (`PORT` overrides it), as `wrangler dev` uses. */
export const DEFAULT_PORT = 8787;

/**
 * The state directory: explicit argument, else `KUBE_EDGE_STATE`, else `.wrangler/state`.
 * @param {string | undefined} [explicit]
 * @returns {string} absolute path
 */
export function resolveStateDir(explicit) {
  const dir = explicit ?? process.env.KUBE_EDGE_STATE ?? join(ROOT, ".wrangler", "state");
  return resolve(ROOT, dir);
}

/**
 * Miniflare's persistence root inside a state directory. `wrangler dev` uses `<state>/v3`, so the same
 * Durable Object files serve both runners.
 * @param {string} stateDir
 */
export function persistRoot(stateDir) {
  return join(stateDir, "v3");
}

/** @param {string} stateDir */
export function adminTokenPath(stateDir) {
  return join(stateDir, "admin-token");
}

/**
 * The port: explicit argument, else `PORT`, else 8787.
 * @param {string | number | undefined} [explicit]
 */
export function resolvePort(explicit) {
  const raw = explicit ?? process.env.PORT ?? DEFAULT_PORT;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`invalid port: ${raw}`);
  return port;
}

/**
 * Whether the module at `importMetaUrl` is the script node was started with (CLI entry point).
 * @param {string} importMetaUrl
 */
export function isMainModule(importMetaUrl) {
  if (!process.argv[1]) return false;
  try {
    return realpathSync(fileURLToPath(importMetaUrl)) === realpathSync(process.argv[1]);
  } catch {
    return false;
  }
}
