/**
 * The audit log through the real Worker: one line per request (two for a watch: ResponseStarted, then
 * ResponseComplete when the stream closes), the Audit-Id header on every response, AUDIT_LOG=off.
 * Requests go to the Worker's fetch export with AUDIT_LOG switched on for them (vitest.config.ts has it off).
 */
import { createExecutionContext, env } from "cloudflare:test";
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import worker from "../../../worker/index";

const ADMIN = "Bearer test-admin-token";
let lines: string[] = [];
let spy: ReturnType<typeof vi.spyOn>;

// The first request of an isolate bootstraps the cluster: let that happen before lines are counted.
beforeAll(async () => {
  await (await send("/api/v1/namespaces/default", { headers: { Authorization: ADMIN } }, { AUDIT_LOG: "off" })).text();
}, 60_000);

beforeEach(() => {
  lines = [];
  const original = console.log.bind(console);
  spy = vi.spyOn(console, "log").mockImplementation((...args: unknown[]) => {
    if (typeof args[0] === "string" && args[0].startsWith('{"kind":"Event"')) lines.push(args[0]);
    else original(...args);
  });
});
afterEach(() => spy.mockRestore());

async function send(path: string, init: RequestInit = {}, vars: Record<string, string> = { AUDIT_LOG: "on" }): Promise<Response> {
  const request = new Request(`https://k8s.test${path}`, init);
  return (worker.fetch as unknown as (r: Request, e: unknown, c: ExecutionContext) => Promise<Response>)(request, { ...env, ...vars }, createExecutionContext());
}

const events = () => lines.map((l) => JSON.parse(l));

describe("audit log", () => {
  it("one ResponseComplete event per request, its auditID in the Audit-Id header", async () => {
    const res = await send("/api/v1/namespaces/default/configmaps?limit=1", { headers: { Authorization: ADMIN, "User-Agent": "kubectl/v1.32.0", "CF-Connecting-IP": "192.0.2.10" } });
    expect(res.status).toBe(200);
    await res.text();
    const id = res.headers.get("audit-id");
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(events()).toEqual([
      expect.objectContaining({
        kind: "Event",
        apiVersion: "audit.k8s.io/v1",
        level: "Metadata",
        auditID: id,
        stage: "ResponseComplete",
        requestURI: "/api/v1/namespaces/default/configmaps?limit=1",
        verb: "list",
        user: { username: "kubernetes-admin", groups: ["system:masters", "system:authenticated"] },
        sourceIPs: ["192.0.2.10"],
        userAgent: "kubectl/v1.32.0",
        objectRef: { resource: "configmaps", namespace: "default", apiVersion: "v1" },
        responseStatus: { metadata: {}, code: 200 },
      }),
    ]);
    const ev = events()[0];
    expect(ev.requestReceivedTimestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    expect(Date.parse(ev.stageTimestamp)).toBeGreaterThanOrEqual(Date.parse(ev.requestReceivedTimestamp));
  });

  it("the client's Audit-ID is kept, as upstream", async () => {
    const res = await send("/version", { headers: { Authorization: ADMIN, "Audit-ID": "my-correlation-id" } });
    expect(res.headers.get("audit-id")).toBe("my-correlation-id");
    expect(events().map((e) => e.auditID)).toEqual(["my-correlation-id"]);
  });

  it("failures carry their Status; failed authentication has no user", async () => {
    await send("/api/v1/namespaces/nope-ns/configmaps/x", { headers: { Authorization: ADMIN } });
    await send("/api/v1/pods", { headers: { Authorization: "Bearer not-a-token" } });
    const [notFound, unauthorized] = events();
    expect(notFound.responseStatus).toMatchObject({ status: "Failure", reason: "NotFound", code: 404 });
    expect(notFound.responseStatus.message).toBe('configmaps "x" not found');
    expect(unauthorized).toMatchObject({ stage: "ResponseStarted", user: {}, verb: "list", responseStatus: { metadata: {}, message: "Authentication failed, attempted: bearer", code: 401 } });
  });

  it("impersonation is recorded as impersonatedUser", async () => {
    const res = await send("/api/v1/namespaces/default/configmaps", { headers: { Authorization: ADMIN, "Impersonate-User": "audit-someone" } });
    await res.text();
    const ev = events()[0];
    expect(ev.user.username).toBe("kubernetes-admin");
    expect(ev.impersonatedUser).toEqual({ username: "audit-someone", groups: ["system:authenticated"] });
    expect(ev.responseStatus.code).toBe(res.status);
  });

  it("a watch logs ResponseStarted at once and ResponseComplete when its stream closes", async () => {
    const res = await send("/api/v1/namespaces/default/configmaps?watch=true&timeoutSeconds=30", { headers: { Authorization: ADMIN } });
    expect(res.status).toBe(200);
    expect(events().map((e) => e.stage)).toEqual(["ResponseStarted"]);
    const reader = res.body!.getReader();
    await reader.read();
    expect(events()).toHaveLength(1);
    await reader.cancel();
    await vi.waitFor(() => expect(events().map((e) => e.stage)).toEqual(["ResponseStarted", "ResponseComplete"]));
    const [started, complete] = events();
    expect(started.auditID).toBe(complete.auditID);
    expect(started.auditID).toBe(res.headers.get("audit-id"));
    expect(complete.verb).toBe("watch");
  });

  it("AUDIT_LOG=off writes nothing but still sends Audit-Id", async () => {
    const res = await send("/version", { headers: { Authorization: ADMIN } }, { AUDIT_LOG: "off" });
    expect(res.headers.get("audit-id")).toBeTruthy();
    expect(lines).toEqual([]);
  });
});
