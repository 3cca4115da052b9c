import { describe, expect, it } from "vitest";
import { numFeasibleNodesToFind } from "../../../../worker/scheduler/common";

// Upstream TestNumFeasibleNodesToFind (schedule_one_test.go) plus the adaptive percentage's floor.
describe("numFeasibleNodesToFind", () => {
  it.each<[string, number, number | undefined, number]>([
    ["no nodes", 0, undefined, 0],
    ["fewer than 100 nodes: all of them", 10, undefined, 10],
    ["99 nodes", 99, undefined, 99],
    ["exactly 100 nodes", 100, undefined, 100],
    ["adaptive, 200 nodes: 49% would be 98, raised to 100", 200, undefined, 100],
    ["adaptive, 1000 nodes: 42%", 1000, undefined, 420],
    ["adaptive, 5000 nodes: 10%", 5000, undefined, 500],
    ["adaptive, 6000 nodes: 2% floored to 5%", 6000, undefined, 300],
    ["adaptive, 10000 nodes: 5%", 10000, undefined, 500],
    ["percentageOfNodesToScore 40, 1000 nodes", 1000, 40, 400],
    ["percentageOfNodesToScore 5, 1000 nodes: at least 100", 1000, 5, 100],
    ["percentageOfNodesToScore 100, 1000 nodes: all", 1000, 100, 1000],
    ["percentageOfNodesToScore 10, 50 nodes: below 100 every node counts", 50, 10, 50],
    ["integer division: 30% of 333", 333, 30, 100],
    ["integer division: 30% of 1001", 1001, 30, 300],
  ])("%s", (_name, nodes, percentage, want) => {
    expect(numFeasibleNodesToFind(nodes, percentage)).toBe(want);
  });
});
