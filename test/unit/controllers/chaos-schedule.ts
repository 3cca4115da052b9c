/**
 * Controller chaos as data: a seed → the seeds to run (`CHAOS_SEEDS`) and a seed → the schedule of faults one
 * run applies (pure; chaos-faults.ts applies a step to the real objects). The same seed always gives the same
 * schedule, so a failing run is reproduced from its number (the interleaving with the runtime's own timers is
 * not, which is what the run explores).
 */
import { prng, type FaultPlan } from "../../../worker/controllers/framework/faults";

/** The seeds `npm test` runs when `CHAOS_SEEDS` is unset or empty. */
export const DEFAULT_SEED_COUNT = 5;

/**
 * `CHAOS_SEEDS`: empty → seeds 1..5; a bare count `N` → seeds 1..N; a comma list (`7,19` or `7,`) → exactly
 * those seeds. Anything else is refused, so a typo never silently runs the defaults.
 */
export function parseChaosSeeds(value: string | undefined): number[] {
  const text = (value ?? "").trim();
  const count = (n: number) => Array.from({ length: n }, (_, i) => i + 1);
  if (text === "") return count(DEFAULT_SEED_COUNT);
  if (/^\d+$/.test(text)) {
    const n = Number(text);
    if (n < 1) throw new Error(`CHAOS_SEEDS=${value}: a count must be at least 1`);
    return count(n);
  }
  const parts = text.split(",").map((s) => s.trim()).filter((s) => s !== "");
  if (parts.length === 0 || !parts.every((s) => /^\d+$/.test(s))) throw new Error(`CHAOS_SEEDS=${value}: expected a count (30) or a comma list of seeds (7,19)`);
  return [...new Set(parts.map(Number))];
}

/** What the schedule can aim at: names of the loops, Store shards and kubelet nodes. */
export interface ChaosTargets {
  loops: readonly string[];
  shards: readonly string[];
  nodes: readonly string[];
}

/**
 * One step. `restart` is a crash (`ctx.abort()`: in-flight calls fail, memory is gone, storage stays);
 * `evict` is the runtime's graceful eviction (in-flight calls finish, then memory is gone).
 */
export type ChaosStep =
  | { kind: "sleep"; ms: number }
  | { kind: "cron" }
  | { kind: "restart-loop" | "evict-loop"; loop: string; plan: FaultPlan }
  | { kind: "restart-shard" | "evict-shard"; shard: string }
  | { kind: "restart-kubelet" | "evict-kubelet"; node: string };

export type ChaosKind = ChaosStep["kind"];

/** Relative weights of the step kinds. */
export const STEP_WEIGHTS: Readonly<Record<ChaosKind, number>> = {
  sleep: 6,
  cron: 2,
  "restart-loop": 2,
  "evict-loop": 2,
  "restart-shard": 1,
  "evict-shard": 2,
  "restart-kubelet": 2,
  "evict-kubelet": 2,
};

/** The pokes and alarms fault plan of a loop, `n`-th of a run (each restart of a loop object draws a new one). */
export function faultPlan(seed: number, n: number): FaultPlan {
  return { seed: seed * 1000 + n, dropPoke: 0.3, duplicatePoke: 0.3, failAlarm: 0.3 };
}

/** The `steps` faults of one run, drawn from `seed`. */
export function chaosSchedule(seed: number, steps: number, targets: ChaosTargets): ChaosStep[] {
  const random = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
  const kinds = Object.entries(STEP_WEIGHTS) as [ChaosKind, number][];
  const total = kinds.reduce((s, [, w]) => s + w, 0);
  const out: ChaosStep[] = [];
  for (let step = 1; step <= steps; step++) {
    let roll = random() * total;
    const [kind] = kinds.find(([, w]) => (roll -= w) < 0) ?? kinds[kinds.length - 1];
    switch (kind) {
      case "sleep":
        out.push({ kind, ms: 20 + Math.floor(random() * 80) });
        break;
      case "cron":
        out.push({ kind });
        break;
      case "restart-loop":
      case "evict-loop":
        out.push({ kind, loop: pick(targets.loops), plan: faultPlan(seed, step) });
        break;
      case "restart-shard":
      case "evict-shard":
        out.push({ kind, shard: pick(targets.shards) });
        break;
      case "restart-kubelet":
      case "evict-kubelet":
        out.push({ kind, node: pick(targets.nodes) });
        break;
    }
  }
  return out;
}

/** A one-line summary of a schedule: step kinds and their counts (for a failing seed's message). */
export function describeSchedule(schedule: readonly ChaosStep[]): string {
  const counts = new Map<string, number>();
  for (const s of schedule) counts.set(s.kind, (counts.get(s.kind) ?? 0) + 1);
  return [...counts].sort(([a], [b]) => a.localeCompare(b)).map(([k, n]) => `${k}×${n}`).join(" ");
}
