import { describe, expect, it } from "vitest";
import { SnapshotCache } from "../../../worker/kube-proxy/snapshot-cache";

describe("SnapshotCache", () => {
  const setup = () => {
    let now = 0;
    let loads = 0;
    let fail = false;
    const cache = new SnapshotCache<number>(1000, 5000, () => now);
    const load = async () => {
      if (fail) throw new Error("store down");
      return ++loads;
    };
    return { cache, load, tick: (ms: number) => (now += ms), failing: (f: boolean) => (fail = f) };
  };

  it("answers from memory while fresh and reloads once stale", async () => {
    const { cache, load, tick } = setup();
    expect(cache.fresh()).toBeUndefined();
    expect(await cache.get(load)).toEqual({ ok: true, value: 1 });
    tick(999);
    expect(cache.fresh()).toBe(1);
    expect(await cache.get(load)).toEqual({ ok: true, value: 1 });
    tick(1);
    expect(cache.fresh()).toBeUndefined();
    expect(await cache.get(load)).toEqual({ ok: true, value: 2 });
  });

  it.each<[number, { ok: boolean; value?: number }]>([
    [4999, { ok: true, value: 1 }],
    [5000, { ok: false }],
  ])("a failed load %d ms after the last one: %j", async (age, want) => {
    const { cache, load, tick, failing } = setup();
    await cache.get(load);
    failing(true);
    tick(age);
    expect(await cache.get(load)).toMatchObject(want);
  });

  it("fails with no value held", async () => {
    const { cache, load, failing } = setup();
    failing(true);
    expect(await cache.get(load)).toEqual({ ok: false, message: "store down" });
  });
});
