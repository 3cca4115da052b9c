/**
 * Generator (4): random ListOptions on LIST and WATCH of namespaced, all-namespaces and cluster-scoped
 * collections. Every answer keeps the contract (a resourceVersion from the future is upstream's documented
 * 504), never hangs (a watch must produce its status line at once), a 200 LIST is a well-formed list that
 * honours `limit`, a 200 WATCH is a stream of events — and reads change nothing.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createNamespace, send, StatusTally, type FuzzRequest } from "./harness";
import { FUZZ_KINDS, seedObject } from "./manifests";
import { listQuery, type QueryContext } from "./queries";
import { checkProperty, exchange } from "./runner";
import { isWatchRequest } from "./contract";
import { readCollection } from "./world";
import { formatDeviations, knownDeviation, KNOWN } from "./known-deviations";

const FUZZ = { seed: 0x115e, numRuns: 200 };
const WATCH_READ_MS = 60;
const tally = new StatusTally();
let ns: string;
let ctx: QueryContext;

const collections = () => [
  `/api/v1/namespaces/${ns}/configmaps`,
  "/api/v1/configmaps",
  `/api/v1/namespaces/${ns}/pods`,
  "/api/v1/namespaces",
  `/apis/apps/v1/namespaces/${ns}/deployments`,
  "/apis/batch/v1/jobs",
];

const isEventStream = (text: string) => text.split("\n").filter(Boolean).every((l) => /^\{"type":"[A-Z]+","object":/.test(l));

describe("fuzz: list and watch queries", () => {
  beforeAll(async () => {
    ns = await createNamespace("fz-query");
    const cm = FUZZ_KINDS.find((k) => k.kind === "ConfigMap")!;
    const pod = FUZZ_KINDS.find((k) => k.kind === "Pod")!;
    for (let i = 0; i < 5; i++) {
      const obj = seedObject(cm, `cm-${i}`);
      (obj.metadata as { labels: Record<string, string> }).labels.tier = i % 2 ? "odd" : "even";
      await send({ method: "POST", path: cm.collection(ns), body: JSON.stringify(obj), contentType: "application/json" });
    }
    for (let i = 0; i < 2; i++) {
      await send({ method: "POST", path: pod.collection(ns), body: JSON.stringify(seedObject(pod, `pod-${i}`)), contentType: "application/json" });
    }
    const page = await send({ method: "GET", path: `${cm.collection(ns)}?limit=2` });
    ctx = { continueToken: page.body.metadata.continue, resourceVersion: Number(page.body.metadata.resourceVersion) };
  });
  afterAll(() => console.log(`[fuzz] list-watch-queries (${FUZZ.numRuns} runs, seed ${FUZZ.seed}) statuses:\n${tally.format()}\n${formatDeviations()}`));

  it("random ListOptions keep the API contract", async () => {
    const before = await readCollection(`/api/v1/namespaces/${ns}/configmaps`);
    const arb = fc.tuple(fc.constantFrom(...collections()), listQuery(ctx));
    await checkProperty(
      "list-watch-queries",
      fc.asyncProperty(arb, async ([collection, q]) => {
        const query = new URLSearchParams(q.params);
        const request: FuzzRequest = {
          method: "GET",
          path: `${collection}${query.size ? `?${query}` : ""}`,
          headers: q.accept ? { Accept: q.accept } : {},
          ...(query.has("watch") ? { streamMs: WATCH_READ_MS } : {}),
        };
        const watch = isWatchRequest(request);
        const res = await exchange(tally, watch ? "WATCH" : "LIST", request);
        if (res.status !== 200) return;
        const streamed = res.streaming || isEventStream(res.text);
        if (watch && !streamed) knownDeviation(tally, KNOWN.watchParamParsing, request, res);
        if (watch && query.get("timeoutSeconds") === "0" && !res.streaming) knownDeviation(tally, KNOWN.watchTimeoutZero, request, res);
        if (streamed) return;
        const list = res.body;
        expect(list?.kind, res.text.slice(0, 300)).toMatch(/List$|^Table$/);
        expect(list.metadata.resourceVersion, "list resourceVersion").toMatch(/^\d+$/);
        const rows = list.kind === "Table" ? list.rows : list.items;
        expect(Array.isArray(rows), "items/rows").toBe(true);
        const limit = Number(query.get("limit"));
        if (Number.isInteger(limit) && limit > 0) expect(rows.length, "limit").toBeLessThanOrEqual(limit);
      }),
      FUZZ,
    );
    const after = await readCollection(`/api/v1/namespaces/${ns}/configmaps`);
    expect(after, "reads changed the collection").toEqual(before);
  }, 60_000);
});
