/**
 * The API workloads of `npm run bench` (`--only api`), through the real API of one runtime (HTTPS, the
 * cluster-admin token, authentication, audit, admission, validation, the store), ConfigMaps throughout, each at
 * every concurrency of `--clients` (default 1, 16 and 64 clients on keep-alive connections):
 *   - creates; updates (PUT of an object just created, with its resourceVersion: no conflicts by design);
 *     GETs; LISTs of a namespace of 10 ConfigMaps;
 *   - watch delivery: the clients create ConfigMaps while 10 watches are open; latency from the start of each
 *     write to its ADDED event on each watch;
 *   - fan-out: 100 watches of one namespace, one writer; the latency of each write to each watch and to the
 *     last of the 100; a watch that misses or repeats an event makes the row an error;
 *   - LIST of 10,000 ConfigMaps (1,000 with --quick), whose storing is measured for memory (bench-memory.mjs);
 *     the namespace's kube-root-ca.crt ConfigMap is listed too.
 */
import { expectStatus, load, summarize, timed, until } from "./lib/bench-client.mjs";

/** The ConfigMap every write workload stores (and bench-etcd.mjs puts into etcd). */
export const configMap = (name) => ({ apiVersion: "v1", kind: "ConfigMap", metadata: { name, labels: { app: "bench" } }, data: { key: "value", n: name } });

/** Counts per workload: `one` at 1 client, `many` at more. */
const COUNTS = {
  full: { create: [1000, 3000], get: [2500, 5000], list: [500, 2000], watch: [500, 1000], fanOut: 200, big: 10000 },
  quick: { create: [100, 500], get: [300, 1000], list: [100, 300], watch: [50, 200], fanOut: 30, big: 1000 },
};
const WATCHERS = 10;

/** How many creates the write workloads make at `clients` concurrent clients. */
export const writeCount = (quick, clients) => COUNTS[quick ? "quick" : "full"].create[clients === 1 ? 0 : 1];
const FAN_OUT = 100;

const plural = (c) => `${c} client${c > 1 ? "s" : ""}`;
const cmPath = (ns, name = "") => `/api/v1/namespaces/${ns}/configmaps${name ? `/${name}` : ""}`;

/**
 * What `watchers` watches received of the writes in `sentAt` (name → performance.now() at the write's start):
 * each delivery's latency, each write's latency to the last watch, and the watches that missed or repeated one.
 * @param {Map<string, number>} sentAt
 * @param {Array<Array<{ name: string, at: number }>>} received per watch, in arrival order
 */
export function deliveryReport(sentAt, received) {
  const latencies = [];
  const lastAt = new Map();
  const watchesGot = new Map();
  const problems = [];
  received.forEach((events, w) => {
    const seen = new Set();
    let repeated = 0;
    for (const { name, at } of events) {
      const t = sentAt.get(name);
      if (t === undefined) continue;
      if (seen.has(name)) {
        repeated++;
        continue;
      }
      seen.add(name);
      latencies.push(at - t);
      lastAt.set(name, Math.max(lastAt.get(name) ?? -Infinity, at));
      watchesGot.set(name, (watchesGot.get(name) ?? 0) + 1);
    }
    const missed = sentAt.size - seen.size;
    if (missed || repeated) problems.push(`watch ${w}: ${missed} missed, ${repeated} repeated`);
  });
  const toAll = [...sentAt].filter(([name]) => received.length && watchesGot.get(name) === received.length).map(([name, t]) => lastAt.get(name) - t);
  return { latencies, toAll, problems };
}

/**
 * Opens `count` watches of namespace `ns` from its current resourceVersion, recording ADDED events.
 * @param {import("./lib/bench-client.mjs").Client} client
 */
async function openWatches(client, ns, count) {
  const rv = (await client.json(cmPath(ns))).metadata.resourceVersion;
  /** @type {Array<Array<{ name: string, at: number }>>} */
  const received = Array.from({ length: count }, () => []);
  const closers = await Promise.all(
    received.map((events) =>
      client.watch(`${cmPath(ns)}?watch=true&resourceVersion=${rv}`, (ev, at) => {
        if (ev.type === "ADDED") events.push({ name: ev.object?.metadata?.name, at });
      }),
    ),
  );
  return { received, close: () => closers.forEach((close) => close()) };
}

/**
 * Creates `writes` ConfigMaps named `<prefix><i>` in `ns` from `clients` clients while `watchers` watches are
 * open; the row is an error if a watch missed or repeated one within 30 s of the last write.
 */
async function watchDelivery(client, ns, { writes, clients, watchers, prefix, label }) {
  const watches = await openWatches(client, ns, watchers);
  const sentAt = new Map();
  try {
    await load(writes, clients, async (i) => {
      sentAt.set(`${prefix}${i}`, performance.now());
      expectStatus(await client.request("POST", cmPath(ns), configMap(`${prefix}${i}`)), 201, "create");
    });
    const complete = () => watches.received.every((events) => events.filter((e) => sentAt.has(e.name)).length >= sentAt.size);
    await until(complete, 30_000, "every watch to receive every write").catch(() => {});
  } finally {
    watches.close();
  }
  const report = deliveryReport(sentAt, watches.received);
  const error = report.problems.length ? `${report.problems.length} of ${watchers} watches incomplete: ${report.problems.slice(0, 5).join("; ")}` : undefined;
  return { report, error, row: summarize(label, report.latencies, 0, { expected: writes * watchers, ...(error ? { error } : {}) }) };
}

/**
 * The API workloads (module comment), in namespaces of their own on `rt`.
 * @param {{ rt: import("./lib/bench-runtime.mjs").BenchRuntime, quick: boolean, concurrencies: number[],
 *   memory: import("./bench-memory.mjs").MemoryMeter }} options
 */
export async function apiWorkloads({ rt, quick, concurrencies, memory }) {
  const { client } = rt;
  const n = COUNTS[quick ? "quick" : "full"];
  const count = (pair, c) => (c === 1 ? pair[0] : pair[1]);
  const ns = async (name) => expectStatus(await client.request("POST", "/api/v1/namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name } }), 201, `namespace ${name}`);
  const results = [];
  await ns("bench");
  /** @type {Map<number, Array<[string, string]>>} concurrency → [name, resourceVersion] of what it created */
  const created = new Map();

  for (const c of concurrencies) {
    const mine = [];
    const r = await load(count(n.create, c), c, async (i) => {
      const res = await client.request("POST", cmPath("bench"), configMap(`c${c}-${i}`));
      expectStatus(res, 201, "create");
      mine.push([`c${c}-${i}`, JSON.parse(res.text).metadata.resourceVersion]);
    });
    created.set(c, mine);
    results.push(summarize(`create ConfigMap (${plural(c)})`, r.latencies, r.elapsed, { clients: c, op: "create" }));
  }
  for (const c of concurrencies) {
    const objects = created.get(c) ?? [];
    const r = await load(objects.length, c, async (i) => {
      const [name, resourceVersion] = objects[i];
      const body = { ...configMap(name), metadata: { ...configMap(name).metadata, resourceVersion }, data: { key: "updated", n: name } };
      expectStatus(await client.request("PUT", cmPath("bench", name), body), 200, "update");
    });
    results.push(summarize(`update ConfigMap, PUT with its resourceVersion (${plural(c)})`, r.latencies, r.elapsed, { clients: c, op: "update" }));
  }
  const names = [...created.values()].flat().map(([name]) => name);
  for (const c of concurrencies) {
    const r = await load(count(n.get, c), c, async (i) => expectStatus(await client.request("GET", cmPath("bench", names[i % names.length])), 200, "get"));
    results.push(summarize(`GET ConfigMap (${plural(c)})`, r.latencies, r.elapsed, { clients: c, op: "get" }));
  }

  await ns("small");
  for (let i = 0; i < 10; i++) expectStatus(await client.request("POST", cmPath("small"), configMap(`s-${i}`)), 201, "create");
  for (const c of concurrencies) {
    const r = await load(count(n.list, c), c, async () => expectStatus(await client.request("GET", cmPath("small")), 200, "list"));
    results.push(summarize(`LIST 10 ConfigMaps (${plural(c)})`, r.latencies, r.elapsed, { clients: c, op: "list" }));
  }

  await ns("watched");
  for (const c of concurrencies) {
    const label = `watch delivery, write start → event, ${plural(c)} writing, ${WATCHERS} watches`;
    const { row } = await watchDelivery(client, "watched", { writes: count(n.watch, c), clients: c, watchers: WATCHERS, prefix: `w${c}-`, label });
    results.push({ ...row, clients: c, op: "watch" });
  }

  await ns("fan-out");
  const fan = await watchDelivery(client, "fan-out", { writes: n.fanOut, clients: 1, watchers: FAN_OUT, prefix: "f-", label: `watch delivery to each of ${FAN_OUT} watches of one namespace (1 writer)` });
  results.push(fan.row);
  results.push(summarize(`watch delivery to all ${FAN_OUT} watches (write start → the last watch's event)`, fan.report.toAll, 0, fan.error ? { error: fan.error } : {}));

  results.push(...(await bigList(client, n.big, memory, ns)));
  return results;
}

/** Stores `count` ConfigMaps in `ns` from 64 clients (`b-00000`…). */
export async function storeConfigMaps(client, ns, count) {
  await load(count, 64, async (i) => expectStatus(await client.request("POST", cmPath(ns), configMap(`b-${String(i).padStart(5, "0")}`)), 201, "create"));
}

/** LIST of `count` ConfigMaps in one namespace, its storing measured by `memory`. */
async function bigList(client, count, memory, ns) {
  await ns("big");
  await memory.measure(`ConfigMaps stored`, count, 1000, () => storeConfigMaps(client, "big", count));
  const latencies = [];
  let items = 0;
  for (let i = 0; i < 7; i++) {
    latencies.push(
      await timed(async () => {
        const res = await client.request("GET", cmPath("big"));
        expectStatus(res, 200, "big list");
        items = JSON.parse(res.text).items.length;
      }),
    );
  }
  return [summarize(`LIST ${items.toLocaleString("en-US")} ConfigMaps (1 client)`, latencies, 0, items > count ? {} : { error: `listed ${items}, stored ${count} and kube-root-ca.crt` })];
}
