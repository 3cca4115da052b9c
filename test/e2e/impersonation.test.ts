/**
 * `kubectl auth whoami` (SelfSubjectReview) with the real kubectl for the admin token, a `--token-auth-file`
 * user (STATIC_TOKENS through $KUBE_EDGE_TOKEN_AUTH_FILE) and impersonation (`--as`, `--as-group`,
 * `--as-uid`), plus the errors kubectl shows for a refused impersonation and a rejected token.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type TestServer } from "./harness";

let server: TestServer;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "kube-edge-tokens-"));
  const tokenFile = join(dir, "tokens.csv");
  writeFileSync(tokenFile, 'e2e-alice-token,alice,2001,"devs,qa"\n');
  server = await startServer({ env: { KUBE_EDGE_TOKEN_AUTH_FILE: tokenFile } });
});

afterAll(async () => {
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function ok(args: string[]): Promise<string> {
  const res = await server.kubectl(args);
  expect(res.code, `kubectl ${args.join(" ")}\n${res.stdout}\n${res.stderr}`).toBe(0);
  return res.stdout;
}

/** The ATTRIBUTE/VALUE table of `kubectl auth whoami` as rows. */
function rows(table: string): [string, string][] {
  const lines = table.trimEnd().split("\n");
  expect(lines[0]).toMatch(/^ATTRIBUTE\s+VALUE$/);
  return lines.slice(1).map((l) => {
    const m = /^(.*?)\s{2,}(\S.*)$/.exec(l)!;
    return [m[1], m[2]];
  });
}

describe("kubectl auth whoami", () => {
  it("the admin token", async () => {
    expect(rows(await ok(["auth", "whoami"]))).toEqual([
      ["Username", "kubernetes-admin"],
      ["Groups", "[system:masters system:authenticated]"],
    ]);
  });

  it("a static-token user: uid, groups in file order, system:authenticated added", async () => {
    expect(rows(await ok(["--token", "e2e-alice-token", "auth", "whoami"]))).toEqual([
      ["Username", "alice"],
      ["UID", "2001"],
      ["Groups", "[devs qa system:authenticated]"],
    ]);
    const review = JSON.parse(await ok(["--token", "e2e-alice-token", "auth", "whoami", "-o", "json"]));
    expect(review).toMatchObject({
      kind: "SelfSubjectReview",
      apiVersion: "authentication.k8s.io/v1",
      status: { userInfo: { username: "alice", uid: "2001", groups: ["devs", "qa", "system:authenticated"] } },
    });
  });

  it("--as bob --as-group devs (impersonated by the admin)", async () => {
    expect(rows(await ok(["auth", "whoami", "--as", "bob", "--as-group", "devs"]))).toEqual([
      ["Username", "bob"],
      ["Groups", "[devs system:authenticated]"],
    ]);
  });

  it("--as with two --as-group and --as-uid", async () => {
    expect(rows(await ok(["auth", "whoami", "--as", "bob", "--as-group", "devs", "--as-group", "ops", "--as-uid", "u-7"]))).toEqual([
      ["Username", "bob"],
      ["UID", "u-7"],
      ["Groups", "[devs ops system:authenticated]"],
    ]);
  });

  it("--as a service account gets the service-account groups", async () => {
    expect(rows(await ok(["auth", "whoami", "--as", "system:serviceaccount:default:builder"]))).toEqual([
      ["Username", "system:serviceaccount:default:builder"],
      ["Groups", "[system:serviceaccounts system:serviceaccounts:default system:authenticated]"],
    ]);
  });
});

describe("refusals as kubectl shows them", () => {
  it("a user without the impersonate grant", async () => {
    const res = await server.kubectl(["--token", "e2e-alice-token", "get", "--raw", "/api/v1/namespaces/default/pods", "--as", "bob"]);
    expect(res.code).not.toBe(0);
    expect(res.stderr).toContain(
      'Error from server (Forbidden): users "bob" is forbidden: User "alice" cannot impersonate resource "users" in API group "" at the cluster scope',
    );
  });

  it("whoami turns any 403 into its own hint (kubectl's wording)", async () => {
    const res = await server.kubectl(["--token", "e2e-alice-token", "auth", "whoami", "--as", "bob"]);
    expect(res.code).not.toBe(0);
    expect(res.stderr).toContain("error: the selfsubjectreviews API is not enabled in the cluster or you do not have permission to call it");
  });

  it("an unknown token", async () => {
    const res = await server.kubectl(["--token", "not-a-token", "auth", "whoami"]);
    expect(res.code).not.toBe(0);
    expect(res.stderr).toContain("error: You must be logged in to the server (Unauthorized)");
  });

  it("Impersonate-Group without Impersonate-User → 400 (kubectl refuses it client-side, so raw HTTP)", async () => {
    const res = await server.fetch("/apis/authentication.k8s.io/v1/selfsubjectreviews", {
      method: "POST",
      headers: { "Content-Type": "application/json", "Impersonate-Group": "devs" },
      body: JSON.stringify({ apiVersion: "authentication.k8s.io/v1", kind: "SelfSubjectReview" }),
    });
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body)).toMatchObject({ reason: "BadRequest", message: "requested [{Group  devs    }] without impersonating a user" });
  });
});
