import { X509Certificate } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { compileModuleRules } from "miniflare";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
// @ts-ignore -- node scripts (.mjs, typed with JSDoc)
import { isUsableToken } from "../../scripts/admin-token.mjs";
// @ts-ignore
import { bundleModules } from "../../scripts/build.mjs";
// @ts-ignore
import { caIsUsable, ensureCerts, serverCertIsUsable } from "../../scripts/certs.mjs";
// @ts-ignore
import { setDevVar } from "../../scripts/dev.mjs";
// @ts-ignore
import { renderKubeconfig } from "../../scripts/kubeconfig.mjs";
// @ts-ignore
import { msUntilNextMinute, partitionCrons } from "../../scripts/lib/cron.mjs";
import { startServer, type TestServer } from "./harness";

describe("local runtime smoke", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("serves /livez to kubectl over verified TLS", async () => {
    const res = await server.kubectl(["get", "--raw", "/livez"]);
    expect(res, server.logs()).toMatchObject({ code: 0, stdout: "ok" });
  });

  it("keeps its token and answers again after a clean restart and after a crash", async () => {
    const before = server.token;
    await server.restart();
    expect((await server.kubectl(["get", "--raw", "/readyz"])).stdout).toBe("ok");
    await server.restart({ signal: "SIGKILL" });
    expect((await server.kubectl(["get", "--raw", "/healthz"])).stdout).toBe("ok");
    expect(readFileSync(join(server.stateDir, "admin-token"), "utf8").trim()).toBe(before);
  });

  it("refuses a client that does not trust the project CA", async () => {
    const res = await server.kubectl(["get", "--raw", "/livez", "--certificate-authority", "/dev/null"]);
    expect(res.code).not.toBe(0);
    expect(res.stderr).toMatch(/x509: certificate signed by unknown authority/);
  });
});

describe("local runtime scripts", () => {
  const DAY = 24 * 60 * 60 * 1000;
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "kube-edge-certs-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("creates a CA and a server certificate for 127.0.0.1, ::1 and localhost once, renewing only the server's", async () => {
    const now = new Date();
    const first = await ensureCerts({ dir, now });
    const ca = new X509Certificate(readFileSync(first.caPath));
    const certPem = readFileSync(first.certPath, "utf8");
    const cert = new X509Certificate(certPem);
    expect(first.generated).toBe(true);
    expect(ca.ca).toBe(true);
    expect(cert.ca).toBe(false);
    expect(cert.verify(ca.publicKey)).toBe(true);
    expect([cert.checkIP("127.0.0.1"), cert.checkIP("::1"), cert.checkHost("localhost")]).not.toContain(undefined);

    expect((await ensureCerts({ dir, now })).generated).toBe(false);

    const later = new Date(now.getTime() + 350 * DAY); // server cert (1 year) due for renewal, CA (10 years) not
    const renewed = await ensureCerts({ dir, now: later });
    expect(renewed.generated).toBe(true);
    expect(renewed.caPem).toBe(first.caPem);
    expect(readFileSync(renewed.certPath, "utf8")).not.toBe(certPem);
  });

  it.each([
    ["the CA itself", "ca", "ca", 0, true],
    ["the server certificate as a CA", "server", "ca", 0, false],
    ["the server certificate", "server", "server", 0, true],
    ["the server certificate near expiry", "server", "server", 360, false],
    ["the server certificate against another CA", "server", "other-ca", 0, false],
  ])("judges %s", async (_name, subject, kind, days, usable) => {
    const { caPem, certPath } = await ensureCerts({ dir });
    const other = await ensureCerts({ dir: join(dir, "other") });
    const pem = subject === "ca" ? caPem : readFileSync(certPath, "utf8");
    const now = new Date(Date.now() + days * DAY);
    const verdict = kind === "ca" ? caIsUsable(pem, now) : serverCertIsUsable(pem, kind === "server" ? caPem : other.caPem, now);
    expect(verdict).toBe(usable);
  });

  it("renders a kubeconfig kubectl can use", () => {
    const config = parse(renderKubeconfig({ server: "https://127.0.0.1:8787", caPem: "PEM", token: "t0k" }));
    expect(config).toMatchObject({
      apiVersion: "v1",
      kind: "Config",
      "current-context": "kube-edge",
      clusters: [{ name: "kube-edge", cluster: { server: "https://127.0.0.1:8787", "certificate-authority-data": "UEVN" } }],
      users: [{ name: "admin", user: { token: "t0k" } }],
      contexts: [{ name: "kube-edge", context: { cluster: "kube-edge", user: "admin" } }],
    });
  });

  it.each([
    ["a hex token", "ab12".repeat(16), true],
    ["an empty file", "", false],
    ["two lines", "abc\ndef", false],
    ["a token with spaces", "abc def", false],
  ])("accepts %s as admin token: %s", (_name, token, ok) => {
    expect(isUsableToken(token)).toBe(ok);
  });

  it.each([
    [["* * * * *"], ["* * * * *"], []],
    [["*/1 * * * *", "*/5 * * * *"], ["*/1 * * * *"], ["*/5 * * * *"]],
    [["0 3 * * *"], [], ["0 3 * * *"]],
  ])("fires %j every minute locally", (crons, everyMinute, unsupported) => {
    expect(partitionCrons(crons)).toEqual({ everyMinute, unsupported });
  });

  it.each([
    [0, 60_000],
    [59_999, 1],
    [120_001, 59_999],
  ])("waits from %i ms to the next minute: %i ms", (now, wait) => {
    expect(msUntilNextMinute(now)).toBe(wait);
  });

  it.each([
    ["", 'ADMIN_TOKEN="x"\n'],
    ["A=1\n", 'A=1\nADMIN_TOKEN="x"\n'],
    ["ADMIN_TOKEN=old\nB=2", 'ADMIN_TOKEN="x"\nB=2\n'],
  ])("sets ADMIN_TOKEN in .dev.vars %j", (existing, expected) => {
    expect(setDevVar(existing, "ADMIN_TOKEN", "x")).toBe(expected);
  });

  it("lists the bundle's modules with wrangler's module rules", () => {
    const rules = compileModuleRules([
      { type: "Text", include: ["**/*.txt", "**/*.sql"] },
      { type: "CompiledWasm", include: ["**/*.wasm"] },
    ]);
    const meta = {
      outputs: {
        "dist/index.js.map": { imports: [] },
        "dist/index.js": {
          entryPoint: "worker/index.ts",
          imports: [
            { path: "cloudflare:workers", external: true },
            { path: "./abc-schema.sql", external: true },
            { path: "./def-yoga.wasm", external: true },
          ],
        },
      },
    };
    const dist = join(process.cwd(), "dist");
    expect(bundleModules(meta, dist, rules)).toEqual([
      { type: "ESModule", path: "index.js" },
      { type: "Text", path: "abc-schema.sql" },
      { type: "CompiledWasm", path: "def-yoga.wasm" },
    ]);
  });
});
