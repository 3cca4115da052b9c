#!/usr/bin/env node
/**
 * `npm start`: the local kube-edge runtime. Runs the deploy bundle (scripts/build.mjs) on ONE workerd
 * process through Miniflare's API — not `wrangler dev`, which chains two workerd processes and a proxy —
 * serving HTTPS with the project CA's server certificate (scripts/certs.mjs), so kubectl verifies TLS.
 *
 *   - Durable Object state persists under `<state>/v3` (same layout as `wrangler dev`), so it survives
 *     restarts and `kill -9` (workerd's SQLite commits before a response leaves).
 *   - `ADMIN_TOKEN` binding = `<state>/admin-token` (scripts/admin-token.mjs); `CLUSTER_CA_CERT` /
 *     `CLUSTER_CA_KEY` = the project CA (`.wrangler/certs/ca.{crt,key}`), which signs approved CSRs;
 *     `STATIC_TOKENS` = the file named by $KUBE_EDGE_TOKEN_AUTH_FILE (`--token-auth-file` CSV), when set.
 *     CLIENT_CERT_AUTH is never set here: the local runtime lets a client forge `request.cf`.
 *   - Cron triggers: neither workerd nor Miniflare fires them locally, so this process calls the
 *     scheduled handler at every minute boundary, as the edge does for `* * * * *` (other schedules are
 *     reported and not fired), through Miniflare's local trigger route `/cdn-cgi/local/scheduled` — which
 *     any local client can also call to run the controllers' resync at once (it exists only locally).
 *   - A `kill -9` of this process takes workerd with it (lib/orphan-guard.mjs).
 *   - Prints `kube-edge serving on https://127.0.0.1:<port>` once ready; stops cleanly on SIGINT/SIGTERM.
 *   - Audit events (the Worker's audit.k8s.io/v1 JSON lines, worker/audit.ts) are appended to the audit log
 *     instead of the terminal: `.wrangler/logs/audit.log` for a state directory named `state` (the default),
 *     else `<state>/audit.log`. Everything else the Worker logs still goes to the terminal.
 *   - `KUBE_EDGE_VARS` (a JSON object of strings) adds or overrides Worker vars, e.g.
 *     `KUBE_EDGE_VARS='{"MAX_WATCHES_PER_USER":"10","AUDIT_LOG":"off"}'`.
 *
 * Usage: node scripts/start.mjs [--port N] [--host H] [--state DIR] [--no-build] [--verbose] [--inspect PORT]
 *   --port   default $PORT or 8787; 0 picks a free port (the printed line tells which)
 *   --state  default $KUBE_EDGE_STATE or .wrangler/state
 *   --no-build  run dist/ as it is (the e2e harness builds once, then restarts without checking)
 *   --inspect   serve the V8 inspector on PORT (chrome://inspect, CPU profiles of the Worker and its objects)
 */
import { createWriteStream, mkdirSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { basename, dirname, join } from "node:path";
import { parseArgs } from "node:util";
import { ensureAdminToken } from "./admin-token.mjs";
import { buildWorker, readBuildRecord } from "./build.mjs";
import { ensureCerts } from "./certs.mjs";
import { DIST_DIR, isMainModule, persistRoot, resolvePort, resolveStateDir } from "./lib/paths.mjs";
import { msUntilNextMinute, partitionCrons } from "./lib/cron.mjs";
import { guardChildren } from "./lib/orphan-guard.mjs";

/**
 * @typedef {object} StartOptions
 * @property {number} [port]
 * @property {string} [host]
 * @property {string} [stateDir]
 * @property {boolean} [build] false = use dist/ as it is
 * @property {boolean} [verbose] log every request and Miniflare's info messages
 * @property {(line: string) => void} [log]
 * @property {string} [auditLog] the audit log file (default: auditLogPath(stateDir))
 * @property {Record<string, string>} [vars] extra Worker vars (default: from $KUBE_EDGE_VARS)
 * @property {number} [inspectorPort] serve the V8 inspector (Chrome DevTools, CPU profiles) on this port
 */

/**
 * Starts the runtime and resolves once it serves.
 * @param {StartOptions} [options]
 * @returns {Promise<{ url: string, port: number, stateDir: string, token: string, stop: () => Promise<void> }>}
 */
export async function startRuntime(options = {}) {
  const log = options.log ?? ((line) => console.error(line));
  const started = performance.now();
  const stateDir = resolveStateDir(options.stateDir);
  const host = options.host ?? "127.0.0.1";
  // A free port is chosen here rather than by the runtime: the Worker is told its own host (CLUSTER_HOSTS).
  const port = resolvePort(options.port) || (await freePort(host));

  const [certs, token, build, { Miniflare, Log, LogLevel, convertV4MiniflareOptions }] = await Promise.all([
    ensureCerts(),
    ensureAdminToken(stateDir),
    options.build === false
      ? Promise.resolve({ ...readBuildRecord(DIST_DIR), distDir: DIST_DIR })
      : buildWorker({ log }),
    import("miniflare"),
  ]);

  const workerOptions = /** @type {Record<string, any>} */ (build.workerOptions);
  const audit = auditLogSink(options.auditLog ?? auditLogPath(stateDir));
  const mf = new Miniflare(
    convertV4MiniflareOptions({
      host,
      port,
      https: true,
      httpsKey: readFileSync(certs.keyPath, "utf8"),
      httpsCert: readFileSync(certs.certPath, "utf8"),
      resourcePersistencePath: persistRoot(stateDir),
      log: new Log(options.verbose ? LogLevel.INFO : LogLevel.WARN),
      logRequests: !!options.verbose,
      telemetry: { enabled: false },
      ...(options.inspectorPort ? { inspectorPort: options.inspectorPort } : {}),
      cf: false, // a placeholder `request.cf`; true would fetch the real one from the network at startup
      handleStructuredLogs: audit.handle,
      // The cron loop below fires `scheduled` through /cdn-cgi/local/scheduled (local runtime only).
      unsafeTriggerHandlers: true,
      ...workerOptions,
      name: workerOptions.name ?? "kube-edge",
      modulesRules: undefined,
      modules: build.modules.map((m) => ({
        type: /** @type {import("miniflare").V4ModuleRuleType} */ (m.type),
        path: join(build.distDir, m.path),
      })),
      modulesRoot: build.distDir,
      bindings: {
        ...workerOptions.bindings,
        ADMIN_TOKEN: token,
        // The project CA signs CertificateSigningRequests (kube-apiserver-client, kubelet signers).
        CLUSTER_CA_CERT: readFileSync(certs.caPath, "utf8"),
        CLUSTER_CA_KEY: readFileSync(certs.caKeyPath, "utf8"),
        // Pod images named `<this host:port>/<repo>:<tag>` come from the built-in registry (worker/kubelet).
        CLUSTER_HOSTS: clusterHosts(host, port),
        ...tokenAuthFileBinding(),
        ...(options.vars ?? varsFromEnv()),
      },
    }),
  );
  const readyUrl = await mf.ready;
  const actualPort = Number(readyUrl.port);
  const url = `https://${host.includes(":") ? `[${host}]` : host}:${actualPort}`;
  log(`kube-edge: ready in ${Math.round(performance.now() - started)} ms (state ${stateDir})`);

  const stopGuard = guardChildren();
  const stopCron = startCron(mf, workerOptions.cronTriggers ?? [], log);
  /** @type {Promise<void> | undefined} */
  let stopping;
  return {
    url,
    port: actualPort,
    stateDir,
    token,
    stop: () =>
      (stopping ??= (async () => {
        stopCron();
        stopGuard();
        await mf.dispose();
        await audit.close();
      })()),
  };
}

/**
 * A port nothing listens on now, on `host`.
 * @param {string} host
 * @returns {Promise<number>}
 */
function freePort(host) {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, host, () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

/**
 * The `host:port` names a client on this machine reaches the server by.
 * @param {string} host
 * @param {number} port
 */
function clusterHosts(host, port) {
  const names = new Set([host.includes(":") ? `[${host}]` : host, "127.0.0.1", "localhost"]);
  return [...names].map((h) => `${h}:${port}`).join(",");
}

/** `STATIC_TOKENS` from $KUBE_EDGE_TOKEN_AUTH_FILE, like kube-apiserver's `--token-auth-file`. */
function tokenAuthFileBinding() {
  const path = process.env.KUBE_EDGE_TOKEN_AUTH_FILE;
  return path ? { STATIC_TOKENS: readFileSync(path, "utf8") } : {};
}

/**
 * Where `npm start` appends audit events: `.wrangler/logs/audit.log` beside a state directory named `state`
 * (the default `.wrangler/state`), else inside the state directory.
 * @param {string} stateDir
 */
export function auditLogPath(stateDir) {
  return basename(stateDir) === "state" ? join(dirname(stateDir), "logs", "audit.log") : join(stateDir, "audit.log");
}

const AUDIT_EVENT_PREFIX = '{"kind":"Event","apiVersion":"audit.k8s.io/v1"';

/**
 * Miniflare's structured-log handler: audit events (one JSON line each, worker/audit.ts) are appended to
 * `path`; every other line goes to the terminal as Miniflare's default handler prints it.
 * @param {string} path
 */
function auditLogSink(path) {
  /** @type {import("node:fs").WriteStream | undefined} */
  let stream;
  return {
    /** @param {{ level: string, message: string }} log */
    handle: ({ level, message }) => {
      if (message.startsWith(AUDIT_EVENT_PREFIX)) {
        if (!stream) {
          mkdirSync(dirname(path), { recursive: true });
          stream = createWriteStream(path, { flags: "a" });
        }
        stream.write(`${message}\n`);
      } else if (level === "error" || level === "warn") {
        console.error(message);
      } else {
        console.log(message);
      }
    },
    /** @returns {Promise<void>} */
    close: () => new Promise((done) => (stream ? stream.end(() => done(undefined)) : done(undefined))),
  };
}

/** Extra Worker vars from `KUBE_EDGE_VARS` (a JSON object of strings). */
function varsFromEnv() {
  const raw = process.env.KUBE_EDGE_VARS;
  if (!raw) return {};
  const vars = JSON.parse(raw);
  if (vars === null || typeof vars !== "object" || Object.values(vars).some((v) => typeof v !== "string")) {
    throw new Error("KUBE_EDGE_VARS must be a JSON object of strings");
  }
  return vars;
}

/**
 * Fires the worker's scheduled handler at each minute boundary for every `* * * * *` trigger, logging
 * failures (an exception or a non-"ok" outcome) without stopping the loop.
 * @param {import("miniflare").Miniflare} mf
 * @param {string[]} crons
 * @param {(line: string) => void} log
 * @returns {() => void} stops the loop
 */
function startCron(mf, crons, log) {
  const { everyMinute, unsupported } = partitionCrons(crons);
  for (const cron of unsupported) log(`kube-edge: cron "${cron}" is not fired locally (only "* * * * *")`);
  if (everyMinute.length === 0) return () => {};
  /** @type {NodeJS.Timeout | undefined} */
  let timer;
  let stopped = false;
  const tick = async () => {
    const scheduledTime = new Date(Math.round(Date.now() / 60_000) * 60_000);
    for (const cron of everyMinute) {
      try {
        // Through Miniflare's trigger route, asynchronously: `(await mf.getWorker()).scheduled` is reached through
        // Miniflare's synchronous proxy, which blocks this process's event loop (Atomics.wait) until workerd
        // answers — and workerd, blocked writing logs this process no longer reads, never does.
        const q = new URLSearchParams({ cron, time: String(scheduledTime.getTime()), format: "json" });
        const res = await mf.dispatchFetch(`https://localhost/cdn-cgi/local/scheduled?${q}`);
        const result = /** @type {{ outcome: string }} */ (await res.json());
        if (result.outcome !== "ok") log(`kube-edge: scheduled "${cron}" at ${scheduledTime.toISOString()}: ${result.outcome}`);
      } catch (err) {
        if (!stopped) log(`kube-edge: scheduled "${cron}" failed: ${err instanceof Error ? err.stack ?? err.message : err}`);
      }
    }
    arm();
  };
  const arm = () => {
    if (!stopped) timer = setTimeout(tick, msUntilNextMinute(Date.now()));
  };
  arm();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}

if (isMainModule(import.meta.url)) {
  const { values } = parseArgs({
    options: {
      port: { type: "string" },
      host: { type: "string" },
      state: { type: "string" },
      "no-build": { type: "boolean", default: false },
      verbose: { type: "boolean", default: false },
      inspect: { type: "string" },
    },
  });
  let runtime;
  try {
    runtime = await startRuntime({
      port: values.port === undefined ? undefined : Number(values.port),
      host: values.host,
      stateDir: values.state,
      build: !values["no-build"],
      verbose: values.verbose,
      inspectorPort: values.inspect === undefined ? undefined : Number(values.inspect),
    });
  } catch (err) {
    console.error(`kube-edge: failed to start: ${err instanceof Error ? err.message : err}`);
    process.exit(1);
  }
  console.log(`kube-edge serving on ${runtime.url}`);
  // Miniflare installs its own SIGINT/SIGTERM/SIGHUP hook that kills workerd and exits (128 + signal).
  // Ours runs first: it stops the cron loop and the orphan guard synchronously, then disposes and exits 0
  // if Miniflare's hook is ever gone. A second signal exits at once.
  for (const signal of /** @type {const} */ (["SIGINT", "SIGTERM", "SIGHUP"])) {
    process.prependOnceListener(signal, () => {
      process.once(signal, () => process.exit(130));
      runtime.stop().then(
        () => process.exit(0),
        (err) => {
          console.error(`kube-edge: shutdown failed: ${err}`);
          process.exit(1);
        },
      );
    });
  }
}
