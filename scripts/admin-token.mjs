#!/usr/bin/env node
/**
 * The cluster-admin bearer token of a local cluster: 32 random bytes as hex, created once per state
 * directory in `<state>/admin-token` (mode 0600) and handed to the worker as the `ADMIN_TOKEN` binding.
 * Like kube-apiserver's `--token-auth-file`, it is a static token; a fresh state directory (e.g. an e2e
 * run) gets a fresh token.
 *
 * CLI: `node scripts/admin-token.mjs [--state <dir>]` prints the token.
 */
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { adminTokenPath, isMainModule, resolveStateDir } from "./lib/paths.mjs";
import { withFileLock, writeFileAtomic } from "./lib/fs-util.mjs";

/** Bytes of randomness in a generated token (hex-encoded: 64 characters). */
export const TOKEN_BYTES = 32;

/**
 * A token is usable if it is a non-empty single line of header-safe characters (RFC 6750 b64token).
 * @param {string | undefined} token
 */
export function isUsableToken(token) {
  return !!token && /^[A-Za-z0-9\-._~+/]+=*$/.test(token);
}

/**
 * Returns the state directory's admin token, generating it when missing or unusable.
 * @param {string} [stateDir] defaults to `resolveStateDir()`
 * @returns {Promise<string>}
 */
export async function ensureAdminToken(stateDir = resolveStateDir()) {
  const path = adminTokenPath(stateDir);
  const read = () => (existsSync(path) ? readFileSync(path, "utf8").trim() : undefined);
  const existing = read();
  if (isUsableToken(existing)) return /** @type {string} */ (existing);
  return withFileLock(`${path}.lock`, () => {
    const again = read();
    if (isUsableToken(again)) return /** @type {string} */ (again);
    const token = randomBytes(TOKEN_BYTES).toString("hex");
    writeFileAtomic(path, `${token}\n`, 0o600);
    return token;
  });
}

if (isMainModule(import.meta.url)) {
  const { values } = parseArgs({ options: { state: { type: "string" } } });
  console.log(await ensureAdminToken(resolveStateDir(values.state)));
}
