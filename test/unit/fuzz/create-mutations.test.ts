/**
 * Generator (1): valid manifests of twelve kinds, mutated (wrong types at random paths, unknown fields,
 * nulls, huge strings, deep nesting, invalid names/labels/annotations, negative numbers, unicode), POSTed
 * as JSON or YAML with every fieldValidation directive. Every answer keeps the Status contract; rejected
 * writes store nothing; accepted creates round-trip; and the watch of each collection over the whole run
 * shows exactly the accepted creates.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createNamespace, send, StatusTally, type FuzzRequest } from "./harness";
import { FUZZ_KINDS, seedObject, type FuzzKind } from "./manifests";
import { applyMutations, encodeDocument, mutations, NAMES_NO_KIND_ACCEPTS, type DocumentFormat } from "./mutations";
import { checkProperty } from "./runner";
import { checkedWrite, type WriteTarget } from "./write-checks";
import { eventsSince, readCollection } from "./world";
import { warningsOf } from "./contract";
import { formatDeviations, knownDeviation, KNOWN } from "./known-deviations";

const FUZZ = { seed: 0x6b38, numRuns: 200 };
const tally = new StatusTally();
let ns: string;
const startRv = new Map<string, string>();
const acceptedNames = new Map<string, string[]>();
let serial = 0;

const target = (kind: FuzzKind): WriteTarget => ({
  collection: kind.collection(ns),
  sentinel: (name) => ({ method: "POST", path: kind.collection(ns), body: JSON.stringify(seedObject(kind, name)), contentType: "application/json" }),
});

const createCase = fc.record({
  kind: fc.constantFrom(...FUZZ_KINDS),
  mutations,
  format: fc.constantFrom<DocumentFormat>("json", "yaml"),
  fieldValidation: fc.oneof(
    { arbitrary: fc.constantFrom(undefined, "", "Strict", "Warn", "Ignore"), weight: 10 },
    { arbitrary: fc.constantFrom("strict", "Bogus"), weight: 1 },
  ),
  dryRun: fc.oneof(
    { arbitrary: fc.constant(undefined), weight: 8 },
    { arbitrary: fc.constant("All"), weight: 2 },
    { arbitrary: fc.constantFrom("all", "true", ""), weight: 1 },
  ),
});

type CreateCase = typeof createCase extends fc.Arbitrary<infer T> ? T : never;

// "" is the default directive (ValidateFieldValidation allows it).
const VALID_DIRECTIVES = [undefined, "", "Strict", "Warn", "Ignore"];

function requestFor(c: CreateCase, doc: Record<string, unknown>): FuzzRequest {
  const q = new URLSearchParams();
  if (c.fieldValidation !== undefined) q.set("fieldValidation", c.fieldValidation);
  if (c.dryRun !== undefined) q.set("dryRun", c.dryRun);
  const query = q.size ? `?${q}` : "";
  return {
    method: "POST",
    path: c.kind.collection(ns) + query,
    body: encodeDocument(doc, c.format),
    contentType: c.format === "json" ? "application/json" : "application/yaml",
  };
}

/** Unknown members the final document carries at the root or in metadata (both are structs upstream). */
function unknownFieldsOf(doc: Record<string, unknown>): string[] {
  const root = Object.keys(doc).filter((k) => k.startsWith("fuzz"));
  const meta = doc.metadata && typeof doc.metadata === "object" && !Array.isArray(doc.metadata) ? Object.keys(doc.metadata).filter((k) => k.startsWith("fuzz")) : [];
  return [...root, ...meta.map((k) => `metadata.${k}`)];
}

async function runCase(c: CreateCase): Promise<void> {
  const name = `m-${(serial++).toString(36)}`;
  const doc = applyMutations(seedObject(c.kind, name), c.mutations);
  const request = requestFor(c, doc);
  const badOptions = !VALID_DIRECTIVES.includes(c.fieldValidation) || (c.dryRun !== undefined && c.dryRun !== "All");
  const outcome = await checkedWrite(tally, "create", request, target(c.kind), { dryRun: c.dryRun === "All" });
  const { status, body, headers } = outcome.response;
  const accepted = status >= 200 && status < 300;
  if (outcome.created) acceptedNames.get(c.kind.kind)!.push(outcome.created);

  // CreateOptions are validated before the body is read (handlers/create.go ValidateCreateOptions) → 422.
  if (badOptions) {
    if (c.dryRun !== undefined && c.dryRun !== "All" && accepted) knownDeviation(tally, KNOWN.dryRunValueIgnored, request, outcome.response);
    else if (status !== 422) knownDeviation(tally, KNOWN.invalidOptionsCode, request, outcome.response);
    return;
  }
  // A type error names the JSON type received (it once said "undefined": zod reports no input by default).
  if (status === 400) expect(String(body?.message), "decode error message").not.toContain("cannot unmarshal undefined");
  const duplicates = c.format === "json" && /\{"a":1,"a":2\}|"name":"x","name":"y"/.test(String(request.body));
  if (duplicates && accepted && c.fieldValidation === "Strict") knownDeviation(tally, KNOWN.duplicateFieldsStrict, request, outcome.response);
  const finalName = (doc.metadata as Record<string, unknown> | undefined)?.name;
  if (typeof finalName === "string" && NAMES_NO_KIND_ACCEPTS.includes(finalName)) {
    expect(accepted, `name ${JSON.stringify(finalName)} was accepted`).toBe(false);
  }
  const unknown = unknownFieldsOf(doc);
  if (unknown.length && accepted) {
    // Strict rejects unknown fields; Warn/Ignore drop them (Warn says so in a Warning header).
    expect(c.fieldValidation, `Strict accepted unknown fields ${unknown}`).not.toBe("Strict");
    for (const field of unknown) {
      const [head, tail] = field.startsWith("metadata.") ? ["metadata", field.slice(9)] : [undefined, field];
      const holder = head ? body?.metadata : body;
      expect(holder && Object.hasOwn(holder, tail), `unknown field ${field} was stored`).toBeFalsy();
      const needle = JSON.stringify(`unknown field "${field}"`).slice(1, -1);
      const warned = warningsOf(headers).some((w) => w.includes(needle));
      expect(warned, `Warning for ${field} under fieldValidation=${c.fieldValidation}: ${headers.get("warning")}`).toBe(c.fieldValidation !== "Ignore");
    }
  }
}

describe("fuzz: creates from mutated manifests", () => {
  beforeAll(async () => {
    ns = await createNamespace("fz-create");
    for (const kind of FUZZ_KINDS) {
      // An anchor makes the shard's revision non-zero: a watch from "0" would start with synthetic ADDEDs.
      await send(target(kind).sentinel(`aa-anchor-${kind.kind.toLowerCase()}`));
      startRv.set(kind.kind, (await readCollection(kind.collection(ns))).resourceVersion);
      acceptedNames.set(kind.kind, []);
    }
  });
  afterAll(() => console.log(`[fuzz] create-mutations (${FUZZ.numRuns} runs, seed ${FUZZ.seed}) statuses:\n${tally.format()}\n${formatDeviations()}`));

  it.each(FUZZ_KINDS.map((k) => [k.kind, k] as const))("the unmutated %s seed is accepted and round-trips", async (_kind, kind) => {
    const request: FuzzRequest = { method: "POST", path: kind.collection(ns), body: JSON.stringify(seedObject(kind, `seed-${kind.kind.toLowerCase()}`)), contentType: "application/json" };
    const outcome = await checkedWrite(tally, "seed", request, target(kind));
    expect(outcome.response.status, outcome.response.text).toBe(201);
    acceptedNames.get(kind.kind)!.push(outcome.created!);
  });

  it("mutated manifests keep the API contract", async () => {
    await checkProperty("create-mutations", fc.asyncProperty(createCase, runCase), FUZZ);
  }, 60_000);

  it("each collection's watch shows exactly the accepted creates", async () => {
    for (const kind of FUZZ_KINDS) {
      const name = `zz-final-${kind.kind.toLowerCase()}`;
      const events = await eventsSince(kind.collection(ns), startRv.get(kind.kind)!, { name, create: target(kind).sentinel(name) });
      expect(events.map((e) => `${e.type} ${e.name}`), kind.kind).toEqual(acceptedNames.get(kind.kind)!.map((n) => `ADDED ${n}`));
    }
  }, 30_000);
});
