/**
 * Generator (2) against creates (POST) and updates (PUT): random bytes and truncated or hostile JSON, YAML
 * and protobuf bodies never get a 5xx, always a Status on failure, and never store anything they were not
 * accepted for. An unsupported Content-Type is 415 before the body is looked at (upstream
 * NegotiateInputSerializer runs first in handlers/create.go and update.go).
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createNamespace, send, StatusTally, type FuzzRequest } from "./harness";
import { FUZZ_KINDS, seedObject, type FuzzKind } from "./manifests";
import { rawBody, type RawBody } from "./raw-bodies";
import { checkProperty } from "./runner";
import { checkedObjectWrite, checkedWrite, type WriteTarget } from "./write-checks";
import { formatDeviations, knownDeviation, KNOWN } from "./known-deviations";

const FUZZ_CREATE = { seed: 0x5eed02, numRuns: 200 };
const FUZZ_UPDATE = { seed: 0x5eed12, numRuns: 150 };
const KINDS = FUZZ_KINDS.filter((k) => ["ConfigMap", "Secret", "Pod", "Deployment"].includes(k.kind));
const SUPPORTED = new Set(["application/json", "application/yaml", "application/vnd.kubernetes.protobuf", ""]);
const tally = new StatusTally();
let ns: string;

const mediaType = (ct: string | null) => (ct ?? "").split(";")[0].trim().toLowerCase();

const target = (kind: FuzzKind): WriteTarget => ({
  collection: kind.collection(ns),
  sentinel: (name) => ({ method: "POST", path: kind.collection(ns), body: JSON.stringify(seedObject(kind, name)), contentType: "application/json" }),
});

const requestOf = (method: string, path: string, body: RawBody): FuzzRequest => ({ method, path, body: body.bytes, contentType: body.contentType });

function expectMediaTypeVerdict(body: RawBody, status: number): void {
  if (!SUPPORTED.has(mediaType(body.contentType))) expect(status, `Content-Type ${body.contentType}`).toBe(415);
}

describe("fuzz: malformed bodies", () => {
  beforeAll(async () => {
    ns = await createNamespace("fz-raw");
    for (const kind of KINDS) {
      const res = await send({ method: "POST", path: kind.collection(ns), body: JSON.stringify(seedObject(kind, "target")), contentType: "application/json" });
      if (res.status !== 201) throw new Error(`seed ${kind.kind}: ${res.status} ${res.text}`);
    }
  });
  afterAll(() => console.log(`[fuzz] raw-bodies statuses:\n${tally.format()}\n${formatDeviations()}`));

  it("POST: random, truncated and hostile bodies", async () => {
    const arb = fc.constantFrom(...KINDS).chain((kind) => fc.tuple(fc.constant(kind), rawBody((n) => seedObject(kind, n))));
    await checkProperty(
      "raw-bodies POST",
      fc.asyncProperty(arb, async ([kind, body]) => {
        const request = requestOf("POST", kind.collection(ns), body);
        const res = await checkedWrite(tally, `POST ${body.label}`, request, target(kind));
        expectMediaTypeVerdict(body, res.response.status);
        if (body.label === "BOM + JSON" && res.response.status < 300) knownDeviation(tally, KNOWN.bomAccepted, request, res.response);
      }),
      FUZZ_CREATE,
    );
  }, 60_000);

  it("PUT: random, truncated and hostile bodies onto an existing object", async () => {
    const arb = fc.constantFrom(...KINDS).chain((kind) => fc.tuple(fc.constant(kind), rawBody(() => seedObject(kind, "target"))));
    await checkProperty(
      "raw-bodies PUT",
      fc.asyncProperty(arb, async ([kind, body]) => {
        const request = requestOf("PUT", `${kind.collection(ns)}/target`, body);
        const res = await checkedObjectWrite(tally, `PUT ${body.label}`, request, { ...target(kind), name: "target" });
        expectMediaTypeVerdict(body, res.status);
      }),
      FUZZ_UPDATE,
    );
  }, 60_000);
});
