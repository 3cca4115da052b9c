/**
 * Red team: authorization and routing agree on (verb, group, resource, subresource, namespace, name). alice
 * (static token, test/fixtures/static-tokens.csv) may do anything with ConfigMaps in namespace A and read one
 * named ConfigMap of B by list; path tricks, verb tricks and field selectors must not reach more.
 */
import { SELF } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { BASE, call, freshNamespace, get, type ApiResponse } from "../api/client";
import { created, grant } from "./helpers";

const ALICE = "alice-token";
const MARKER = "b-only-marker";
let A: string;
let B: string;

const alice = (method: string, path: string, body?: unknown) => call(method, path, body, { token: ALICE });
const cm = (name: string, v = "a") => ({ apiVersion: "v1", kind: "ConfigMap", metadata: { name }, data: { k: v } });

beforeAll(async () => {
  A = await freshNamespace("pa");
  B = await freshNamespace("pb");
  await grant("alice", [{ apiGroups: [""], resources: ["configmaps"], verbs: ["*"] }], A);
  await grant("alice", [{ apiGroups: [""], resources: ["configmaps"], verbs: ["list", "watch"], resourceNames: ["listed"] }], B);
  await created(`/api/v1/namespaces/${A}/configmaps`, cm("a1"));
  await created(`/api/v1/namespaces/${B}/configmaps`, cm("secret-b", MARKER));
  await created(`/api/v1/namespaces/${B}/configmaps`, cm("listed", "fine"));
}, 60_000);

/** Never B's marker in a response; never a 2xx that writes into B. */
function expectNoLeak(res: ApiResponse): void {
  expect(res.text).not.toContain(MARKER);
}

describe("path tricks", () => {
  const tricks = (): [string, string][] => [
    ["dot segments", `/api/v1/namespaces/${A}/../${B}/configmaps/secret-b`],
    ["encoded dot segments", `/api/v1/namespaces/${A}/%2e%2e/${B}/configmaps/secret-b`],
    ["encoded slash in the namespace", `/api/v1/namespaces/${A}%2F..%2F${B}/configmaps/secret-b`],
    ["encoded slash in the name", `/api/v1/namespaces/${A}/configmaps/..%2F..%2F${B}%2Fconfigmaps%2Fsecret-b`],
    ["double-encoded slash", `/api/v1/namespaces/${A}/configmaps/..%252F${B}`],
    ["double slashes", `/api/v1/namespaces/${A}//..//${B}/configmaps/secret-b`],
    ["trailing slash", `/api/v1/namespaces/${B}/configmaps/secret-b/`],
    ["the legacy watch prefix", `/api/v1/watch/namespaces/${B}/configmaps`],
    ["all namespaces", "/api/v1/configmaps"],
    ["B's list", `/api/v1/namespaces/${B}/configmaps`],
  ];

  it("never read B's ConfigMap", async () => {
    for (const [what, path] of tricks()) {
      for (const method of ["GET", "HEAD"]) {
        const res = await alice(method, path);
        expectNoLeak(res);
        expect(res.status, `${what} ${method} ${path}: ${res.text}`).toBeGreaterThanOrEqual(400);
      }
    }
  });

  it("never write or delete it", async () => {
    for (const [what, path] of tricks()) {
      for (const [method, body] of [["PUT", cm("secret-b", "pwned")], ["DELETE", undefined]] as const) {
        const res = await alice(method, path, body);
        expect(res.status, `${what} ${method} ${path}: ${res.text}`).toBeGreaterThanOrEqual(400);
      }
    }
    const after = await get(`/api/v1/namespaces/${B}/configmaps/secret-b`);
    expect(after.body.data.k).toBe(MARKER);
  });

  it("a mixed-case method is the same verb (or refused), never a different one", async () => {
    const res = await SELF.fetch(`${BASE}/api/v1/namespaces/${B}/configmaps/secret-b`, { method: "Get", headers: { Authorization: `Bearer ${ALICE}` } });
    expect(res.status).toBe(403);
    expect(await res.text()).not.toContain(MARKER);
    const patchLower = await SELF.fetch(`${BASE}/api/v1/namespaces/${B}/configmaps/secret-b`, {
      method: "patch",
      headers: { Authorization: `Bearer ${ALICE}`, "Content-Type": "application/merge-patch+json" },
      body: JSON.stringify({ data: { k: "pwned" } }),
    });
    expect(patchLower.status).toBeGreaterThanOrEqual(400);
    expect((await get(`/api/v1/namespaces/${B}/configmaps/secret-b`)).body.data.k).toBe(MARKER);
  });
});

describe("verbs", () => {
  it.each([
    ["watch=true is watch", "watch=true"],
    ["watch=1 is watch", "watch=1"],
    ["watch (empty) is watch", "watch="],
    ["watch=TRUE is watch", "watch=TRUE"],
  ])("%s: alice, who may only list in B by name, cannot watch B", async (_what, q) => {
    const res = await alice("GET", `/api/v1/namespaces/${B}/configmaps?${q}`);
    expect(res.status, res.text).toBe(403);
    expect(res.body.message).toMatch(/cannot watch resource "configmaps"/);
  });

  it("watch=false and watch=0 are lists", async () => {
    for (const q of ["watch=false", "watch=0", "watch=False"]) {
      const res = await alice("GET", `/api/v1/namespaces/${B}/configmaps?${q}`);
      expect(res.status, res.text).toBe(403);
      expect(res.body.message).toMatch(/cannot list resource "configmaps"/);
    }
  });

  it("deletecollection in B is its own verb", async () => {
    const res = await alice("DELETE", `/api/v1/namespaces/${B}/configmaps`);
    expect(res.status, res.text).toBe(403);
    expect(res.body.message).toMatch(/cannot deletecollection resource "configmaps"/);
  });
});

describe("a list authorized by metadata.name returns that object only", () => {
  const list = (selector: string) => alice("GET", `/api/v1/namespaces/${B}/configmaps?fieldSelector=${encodeURIComponent(selector)}`);
  const names = (res: ApiResponse) => (res.body.items as { metadata: { name: string } }[]).map((i) => i.metadata.name);

  it.each([
    ["metadata.name=listed", ["listed"]],
    ["metadata.name==listed", ["listed"]],
    ["metadata.name=listed,metadata.name!=listed", []],
    ["metadata.name=listed,metadata.name=secret-b", []],
    // Upstream sorts the terms before RequiresExactMatch: the name is `listed` here too.
    ["metadata.name=secret-b,metadata.name=listed", []],
    ["metadata.name!=secret-b,metadata.name=listed", ["listed"]],
    [`metadata.namespace=${"$B"},metadata.name=listed`, ["listed"]],
  ])("%s", async (selector, expected) => {
    const res = await list(selector.replace("$B", B));
    expect(res.status, res.text).toBe(200);
    expectNoLeak(res);
    expect(names(res)).toEqual(expected);
  });

  it.each([
    ["another name", "metadata.name=secret-b"],
    ["an inequality only", "metadata.name!=listed"],
    ["an escaped comma hiding a second term", "metadata.name=listed\\,metadata.name=secret-b"],
    ["a name with a slash (not a path segment name: no name at all)", "metadata.name=listed/x"],
  ])("%s is 403", async (_what, selector) => {
    const res = await list(selector);
    expect(res.status, res.text).toBe(403);
    expectNoLeak(res);
  });

  it("a watch authorized by name streams only that object", async () => {
    const res = await SELF.fetch(`${BASE}/api/v1/namespaces/${B}/configmaps?watch=1&timeoutSeconds=1&fieldSelector=metadata.name%3Dlisted`, {
      headers: { Authorization: `Bearer ${ALICE}` },
    });
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toContain('"name":"listed"');
    expect(text).not.toContain(MARKER);
  });
});
