/**
 * Generator (1) applied to updates: the current object of each of the twelve kinds (with its system fields,
 * managedFields and status) is mutated and PUT back as JSON or YAML. Every answer keeps the contract; a
 * rejected PUT leaves object and collection untouched; an accepted one is what a GET returns and keeps the
 * object's identity (name, namespace, uid, creationTimestamp). A body whose name is missing or differs
 * from the URL's is refused (upstream handlers/update.go checkName → 400).
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createNamespace, send, StatusTally, type FuzzRequest } from "./harness";
import { FUZZ_KINDS, seedObject, type FuzzKind } from "./manifests";
import { applyMutations, encodeDocument, mutations, type DocumentFormat } from "./mutations";
import { checkProperty } from "./runner";
import { checkedObjectWrite, type WriteTarget } from "./write-checks";
import { formatDeviations, knownDeviation, KNOWN } from "./known-deviations";

const FUZZ = { seed: 0x0b7d, numRuns: 200 };
const tally = new StatusTally();
let ns: string;

const target = (kind: FuzzKind): WriteTarget & { name: string } => ({
  collection: kind.collection(ns),
  name: "target",
  sentinel: (name) => ({ method: "POST", path: kind.collection(ns), body: JSON.stringify(seedObject(kind, name)), contentType: "application/json" }),
});

const updateCase = fc.record({
  kind: fc.constantFrom(...FUZZ_KINDS),
  mutations,
  format: fc.constantFrom<DocumentFormat>("json", "yaml"),
  fieldValidation: fc.constantFrom(undefined, "Strict", "Warn", "Ignore"),
  dryRun: fc.oneof({ arbitrary: fc.constant(undefined), weight: 4 }, { arbitrary: fc.constant("All"), weight: 1 }),
});

describe("fuzz: updates from mutated objects", () => {
  beforeAll(async () => {
    ns = await createNamespace("fz-update");
    for (const kind of FUZZ_KINDS) {
      const res = await send({ method: "POST", path: kind.collection(ns), body: JSON.stringify(seedObject(kind, "target")), contentType: "application/json" });
      if (res.status !== 201) throw new Error(`seed ${kind.kind}: ${res.status} ${res.text}`);
    }
  });
  afterAll(() => console.log(`[fuzz] update-mutations (${FUZZ.numRuns} runs, seed ${FUZZ.seed}) statuses:\n${tally.format()}\n${formatDeviations()}`));

  it("mutated objects PUT back keep the API contract", async () => {
    await checkProperty(
      "update-mutations",
      fc.asyncProperty(updateCase, async (c) => {
        const t = target(c.kind);
        const current = await send({ method: "GET", path: `${t.collection}/target` });
        const doc = applyMutations(current.body, c.mutations);
        const q = new URLSearchParams();
        if (c.fieldValidation) q.set("fieldValidation", c.fieldValidation);
        if (c.dryRun) q.set("dryRun", c.dryRun);
        const request: FuzzRequest = {
          method: "PUT",
          path: `${t.collection}/target${q.size ? `?${q}` : ""}`,
          body: encodeDocument(doc, c.format),
          contentType: c.format === "json" ? "application/json" : "application/yaml",
        };
        const response = await checkedObjectWrite(tally, "update", request, t, { dryRun: c.dryRun === "All" });
        const accepted = response.status >= 200 && response.status < 300;
        const meta = doc.metadata as Record<string, unknown> | undefined;
        const name = meta && typeof meta === "object" && !Array.isArray(meta) ? meta.name : undefined;
        if (accepted && typeof name === "string" && name !== "" && name !== "target") throw new Error(`a PUT naming ${name} was accepted`);
        if (accepted && (name === undefined || name === "")) knownDeviation(tally, KNOWN.putWithoutName, request, response);
        if (accepted && typeof meta?.namespace === "string" && meta.namespace !== "" && meta.namespace !== ns) {
          expect.fail(`a PUT with metadata.namespace ${meta.namespace} was accepted`);
        }
      }),
      FUZZ,
    );
  }, 60_000);
});
