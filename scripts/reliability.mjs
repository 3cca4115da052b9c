#!/usr/bin/env node
/**
 * `npm run test:reliability`: the reliability suites at full size (test/reliability/README.md). `npm test`
 * runs the same suites in a bounded form; this raises their counts unless the environment already sets them:
 *
 *   RELIABILITY_CRASHES=20     kill -9 under write load, restart on the same state (crash.test.ts)
 *   RELIABILITY_DURATION_MS=15000  how long the concurrent-history run writes (linearizable-api.test.ts)
 *   RELIABILITY_FUZZ=100000    hostile requests through scripts/fuzz.mjs (fuzz.test.ts)
 *   CHAOS_SEEDS=30             seeded controller fault schedules (test/unit/controllers/chaos*.test.ts)
 *
 * A failing crash iteration or chaos seed prints the variable that reproduces it alone.
 */
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const FULL = { RELIABILITY_CRASHES: "20", RELIABILITY_DURATION_MS: "15000", RELIABILITY_FUZZ: "100000", CHAOS_SEEDS: "30" };
const env = { ...FULL, ...process.env };
const vitest = join(ROOT, "node_modules", "vitest", "vitest.mjs");

/** @param {string[]} args */
function run(args) {
  console.log(`\n$ vitest ${args.join(" ")}`);
  return spawnSync(process.execPath, [vitest, ...args], { cwd: ROOT, env, stdio: "inherit" }).status ?? 1;
}

const started = Date.now();
const codes = [
  run(["run", "--project", "reliability"]),
  run(["run", "--project", "workerd", "test/unit/controllers/chaos.test.ts", "test/unit/controllers/chaos-schedule.test.ts"]),
];
console.log(`\nreliability suites ${codes.every((c) => c === 0) ? "passed" : "FAILED"} in ${Math.round((Date.now() - started) / 1000)} s`);
process.exit(codes.find((c) => c !== 0) ?? 0);
