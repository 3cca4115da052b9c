import { describe, expect, it } from "vitest";
import { humanDuration, translateTimestampSince } from "../../../worker/tables/duration";
import { DAY, HOUR, MIN, NOW, SEC, ago } from "./helpers";

describe("humanDuration (k8s.io/apimachinery/pkg/util/duration.HumanDuration)", () => {
  it.each([
    [-2 * SEC, "<invalid>"],
    [-1999, "0s"],
    [-SEC, "0s"],
    [-1, "0s"],
    [0, "0s"],
    [999, "0s"],
    [5 * SEC, "5s"],
    [59 * SEC, "59s"],
    [119 * SEC + 999, "119s"],
    [2 * MIN, "2m"],
    [3 * MIN + 20 * SEC, "3m20s"],
    [9 * MIN + 59 * SEC, "9m59s"],
    [10 * MIN, "10m"],
    [10 * MIN + 59 * SEC, "10m"],
    [179 * MIN + 59 * SEC, "179m"],
    [3 * HOUR, "3h"],
    [3 * HOUR + 5 * MIN, "3h5m"],
    [7 * HOUR + 59 * MIN, "7h59m"],
    [8 * HOUR, "8h"],
    [8 * HOUR + 59 * MIN, "8h"],
    [47 * HOUR + 59 * MIN, "47h"],
    [48 * HOUR, "2d"],
    [2 * DAY + 3 * HOUR, "2d3h"],
    [7 * DAY + 23 * HOUR, "7d23h"],
    [8 * DAY, "8d"],
    [8 * DAY + 23 * HOUR, "8d"],
    [729 * DAY + 23 * HOUR, "729d"],
    [730 * DAY, "2y"],
    [3 * 365 * DAY + 45 * DAY, "3y45d"],
    [8 * 365 * DAY - DAY, "7y364d"],
    [8 * 365 * DAY, "8y"],
    [10 * 365 * DAY + 200 * DAY, "10y"],
  ])("%d ms → %s", (ms, want) => {
    expect(humanDuration(ms)).toBe(want);
  });
});

describe("translateTimestampSince", () => {
  it.each([
    ["missing", undefined, "<unknown>"],
    ["null", null, "<unknown>"],
    ["empty", "", "<unknown>"],
    ["garbage", "yesterday-ish", "<unknown>"],
    ["5 minutes ago", ago(5 * MIN), "5m"],
    ["MicroTime precision", new Date(NOW.getTime() - 90_500).toISOString().replace("Z", "123Z"), "90s"],
    ["in the future", new Date(NOW.getTime() + 10 * SEC).toISOString(), "<invalid>"],
  ])("%s", (_name, ts, want) => {
    expect(translateTimestampSince(ts, NOW)).toBe(want);
  });
});
