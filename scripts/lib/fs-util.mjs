/**
 * Small file helpers for the local runtime scripts: atomic writes and a cross-process lock, so that
 * `npm start`, `npm run kubeconfig` and the e2e harness can all create certificates/tokens concurrently
 * without one of them reading a half-written file or a CA that does not match its server certificate.
 */
import { mkdirSync, openSync, closeSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";

/**
 * Writes `data` to `path` atomically (temp file + rename), creating parent directories.
 * @param {string} path
 * @param {string | Uint8Array} data
 * @param {number} [mode] file mode, e.g. 0o600 for secrets
 */
export function writeFileAtomic(path, data, mode = 0o644) {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.${Date.now()}.tmp`;
  writeFileSync(tmp, data, { mode });
  renameSync(tmp, path);
}

/**
 * Runs `fn` while holding an exclusive lock file (`O_EXCL` create). Waits for other holders; a lock older
 * than `staleMs` is considered abandoned (its holder died, e.g. `kill -9`) and broken.
 * @template T
 * @param {string} lockPath
 * @param {() => Promise<T> | T} fn
 * @param {{ staleMs?: number }} [options] default 30 s
 * @returns {Promise<T>}
 */
export async function withFileLock(lockPath, fn, { staleMs = 30_000 } = {}) {
  mkdirSync(dirname(lockPath), { recursive: true });
  for (;;) {
    try {
      closeSync(openSync(lockPath, "wx"));
      break;
    } catch (err) {
      if (/** @type {NodeJS.ErrnoException} */ (err).code !== "EEXIST") throw err;
      try {
        if (Date.now() - statSync(lockPath).mtimeMs > staleMs) rmSync(lockPath, { force: true });
      } catch {
        // the holder released it between our two calls
      }
      await sleep(50);
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(lockPath, { force: true });
  }
}
