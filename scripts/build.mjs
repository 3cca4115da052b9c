#!/usr/bin/env node
/**
 * Builds the worker exactly as a deploy would: `wrangler deploy --dry-run --outdir dist` (honours
 * wrangler.toml: main, module rules, define, aliases, nodejs_compat polyfills), plus the Miniflare worker
 * options wrangler derives from wrangler.toml (`unstable_getMiniflareWorkerOptions`: compatibility date and
 * flags, Durable Object bindings and SQLite migrations, cron triggers, module rules).
 *
 * Output, all under dist/:
 *   index.js (+ map, + non-JS modules matched by `rules`)   the bundle
 *   bundle-meta.json                                         esbuild metafile (the bundle's inputs)
 *   kube-edge-build.json                                     { startedAt, modules, workerOptions } — last
 *
 * `modules` lists the bundle's modules for Miniflare 5, which (unlike v4) does not discover imports: the
 * entry point first, then every relative external import esbuild recorded (text/data/wasm modules that
 * wrangler's `rules` copied beside the bundle), typed by those same rules.
 *
 * The build is skipped when the previous one started after the last change to wrangler.toml, this script,
 * every bundle input in node_modules, and every file and directory under the project folders the bundle
 * reads from (worker/, durable-objects/, schema/, …: this also catches edited text modules and added or
 * deleted files). So restarts and the e2e harness do not pay for wrangler again, and a warm `npm start`
 * does not even load it.
 *
 * CLI: `node scripts/build.mjs [--force]` (`npm run build`).
 */
import { spawn } from "node:child_process";
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { withFileLock, writeFileAtomic } from "./lib/fs-util.mjs";
import { DIST_DIR, ROOT, isMainModule } from "./lib/paths.mjs";

const WRANGLER_CONFIG = join(ROOT, "wrangler.toml");
const METAFILE = "bundle-meta.json";
const BUILD_RECORD = "kube-edge-build.json";

/**
 * @typedef {{ type: string, path: string }} BundleModule a Miniflare v4 module definition, path relative to dist
 * @typedef {{ startedAt: number, modules: BundleModule[], workerOptions: Record<string, unknown> }} BuildRecord
 *   `startedAt` (epoch ms, before wrangler read any source) is what inputs are compared with, so an edit
 *   made during a build makes the next start rebuild.
 * @typedef {BuildRecord & { distDir: string, built: boolean, ms: number }} BuildResult
 */

/**
 * Whether the build record in `distDir` is at least as new as every input (see the module comment).
 * A missing input means stale.
 * @param {string} distDir
 * @returns {boolean}
 */
export function buildIsFresh(distDir) {
  const recordPath = join(distDir, BUILD_RECORD);
  const metaPath = join(distDir, METAFILE);
  if (!existsSync(recordPath) || !existsSync(metaPath)) return false;
  try {
    const record = /** @type {BuildRecord} */ (JSON.parse(readFileSync(recordPath, "utf8")));
    if (!record.modules.every((m) => existsSync(join(distDir, m.path)))) return false;
    const meta = JSON.parse(readFileSync(metaPath, "utf8"));
    const inputs = Object.keys(meta.inputs ?? {}).filter((input) => !/^[a-z-]+:/.test(input)); // esbuild namespaces
    const sourceDirs = new Set(inputs.filter((i) => !i.startsWith("node_modules/")).map((i) => i.split("/")[0]));
    const files = [
      WRANGLER_CONFIG,
      fileURLToPath(import.meta.url),
      ...inputs.filter((i) => i.startsWith("node_modules/")).map((i) => join(ROOT, i)),
    ];
    const newest = Math.max(
      ...files.map((path) => statSync(path).mtimeMs),
      ...[...sourceDirs].map((dir) => newestMtime(join(ROOT, dir))),
    );
    return newest < record.startedAt;
  } catch {
    return false;
  }
}

/** Newest mtime of a file, or of a directory and everything below it. @param {string} path */
function newestMtime(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

/**
 * Bundles the worker into `distDir` unless the previous build is fresh (or `force`).
 * @param {{ force?: boolean, distDir?: string, log?: (line: string) => void }} [options]
 * @returns {Promise<BuildResult>}
 */
export async function buildWorker({ force = false, distDir = DIST_DIR, log = (l) => console.error(l) } = {}) {
  const started = performance.now();
  return withFileLock(join(ROOT, ".wrangler", "build.lock"), async () => {
    if (!force && buildIsFresh(distDir)) {
      return { ...readBuildRecord(distDir), distDir, built: false, ms: performance.now() - started };
    }
    const startedAt = Date.now();
    log(`building worker (wrangler deploy --dry-run --outdir ${relative(ROOT, distDir) || "."}) …`);
    const [, workerOptions] = await Promise.all([runWranglerBuild(distDir), miniflareWorkerOptions()]);
    const meta = JSON.parse(readFileSync(join(distDir, METAFILE), "utf8"));
    const { compileModuleRules } = await import("miniflare");
    const rules = compileModuleRules(/** @type {any} */ (workerOptions.modulesRules) ?? []);
    /** @type {BuildRecord} */
    const record = { startedAt, modules: bundleModules(meta, distDir, rules), workerOptions };
    writeFileAtomic(join(distDir, BUILD_RECORD), JSON.stringify(record, null, 2));
    return { ...record, distDir, built: true, ms: performance.now() - started };
  }, { staleMs: 10 * 60_000 }); // a build on a loaded machine can take a while
}

/**
 * The bundle's modules from an esbuild metafile: the entry point (ESM), then each relative external import
 * of it, typed by the first matching module rule (wrangler's `rules` plus its defaults).
 * @param {{ outputs: Record<string, { entryPoint?: string, imports: { path: string, external?: boolean }[] }> }} meta
 * @param {string} distDir
 * @param {{ type: string, include: { include: RegExp[], exclude: RegExp[] } }[]} rules compiled module rules
 * @returns {BundleModule[]}
 */
export function bundleModules(meta, distDir, rules) {
  const main = Object.entries(meta.outputs).find(([, out]) => out.entryPoint);
  if (!main) throw new Error("no entry point in the esbuild metafile");
  const [mainPath, mainOutput] = main;
  const modules = [{ type: "ESModule", path: relative(distDir, join(ROOT, mainPath)) }];
  for (const { path, external } of mainOutput.imports) {
    if (!external || !path.startsWith("./")) continue;
    const name = path.slice(2);
    const rule = rules.find(({ include: r }) => r.include.some((re) => re.test(name)) && !r.exclude.some((re) => re.test(name)));
    if (!rule) throw new Error(`no module rule matches ${name} (imported by the bundle)`);
    if (!modules.some((m) => m.path === name)) modules.push({ type: rule.type, path: name });
  }
  return modules;
}

/** @param {string} distDir @returns {BuildRecord} */
export function readBuildRecord(distDir = DIST_DIR) {
  return JSON.parse(readFileSync(join(distDir, BUILD_RECORD), "utf8"));
}

/** @param {string} distDir @returns {Promise<void>} */
function runWranglerBuild(distDir) {
  const wranglerBin = join(ROOT, "node_modules", "wrangler", "bin", "wrangler.js");
  const args = ["deploy", "--dry-run", "--outdir", distDir, "--metafile", join(distDir, METAFILE)];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [wranglerBin, ...args], {
      cwd: ROOT,
      env: { ...process.env, WRANGLER_SEND_METRICS: "false" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    /** @type {Buffer[]} */
    const output = [];
    child.stdout.on("data", (chunk) => output.push(chunk));
    child.stderr.on("data", (chunk) => output.push(chunk));
    child.on("error", reject);
    child.on("close", (code) =>
      code === 0
        ? resolve()
        : reject(new Error(`wrangler build failed (exit ${code}):\n${stripAnsi(Buffer.concat(output).toString("utf8"))}`)),
    );
  });
}

/** Removes terminal colour codes (wrangler colours esbuild's errors even when piped). @param {string} text */
function stripAnsi(text) {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\x1b\[[0-9;]*m/g, "");
}

/**
 * Miniflare (v4-style) worker options for wrangler.toml, as `wrangler dev` computes them. Must be plain
 * JSON (it is cached in the build record); wrangler returns plain data for every binding we use.
 * `name` is wrangler.toml's, as `wrangler dev` names the worker (Durable Object files are keyed by it).
 * Plain-text bindings are limited to wrangler.toml's `[vars]`: wrangler also merges `.dev.vars`/`.env`
 * secrets (e.g. the ADMIN_TOKEN `npm run dev` writes there), which must not land in dist/ — start.mjs
 * passes the token itself.
 * @returns {Promise<Record<string, unknown>>}
 */
async function miniflareWorkerOptions() {
  process.env.WRANGLER_SEND_METRICS ??= "false";
  process.env.WRANGLER_LOG ??= "warn"; // in-process: no "Using secrets defined in .dev.vars" chatter
  const { unstable_getMiniflareWorkerOptions, unstable_readConfig } = await import("wrangler");
  const config = unstable_readConfig({ config: WRANGLER_CONFIG });
  const { workerOptions } = unstable_getMiniflareWorkerOptions(config);
  const declared = new Set(Object.keys(config.vars ?? {}));
  const bindings = Object.fromEntries(
    Object.entries(/** @type {Record<string, unknown>} */ (workerOptions.bindings ?? {})).filter(([name]) => declared.has(name)),
  );
  return JSON.parse(JSON.stringify({ ...workerOptions, name: config.name, bindings, rootPath: ROOT }));
}

if (isMainModule(import.meta.url)) {
  const { values } = parseArgs({ options: { force: { type: "boolean", default: false } } });
  try {
    const result = await buildWorker({ force: values.force });
    console.error(
      result.built
        ? `built ${relative(ROOT, result.distDir)} (${result.modules.map((m) => m.path).join(", ")}) in ${Math.round(result.ms)} ms`
        : `${relative(ROOT, result.distDir)} is up to date`,
    );
  } catch (err) {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  }
}
