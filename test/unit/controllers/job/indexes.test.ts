/** Completion-index intervals of Indexed Jobs (indexed_job_utils.go and its tests). */
import { describe, expect, it } from "vitest";
import {
  duplicatedIndexPodsForRemoval,
  firstPendingIndexes,
  formatIntervals,
  hasIndex,
  parseIntervals,
  totalIndexes,
  withIndexes,
} from "../../../../worker/controllers/job/indexes";
import { pod } from "./fixtures";

const iv = (...pairs: [number, number][]) => pairs.map(([first, last]) => ({ first, last }));

describe("formatIntervals", () => {
  it.each([
    [iv(), ""],
    [iv([0, 0]), "0"],
    [iv([0, 2], [4, 4]), "0-2,4"],
    [iv([5, 6]), "5,6"], // two adjacent indexes are not a range
    [iv([1, 3], [7, 8], [10, 20]), "1-3,7,8,10-20"],
  ])("%j → %s", (intervals, want) => expect(formatIntervals(intervals)).toBe(want));
});

describe("parseIntervals", () => {
  it.each([
    ["", 10, iv()],
    ["0-2,4", 10, iv([0, 2], [4, 4])],
    ["1,2,3,7", 10, iv([1, 3], [7, 7])], // adjacent items merge
    ["0-3,8-12", 10, iv([0, 3], [8, 9])], // clipped at completions
    ["0,x,2", 10, iv([0, 0], [2, 2])], // corrupt items are skipped
    ["3,11,12", 10, iv([3, 3])], // the first index past completions ends the list
  ])("%s (completions %i)", (s, completions, want) => expect(parseIntervals(s, completions)).toEqual(want));

  it("round-trips through formatIntervals", () => {
    for (const s of ["0-2,4", "5,6", "1,3-9,11"]) expect(formatIntervals(parseIntervals(s, 100))).toBe(s);
  });
});

describe("withIndexes, totalIndexes, hasIndex", () => {
  it.each([
    [iv(), [0, 1, 2], iv([0, 2])],
    [iv([0, 2]), [3], iv([0, 3])],
    [iv([0, 2], [6, 6]), [4], iv([0, 2], [4, 4], [6, 6])],
    [iv([0, 2], [4, 4]), [3], iv([0, 4])],
    [iv([0, 4]), [2], iv([0, 4])], // already in
  ])("%j + %j", (base, add, want) => expect(withIndexes(base, add)).toEqual(want));

  it("counts and finds", () => {
    const x = iv([0, 2], [5, 5], [8, 9]);
    expect(totalIndexes(x)).toBe(6);
    expect([0, 2, 3, 5, 7, 9].map((i) => hasIndex(x, i))).toEqual([true, true, false, true, false, true]);
  });
});

describe("firstPendingIndexes", () => {
  it.each([
    [iv(), 3, 5, [0, 1, 2]],
    [iv([0, 1]), 2, 5, [2, 3]],
    [iv([1, 1], [3, 3]), 5, 5, [0, 2, 4]],
    [iv([0, 4]), 2, 5, []], // converged: nothing pending
    [iv(), 10, 3, [0, 1, 2]], // never past completions
    [iv([2, 2]), 0, 5, []],
  ])("non-pending %j, count %i, completions %i", (nonPending, count, completions, want) => {
    expect(firstPendingIndexes(nonPending, count, completions)).toEqual(want);
  });
});

describe("duplicatedIndexPodsForRemoval", () => {
  it("removes pods without or past an index and all but the most advanced of a repeated index", () => {
    const pods = [
      pod("a", { index: 0, phase: "Pending" }),
      pod("b", { index: 0, phase: "Running", ready: true }),
      pod("c", { index: 1 }),
      pod("d", {}),
      pod("e", { index: 7 }),
    ];
    const { remove, keep } = duplicatedIndexPodsForRemoval(pods, 5);
    expect(remove.map((p) => p.metadata.uid).sort()).toEqual(["a", "d", "e"]);
    expect(keep.map((p) => p.metadata.uid)).toEqual(["b", "c"]);
  });
  it("converged: one pod per valid index → nothing to remove", () => {
    const pods = [pod("a", { index: 0 }), pod("b", { index: 1 })];
    expect(duplicatedIndexPodsForRemoval(pods, 2).remove).toEqual([]);
  });
});
