/** The response contract the fuzzers hold every answer to (contract.ts), as a table. */
import { describe, expect, it } from "vitest";
import { contractViolations, deleteOptionsTypeError, documented5xx, isWatchRequest, warningsOf, type Exchange } from "./contract";
import { nestingDepth } from "./known-deviations";

const status = (code: number, reason: string | undefined, message = "m", extra: Record<string, unknown> = {}) => ({
  kind: "Status",
  apiVersion: "v1",
  metadata: {},
  status: "Failure",
  message,
  ...(reason === undefined ? {} : { reason }),
  code,
  ...extra,
});

function ex(method: string, path: string, code: number, body: unknown, opts: { contentType?: string; headers?: Record<string, string>; text?: string } = {}): Exchange {
  const text = opts.text ?? (body === undefined ? "" : JSON.stringify(body));
  return {
    request: { method, path, contentType: opts.contentType },
    response: { status: code, headers: new Headers({ "Content-Type": "application/json", ...(opts.headers ?? {}) }), text, body, streaming: false },
  };
}

const TOO_LARGE = status(504, "Timeout", "Too large resource version: 9, current: 2", { details: { causes: [{ reason: "ResourceVersionTooLarge" }], retryAfterSeconds: 1 } });

describe("contractViolations", () => {
  it.each<[string, Exchange, string[]]>([
    ["a 201 object", ex("POST", "/api/v1/namespaces/a/configmaps", 201, { kind: "ConfigMap" }), []],
    ["a 404 Status", ex("GET", "/api/v1/x", 404, status(404, "NotFound")), []],
    ["a Status whose code differs from HTTP", ex("GET", "/api/v1/x", 404, status(400, "NotFound")), ["Status.code 400 ≠ HTTP 404"]],
    ["a failure without reason", ex("GET", "/api/v1/x", 400, status(400, undefined)), ["Status.reason is empty"]],
    ["a failure with an empty message", ex("GET", "/api/v1/x", 400, status(400, "BadRequest", "")), ["Status.message is empty"]],
    ["a failure that is not JSON", ex("GET", "/api/v1/x", 400, undefined, { text: "oops" }), ["failure body is not JSON: oops"]],
    ["an undocumented 500", ex("GET", "/api/v1/x", 500, status(500, "InternalError")), ["server error 500"]],
    ["SMP's 500 without reason (upstream)", ex("PATCH", "/api/v1/x/y", 500, status(500, undefined), { contentType: "application/strategic-merge-patch+json" }), []],
    ["a merge patch 500", ex("PATCH", "/api/v1/x/y", 500, status(500, undefined), { contentType: "application/merge-patch+json" }), ["server error 500", "Status.reason is empty"]],
    ["SSA's typed-patch 500 (upstream)", ex("PATCH", "/api/v1/x/y", 500, status(500, undefined, "failed to create typed patch object (v1, Kind=ConfigMap): x"), { contentType: "application/apply-patch+yaml" }), []],
    ["a 504 for a future resourceVersion (upstream)", ex("GET", "/api/v1/x?resourceVersion=9", 504, TOO_LARGE), []],
    ["a 504 without a resourceVersion", ex("GET", "/api/v1/x", 504, TOO_LARGE), ["server error 504"]],
    ["a malformed Warning header", ex("POST", "/api/v1/x", 201, {}, { headers: { Warning: "oops" } }), ["malformed Warning header: oops"]],
    ["a watch stream", ex("GET", "/api/v1/x?watch=1", 200, undefined, { text: '{"type":"ADDED","object":{}}\n{"type":"DELETED","object":{}}\n' }), []],
    ["a stream with a bad line", ex("GET", "/api/v1/x?watch=1", 200, undefined, { text: '{"type":"ADDED","object":{}}\nnope\n' }), ["watch stream line is not an event: nope"]],
    ["HEAD has no body to check", ex("HEAD", "/api/v1/x", 404, undefined), []],
    ["a DeleteOptions decode error 500 (upstream 1.32)", { ...ex("DELETE", "/api/v1/x/y", 500, status(500, "InternalError")), request: { method: "DELETE", path: "/api/v1/x/y", body: '{"dryRun":0}' } }, []],
    ["a DELETE 500 with well-typed options", { ...ex("DELETE", "/api/v1/x/y", 500, status(500, "InternalError")), request: { method: "DELETE", path: "/api/v1/x/y", body: '{"dryRun":["All"]}' } }, ["server error 500"]],
  ])("%s", (_name, exchange, expected) => {
    expect(contractViolations(exchange)).toEqual(expected);
  });

  it("names why a 5xx is upstream's", () => {
    expect(documented5xx(ex("GET", "/api/v1/x?continue=abc", 504, TOO_LARGE))).toMatch(/upstream 504/);
  });
});

describe("helpers", () => {
  it.each([
    ["?watch=true", true],
    ["?watch=1", true],
    ["?watch=yes", true],
    ["?watch=", true],
    ["?watch=0", false],
    ["?watch=FALSE", false],
    ["", false],
  ])("isWatchRequest(%s) = %s (apimachinery Convert_Slice_string_To_bool)", (query, expected) => {
    expect(isWatchRequest({ method: "GET", path: `/api/v1/pods${query}` })).toBe(expected);
  });

  it.each([
    ['{"dryRun":"All"}', "dryRun"],
    ['{"dryRun":["All"],"gracePeriodSeconds":1.5}', "gracePeriodSeconds"],
    ['{"preconditions":{"uid":5}}', "preconditions.uid"],
    ['{"propagationPolicy":null,"orphanDependents":false}', undefined],
    ["not json", undefined],
  ])("deleteOptionsTypeError(%s) = %s", (body, field) => {
    expect(deleteOptionsTypeError(body)).toBe(field);
  });

  it("splits repeated Warning headers", () => {
    const h = new Headers();
    h.append("Warning", '299 - "unknown field \\"a\\", really"');
    h.append("Warning", '299 - "b"');
    expect(warningsOf(h)).toEqual(['299 - "unknown field \\"a\\", really"', '299 - "b"']);
  });

  it.each([
    ['{"a":[1,{"b":2}]}', 3],
    ['{"a":"[[[["}', 1],
    ['["\\"[["]', 1],
    ["plain", 0],
  ])("nestingDepth(%s) = %d", (text, depth) => {
    expect(nestingDepth(text)).toBe(depth);
  });
});
