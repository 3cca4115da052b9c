#!/usr/bin/env node
/**
 * `npm run fuzz`: hostile traffic against the real local runtime (scripts/start.mjs: one workerd process, HTTPS,
 * a fresh state directory). Sends N requests (default 100,000) of mixed hostile inputs — malformed and
 * oversized bodies, YAML bombs, patches with huge operation counts or copy amplification, random selectors,
 * garbage credentials and Impersonate-* headers, odd Content-Type/Accept, encoded paths and every method — as
 * the admin, a static-token user, anonymous and garbage identities (families: scripts/lib/fuzz-families.mjs),
 * with bounded concurrency on keep-alive connections.
 *
 * Prints counts by status code, by family and identity, and the first examples of anything wrong. Exits 1 on
 * any 5xx, any request that got no answer, a server that stopped answering /readyz, or when the creates
 * namespace does not hold exactly the creates that were accepted (a rejected create stored something, or an
 * accepted one is missing).
 *
 *   node scripts/fuzz.mjs [--requests N] [--concurrency C] [--seed S] [--no-build] [--json]
 *
 * `--json` also prints, as the last line of stdout, one JSON object with the run's figures (seed, requests,
 * status counts, 5xx, unanswered, server state, creates accepted/stored, failures) for test/reliability.
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import https from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { startRuntime } from "./start.mjs";
import { ensureCerts } from "./certs.mjs";
import { hostileBodies, nextRequest, rng } from "./lib/fuzz-families.mjs";

const { values } = parseArgs({
  options: {
    requests: { type: "string", default: "100000" },
    concurrency: { type: "string", default: "16" },
    seed: { type: "string", default: String(Date.now() % 1_000_000) },
    "no-build": { type: "boolean", default: false },
    json: { type: "boolean", default: false },
  },
});
const TOTAL = Number(values.requests);
const CONCURRENCY = Number(values.concurrency);
const SEED = Number(values.seed);
const REQUEST_TIMEOUT_MS = 60_000;
const STATIC_TOKENS = 'fuzz-user-token,fuzzer,2001,"fuzzers"\n';
const CREATE_NS = "fuzz-creates";
const SANDBOX_NS = "fuzz-sandbox";

/** One HTTPS request; resolves with status, headers and body text (a watch is read to its end). */
function request(agent, base, { method, path, headers, body }) {
  return new Promise((resolve, reject) => {
    const data = body === undefined ? undefined : Buffer.from(body, "utf8");
    const req = https.request(
      { host: base.hostname, port: base.port, method, path, agent, headers: { ...headers, ...(data ? { "Content-Length": data.length } : {}) }, timeout: REQUEST_TIMEOUT_MS },
      (res) => {
        const chunks = [];
        res.on("data", (c) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode, headers: res.headers, text: Buffer.concat(chunks).toString("utf8") }));
        res.on("error", reject);
      },
    );
    req.on("timeout", () => req.destroy(new Error(`no answer within ${REQUEST_TIMEOUT_MS} ms`)));
    req.on("error", reject);
    if (data) req.write(data);
    req.end();
  });
}

function tally() {
  const counts = new Map();
  return {
    add(key, status) {
      const byStatus = counts.get(key) ?? new Map();
      byStatus.set(status, (byStatus.get(status) ?? 0) + 1);
      counts.set(key, byStatus);
    },
    lines: () =>
      [...counts]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, byStatus]) => `  ${k.padEnd(28)} ${[...byStatus].sort((a, b) => a[0] - b[0]).map(([s, n]) => `${s}×${n}`).join(" ")}`),
    /** Status → count under `key`. @param {string} key */
    counts: (key) => Object.fromEntries([...(counts.get(key) ?? new Map())].sort((a, b) => a[0] - b[0])),
  };
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), "kube-edge-fuzz-"));
  const stateDir = join(dir, "state");
  const auditLog = join(dir, "logs", "audit.log");
  const started = Date.now();
  const runtime = await startRuntime({ port: 0, stateDir, build: !values["no-build"], auditLog, vars: { STATIC_TOKENS, NODE_POOL: "" }, log: () => {} });
  const ca = readFileSync((await ensureCerts()).caPath, "utf8");
  const base = new URL(runtime.url);
  const agent = new https.Agent({ keepAlive: true, ca, maxSockets: CONCURRENCY + 2 });
  const admin = { Authorization: `Bearer ${runtime.token}` };
  const call = (method, path, body) => request(agent, base, { method, path, headers: { ...admin, ...(body ? { "Content-Type": "application/json" } : {}) }, body: body && JSON.stringify(body) });
  const failures = [];
  const fail = (what) => failures.length < 40 && failures.push(what);
  let serverDown = false;
  let healthTimer;
  try {
    await setUp(call);
    const r = rng(SEED);
    const ctx = { createNs: CREATE_NS, sandboxNs: SANDBOX_NS, bodies: hostileBodies(), adminToken: runtime.token };
    const byStatus = tally();
    const byFamily = tally();
    const accepted = new Set();
    let sent = 0;
    let fiveXX = 0;
    let unanswered = 0;
    let misses = 0;
    healthTimer = setInterval(async () => {
      try {
        const res = await request(agent, base, { method: "GET", path: "/readyz", headers: {} });
        misses = res.status === 200 ? 0 : misses + 1;
      } catch {
        misses++;
      }
      if (misses >= 3) serverDown = true;
    }, 2_000);

    const worker = async () => {
      while (sent < TOTAL && !serverDown) {
        const i = sent++;
        if (i % 2_000 === 0) await ensureTargets(call);
        const req = nextRequest(r, { ...ctx, i });
        if (req.contentType) req.headers["Content-Type"] = req.contentType;
        let res;
        try {
          res = await request(agent, base, req);
        } catch (e) {
          unanswered++;
          fail(`no answer: ${req.method} ${req.path.slice(0, 120)} (${req.family}/${req.label}): ${e.message}`);
          continue;
        }
        byStatus.add("all", res.status);
        byFamily.add(`${req.family}/${req.label}`, res.status);
        byFamily.add(`identity ${req.identity}`, res.status);
        if (res.status >= 500) {
          fiveXX++;
          fail(`${res.status}: ${req.method} ${req.path.slice(0, 120)} (${req.family}/${req.label}, ${req.identity}): ${res.text.slice(0, 200)}`);
        }
        if (!res.headers["audit-id"]) fail(`no Audit-Id header: ${res.status} ${req.method} ${req.path.slice(0, 120)}`);
        if (req.create && res.status === 201) {
          try {
            accepted.add(JSON.parse(res.text).metadata.name);
          } catch {
            fail(`201 without an object: ${res.text.slice(0, 200)}`);
          }
        }
        if (i > 0 && i % 10_000 === 0) console.error(`fuzz: ${i} requests, ${Math.round((Date.now() - started) / 1000)} s`);
      }
    };
    const t0 = Date.now();
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    const seconds = (Date.now() - t0) / 1000;
    clearInterval(healthTimer);
    if (serverDown) fail("the server stopped answering /readyz");

    // The creates namespace holds exactly the accepted creates: nothing rejected was stored, nothing accepted lost.
    const list = JSON.parse((await call("GET", `/api/v1/namespaces/${CREATE_NS}/configmaps`)).text);
    const stored = new Set(list.items.map((i) => i.metadata.name).filter((n) => n !== "kube-root-ca.crt"));
    const extra = [...stored].filter((n) => !accepted.has(n));
    const missing = [...accepted].filter((n) => !stored.has(n));
    if (extra.length) fail(`stored without an accepted create: ${extra.slice(0, 10).join(", ")}`);
    if (missing.length) fail(`accepted but not stored: ${missing.slice(0, 10).join(", ")}`);
    const ready = await request(agent, base, { method: "GET", path: "/readyz", headers: {} }).catch(() => ({ status: 0 }));
    if (ready.status !== 200) fail("the server does not answer /readyz after the run");
    await runtime.stop(); // flushes the audit log
    const auditLines = countLines(auditLog);

    console.log(`\nkube-edge fuzz — seed ${SEED}, ${sent} requests, concurrency ${CONCURRENCY}, ${seconds.toFixed(0)} s (${Math.round(sent / seconds)} req/s)`);
    console.log("by status:");
    console.log(byStatus.lines().join("\n"));
    console.log("by family/input and identity:");
    console.log(byFamily.lines().join("\n"));
    console.log(`creates: ${accepted.size} accepted, ${stored.size} stored; 5xx: ${fiveXX}; unanswered: ${unanswered}; audit log: ${auditLines} lines`);
    if (failures.length) {
      console.log(`\nFAILED (${failures.length} shown):\n${failures.map((f) => `  - ${f}`).join("\n")}`);
      process.exitCode = 1;
    } else {
      console.log("OK: no 5xx, every request answered, the server kept answering, rejected creates stored nothing");
    }
    if (values.json) {
      const summary = { seed: SEED, requests: sent, concurrency: CONCURRENCY, seconds, byStatus: byStatus.counts("all"), fiveXX, unanswered, serverDown, readyAfter: ready.status, creates: { accepted: accepted.size, stored: stored.size, extra: extra.length, missing: missing.length }, auditLines, failures };
      console.log(JSON.stringify(summary));
    }
  } finally {
    clearInterval(healthTimer);
    agent.destroy();
    await runtime.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Namespaces, the static user's Role in both, and the patch targets. */
async function setUp(call) {
  const expect = async (res, codes, what) => {
    const r = await res;
    if (!codes.includes(r.status)) throw new Error(`setup ${what}: ${r.status} ${r.text.slice(0, 300)}`);
  };
  for (const ns of [CREATE_NS, SANDBOX_NS]) {
    await expect(call("POST", "/api/v1/namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: ns } }), [201], ns);
    await expect(call("POST", `/apis/rbac.authorization.k8s.io/v1/namespaces/${ns}/roles`, { apiVersion: "rbac.authorization.k8s.io/v1", kind: "Role", metadata: { name: "fuzz" }, rules: [{ apiGroups: [""], resources: ["configmaps"], verbs: ["*"] }] }), [201], "role");
    await expect(
      call("POST", `/apis/rbac.authorization.k8s.io/v1/namespaces/${ns}/rolebindings`, {
        apiVersion: "rbac.authorization.k8s.io/v1",
        kind: "RoleBinding",
        metadata: { name: "fuzz" },
        roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "fuzz" },
        subjects: [{ apiGroup: "rbac.authorization.k8s.io", kind: "User", name: "fuzzer" }],
      }),
      [201],
      "rolebinding",
    );
  }
  await ensureTargets(call);
}

/** The objects the patch family targets (the path family may delete them). */
async function ensureTargets(call) {
  for (let k = 0; k < 4; k++) {
    const res = await call("POST", `/api/v1/namespaces/${SANDBOX_NS}/configmaps`, { apiVersion: "v1", kind: "ConfigMap", metadata: { name: `target-${k}` }, data: { a: "b" } });
    if (res.status !== 201 && res.status !== 409) throw new Error(`target-${k}: ${res.status} ${res.text.slice(0, 200)}`);
  }
}

function countLines(path) {
  try {
    if (!statSync(path).size) return 0;
    let n = 0;
    const text = readFileSync(path, "utf8");
    for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) n++;
    return n;
  } catch {
    return 0;
  }
}

await main();
