/**
 * Memory workloads of `npm run bench`: what storing objects costs the local runtime, as the difference of two
 * samples around the storing: the workerd process's resident set (RSS, /proc) and the bytes of the Durable
 * Objects' files on disk (`<state>/v3`: each object's SQLite database and its WAL). Per 1,000 ConfigMaps
 * (bench-api.mjs's LIST workload stores 10,000) and per node (bench-cluster.mjs registers 1,000 Nodes, each
 * with its Lease). RSS grows in steps (V8's heap, SQLite's page cache) and is not given back at once, so a
 * per-object figure is an average over many objects, not an exact cost.
 *
 * `--only memory` runs just these two on a fresh runtime (memoryWorkloads).
 */
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { expectStatus, load, sleep } from "./lib/bench-client.mjs";
import { storeConfigMaps } from "./bench-api.mjs";
import { registerNodes } from "./bench-cluster.mjs";

/**
 * @typedef {{ rssMiB: number, diskBytes: number }} MemorySample
 * @typedef {object} MemoryMeter
 * @property {() => Promise<{ stop: (what: string, count: number, per: number) => Promise<void> }>} start
 *   samples (after a second's settling); `stop` samples again (likewise) and adds the row
 * @property {(what: string, count: number, per: number, fn: () => Promise<unknown>) => Promise<void>} measure
 *   start, `fn`, stop
 * @property {object[]} rows
 */

/** Total size of the files under `dir` (0 when it does not exist). */
export function dirBytes(dir) {
  let total = 0;
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const e of entries) {
    const path = join(dir, e.name);
    if (e.isDirectory()) total += dirBytes(path);
    else if (e.isFile()) {
      try {
        total += statSync(path).size;
      } catch {
        // removed meanwhile (a WAL checkpointed away)
      }
    }
  }
  return total;
}

/**
 * The row of one measurement: RSS and disk growth per `per` objects (`per` = 1: per object).
 * @param {string} what e.g. "ConfigMaps stored"
 * @param {number} count how many were stored between the samples
 * @param {number} per
 * @param {MemorySample} before
 * @param {MemorySample} after
 */
export function memoryRow(what, count, per, before, after) {
  const unit = per === 1 ? "each" : `per ${per.toLocaleString("en-US")}`;
  const rssPerMiB = +(((after.rssMiB - before.rssMiB) / count) * per).toFixed(3);
  const diskPerKiB = +(((after.diskBytes - before.diskBytes) / 1024 / count) * per).toFixed(1);
  const mib = (b) => (b / 2 ** 20).toFixed(1);
  return {
    name: `memory: ${count.toLocaleString("en-US")} ${what}, ${unit}: workerd RSS ${rssPerMiB} MiB, on disk ${diskPerKiB} KiB (RSS ${before.rssMiB} → ${after.rssMiB} MiB, disk ${mib(before.diskBytes)} → ${mib(after.diskBytes)} MiB)`,
    count,
    p50Ms: NaN,
    p99Ms: NaN,
    per,
    rssPerMiB,
    diskPerKiB,
    before,
    after,
    ...(Number.isNaN(rssPerMiB) ? { error: "no RSS reading (not Linux, or workerd not found)" } : {}),
  };
}

/**
 * A meter of `rt`'s workerd process and state directory, collecting memory rows.
 * @param {import("./lib/bench-runtime.mjs").BenchRuntime} rt
 * @returns {MemoryMeter}
 */
export function memoryMeter(rt) {
  /** @returns {MemorySample} */
  const sample = () => ({ rssMiB: rt.rss(), diskBytes: dirBytes(join(rt.stateDir, "v3")) });
  /** @type {object[]} */
  const rows = [];
  const start = async () => {
    await sleep(1000);
    const before = sample();
    return {
      /** @param {string} what @param {number} count @param {number} per */
      stop: async (what, count, per) => {
        await sleep(1000);
        rows.push(memoryRow(what, count, per, before, sample()));
      },
    };
  };
  return {
    rows,
    start,
    async measure(what, count, per, fn) {
      const m = await start();
      await fn();
      await m.stop(what, count, per);
    },
  };
}

/**
 * `--only memory`: 10,000 ConfigMaps (1,000 with --quick) and 1,000 Nodes with Leases (200) on `rt`.
 * @param {{ rt: import("./lib/bench-runtime.mjs").BenchRuntime, quick: boolean, memory: MemoryMeter }} options
 * @returns {Promise<void>} the rows are the meter's
 */
export async function memoryWorkloads({ rt, quick, memory }) {
  expectStatus(await rt.client.request("POST", "/api/v1/namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: "big" } }), 201, "namespace");
  const objects = quick ? 1000 : 10000;
  await memory.measure("ConfigMaps stored", objects, 1000, () => storeConfigMaps(rt.client, "big", objects));
  const nodes = quick ? 200 : 1000;
  const names = Array.from({ length: nodes }, (_, i) => `mem-${String(i).padStart(4, "0")}`);
  await memory.measure("Nodes registered with their Leases", nodes, 1, () => registerNodes(rt.client, load, names));
}
