import { describe, expect, it } from "vitest";
import { CRON_JOB_TABLE, JOB_TABLE } from "../../../worker/tables/batch";
import type { KubeObject } from "../../../worker/tables/types";
import { HOUR, MIN, SEC, ago, columnNames, meta, row } from "./helpers";

const template = { spec: { containers: [{ name: "pi", image: "perl:5.34" }], restartPolicy: "Never" } };
const selector = { matchLabels: { "batch.kubernetes.io/controller-uid": "abc" } };
const job = (spec: KubeObject, status?: KubeObject, extraMeta: KubeObject = {}): KubeObject => ({
  metadata: meta("pi", extraMeta),
  spec: { template, selector, ...spec },
  status,
});
const cond = (type: string, status = "True") => ({ type, status });

describe("jobs", () => {
  it("has upstream's columns", () => {
    expect(columnNames(JOB_TABLE)).toEqual(["Name", "Status", "Completions", "Duration", "Age", "+Containers", "+Images", "+Selector"]);
  });

  it.each<[string, KubeObject, string, string, string]>([
    ["complete", job({ completions: 1, parallelism: 1 }, { succeeded: 1, startTime: ago(4 * MIN), completionTime: ago(3 * MIN + 40 * SEC), conditions: [cond("SuccessCriteriaMet"), cond("Complete")] }), "Complete", "1/1", "20s"],
    ["running", job({ completions: 3, parallelism: 1 }, { active: 1, succeeded: 1, startTime: ago(2 * MIN) }), "Running", "1/3", "2m"],
    ["not started", job({ completions: 1 }, undefined), "Running", "0/1", ""],
    ["failed", job({ completions: 1 }, { failed: 1, startTime: ago(HOUR), conditions: [cond("FailureTarget"), cond("Failed")] }), "Failed", "0/1", "60m"],
    ["failure target only", job({ completions: 1 }, { conditions: [cond("FailureTarget")] }), "FailureTarget", "0/1", ""],
    ["suspended", job({ completions: 2, suspend: true }, { conditions: [cond("Suspended")] }), "Suspended", "0/2", ""],
    ["suspend condition false", job({ completions: 2 }, { conditions: [cond("Suspended", "False")] }), "Running", "0/2", ""],
    ["terminating", job({ completions: 1 }, { startTime: ago(MIN) }, { deletionTimestamp: ago(SEC) }), "Terminating", "0/1", "60s"],
    ["complete wins over terminating", job({ completions: 1 }, { succeeded: 1, conditions: [cond("Complete")] }, { deletionTimestamp: ago(SEC) }), "Complete", "1/1", ""],
    ["work queue with parallelism", job({ parallelism: 3 }, { succeeded: 1 }), "Running", "1/1 of 3", ""],
    ["work queue, parallelism 1", job({ parallelism: 1 }, { succeeded: 0 }), "Running", "0/1", ""],
  ])("%s", (_name, j, status, completions, duration) => {
    const r = row(JOB_TABLE, j);
    expect([r.Status, r.Completions, r.Duration]).toEqual([status, completions, duration]);
  });

  it("prints wide cells", () => {
    expect(JOB_TABLE.cells(job({ completions: 1 }), new Date(ago(0))).slice(4)).toEqual(["5m", "pi", "perl:5.34", "batch.kubernetes.io/controller-uid=abc"]);
  });
});

describe("cron jobs", () => {
  it("has upstream's columns", () => {
    expect(columnNames(CRON_JOB_TABLE)).toEqual(["Name", "Schedule", "Timezone", "Suspend", "Active", "Last Schedule", "Age", "+Containers", "+Images", "+Selector"]);
  });

  it.each<[string, KubeObject, unknown[]]>([
    [
      "scheduled",
      { metadata: meta("nightly"), spec: { schedule: "*/5 * * * *", suspend: false, jobTemplate: { spec: { template } } }, status: { active: [{ name: "nightly-1" }], lastScheduleTime: ago(3 * MIN) } },
      ["nightly", "*/5 * * * *", "<none>", "False", 1, "3m", "5m", "pi", "perl:5.34", "<none>"],
    ],
    [
      "never scheduled, time zone, suspended",
      { metadata: meta("nightly"), spec: { schedule: "0 3 * * *", timeZone: "Europe/Paris", suspend: true, jobTemplate: { spec: { selector, template } } } },
      ["nightly", "0 3 * * *", "Europe/Paris", "True", 0, "<none>", "5m", "pi", "perl:5.34", "batch.kubernetes.io/controller-uid=abc"],
    ],
    ["suspend unset", { metadata: meta("c"), spec: { schedule: "@hourly" } }, ["c", "@hourly", "<none>", "<unset>", 0, "<none>", "5m", "", "", "<none>"]],
  ])("%s", (_name, cj, want) => {
    expect(Object.values(row(CRON_JOB_TABLE, cj))).toEqual(want);
  });
});
