#!/usr/bin/env node
/**
 * `npm run deploy`: deploys the Worker to a Cloudflare account (DEPLOY.md has the one-time setup).
 *
 *   1. builds the bundle (scripts/build.mjs: `wrangler deploy --dry-run`, so a broken bundle stops here);
 *   2. checks the one-time setup against wrangler's configuration for the chosen environment
 *      (lib/deploy-config.mjs: Durable Object bindings and SQLite migrations, the R2 binding, the Worker
 *      Loader, the cron trigger, hosts and routes) and the names of the Worker's secrets, listed with
 *      `wrangler secret list` when credentials are at hand (CLOUDFLARE_API_TOKEN, or a `wrangler login`);
 *      what cannot be checked offline is printed as a list to verify, never a failure;
 *   3. runs `wrangler deploy` with every argument passed through (`npm run deploy -- --env production`).
 *
 * Errors stop the deploy before the upload; warnings are printed. `--dry-run` does all of it without touching
 * the network: no secret listing, and wrangler's own `--dry-run` (bundle and checks, no upload). Secret values
 * are never read or printed, only their names.
 *
 * Usage: node scripts/deploy.mjs [--dry-run] [--env NAME] [--config FILE] [--var KEY:VALUE …] [--route P …]
 *        [--domain D …] [any other wrangler deploy flag]   (the flags the checks read are wrangler's own)
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { homedir } from "node:os";
import { join, relative, resolve } from "node:path";
import { buildWorker } from "./build.mjs";
import { deployFindings, parseDeployArgs, parseSecretList, withCommandLine } from "./lib/deploy-config.mjs";
import { ROOT, isMainModule } from "./lib/paths.mjs";

const WRANGLER_CONFIG = join(ROOT, "wrangler.toml");
const WRANGLER_BIN = join(ROOT, "node_modules", "wrangler", "bin", "wrangler.js");
/** The environment wrangler runs with: this process's, as it was before the in-process config read quietened it. */
const WRANGLER_ENV = { ...process.env, WRANGLER_SEND_METRICS: "false" };
/** How long `wrangler secret list` may take before the deploy goes on without it. */
const SECRET_LIST_TIMEOUT_MS = 30_000;

/** Whether wrangler has credentials: an API token in the environment or a stored `wrangler login`. */
function hasCredentials() {
  if (process.env.CLOUDFLARE_API_TOKEN || process.env.CLOUDFLARE_API_KEY) return true;
  const configHome = process.env.XDG_CONFIG_HOME ?? join(homedir(), ".config");
  return [join(configHome, ".wrangler", "config", "default.toml"), join(homedir(), ".wrangler", "config", "default.toml")].some(existsSync);
}

/**
 * Runs wrangler with `args`; resolves with its exit code and output (captured) or inherits the terminal.
 * @param {string[]} args
 * @param {{ capture?: boolean, timeoutMs?: number }} [options]
 * @returns {Promise<{ code: number | null, output: string }>}
 */
function wrangler(args, { capture = false, timeoutMs } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [WRANGLER_BIN, ...args], {
      cwd: ROOT,
      env: WRANGLER_ENV,
      stdio: capture ? ["ignore", "pipe", "pipe"] : "inherit",
      timeout: timeoutMs,
    });
    /** @type {Buffer[]} */
    const chunks = [];
    child.stdout?.on("data", (c) => chunks.push(c));
    child.stderr?.on("data", () => {}); // progress and errors; the JSON is on stdout
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, output: Buffer.concat(chunks).toString("utf8") }));
  });
}

/**
 * The names of the Worker's secrets, or undefined when they cannot be listed (offline, not logged in, the
 * Worker not yet created).
 * @param {string} file @param {string | undefined} env
 */
async function secretNames(file, env) {
  if (!hasCredentials()) return undefined;
  const { code, output } = await wrangler(["secret", "list", "--format", "json", "--config", file, ...(env ? ["--env", env] : [])], {
    capture: true,
    timeoutMs: SECRET_LIST_TIMEOUT_MS,
  });
  return code === 0 ? parseSecretList(output) : undefined;
}

/**
 * wrangler's configuration as `wrangler deploy --config <file> --env <env>` resolves it.
 * @param {string} file @param {string | undefined} env
 */
async function readConfig(file, env) {
  process.env.WRANGLER_SEND_METRICS ??= "false";
  process.env.WRANGLER_LOG ??= "warn";
  const { unstable_readConfig } = await import("wrangler");
  return /** @type {import("./lib/deploy-config.mjs").WranglerConfigView} */ (unstable_readConfig({ config: file, env }));
}

const MARKS = { error: "✗", warn: "!", verify: "?", ok: "✓" };

/**
 * Builds, checks and (unless `--dry-run`) uploads. Resolves with the process exit code.
 * @param {string[]} argv
 * @param {(line: string) => void} [log]
 */
export async function deploy(argv, log = (line) => console.error(line)) {
  const args = parseDeployArgs(argv);
  const { dryRun, env } = args;
  const configFile = args.config ? resolve(args.config) : WRANGLER_CONFIG;
  const build = await buildWorker({ log });
  log(build.built ? `built ${relative(ROOT, build.distDir)} in ${Math.round(build.ms)} ms` : `${relative(ROOT, build.distDir)} is up to date`);

  const config = withCommandLine(await readConfig(configFile, env), args);
  const secrets = dryRun ? undefined : await secretNames(configFile, env);
  const findings = deployFindings(config, secrets);
  log(`checks for ${config.name ?? "the Worker"}${env ? ` (--env ${env})` : ""}:`);
  for (const f of findings) log(`  ${MARKS[f.level]} ${f.message}`);
  if (secrets === undefined) log(`  (secrets not listed${dryRun ? " in a dry run" : ": offline or not logged in"}; check with: wrangler secret list${env ? ` --env ${env}` : ""})`);
  const errors = findings.filter((f) => f.level === "error").length;
  if (errors > 0) {
    log(`${errors} error(s): not deploying (DEPLOY.md has the one-time setup)`);
    return 1;
  }

  log(`wrangler deploy ${argv.join(" ")}`.trim());
  const { code } = await wrangler(["deploy", ...argv]);
  return code ?? 1;
}

if (isMainModule(import.meta.url)) {
  try {
    process.exit(await deploy(process.argv.slice(2)));
  } catch (err) {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  }
}
