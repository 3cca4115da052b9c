/**
 * Limits and audit end to end, on the real runtime (scripts/start.mjs) with the real kubectl:
 * - audit events land in the audit log file (not the terminal), one per request, with the Audit-Id the client saw;
 * - a static-token user's open watches are capped (MAX_WATCHES_PER_USER=2 here) with upstream's 429, and a
 *   watch whose client disconnects gives its slot back — once the runtime notices, which locally is the first
 *   write to the dead connection (the next event or bookmark), not the disconnect itself;
 * - raw request lines (mixed-case methods, literal and encoded dot segments, which Node's HTTP client would
 *   never send) cannot reach a namespace the user has no rights in. workerd itself answers 501 to a method
 *   that is not spelled in capitals (the request never reaches the Worker).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { request } from "node:https";
import { connect } from "node:tls";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type TestServer } from "./harness";

const ALICE = "alice-e2e-token";
let server: TestServer;
let tokensDir: string;
let nsA: string;
let nsB: string;

beforeAll(async () => {
  tokensDir = mkdtempSync(join(tmpdir(), "kube-edge-limits-"));
  const tokenFile = join(tokensDir, "tokens.csv");
  writeFileSync(tokenFile, `${ALICE},alice,3001,e2e\n`);
  server = await startServer({
    env: { KUBE_EDGE_TOKEN_AUTH_FILE: tokenFile, KUBE_EDGE_VARS: JSON.stringify({ MAX_WATCHES_PER_USER: "2" }) },
  });
  const stamp = Date.now().toString(36);
  nsA = `lim-a-${stamp}`;
  nsB = `lim-b-${stamp}`;
  const kc = async (args: string[]) => {
    const res = await server.kubectl(args);
    if (res.code !== 0) throw new Error(`kubectl ${args.join(" ")}: ${res.stderr}`);
  };
  await kc(["create", "namespace", nsA]);
  await kc(["create", "namespace", nsB]);
  await kc(["-n", nsA, "create", "role", "cm", "--verb=get,list,watch,update,patch,delete", "--resource=configmaps"]);
  await kc(["-n", nsA, "create", "rolebinding", "alice-cm", "--role=cm", "--user=alice"]);
  await kc(["-n", nsB, "create", "configmap", "secret-b", "--from-literal=k=only-in-b"]);
}, 240_000);

afterAll(async () => {
  await server?.stop();
  if (tokensDir) rmSync(tokensDir, { recursive: true, force: true });
});

const auditLogPath = () => join(dirname(server.stateDir), "logs", "audit.log");

// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function auditEvents(until: (events: any[]) => boolean): Promise<any[]> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    let events: unknown[] = [];
    try {
      events = readFileSync(auditLogPath(), "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l));
    } catch {
      // not written yet
    }
    if (until(events) || Date.now() > deadline) return events;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Opens a watch as `token`; resolves with its status, headers and a `close` that drops the connection. */
function openWatch(path: string, token: string): Promise<{ status: number; headers: Record<string, unknown>; body: () => string; close: () => void }> {
  return new Promise((resolve, reject) => {
    const req = request(server.url + path, { ca: server.caPem, headers: { Authorization: `Bearer ${token}` }, agent: false }, (res) => {
      let text = "";
      res.on("data", (c: Buffer) => (text += c.toString("utf8")));
      res.on("error", () => {});
      resolve({ status: res.statusCode ?? 0, headers: res.headers, body: () => text, close: () => req.destroy() });
    });
    req.on("error", (e) => ((e as NodeJS.ErrnoException).code === "ECONNRESET" ? undefined : reject(e)));
    req.end();
  });
}

/** Sends one raw HTTP/1.1 request line over TLS (any method spelling, the path exactly as given). */
function rawRequest(method: string, path: string, token: string, body = ""): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const url = new URL(server.url);
    const socket = connect({ host: url.hostname, port: Number(url.port), ca: server.caPem, servername: "localhost" }, () => {
      socket.write(
        `${method} ${path} HTTP/1.1\r\nHost: ${url.host}\r\nAuthorization: Bearer ${token}\r\nContent-Type: application/merge-patch+json\r\n` +
          `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
      );
    });
    let text = "";
    socket.on("data", (c: Buffer) => (text += c.toString("utf8")));
    socket.on("end", () => resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0), text }));
    socket.on("error", reject);
    socket.setTimeout(30_000, () => socket.destroy(new Error("raw request timed out")));
  });
}

describe("audit log", () => {
  it("kubectl's requests are audited to the log file with the Audit-Id they were answered with", async () => {
    const res = await server.fetch("/version");
    const id = res.headers["audit-id"];
    expect(typeof id).toBe("string");
    const kubectl = await server.kubectl(["-n", nsA, "get", "configmaps"]);
    expect(kubectl.code).toBe(0);
    const events = await auditEvents((evs) => evs.some((e) => e.auditID === id) && evs.some((e) => e.userAgent?.startsWith("kubectl/") && e.verb === "list"));
    const version = events.find((e) => e.auditID === id);
    expect(version).toMatchObject({ kind: "Event", apiVersion: "audit.k8s.io/v1", level: "Metadata", stage: "ResponseComplete", requestURI: "/version", verb: "get", responseStatus: { code: 200 } });
    expect(version.sourceIPs).toContain("127.0.0.1");
    const list = events.find((e) => e.userAgent?.startsWith("kubectl/") && e.verb === "list");
    expect(list).toMatchObject({ user: { username: "kubernetes-admin" }, objectRef: { resource: "configmaps", namespace: nsA, apiVersion: "v1" } });
    expect(server.logs()).not.toContain("audit.k8s.io/v1");
  });
});

describe("per-user watch limit", () => {
  it("a third watch is refused with 429; a watch whose client goes away frees its slot", async () => {
    const path = `/api/v1/namespaces/${nsA}/configmaps?watch=true&timeoutSeconds=120`;
    const first = await openWatch(path, ALICE);
    const second = await openWatch(path, ALICE);
    expect([first.status, second.status]).toEqual([200, 200]);
    const third = await server.fetch(path, { token: ALICE });
    expect(third.status).toBe(429);
    expect(third.headers["retry-after"]).toBe("1");
    expect(JSON.parse(third.body)).toMatchObject({ kind: "Status", reason: "TooManyRequests", message: "Too many requests, please try again later.", details: { retryAfterSeconds: 1 }, code: 429 });
    // The admin is never limited.
    const admin = await openWatch(path, server.token);
    expect(admin.status).toBe(200);
    admin.close();

    first.close();
    // Writes to the namespace produce events; writing one to the closed connection ends that watch.
    let again = 0;
    for (let i = 0; i < 30 && again !== 200; i++) {
      const made = await server.kubectl(["-n", nsA, "create", "configmap", `poke-${i}`]);
      expect(made.code).toBe(0);
      await new Promise((r) => setTimeout(r, 200));
      const attempt = await openWatch(path, ALICE);
      again = attempt.status;
      attempt.close();
    }
    expect(again).toBe(200);
    expect(second.body()).toContain('"name":"poke-0"');
    second.close();
  });
});

describe("raw request lines", () => {
  it.each([
    ["gEt", () => `/api/v1/namespaces/${nsB}/configmaps/secret-b`],
    ["GET", () => `/api/v1/namespaces/${nsA}/configmaps/../../${nsB}/configmaps/secret-b`],
    ["GET", () => `/api/v1/namespaces/${nsA}/configmaps/%2e%2e/%2e%2e/${nsB}/configmaps/secret-b`],
    ["GET", () => `/api/v1/namespaces/${nsA}/configmaps/..%2F..%2F${nsB}%2Fconfigmaps%2Fsecret-b`],
    ["GET", () => `//api/v1/namespaces/${nsB}/configmaps/secret-b`],
    ["pAtCh", () => `/api/v1/namespaces/${nsB}/configmaps/secret-b`],
    ["PATCH", () => `/api/v1/namespaces/${nsA}/configmaps/%2e%2e/%2e%2e/${nsB}/configmaps/secret-b`],
    ["DELETE", () => `/api/v1/namespaces/${nsA}/../${nsB}/configmaps/secret-b`],
  ])("%s %s cannot touch the other namespace", async (method, path) => {
    const res = await rawRequest(method, path(), ALICE, method.toUpperCase() === "PATCH" ? '{"data":{"k":"pwned"}}' : "");
    expect(res.status).toBeGreaterThanOrEqual(400);
    if (method === method.toUpperCase()) expect(res.status).toBeLessThan(500);
    else expect(res.status).toBe(501); // refused by workerd's HTTP server before the Worker runs
    expect(res.text).not.toContain("only-in-b");
    const stored = JSON.parse((await server.fetch(`/api/v1/namespaces/${nsB}/configmaps/secret-b`)).body);
    expect(stored.data).toEqual({ k: "only-in-b" });
  });
});
