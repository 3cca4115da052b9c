/**
 * Generator (3): random JSON, merge, strategic merge and apply patches against existing objects (and apply
 * against missing ones, which creates). Every answer keeps the contract (SMP and SSA internal errors are
 * upstream's documented 500s); a rejected or dry-run patch leaves the object and its collection untouched;
 * an accepted one is what a GET returns, keeps the object's identity and touches nothing else.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createNamespace, send, StatusTally, type FuzzRequest } from "./harness";
import { FUZZ_KINDS, seedObject, type FuzzKind } from "./manifests";
import { fuzzPatch, PATCH_CONTENT_TYPES, type FuzzPatch } from "./patches";
import { checkProperty } from "./runner";
import { checkedObjectWrite, type WriteTarget } from "./write-checks";
import { formatDeviations, knownDeviation, KNOWN } from "./known-deviations";

const FUZZ = { seed: 0x9a7c4, numRuns: 200 };
const KINDS = FUZZ_KINDS.filter((k) => ["ConfigMap", "Secret", "Pod", "Service", "Deployment", "CronJob"].includes(k.kind));
const tally = new StatusTally();
let ns: string;
let serial = 0;

const target = (kind: FuzzKind): WriteTarget => ({
  collection: kind.collection(ns),
  sentinel: (name) => ({ method: "POST", path: kind.collection(ns), body: JSON.stringify(seedObject(kind, name)), contentType: "application/json" }),
});

const mediaType = (ct: string) => ct.split(";")[0].trim().toLowerCase();
const SUPPORTED = new Set(Object.values(PATCH_CONTENT_TYPES));

/** unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space. */
const printable = (s: string) => /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]*$/u.test(s);

/**
 * PatchOptions upstream refuses with 422 before looking at the object (apimachinery validation
 * ValidatePatchOptions): `checked` ones this server also refuses (with 400), `unchecked` ones it ignores.
 */
function invalidPatchOptions(p: FuzzPatch): { checked: boolean; why: string } | undefined {
  const q = p.query;
  const apply = mediaType(p.contentType) === PATCH_CONTENT_TYPES.apply;
  if (apply && !q.fieldManager) return { checked: true, why: "apply without fieldManager" };
  if (q.fieldManager !== undefined && q.fieldManager.length > 128) return { checked: true, why: "fieldManager over 128 characters" };
  if (!apply && q.force !== undefined) return { checked: false, why: "force on a non-apply patch" };
  if (q.fieldManager !== undefined && !printable(q.fieldManager)) return { checked: false, why: "unprintable fieldManager" };
  return undefined;
}

describe("fuzz: patches", () => {
  beforeAll(async () => {
    ns = await createNamespace("fz-patch");
    for (const kind of KINDS) {
      const res = await send({ method: "POST", path: kind.collection(ns), body: JSON.stringify(seedObject(kind, "target")), contentType: "application/json" });
      if (res.status !== 201) throw new Error(`seed ${kind.kind}: ${res.status} ${res.text}`);
    }
  });
  afterAll(() => console.log(`[fuzz] patches (${FUZZ.numRuns} runs, seed ${FUZZ.seed}) statuses:\n${tally.format()}\n${formatDeviations()}`));

  it("random patches keep the API contract and the store consistent", async () => {
    const arb = fc.constantFrom(...KINDS).chain((kind) => fc.tuple(fc.constant(kind), fuzzPatch(seedObject(kind, "target")), fc.nat(9)));
    await checkProperty(
      "patches",
      fc.asyncProperty(arb, async ([kind, p, dice]) => {
        // One apply in three goes to a missing object (apply creates it).
        const name = p.kind === "apply" && dice < 3 ? `ap-${(serial++).toString(36)}` : "target";
        const query = new URLSearchParams(p.query);
        const request: FuzzRequest = {
          method: "PATCH",
          path: `${kind.collection(ns)}/${name}${query.size ? `?${query}` : ""}`,
          body: p.body,
          contentType: p.contentType,
        };
        const response = await checkedObjectWrite(tally, `PATCH ${SUPPORTED.has(mediaType(p.contentType)) ? p.kind : "unsupported type"}`, request, { ...target(kind), name }, { dryRun: p.query.dryRun === "All" });
        const accepted = response.status >= 200 && response.status < 300;
        if (!SUPPORTED.has(mediaType(p.contentType))) {
          expect(response.status, `Content-Type ${p.contentType}`).toBe(415);
          return;
        }
        const badOptions = invalidPatchOptions(p);
        if (badOptions && response.status !== 422) {
          expect(accepted && badOptions.checked, `${badOptions.why} was accepted`).toBe(false);
          knownDeviation(tally, badOptions.checked ? KNOWN.invalidOptionsCode : KNOWN.patchOptionsNotValidated, request, response);
        }
      }),
      FUZZ,
    );
  }, 60_000);
});
