/**
 * The decisions of `npm run bench` (scripts/bench*.mjs) that do not need a running cluster: watch delivery
 * accounting, memory rows, the etcd ratio rows and etcd's lifecycle, the report table, the options.
 */
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { get } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { deliveryReport } from "../../scripts/bench-api.mjs";
import { etcdArgs, etcdWorkloads, findOnPath, parseCheckPerf, putRequest, ratioRows, startEtcd } from "../../scripts/bench-etcd.mjs";
import { dirBytes, memoryRow } from "../../scripts/bench-memory.mjs";
import { benchOptions } from "../../scripts/bench.mjs";
import { renderTable, wrap } from "../../scripts/lib/bench-client.mjs";

const scratch = mkdtempSync(join(tmpdir(), "bench-test-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("deliveryReport", () => {
  const sent = new Map([
    ["a", 0],
    ["b", 10],
  ]);
  it.each([
    {
      name: "every watch got every write once",
      received: [
        [{ name: "a", at: 2 }, { name: "b", at: 13 }],
        [{ name: "a", at: 5 }, { name: "b", at: 11 }],
      ],
      latencies: [2, 3, 5, 1],
      toAll: [5, 3],
      problems: [],
    },
    {
      name: "a missed write leaves it out of the to-all figures",
      received: [[{ name: "a", at: 2 }], [{ name: "a", at: 4 }, { name: "b", at: 12 }]],
      latencies: [2, 4, 2],
      toAll: [4],
      problems: ["watch 0: 1 missed, 0 repeated"],
    },
    {
      name: "a repeated event is a problem and counts once",
      received: [[{ name: "a", at: 2 }, { name: "a", at: 3 }, { name: "b", at: 11 }]],
      latencies: [2, 1],
      toAll: [2, 1],
      problems: ["watch 0: 0 missed, 1 repeated"],
    },
    {
      name: "events of objects not written here are ignored",
      received: [[{ name: "other", at: 1 }, { name: "a", at: 1 }, { name: "b", at: 10 }]],
      latencies: [1, 0],
      toAll: [1, 0],
      problems: [],
    },
    { name: "no watches: nothing delivered to all", received: [], latencies: [], toAll: [], problems: [] },
  ])("$name", ({ received, latencies, toAll, problems }) => {
    const report = deliveryReport(sent, received);
    expect(report.latencies).toEqual(latencies);
    expect(report.toAll).toEqual(toAll);
    expect(report.problems).toEqual(problems);
  });
});

describe("memoryRow", () => {
  it.each([
    { count: 10_000, per: 1000, before: { rssMiB: 200, diskBytes: 1 << 20 }, after: { rssMiB: 300, diskBytes: 11 << 20 }, rss: 10, disk: 1024 },
    { count: 1000, per: 1, before: { rssMiB: 100, diskBytes: 0 }, after: { rssMiB: 150, diskBytes: 2048 * 1000 }, rss: 0.05, disk: 2 },
    { count: 500, per: 1000, before: { rssMiB: 300, diskBytes: 0 }, after: { rssMiB: 290, diskBytes: 0 }, rss: -20, disk: 0 },
  ])("$count objects, per $per: RSS $rss MiB, disk $disk KiB", ({ count, per, before, after, rss, disk }) => {
    const row = memoryRow("things", count, per, before, after);
    expect(row.rssPerMiB).toBe(rss);
    expect(row.diskPerKiB).toBe(disk);
    expect(row.count).toBe(count);
    expect(row.error).toBeUndefined();
  });

  it("is an error without an RSS reading", () => {
    expect(memoryRow("things", 10, 1, { rssMiB: NaN, diskBytes: 0 }, { rssMiB: NaN, diskBytes: 0 }).error).toMatch(/no RSS/);
  });

  it("dirBytes sums the files below a directory, 0 for none", () => {
    const dir = join(scratch, "sizes");
    mkdirSync(join(dir, "sub"), { recursive: true });
    writeFileSync(join(dir, "a"), "x".repeat(100));
    writeFileSync(join(dir, "sub", "b"), "y".repeat(23));
    expect(dirBytes(dir)).toBe(123);
    expect(dirBytes(join(scratch, "absent"))).toBe(0);
  });
});

describe("etcd side by side", () => {
  it.each([
    {
      name: "one ratio per concurrency etcd ran at",
      rows: [
        { op: "create", clients: 1, perSecond: 300 },
        { op: "create", clients: 16, perSecond: 900 },
        { op: "etcd-put", clients: 1, perSecond: 600 },
        { op: "etcd-put", clients: 16, perSecond: 600 },
      ],
      ratios: [
        [1, 0.5, false],
        [16, 1.5, true],
      ],
    },
    { name: "no etcd rows: no ratios", rows: [{ op: "create", clients: 1, perSecond: 300 }], ratios: [] },
    { name: "no API rows (--only etcd): no ratios", rows: [{ op: "etcd-put", clients: 1, perSecond: 300 }], ratios: [] },
  ])("ratioRows: $name", ({ rows, ratios }) => {
    expect(ratioRows(rows).map((r) => [r.clients, r.ratio, r.meetsGoal])).toEqual(ratios);
  });

  it.each([
    ["PASS: Throughput is 974 writes/s\nPASS", 974],
    ["FAIL: Throughput too low: 3937 writes/s\nFAIL", 3937],
    ["Error: context deadline exceeded", undefined],
  ])("parseCheckPerf(%j) = %s", (text, rate) => expect(parseCheckPerf(text)).toBe(rate));

  it("puts base64 key and value, as the v3 gateway reads protobuf bytes", () => {
    const body = JSON.parse(putRequest("/registry/configmaps/ns/a", '{"kind":"ConfigMap"}'));
    expect(Buffer.from(body.key, "base64").toString()).toBe("/registry/configmaps/ns/a");
    expect(Buffer.from(body.value, "base64").toString()).toBe('{"kind":"ConfigMap"}');
  });

  it("runs one member on loopback only", () => {
    const args = etcdArgs({ dataDir: "/d", clientPort: 1, peerPort: 2 });
    expect(args).toContain("--data-dir=/d");
    expect(args.filter((a) => a.includes("://")).every((a) => a.includes("http://127.0.0.1:"))).toBe(true);
    expect(args).toContain("--initial-cluster=bench=http://127.0.0.1:2");
  });

  it("findOnPath finds executables only", () => {
    const dir = join(scratch, "bin");
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "tool"), "#!/bin/sh\n");
    chmodSync(join(dir, "tool"), 0o755);
    writeFileSync(join(dir, "plain"), "");
    expect(findOnPath("tool", `/nonexistent:${dir}`)).toBe(join(dir, "tool"));
    expect(findOnPath("plain", dir)).toBeUndefined();
  });

  it("without etcd on PATH the workload is one row saying so, not a failure", async () => {
    const path = process.env.PATH;
    process.env.PATH = join(scratch, "empty");
    try {
      const rows = await etcdWorkloads({ quick: true, concurrencies: [1] });
      expect(rows).toHaveLength(1);
      expect(rows[0].name).toMatch(/no `etcd` on PATH/);
      expect(rows[0]).not.toHaveProperty("error");
    } finally {
      process.env.PATH = path;
    }
  });

  const etcd = findOnPath("etcd");
  // Needs Debian's etcd-server (the benchmark's own condition for the side-by-side rows).
  it.runIf(etcd)("starts etcd on loopback and stops its process group and data directory", async () => {
    const member = await startEtcd(etcd as string);
    const health = await new Promise<string>((resolve, reject) =>
      get({ host: "127.0.0.1", port: member.clientPort, path: "/health" }, (res) => {
        let text = "";
        res.on("data", (c) => (text += c));
        res.on("end", () => resolve(text));
      }).on("error", reject),
    );
    expect(JSON.parse(health).health).toBe("true");
    await member.stop();
    expect(() => process.kill(member.pid, 0)).toThrow();
    expect(existsSync(member.dataDir)).toBe(false);
  }, 60_000);
});

describe("report", () => {
  it.each([
    ["short", 10, ["short"]],
    ["one two three four", 9, ["one two", "three", "four"]],
    ["abcdefghij", 4, ["abcd", "efgh", "ij"]],
  ])("wrap(%j, %i)", (text, width, lines) => expect(wrap(text, width)).toEqual(lines));

  it("renders rates, ratios, wrapped names and errors", () => {
    const table = renderTable(
      [
        { name: "create", count: 1000, perSecond: 1234, p50Ms: 1.5, p99Ms: 9.25 },
        { name: "ours ÷ etcd", ratio: 0.5, p50Ms: NaN, p99Ms: NaN },
        { name: "a long name that wraps", count: 2, perSecond: 0.66, p50Ms: NaN, p99Ms: NaN, error: "boom" },
      ],
      12,
    ).split("\n");
    expect(table[0]).toMatch(/^workload\s+count\s+ops\/s\s+p50 ms\s+p99 ms$/);
    expect(table[2]).toMatch(/^create\s+1,000\s+1,234\s+1\.50\s+9\.25$/);
    expect(table[3]).toMatch(/^ours ÷ etcd\s+0\.50×$/);
    expect(table[4]).toMatch(/^✗ a long\s+2\s+0\.66$/);
    expect(table.slice(5, 7).map((l) => l.trim())).toEqual(["name that", "wraps"]);
    expect(table.at(-1)).toBe("✗ a long name that wraps: boom");
  });
});

describe("benchOptions", () => {
  it.each([
    [[], [1, 16, 64], false, ["api", "etcd", "kubelets"], []],
    [["--quick", "--clients", "1,8"], [1, 8], true, ["api"], []],
    [["--only", "etcd,memory"], [1, 16, 64], false, ["etcd", "memory"], ["api", "cluster"]],
  ])("%j", (args, concurrencies, quick, wanted, unwanted) => {
    const o = benchOptions(args);
    expect(o.concurrencies).toEqual(concurrencies);
    expect(o.quick).toBe(quick);
    for (const g of wanted) expect(o.wanted(g)).toBe(true);
    for (const g of unwanted) expect(o.wanted(g)).toBe(false);
  });

  it.each([[["--only", "etc"]], [["--clients", "0"]], [["--clients", "16,x"]]])("refuses %j", (args) => expect(() => benchOptions(args)).toThrow());
});
