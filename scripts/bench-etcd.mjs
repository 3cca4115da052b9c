/**
 * etcd side by side (`npm run bench`, `--only etcd`): when an `etcd` binary is on PATH (Debian's etcd-server),
 * a single member on a temporary data directory and loopback ports takes the same write workload as the API's
 * creates — puts of the same ConfigMap JSON under `/registry/configmaps/bench/<name>`, as many, from as many
 * keep-alive clients — and each concurrency gets a row `our creates/s ÷ etcd's puts/s` (the goal is ≥ 1.0×:
 * the whole API path, authentication, admission, validation and storage, against etcd's raw put).
 *
 * The puts go through etcd's HTTP/JSON gateway (`POST /v3/kv/put`, base64 key and value), not gRPC: Node has no
 * gRPC client without a dependency. The gateway decodes the JSON and forwards the put to the member's gRPC
 * server over a loopback connection, so it may cost etcd something; with `grpc` (`npm run bench -- --only etcd`)
 * and `etcdctl` on PATH it measures how much: `etcdctl check perf --load=l` (gRPC, 500 clients, 60 s) against
 * the gateway at 500 clients.
 *
 * etcd is stopped (its process group killed) and its data directory removed whatever happens; without an etcd
 * binary the workload is one row saying so.
 */
import { spawn } from "node:child_process";
import { accessSync, constants, createWriteStream, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import http from "node:http";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { configMap, writeCount } from "./bench-api.mjs";
import { load, sleep, summarize, until } from "./lib/bench-client.mjs";
import { guardChildren } from "./lib/orphan-guard.mjs";

const say = (line) => process.stderr.write(`bench: ${line}\n`);

/**
 * The executable `name` in the first directory of `pathEnv` that has it, or undefined.
 * @param {string} name
 * @param {string} [pathEnv]
 */
export function findOnPath(name, pathEnv = process.env.PATH ?? "") {
  for (const dir of pathEnv.split(delimiter).filter(Boolean)) {
    try {
      accessSync(join(dir, name), constants.X_OK);
      return join(dir, name);
    } catch {
      // not here
    }
  }
  return undefined;
}

/** etcd's flags for one member named `bench` on loopback `clientPort` and `peerPort`, data in `dataDir`. */
export function etcdArgs({ dataDir, clientPort, peerPort }) {
  const client = `http://127.0.0.1:${clientPort}`;
  const peer = `http://127.0.0.1:${peerPort}`;
  return [
    "--name=bench",
    `--data-dir=${dataDir}`,
    `--listen-client-urls=${client}`,
    `--advertise-client-urls=${client}`,
    `--listen-peer-urls=${peer}`,
    `--initial-advertise-peer-urls=${peer}`,
    `--initial-cluster=bench=${peer}`,
    "--initial-cluster-state=new",
  ];
}

/** The v3 gateway's PutRequest: key and value base64-encoded (protobuf `bytes` in JSON). */
export function putRequest(key, value) {
  return JSON.stringify({ key: Buffer.from(key).toString("base64"), value: Buffer.from(value).toString("base64") });
}

/** The throughput `etcdctl check perf` printed ("PASS: Throughput is 974 writes/s" or "…too low: …"), or undefined. */
export function parseCheckPerf(output) {
  const m = /Throughput (?:is|too low:) (\d+) writes\/s/.exec(output);
  return m ? Number(m[1]) : undefined;
}

/**
 * A ratio row per concurrency that has both our create row (`op: "create"`) and etcd's put row (`op: "etcd-put"`).
 * @param {Array<{ op?: string, clients?: number, perSecond?: number }>} rows
 */
export function ratioRows(rows) {
  const rate = (op, c) => rows.find((r) => r.op === op && r.clients === c)?.perSecond;
  const clients = [...new Set(rows.flatMap((r) => (r.op === "etcd-put" && r.clients !== undefined ? [r.clients] : [])))];
  return clients.flatMap((c) => {
    const ours = rate("create", c);
    const etcd = rate("etcd-put", c);
    if (!ours || !etcd) return [];
    const ratio = +(ours / etcd).toFixed(2);
    return [{ name: `our creates ÷ etcd's puts, ${c} client${c > 1 ? "s" : ""}: ${ours}/s ÷ ${etcd}/s (goal ≥ 1.0×)`, count: undefined, ratio, p50Ms: NaN, p99Ms: NaN, clients: c, op: "ratio", meetsGoal: ratio >= 1 }];
  });
}

/** A TCP port nothing listens on now on 127.0.0.1. */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

/** POSTs `body` to the gateway at `path`; resolves on 200, rejects otherwise. */
function post(agent, port, path, body) {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port, path, method: "POST", agent, headers: { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(body) } }, (res) => {
      const chunks = [];
      res.on("data", (c) => chunks.push(c));
      res.on("end", () => (res.statusCode === 200 ? resolve(undefined) : reject(new Error(`etcd ${path}: HTTP ${res.statusCode} ${Buffer.concat(chunks).toString().slice(0, 200)}`))));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(body);
  });
}

/**
 * Starts etcd (`bin`) in a process group of its own on a new temporary data directory; resolves once `/health`
 * answers. `stop` ends the process group (SIGTERM, SIGKILL after 5 s) and removes the data directory.
 * @param {string} bin
 * @returns {Promise<{ pid: number, dataDir: string, clientPort: number, stop: () => Promise<void> }>}
 */
export async function startEtcd(bin) {
  const dataDir = mkdtempSync(join(tmpdir(), "kube-edge-bench-etcd-"));
  const [clientPort, peerPort] = [await freePort(), await freePort()];
  mkdirSync("bench-results", { recursive: true });
  const log = createWriteStream(join("bench-results", "etcd.log"));
  const child = spawn(bin, etcdArgs({ dataDir: join(dataDir, "data"), clientPort, peerPort }), { detached: true, stdio: ["ignore", "pipe", "pipe"] });
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  const exited = new Promise((resolve) => child.once("exit", resolve));
  const stopGuard = guardChildren();
  const stop = async () => {
    const signal = (s) => {
      try {
        process.kill(-(child.pid ?? 0), s);
      } catch {
        // already gone
      }
    };
    if (child.exitCode === null && child.signalCode === null) {
      signal("SIGTERM");
      if ((await Promise.race([exited.then(() => true), sleep(5000).then(() => false)])) === false) signal("SIGKILL");
      await Promise.race([exited, sleep(2000)]);
    }
    stopGuard();
    log.end();
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    const healthy = () =>
      new Promise((resolve) => {
        http.get({ host: "127.0.0.1", port: clientPort, path: "/health" }, (res) => (res.resume(), resolve(res.statusCode === 200))).on("error", () => resolve(false));
      });
    await until(async () => child.exitCode !== null || (await healthy()), 30_000, "etcd to answer /health (bench-results/etcd.log)");
    if (child.exitCode !== null) throw new Error(`etcd exited with ${child.exitCode} (bench-results/etcd.log)`);
  } catch (err) {
    await stop();
    throw err;
  }
  return { pid: child.pid ?? 0, dataDir, clientPort, stop };
}

/**
 * The etcd rows (module comment): puts at each concurrency, and with `grpc` the gateway's cost.
 * @param {{ quick: boolean, concurrencies: number[], grpc?: boolean }} options
 */
export async function etcdWorkloads({ quick, concurrencies, grpc = false }) {
  const bin = findOnPath("etcd");
  if (!bin) return [{ name: "etcd side by side: no `etcd` on PATH (Debian: apt-get install etcd-server), skipped", count: undefined, p50Ms: NaN, p99Ms: NaN, op: "etcd-absent" }];
  say(`etcd side by side (${bin})…`);
  const etcd = await startEtcd(bin);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 512 });
  const results = [];
  try {
    const put = (name) => post(agent, etcd.clientPort, "/v3/kv/put", putRequest(`/registry/configmaps/bench/${name}`, JSON.stringify({ ...configMap(name), metadata: { ...configMap(name).metadata, namespace: "bench" } })));
    await load(200, 4, (i) => put(`warm-${i}`));
    for (const c of concurrencies) {
      const r = await load(writeCount(quick, c), c, (i) => put(`c${c}-${i}`));
      results.push(summarize(`etcd put via the v3 JSON gateway, same ConfigMap JSON (${c} client${c > 1 ? "s" : ""})`, r.latencies, r.elapsed, { clients: c, op: "etcd-put" }));
    }
    const etcdctl = findOnPath("etcdctl");
    if (grpc && etcdctl) results.push(...(await gatewayCost(etcdctl, etcd.clientPort, put)));
  } finally {
    agent.destroy();
    await etcd.stop();
  }
  return results;
}

/** etcd's gRPC put rate (`etcdctl check perf --load=l`: 500 clients, 60 s) against the gateway's at 500 clients. */
async function gatewayCost(etcdctl, port, put) {
  say("etcd gRPC put rate (etcdctl check perf --load=l, 60 s)…");
  const output = await new Promise((resolve) => {
    const child = spawn(etcdctl, [`--endpoints=http://127.0.0.1:${port}`, "check", "perf", "--load=l"], { env: { ...process.env, ETCDCTL_API: "3" }, stdio: ["ignore", "pipe", "pipe"] });
    let text = "";
    child.stdout.on("data", (c) => (text += c));
    child.stderr.on("data", (c) => (text += c));
    child.on("close", () => resolve(text));
    child.on("error", (e) => resolve(String(e)));
  });
  const grpc = parseCheckPerf(output);
  const gw = await load(30_000, 500, (i) => put(`gw500-${i}`));
  const gateway = summarize("etcd put via the v3 JSON gateway, same ConfigMap JSON (500 clients)", gw.latencies, gw.elapsed, { clients: 500, op: "etcd-put-500" });
  const grpcRow = { name: "etcd put via gRPC: etcdctl check perf --load=l (500 clients, 256-byte values, 60 s)", count: undefined, perSecond: grpc, p50Ms: NaN, p99Ms: NaN, op: "etcd-grpc", ...(grpc ? {} : { error: `no throughput in etcdctl's output: ${output.slice(-300)}` }) };
  const ratio = grpc && gateway.perSecond ? [{ name: "etcd's gateway ÷ its gRPC put rate at 500 clients (what the gateway costs etcd here)", ratio: +(gateway.perSecond / grpc).toFixed(2), p50Ms: NaN, p99Ms: NaN, op: "etcd-gateway-cost" }] : [];
  return [gateway, grpcRow, ...ratio];
}
