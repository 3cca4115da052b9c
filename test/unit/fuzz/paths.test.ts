/**
 * Generator (5): random paths under /api and /apis — real and made-up groups, versions, resources,
 * subresources and names, dot segments, percent-encodings, overlong and unicode segments — with every
 * method. Every answer keeps the contract and nothing hangs. Writes may only land in this suite's own
 * namespace: a mutating request whose normalized path is anywhere else is sent as a GET instead, so the
 * fuzzer can never delete a system namespace or a whole cluster-scoped collection.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, it } from "vitest";
import { BASE, createNamespace, send, StatusTally, type FuzzRequest } from "./harness";
import { FUZZ_KINDS, seedObject } from "./manifests";
import { checkProperty, exchange } from "./runner";
import { formatDeviations } from "./known-deviations";

const FUZZ = { seed: 0xa71, numRuns: 200 };
const tally = new StatusTally();
let ns: string;

// workerd's Request accepts only the standard methods, so nothing else can reach the Worker.
const METHODS = ["GET", "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];
const READ_ONLY = new Set(["GET", "HEAD", "OPTIONS"]);

function segment(): fc.Arbitrary<string> {
  return fc.oneof(
    {
      arbitrary: fc.constantFrom(
        "api", "apis", "v1", "v2", "v1beta1", "apps", "batch", "networking.k8s.io", "rbac.authorization.k8s.io", "namespaces",
        "NAMESPACE", "default", "nonexistent-ns", "configmaps", "pods", "deployments", "services", "nodes", "secrets", "status",
        "scale", "log", "exec", "attach", "proxy", "portforward", "eviction", "binding", "finalize", "token", "ephemeralcontainers",
        "resize", "watch", "target", "cm-0", "CONFIGMAPS", "*", "~", "",
      ),
      weight: 6,
    },
    { arbitrary: fc.constantFrom(".", "..", "%2e%2e", "%2F", "a%2Fb", "a%00b", "%ff", "%", "ñ", "x".repeat(300), "{name}", ";", "%3F", "%23", " "), weight: 2 },
    { arbitrary: fc.string({ unit: "grapheme", maxLength: 8 }).map(encodeURIComponent), weight: 1 },
  );
}

/** The suite's namespace placeholder, replaced once the namespace exists. */
const NS = "\u0000ns\u0000";

const anywhere = fc
  .tuple(fc.constantFrom("/api", "/apis"), fc.array(fc.oneof({ arbitrary: segment(), weight: 5 }, { arbitrary: fc.constant(NS), weight: 1 }), { maxLength: 7 }))
  .map(([root, segs]) => [root, ...segs].join("/"));

/** Paths shaped like real namespaced resource paths in the suite's namespace (where writes are allowed). */
const inNamespace = fc
  .tuple(
    fc.constantFrom("/api/v1", "/apis/apps/v1", "/apis/batch/v1", "/apis/networking.k8s.io/v1", "/apis/rbac.authorization.k8s.io/v1", "/apis/nope/v1", "/api/v2"),
    fc.oneof({ arbitrary: fc.constantFrom("configmaps", "pods", "secrets", "services", "deployments", "jobs", "roles", "ingresses", "events"), weight: 3 }, { arbitrary: segment(), weight: 1 }),
    fc.array(fc.oneof({ arbitrary: fc.constantFrom("target", "from-path-fuzz", "status", "scale", "log", "eviction"), weight: 2 }, { arbitrary: segment(), weight: 1 }), { maxLength: 3 }),
  )
  .map(([gv, resource, rest]) => [gv, "namespaces", NS, resource, ...rest].join("/"));

const path = fc.oneof(anywhere, inNamespace);

const query = fc.constantFrom("", "?watch=true", "?dryRun=All", "?propagationPolicy=Foreground", "?gracePeriodSeconds=-1", "?labelSelector=%21", "?timeoutSeconds=1&watch=1", "?fieldManager=x&force=true");

function bodyFor(): fc.Arbitrary<{ body?: string; contentType?: string | null }> {
  const cm = FUZZ_KINDS.find((k) => k.kind === "ConfigMap")!;
  return fc.oneof(
    fc.constant({}),
    fc.constant({ body: JSON.stringify(seedObject(cm, "from-path-fuzz")), contentType: "application/json" }),
    fc.constantFrom("{}", "[]", "garbage", '{"kind":"DeleteOptions","apiVersion":"v1","propagationPolicy":"Orphan"}').map((body) => ({ body, contentType: "application/json" })),
    fc.constant({ body: '{"metadata":{"labels":{"x":"y"}}}', contentType: "application/merge-patch+json" }),
  );
}

/** True when a mutating request at `rawPath` stays inside the suite's namespace once the URL is normalized. */
function confined(rawPath: string): boolean {
  const pathname = new URL(BASE + rawPath).pathname;
  const inside = new RegExp(`^/api(s/[^/]+)?/[^/]+/namespaces/${ns}/[^/]+`);
  return inside.test(pathname);
}

describe("fuzz: random API paths", () => {
  beforeAll(async () => {
    ns = await createNamespace("fz-path");
  });
  afterAll(() => console.log(`[fuzz] paths (${FUZZ.numRuns} runs, seed ${FUZZ.seed}) statuses:\n${tally.format()}\n${formatDeviations()}`));

  it("random paths and methods keep the API contract", async () => {
    const arb = fc.tuple(fc.constantFrom(...METHODS), path, query, bodyFor());
    await checkProperty(
      "paths",
      fc.asyncProperty(arb, async ([method, rawPath, q, body]) => {
        const p = rawPath.split(NS).join(ns) + q;
        const safeMethod = READ_ONLY.has(method) || confined(p) ? method : "GET";
        const request: FuzzRequest = {
          method: safeMethod,
          path: p,
          ...(READ_ONLY.has(safeMethod) ? {} : body),
          streamMs: q.includes("watch") ? 60 : undefined,
        };
        await exchange(tally, safeMethod === method ? method : `${method}→GET`, request);
      }),
      FUZZ,
    );
    // The system namespaces survived (the confinement worked).
    const def = await send({ method: "GET", path: "/api/v1/namespaces/default" });
    if (def.status !== 200 || def.body.metadata.deletionTimestamp) throw new Error("the default namespace was touched");
  }, 60_000);
});
