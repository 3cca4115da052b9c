/** slowStartBatch: batches of 1, 2, 4, … that stop after the first batch with a failure. */
import { describe, expect, it } from "vitest";
import { slowStartBatch, slowStartBatchSizes } from "../../../../worker/controllers/replicaset/slow-start";

describe("slowStartBatchSizes", () => {
  it.each<[number, number, number[]]>([
    [0, 1, []],
    [1, 1, [1]],
    [3, 1, [1, 2]],
    [10, 1, [1, 2, 4, 3]],
    [16, 1, [1, 2, 4, 8, 1]],
    [5, 2, [2, 3]],
  ])("%d calls from %d → %j", (count, initial, want) => {
    expect(slowStartBatchSizes(count, initial)).toEqual(want);
  });
});

describe("slowStartBatch", () => {
  it.each<[string, number, number | undefined, number, number]>([
    ["all succeed", 10, undefined, 10, 10],
    ["first call fails: one attempt", 10, 0, 0, 1],
    ["a failure in the third batch ends the run after it", 10, 4, 6, 7],
    ["a failure in the last batch", 7, 6, 6, 7],
  ])("%s", async (_, count, failAt, successes, calls) => {
    let n = 0;
    const result = await slowStartBatch(count, 1, async () => {
      const i = n++;
      if (i === failAt) throw new Error(`call ${i} failed`);
    });
    expect(n).toBe(calls);
    expect(result.successes).toBe(successes);
    expect(result.error === undefined).toBe(failAt === undefined);
  });
});
