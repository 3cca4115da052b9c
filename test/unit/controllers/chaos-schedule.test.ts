/** The chaos schedule as data: seeds from `CHAOS_SEEDS`, and a seed → the same faults every time. */
import { describe, expect, it } from "vitest";
import { chaosSchedule, DEFAULT_SEED_COUNT, describeSchedule, faultPlan, parseChaosSeeds, STEP_WEIGHTS, type ChaosKind } from "./chaos-schedule";

const TARGETS = { loops: ["deployment", "replicaset", "job"], shards: ["main", "pods"], nodes: ["n-0", "n-1"] };

describe("parseChaosSeeds", () => {
  it.each([
    [undefined, [1, 2, 3, 4, 5]],
    ["", [1, 2, 3, 4, 5]],
    ["  ", [1, 2, 3, 4, 5]],
    ["3", [1, 2, 3]],
    ["17,", [17]],
    ["7,19", [7, 19]],
    [" 7 , 19 ,7", [7, 19]],
  ])("%j → %j", (value, seeds) => {
    expect(parseChaosSeeds(value)).toEqual(seeds);
  });

  it("defaults to DEFAULT_SEED_COUNT seeds", () => {
    expect(parseChaosSeeds("")).toHaveLength(DEFAULT_SEED_COUNT);
  });

  it.each(["0", "abc", "1,x", ",", "-3", "2.5"])("refuses %j", (value) => {
    expect(() => parseChaosSeeds(value)).toThrow(/CHAOS_SEEDS/);
  });
});

describe("chaosSchedule", () => {
  it("is the same for the same seed", () => {
    expect(chaosSchedule(42, 40, TARGETS)).toEqual(chaosSchedule(42, 40, TARGETS));
  });

  it("differs between seeds", () => {
    const seen = new Set([1, 2, 3, 4, 5].map((s) => JSON.stringify(chaosSchedule(s, 40, TARGETS))));
    expect(seen.size).toBe(5);
  });

  it("has the requested length and aims only at the given targets", () => {
    const schedule = chaosSchedule(9, 200, TARGETS);
    expect(schedule).toHaveLength(200);
    for (const step of schedule) {
      if ("loop" in step) expect(TARGETS.loops).toContain(step.loop);
      if ("shard" in step) expect(TARGETS.shards).toContain(step.shard);
      if ("node" in step) expect(TARGETS.nodes).toContain(step.node);
      if (step.kind === "sleep") expect(step.ms).toBeGreaterThanOrEqual(20);
    }
  });

  it("draws every kind of fault over the default seeds", () => {
    const kinds = new Set(parseChaosSeeds("").flatMap((s) => chaosSchedule(s, 40, TARGETS).map((step) => step.kind)));
    expect([...kinds].sort()).toEqual((Object.keys(STEP_WEIGHTS) as ChaosKind[]).sort());
  });

  it("gives each loop restart its own pokes and alarms plan, drawn from the seed", () => {
    const restarts = chaosSchedule(3, 100, TARGETS).filter((s) => s.kind === "restart-loop" || s.kind === "evict-loop");
    const seeds = restarts.map((s) => ("plan" in s ? s.plan.seed : -1));
    expect(new Set(seeds).size).toBe(seeds.length);
    expect(faultPlan(3, 0)).toEqual({ seed: 3000, dropPoke: 0.3, duplicatePoke: 0.3, failAlarm: 0.3 });
  });

  it("summarizes a schedule by kind", () => {
    expect(describeSchedule([{ kind: "cron" }, { kind: "sleep", ms: 20 }, { kind: "cron" }])).toBe("cron×2 sleep×1");
  });
});
