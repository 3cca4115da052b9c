/** The audit.k8s.io/v1 Event built for a request (pure), field by field against upstream's shape. */
import { describe, expect, it } from "vitest";
import { auditEvent, microTime, objectRefOf, requestURIOf, sourceIPs, type AuditFacts } from "../../../worker/audit";
import { classifyRequest } from "../../../worker/limits";
import { ApiError } from "../../../worker/errors";
import type { UserInfo } from "../../../worker/authn/user";

const alice: UserInfo = { username: "alice", uid: "1002", groups: ["devs", "system:authenticated"] };
const RECEIVED = Date.UTC(2026, 10, 29, 20, 42, 50, 123);

function facts(method: string, path: string, over: Partial<AuditFacts> = {}, headers: Record<string, string> = {}): AuditFacts {
  const request = new Request(`https://k8s.test${path}`, { method, headers });
  return {
    auditID: "5c1f7b4e-0000-4000-8000-000000000001",
    stage: "ResponseComplete",
    request,
    requestClass: classifyRequest(method, new URL(request.url)),
    authenticated: alice,
    user: alice,
    code: 200,
    received: RECEIVED,
    now: RECEIVED + 7,
    ...over,
  };
}

describe("auditEvent", () => {
  it("a successful GET: Metadata level, the object reference, the code only", () => {
    const ev = auditEvent(facts("GET", "/api/v1/namespaces/a/configmaps/c?resourceVersion=0", {}, { "User-Agent": "kubectl/v1.32.0", "X-Forwarded-For": "203.0.113.7" }));
    expect(JSON.stringify(ev)).toBe(
      JSON.stringify({
        kind: "Event",
        apiVersion: "audit.k8s.io/v1",
        level: "Metadata",
        auditID: "5c1f7b4e-0000-4000-8000-000000000001",
        stage: "ResponseComplete",
        requestURI: "/api/v1/namespaces/a/configmaps/c?resourceVersion=0",
        verb: "get",
        user: { username: "alice", uid: "1002", groups: ["devs", "system:authenticated"] },
        sourceIPs: ["203.0.113.7"],
        userAgent: "kubectl/v1.32.0",
        objectRef: { resource: "configmaps", namespace: "a", name: "c", apiVersion: "v1" },
        responseStatus: { metadata: {}, code: 200 },
        requestReceivedTimestamp: "2026-11-29T20:42:50.123000Z",
        stageTimestamp: "2026-11-29T20:42:50.130000Z",
      }),
    );
  });

  it("a failure through the error path carries the Status fields", () => {
    const err = new ApiError(403, "Forbidden", 'configmaps is forbidden: User "alice" cannot list …', { kind: "configmaps" });
    const ev = auditEvent(facts("GET", "/api/v1/namespaces/b/configmaps", { code: 403, error: err }));
    expect(ev.verb).toBe("list");
    expect(ev.objectRef).toEqual({ resource: "configmaps", namespace: "b", apiVersion: "v1" });
    expect(JSON.stringify(ev.responseStatus)).toBe(
      JSON.stringify({ metadata: {}, status: "Failure", message: 'configmaps is forbidden: User "alice" cannot list …', reason: "Forbidden", details: { kind: "configmaps" }, code: 403 }),
    );
  });

  it("an error that is not the response (a different code) is not reported as its status", () => {
    const ev = auditEvent(facts("GET", "/api/v1/namespaces", { code: 200, error: new ApiError(404, "NotFound", "x") }));
    expect(ev.responseStatus).toEqual({ metadata: {}, code: 200 });
  });

  it("impersonation: user is who authenticated, impersonatedUser who the request ran as", () => {
    const admin: UserInfo = { username: "kubernetes-admin", groups: ["system:masters", "system:authenticated"] };
    const ev = auditEvent(facts("GET", "/api/v1/pods", { authenticated: admin, user: alice }));
    expect(ev.user).toEqual({ username: "kubernetes-admin", groups: ["system:masters", "system:authenticated"] });
    expect(ev.impersonatedUser).toEqual({ username: "alice", uid: "1002", groups: ["devs", "system:authenticated"] });
    expect(auditEvent(facts("GET", "/api/v1/pods")).impersonatedUser).toBeUndefined();
  });

  it.each([
    ["Bearer nope", "Authentication failed, attempted: bearer"],
    ["Basic YTpi", "Authentication failed, attempted: basic"],
  ])("failed authentication (%s): empty user, stage ResponseStarted, upstream's message", (authorization, message) => {
    const ev = auditEvent(facts("GET", "/api/v1/pods", { authenticated: undefined, user: undefined, code: 401, error: new ApiError(401, "Unauthorized", "Unauthorized") }, { Authorization: authorization }));
    expect(ev.stage).toBe("ResponseStarted");
    expect(ev.user).toEqual({});
    expect(ev.responseStatus).toEqual({ metadata: {}, message, code: 401 });
  });

  it("a non-resource request: the lower-cased method as verb, no objectRef", () => {
    const ev = auditEvent(facts("GET", "/readyz?verbose"));
    expect(ev.verb).toBe("get");
    expect(ev.requestURI).toBe("/readyz?verbose");
    expect(ev.objectRef).toBeUndefined();
  });
});

describe("pieces", () => {
  it.each([
    ["/api/v1/namespaces/x", { resource: "namespaces", namespace: "x", name: "x", apiVersion: "v1" }],
    ["/apis/apps/v1/namespaces/a/deployments/d/scale", { resource: "deployments", namespace: "a", name: "d", apiGroup: "apps", apiVersion: "v1", subresource: "scale" }],
    ["/apis/rbac.authorization.k8s.io/v1/clusterroles", { resource: "clusterroles", apiGroup: "rbac.authorization.k8s.io", apiVersion: "v1" }],
  ])("objectRef of %s", (path, want) => {
    expect(objectRefOf(classifyRequest("GET", new URL(`https://k8s.test${path}`)))).toEqual(want);
  });

  it.each([
    ["https://k8s.test/api/v1/pods?watch=1", "/api/v1/pods?watch=1"],
    ["https://k8s.test:6443/", "/"],
    ["https://k8s.test", "/"],
  ])("requestURI of %s", (url, want) => {
    expect(requestURIOf(url)).toBe(want);
  });

  it("microTime has six fractional digits", () => {
    expect(microTime(Date.UTC(2026, 0, 2, 3, 4, 5, 6))).toBe("2026-01-02T03:04:05.006000Z");
  });

  it.each([
    [{ "X-Forwarded-For": "203.0.113.7, 10.0.0.1", "CF-Connecting-IP": "198.51.100.2" }, ["203.0.113.7", "10.0.0.1", "198.51.100.2"]],
    [{ "X-Forwarded-For": "198.51.100.2", "X-Real-Ip": "198.51.100.2", "CF-Connecting-IP": "198.51.100.2" }, ["198.51.100.2"]],
    [{ "X-Forwarded-For": "garbage, <script>, 2001:db8::1", "X-Real-Ip": "nope" }, ["2001:db8::1"]],
    [{ "X-Forwarded-For": Array.from({ length: 100 }, (_, i) => `10.0.0.${i}`).join(",") }, Array.from({ length: 16 }, (_, i) => `10.0.0.${i}`)],
    [{}, []],
  ])("sourceIPs(%j)", (headers, want) => {
    expect(sourceIPs(new Headers(headers))).toEqual(want);
  });
});
