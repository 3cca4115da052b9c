/**
 * End-to-end harness: runs the real local runtime (`scripts/start.mjs`, one workerd process) on a free
 * port with a fresh state directory, and the real kubectl against it with TLS verified through
 * `certificate-authority-data` — exactly what a user gets from `npm start` + `npm run kubeconfig`.
 *
 *   const server = await startServer();
 *   const { code, stdout } = await server.kubectl(["get", "--raw", "/livez"]);
 *   await server.restart({ signal: "SIGKILL" }); // crash + restart on the same port and state
 *   await server.stop();
 *
 * Each server gets its own temporary directory: state (Durable Object SQLite + admin token), kubeconfig,
 * and an isolated HOME / KUBECACHEDIR for kubectl (no user config or discovery cache leaks in). The CA and
 * server certificate are the project's shared ones (`.wrangler/certs`). Environment:
 *   KUBECTL             kubectl binary (default `kubectl` on PATH)
 *   KUBE_EDGE_E2E_LOGS  `1` echoes the server's output to the test's stderr
 *   KUBE_EDGE_E2E_KEEP  `1` keeps the temporary directory after stop() (its path is printed)
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { request } from "node:https";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
// @ts-ignore -- plain .mjs node scripts (typed with JSDoc), shared with `npm start` / `npm run kubeconfig`
import { ensureCerts } from "../../scripts/certs.mjs";
// @ts-ignore
import { renderKubeconfig } from "../../scripts/kubeconfig.mjs";
// @ts-ignore
import { writeFileAtomic } from "../../scripts/lib/fs-util.mjs";

const ROOT = resolve(fileURLToPath(new URL(".", import.meta.url)), "..", "..");
const START_SCRIPT = join(ROOT, "scripts", "start.mjs");
/** Node 22 from the `node` devDependency (Miniflare needs >= 22.12); falls back to the running node. */
const NODE = existsSync(join(ROOT, "node_modules", ".bin", "node")) ? join(ROOT, "node_modules", ".bin", "node") : process.execPath;
const SERVING_LINE = /kube-edge serving on (https:\/\/\S+)/;
const START_TIMEOUT_MS = 120_000;
const READY_TIMEOUT_MS = 60_000;
const LOG_TAIL_BYTES = 16_384;

export interface KubectlOptions {
  /** Written to kubectl's stdin (e.g. a manifest for `apply -f -`). */
  stdin?: string | Uint8Array;
  /** Extra environment variables for kubectl. */
  env?: Record<string, string>;
  /** Kill kubectl after this long (default 60 s); the result then has code 124 like `timeout(1)`. */
  timeoutMs?: number;
}

export interface KubectlResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RestartOptions {
  /** SIGTERM (default) stops cleanly; SIGKILL kills node and workerd at once, like a crash or an evicted runtime. */
  signal?: "SIGTERM" | "SIGKILL";
}

export interface TestServer {
  /** `https://127.0.0.1:<port>` */
  url: string;
  port: number;
  kubeconfigPath: string;
  /** The cluster-admin bearer token. */
  token: string;
  /** PEM of the CA that signed the server certificate. */
  caPem: string;
  stateDir: string;
  /** Runs the real kubectl with this server's kubeconfig and an isolated HOME and cache. */
  kubectl(args: string[], opts?: KubectlOptions): Promise<KubectlResult>;
  /** HTTPS request to the server (CA-verified), e.g. for raw API checks; `token` defaults to the admin token. */
  fetch(path: string, init?: { method?: string; body?: string; headers?: Record<string, string>; token?: string | null }): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }>;
  /** Stops the server and starts it again on the same port with the same state (no rebuild). */
  restart(opts?: RestartOptions): Promise<void>;
  /** Recent server output (stdout + stderr), for assertion messages. */
  logs(): string;
  /** Stops the server and removes its temporary directory. Idempotent. */
  stop(): Promise<void>;
}

export interface StartServerOptions {
  /** Reuse a state directory (default: a fresh one inside the server's temporary directory). */
  stateDir?: string;
  /** Extra environment for the server process. */
  env?: Record<string, string>;
}

/** Starts a local kube-edge server for a test; resolves once `/readyz` answers `ok`. */
export async function startServer(options: StartServerOptions = {}): Promise<TestServer> {
  const { caPem } = (await ensureCerts()) as { caPem: string };
  const dir = mkdtempSync(join(tmpdir(), "kube-edge-e2e-"));
  const stateDir = options.stateDir ?? join(dir, "state");
  const home = join(dir, "home");
  mkdirSync(home, { recursive: true });
  const kubeconfigPath = join(dir, "kubeconfig");
  let log = "";
  const appendLog = (chunk: Buffer) => {
    if (process.env.KUBE_EDGE_E2E_LOGS === "1") process.stderr.write(chunk);
    log = (log + chunk.toString("utf8")).slice(-LOG_TAIL_BYTES);
  };

  let proc: ChildProcess;
  let port = 0;
  let url = "";
  const launch = async (build: boolean) => {
    const args = [START_SCRIPT, "--port", String(port), "--state", stateDir, ...(build ? [] : ["--no-build"])];
    const env = { ...process.env, ...options.env };
    // No node pool unless the test asks for one: most suites register their nodes themselves (kwok-kubelet.ts).
    env.KUBE_EDGE_VARS = JSON.stringify({ NODE_POOL: "", ...(env.KUBE_EDGE_VARS ? JSON.parse(env.KUBE_EDGE_VARS) : {}) });
    delete env.PORT; // the port and state directory are passed explicitly
    delete env.KUBE_EDGE_STATE;
    proc = spawn(NODE, args, {
      cwd: ROOT,
      env,
      stdio: ["ignore", "pipe", "pipe"],
      detached: true, // own process group: SIGKILL reaches workerd too
    });
    proc.stdout!.on("data", appendLog);
    proc.stderr!.on("data", appendLog);
    url = await waitForServingLine(proc, () => log);
    port = Number(new URL(url).port);
    await waitForReady(url, caPem, () => log);
  };
  const kill = async (signal: "SIGTERM" | "SIGKILL") => {
    if (proc.exitCode !== null || proc.signalCode !== null) return;
    const exited = new Promise((done) => proc.once("exit", done));
    try {
      process.kill(-proc.pid!, signal);
    } catch {
      // already gone
    }
    await exited;
  };

  try {
    await launch(true);
  } catch (err) {
    await kill("SIGKILL").catch(() => {});
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  const token = readFileSync(join(stateDir, "admin-token"), "utf8").trim();
  writeFileAtomic(kubeconfigPath, renderKubeconfig({ server: url, caPem, token }), 0o600);

  let stopped: Promise<void> | undefined;
  return {
    url,
    port,
    kubeconfigPath,
    token,
    caPem,
    stateDir,
    kubectl: (args, opts) => runKubectl(kubeconfigPath, home, args, opts),
    fetch: (path, init = {}) => httpsRequest(url + path, caPem, { ...init, token: init.token === undefined ? token : init.token }),
    restart: async ({ signal = "SIGTERM" } = {}) => {
      await kill(signal);
      try {
        await launch(false);
      } catch (err) {
        await kill("SIGKILL");
        throw err;
      }
    },
    logs: () => log,
    stop: () =>
      (stopped ??= (async () => {
        await kill("SIGTERM");
        if (process.env.KUBE_EDGE_E2E_KEEP === "1") console.error(`kube-edge e2e: kept ${dir}`);
        else rmSync(dir, { recursive: true, force: true });
      })()),
  };
}

/**
 * Runs kubectl with `--kubeconfig` and a minimal environment (PATH, an isolated HOME and KUBECACHEDIR),
 * so the developer's own kubeconfig, contexts and discovery cache never leak into a test.
 */
export function runKubectl(kubeconfigPath: string, home: string, args: string[], opts: KubectlOptions = {}): Promise<KubectlResult> {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    HOME: home,
    KUBECACHEDIR: join(home, ".kube", "cache"),
    ...opts.env,
  };
  return new Promise((done, fail) => {
    const child = spawn(process.env.KUBECTL ?? "kubectl", ["--kubeconfig", kubeconfigPath, ...args], {
      env,
      stdio: ["pipe", "pipe", "pipe"],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, opts.timeoutMs ?? 60_000);
    child.stdout.on("data", (c: Buffer) => out.push(c));
    child.stderr.on("data", (c: Buffer) => err.push(c));
    child.on("error", (e) => {
      clearTimeout(timer);
      fail(e);
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      done({
        code: timedOut ? 124 : (code ?? 1),
        stdout: Buffer.concat(out).toString("utf8"),
        stderr: Buffer.concat(err).toString("utf8") + (timedOut ? "\n[harness] kubectl timed out" : ""),
      });
    });
    child.stdin.on("error", () => {}); // kubectl may exit before reading stdin
    child.stdin.end(opts.stdin ?? "");
  });
}

function waitForServingLine(proc: ChildProcess, logs: () => string): Promise<string> {
  return new Promise((done, fail) => {
    const timer = setTimeout(() => finish(new Error(`server did not start within ${START_TIMEOUT_MS} ms:\n${logs()}`)), START_TIMEOUT_MS);
    const onData = () => {
      const match = SERVING_LINE.exec(logs());
      if (match) finish(undefined, match[1]);
    };
    const onExit = (code: number | null, signal: string | null) =>
      finish(new Error(`server exited (${signal ?? code}) before serving:\n${logs()}`));
    const finish = (err?: Error, url?: string) => {
      clearTimeout(timer);
      proc.stdout!.off("data", onData);
      proc.off("exit", onExit);
      if (err) fail(err);
      else done(url!);
    };
    proc.stdout!.on("data", onData);
    proc.once("exit", onExit);
  });
}

async function waitForReady(url: string, caPem: string, logs: () => string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let last = "";
  while (Date.now() < deadline) {
    try {
      const res = await httpsRequest(`${url}/readyz`, caPem, { token: null });
      if (res.status === 200 && res.body.trim() === "ok") return;
      last = `${res.status} ${res.body.slice(0, 200)}`;
    } catch (err) {
      last = String(err);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url}/readyz not ok within ${READY_TIMEOUT_MS} ms (last: ${last}):\n${logs()}`);
}

function httpsRequest(
  url: string,
  caPem: string,
  init: { method?: string; body?: string; headers?: Record<string, string>; token?: string | null },
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((done, fail) => {
    const headers: Record<string, string> = { ...init.headers };
    if (init.token) headers.authorization = `Bearer ${init.token}`;
    const req = request(url, { method: init.method ?? "GET", ca: caPem, headers, timeout: 30_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => done({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") }));
      res.on("error", fail);
    });
    req.on("timeout", () => req.destroy(new Error(`timeout: ${url}`)));
    req.on("error", fail);
    req.end(init.body);
  });
}
