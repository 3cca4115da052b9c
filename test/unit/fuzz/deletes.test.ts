/**
 * DELETE with random DeleteOptions — in the body (right and wrong JSON types) and in the query — against a
 * fresh object per run, half of them held by a finalizer. Every answer keeps the contract; a rejected or
 * dry-run delete leaves the object as it was; an accepted one removes it, or marks it (deletionTimestamp)
 * while a finalizer holds it; nothing else in the collection changes.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createNamespace, send, StatusTally, type FuzzRequest } from "./harness";
import { fuzzValue } from "./mutations";
import { deleteOptionsTypeError } from "./contract";
import { describeExchange } from "./repro";
import { checkProperty, exchange } from "./runner";
import { readCollection } from "./world";
import { formatDeviations, knownDeviation, KNOWN } from "./known-deviations";

const FUZZ = { seed: 0xde1e7e, numRuns: 150 };
const tally = new StatusTally();
let ns: string;
let serial = 0;

const options = fc.record(
  {
    kind: fc.constantFrom<unknown>("DeleteOptions", "Pod", 7),
    apiVersion: fc.constantFrom<unknown>("v1", "meta.k8s.io/v1", "v9"),
    propagationPolicy: fc.oneof(fc.constantFrom<unknown>("Foreground", "Background", "Orphan", "orphan"), fuzzValue),
    gracePeriodSeconds: fc.oneof(fc.constantFrom<unknown>(0, 30, -1), fuzzValue),
    dryRun: fc.oneof(fc.constantFrom<unknown>(["All"], [], ["all"], "All"), fuzzValue),
    preconditions: fc.oneof(fc.record({ uid: fc.constantFrom<unknown>("RIGHT", "wrong", 5, null), resourceVersion: fc.constantFrom<unknown>("RIGHT", "1", "x", 1) }, { requiredKeys: [] }), fuzzValue),
    orphanDependents: fc.oneof(fc.boolean(), fuzzValue),
  },
  { requiredKeys: [] },
);

const query = fc.record(
  {
    propagationPolicy: fc.constantFrom("Foreground", "Background", "Orphan", "bogus", ""),
    gracePeriodSeconds: fc.constantFrom("0", "30", "-1", "abc", "1.5"),
    dryRun: fc.constantFrom("All", "all"),
  },
  { requiredKeys: [] },
);

const deleteCase = fc.record({
  finalizer: fc.boolean(),
  body: fc.oneof({ arbitrary: options.map((o) => ({ options: o as Record<string, unknown> })), weight: 4 }, { arbitrary: fc.constantFrom("", "garbage", "[]", "null", '"x"'), weight: 1 }),
  query,
  missing: fc.nat(19).map((n) => n === 0),
});

/** The body text, with the "RIGHT" placeholders replaced by the object's real uid / resourceVersion. */
function bodyText(body: { options: Record<string, unknown> } | string, uid: string, rv: string): string {
  if (typeof body === "string") return body;
  return JSON.stringify(body.options, (k, v) => (v === "RIGHT" ? (k === "uid" ? uid : rv) : v));
}

describe("fuzz: deletes", () => {
  beforeAll(async () => {
    ns = await createNamespace("fz-delete");
  });
  afterAll(() => console.log(`[fuzz] deletes (${FUZZ.numRuns} runs, seed ${FUZZ.seed}) statuses:\n${tally.format()}\n${formatDeviations()}`));

  it("random DeleteOptions keep the API contract", async () => {
    const collection = `/api/v1/namespaces/${ns}/configmaps`;
    await checkProperty(
      "deletes",
      fc.asyncProperty(deleteCase, async (c) => {
        const name = `d-${(serial++).toString(36)}`;
        const manifest = { apiVersion: "v1", kind: "ConfigMap", metadata: { name, ...(c.finalizer ? { finalizers: ["example.com/keep"] } : {}) }, data: { a: "b" } };
        const created = await send({ method: "POST", path: collection, body: JSON.stringify(manifest), contentType: "application/json" });
        expect(created.status).toBe(201);
        const target = c.missing ? `${name}-missing` : name;
        const before = await readCollection(collection);
        const q = new URLSearchParams(c.query);
        const text = bodyText(c.body, created.body.metadata.uid, created.body.metadata.resourceVersion);
        const request: FuzzRequest = {
          method: "DELETE",
          path: `${collection}/${target}${q.size ? `?${q}` : ""}`,
          ...(text ? { body: text, contentType: "application/json" } : {}),
        };
        const response = await exchange(tally, c.missing ? "DELETE missing" : c.finalizer ? "DELETE finalized" : "DELETE", request);
        const after = await readCollection(collection);
        const repro = () => describeExchange({ request, response });
        const { [name]: beforeRv, ...othersBefore } = before.items;
        const { [name]: afterRv, ...othersAfter } = after.items;
        expect(othersAfter, `a delete touched other objects\n${repro()}`).toEqual(othersBefore);
        const accepted = response.status >= 200 && response.status < 300;
        const bodyDryRun = typeof c.body === "object" ? c.body.options.dryRun : undefined;
        const dryRun = q.get("dryRun") === "All" || (Array.isArray(bodyDryRun) && bodyDryRun.includes("All"));
        if (!accepted || dryRun) {
          expect(afterRv, `a rejected/dry-run delete changed the object\n${repro()}`).toBe(beforeRv);
        } else if (afterRv !== undefined) {
          // Still there: only when something holds it — our finalizer, or the foregroundDeletion/orphan
          // finalizer that Foreground and Orphan propagation add (registry Store.Delete).
          const got = await send({ method: "GET", path: `${collection}/${name}` });
          expect(got.body?.metadata?.deletionTimestamp, `an accepted delete neither removed nor marked the object\n${repro()}`).toBeTruthy();
          expect(got.body.metadata.finalizers?.length, `a marked object holds no finalizer\n${repro()}`).toBeGreaterThan(0);
        }
        // DeleteOptions fields of the wrong JSON type fail decoding upstream before anything happens.
        if (accepted && text && deleteOptionsTypeError(text)) knownDeviation(tally, KNOWN.deleteOptionsNotDecoded, request, response);
        if (accepted && q.has("dryRun") && q.get("dryRun") !== "All") knownDeviation(tally, KNOWN.dryRunValueIgnored, request, response);
        // ValidateDeleteOptions: an unsupported propagationPolicy is 422 Invalid — unless decoding failed first
        // (a body field of the wrong type, or a query value that does not convert, e.g. gracePeriodSeconds=abc: 400).
        const policy = q.get("propagationPolicy");
        const grace = q.get("gracePeriodSeconds");
        const queryTypeError = grace !== null && !/^-?\d+$/.test(grace);
        if (policy && !["Foreground", "Background", "Orphan"].includes(policy) && !(text && deleteOptionsTypeError(text)) && !queryTypeError && response.status !== 422) {
          expect(accepted, `propagationPolicy=${policy} was accepted\n${repro()}`).toBe(false);
          knownDeviation(tally, KNOWN.invalidOptionsCode, request, response);
        }
      }),
      FUZZ,
    );
  }, 60_000);
});
