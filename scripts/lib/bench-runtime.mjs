/**
 * A fresh local runtime for one benchmark workload (scripts/start.mjs with a node pool), torn down whatever
 * happens: the workload gets a client, informers that are closed before the runtime stops, the workerd
 * process's RSS, and a deadline after which it is abandoned (a failure row instead of a hang).
 *
 * The Worker's console output reaches this process through Miniflare's structured-log handler, which prints
 * it with console.log / console.error (start.mjs); while a workload runs those two are redirected to
 * `bench-results/<workload>.log`, and error lines are counted and the first distinct ones kept, so a kubelet
 * failing under load is reported rather than scrolled past.
 */
import { createWriteStream, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ensureCerts } from "../certs.mjs";
import { startRuntime } from "../start.mjs";
import { Client, informer, sleep } from "./bench-client.mjs";
import { childPids } from "./orphan-guard.mjs";

/** The workerd child of this process (Miniflare spawns it directly), or undefined. */
function workerdPid() {
  for (const pid of childPids()) {
    try {
      if (readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("workerd")) return pid;
    } catch {
      // exited meanwhile
    }
  }
  return undefined;
}

/** Resident set size of `pid` in MiB (Linux /proc), or NaN. */
function rssMiB(pid) {
  try {
    const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
    return kb ? Math.round(Number(kb) / 1024) : NaN;
  } catch {
    return NaN;
  }
}

/**
 * Redirects console.log / console.error (the Worker's output, see the module comment) to a file.
 * @param {string} path
 */
function captureWorkerOutput(path) {
  mkdirSync("bench-results", { recursive: true });
  const file = createWriteStream(path);
  const { log, error } = console;
  const errors = { count: 0, first: /** @type {string[]} */ ([]), workerd: 0 };
  console.log = (...args) => file.write(`${args.join(" ")}\n`);
  console.error = (...args) => {
    const line = args.join(" ");
    file.write(`ERROR ${line}\n`);
    // workerd's own diagnostics (alarm bookkeeping and the like), not the Worker's console.error.
    if (line.startsWith("NOSENTRY")) return void errors.workerd++;
    errors.count++;
    const head = line.slice(0, 160);
    if (errors.first.length < 8 && !errors.first.some((f) => f.slice(0, 160) === head)) errors.first.push(line.slice(0, 600));
  };
  return {
    errors,
    restore: () =>
      new Promise((done) => {
        console.log = log;
        console.error = error;
        file.end(done);
      }),
  };
}

/**
 * @typedef {object} BenchRuntime
 * @property {Client} client
 * @property {string} registryHost `127.0.0.1:<port>`: images named under it come from the built-in registry
 * @property {string} url
 * @property {string} stateDir the runtime's state directory (Durable Objects' files under `v3/`)
 * @property {string} token
 * @property {string} ca
 * @property {(path: string, onObject: (type: string, object: any, at: number) => void) => Promise<void>} informer
 *   starts an informer (bench-client.mjs) closed when the workload ends
 * @property {() => number} rss the workerd process's RSS now, MiB
 * @property {() => number} peakRss the highest RSS sampled (each second) so far, MiB
 * @property {{ count: number, first: string[], workerd: number }} errors the Worker's console.error lines so far
 *   (`workerd`: the runtime's own NOSENTRY diagnostics, counted apart)
 * @property {number} readyAt performance.now() when the runtime served
 */

/**
 * Runs `workload` on a fresh runtime whose `NODE_POOL` is `pool`; always stops it. Rejects after
 * `timeoutMs` (the workload is abandoned: its informers are closed and the runtime stopped under it).
 * @template T
 * @param {string} name used for the log file `bench-results/<name>.log`
 * @param {object} pool the node pool configuration (worker/kubelet/node/pool-config.ts)
 * @param {number} timeoutMs
 * @param {(rt: BenchRuntime) => Promise<T>} workload
 * @param {Record<string, string>} [vars] more Worker vars
 * @returns {Promise<T>}
 */
export async function withRuntime(name, pool, timeoutMs, workload, vars = {}) {
  const state = mkdtempSync(join(tmpdir(), `kube-edge-bench-${name}-`));
  const logPath = join("bench-results", `${name}.log`);
  const output = captureWorkerOutput(logPath);
  const startLog = (line) => process.stderr.write(`${line}\n`);
  /** @type {Awaited<ReturnType<typeof startRuntime>> | undefined} */
  let runtime;
  const closers = [];
  let sampler;
  let timer;
  try {
    runtime = await startRuntime({ port: 0, stateDir: state, log: startLog, vars: { ...vars, NODE_POOL: JSON.stringify(pool) } });
    const readyAt = performance.now();
    const ca = readFileSync((await ensureCerts()).caPath, "utf8");
    const client = new Client(runtime.url, runtime.token, ca, 64);
    closers.push(async () => client.agent.destroy());
    const pid = workerdPid();
    let peak = pid ? rssMiB(pid) : NaN;
    sampler = setInterval(() => {
      if (pid) peak = Math.max(peak, rssMiB(pid) || 0);
    }, 1000);
    /** @type {BenchRuntime} */
    const rt = {
      client,
      registryHost: `127.0.0.1:${runtime.port}`,
      url: runtime.url,
      stateDir: state,
      token: runtime.token,
      ca,
      informer: async (path, onObject) => {
        closers.push(await informer(client, path, onObject));
      },
      rss: () => (pid ? rssMiB(pid) : NaN),
      peakRss: () => peak,
      errors: output.errors,
      readyAt,
    };
    const running = workload(rt);
    running.catch(() => {});
    const deadline = new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${name}: abandoned after ${Math.round(timeoutMs / 1000)} s`)), timeoutMs);
    });
    return await Promise.race([running, deadline]);
  } catch (err) {
    const e = err instanceof Error ? err : new Error(String(err));
    if (output.errors.count) e.message += ` — the Worker logged ${output.errors.count} errors (${logPath}), first: ${output.errors.first.join(" | ")}`;
    throw e;
  } finally {
    clearTimeout(timer);
    clearInterval(sampler);
    for (const close of closers.reverse()) await close().catch(() => {});
    await runtime?.stop().catch((e) => startLog(`bench: stopping the runtime failed: ${e}`));
    // The runtime's last output (shutdown) is flushed into the log before the console is restored.
    await sleep(50);
    await output.restore();
    rmSync(state, { recursive: true, force: true });
  }
}
