/**
 * Generator (6): encoded path tricks against RBAC. alice (a static-token user) may do anything with
 * ConfigMaps in namespace A and nothing in namespace B. Dot segments, %2e%2e, %2F and double-encoded slashes
 * in names and namespaces, doubled slashes, mixed-case methods: no request of hers may read or change
 * anything in B — authorization uses the same parse as routing (handlers/resource.ts), so whatever a request
 * addresses is what was authorized. Checked by a marker value that only B holds (never in a response) and by
 * B's objects being unchanged at the end (names and resourceVersions). A table pins the known tricks and
 * checks, as the admin, that the object a path reaches is in the namespace alice's denial names.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createNamespace, send, StatusTally, type FuzzRequest } from "./harness";
import { checkProperty, exchange } from "./runner";
import { readCollection, type CollectionState } from "./world";
import { formatDeviations } from "./known-deviations";

const FUZZ = { seed: 0xe5ca, numRuns: 300 };
const MARKER = "only-in-namespace-b-7f3a";
const ALICE = { Authorization: "Bearer alice-token" };
const tally = new StatusTally();
let A: string;
let B: string;
let bBefore: CollectionState;

const json = (method: string, path: string, body: unknown, contentType = "application/json"): FuzzRequest => ({ method, path, body: JSON.stringify(body), contentType });

async function admin(req: FuzzRequest) {
  const res = await send(req);
  if (res.status >= 300) throw new Error(`${req.method} ${req.path} → ${res.status} ${res.text}`);
  return res;
}

beforeAll(async () => {
  A = await createNamespace("esc-a");
  B = await createNamespace("esc-b");
  await admin(json("POST", `/apis/rbac.authorization.k8s.io/v1/namespaces/${A}/roles`, {
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "Role",
    metadata: { name: "cm-all" },
    rules: [{ apiGroups: [""], resources: ["configmaps"], verbs: ["*"] }],
  }));
  await admin(json("POST", `/apis/rbac.authorization.k8s.io/v1/namespaces/${A}/rolebindings`, {
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "RoleBinding",
    metadata: { name: "cm-all" },
    roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "cm-all" },
    subjects: [{ apiGroup: "rbac.authorization.k8s.io", kind: "User", name: "alice" }],
  }));
  await admin(json("POST", `/api/v1/namespaces/${B}/configmaps`, { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "secret-b" }, data: { k: MARKER } }));
  await admin(json("POST", `/api/v1/namespaces/${A}/configmaps`, { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "cm-a" }, data: { k: "a" } }));
  const own = await send({ method: "GET", path: `/api/v1/namespaces/${A}/configmaps`, headers: ALICE });
  if (own.status !== 200) throw new Error(`alice cannot list her own namespace: ${own.status} ${own.text}`);
  bBefore = await readCollection(`/api/v1/namespaces/${B}/configmaps`);
}, 60_000);

afterAll(() => console.log(`[fuzz] namespace-escape (${FUZZ.numRuns} runs, seed ${FUZZ.seed}) statuses:\n${tally.format()}\n${formatDeviations()}`));

/** The namespace named by an authorization denial (`… in the namespace "x"`), or undefined. */
const deniedNamespace = (message: string) => /in the namespace "([^"]*)"/.exec(message)?.[1];

/** Everything alice's answer reveals must be hers: never B's marker, never an object of B. */
function assertNothingOfB(text: string, where: string): void {
  if (text.includes(MARKER)) throw new Error(`${where} revealed B's data: ${text.slice(0, 300)}`);
  if (text.includes(`"namespace":"${B}"`) && !/is forbidden|not found/.test(text)) throw new Error(`${where} returned an object of B: ${text.slice(0, 300)}`);
}

describe("fuzz: namespace escape by path encoding", () => {
  const tricks = () => [
    // [path, what routing and authorization must both see: the namespace, or undefined when nothing is addressed]
    [`/api/v1/namespaces/${A}/configmaps/../../${B}/configmaps/secret-b`, B],
    [`/api/v1/namespaces/${A}/configmaps/%2e%2e/%2E%2E/${B}/configmaps/secret-b`, B],
    [`/api/v1/namespaces/${A}/configmaps/..%2F..%2F${B}%2Fconfigmaps%2Fsecret-b`, A],
    [`/api/v1/namespaces/${A}/configmaps/..%252F..%252F${B}%252Fconfigmaps%252Fsecret-b`, A],
    [`/api/v1/namespaces/${A}%2F..%2F${B}/configmaps/secret-b`, `${A}/../${B}`],
    [`/api/v1/namespaces/${A}/..%2F${B}/configmaps/secret-b`, A],
    [`/api/v1/namespaces/${encodeURIComponent(B).replace(/-/g, "%2D")}/configmaps/secret-b`, B],
    [`/api//v1/namespaces/${B}/configmaps/secret-b`, B],
    // The URL parser drops the empty segment before "..": namespace A, resource B, name "configmaps".
    [`/api/v1/namespaces/${A}//..//${B}/configmaps/secret-b`, A],
    [`/api/v1/namespaces/${B.toUpperCase()}/configmaps/secret-b`, B.toUpperCase()],
    [`/api/v1/namespaces/${A}/configmaps/secret-b?namespace=${B}`, A],
    [`/api/v1/namespaces/${A}/configmaps?fieldSelector=metadata.namespace%3D${B}`, A],
  ] as const;

  it("known tricks: alice is denied for B or reaches only A; the admin reaches what alice was judged on", async () => {
    for (const [path, addressed] of tricks()) {
      const res = await exchange(tally, "table", { method: "GET", path, headers: ALICE });
      assertNothingOfB(res.text, `GET ${path}`);
      if (res.status === 403) expect(deniedNamespace(res.body.message), path).toBe(addressed);
      const seen = await send({ method: "GET", path });
      // What the admin gets at this path lies in the namespace the authorizer was asked about.
      const objects = seen.status === 200 ? (seen.body.items ?? [seen.body]) : [];
      for (const o of objects) expect(o.metadata.namespace, path).toBe(addressed);
      if (addressed === B) expect(res.status, path).toBe(403);
    }
  }, 60_000);

  it("mixed-case methods are the same verbs (fetch normalizes all but PATCH; RBAC lower-cases)", async () => {
    for (const [method, verb] of [["gEt", "get"], ["delete", "delete"], ["pAtCh", "patch"], ["Put", "update"]]) {
      const body = method.toUpperCase() === "GET" ? {} : { body: "{}", contentType: "application/merge-patch+json" };
      const res = await exchange(tally, "mixed-case", { method, path: `/api/v1/namespaces/${B}/configmaps/secret-b`, headers: ALICE, ...body });
      expect(res.status, method).toBe(403);
      expect(res.body.message).toContain(`cannot ${verb} resource "configmaps" in API group "" in the namespace "${B}"`);
    }
  }, 30_000);

  it("random encodings and methods never reach B", async () => {
    const enc = (s: string) => fc.constantFrom(s, encodeURIComponent(s), s.split("").map((c) => `%${c.charCodeAt(0).toString(16)}`).join(""));
    const traversal = fc.constantFrom("..", "%2e%2e", "%2E%2e", ".%2e", "%2e.", "..%2F", "%2F", "%252F", "", ".", "%2F..%2F", "..;");
    const namespace = fc.oneof(
      enc(B),
      fc.tuple(enc(A), traversal, enc(B)).map(([a, t, b]) => `${a}/${t}/${b}`),
      fc.tuple(enc(A), traversal, enc(B)).map(([a, t, b]) => `${a}${t}${b}`),
      fc.constant(A),
    );
    const tail = fc.oneof(
      fc.constantFrom("configmaps", "configmaps/secret-b", "configmaps/cm-a", "configmaps/secret-b/status", "configmaps/secret-b/..", "configmaps/..", "secrets"),
      fc.tuple(traversal, traversal, enc(B)).map(([t1, t2, b]) => `configmaps/${t1}/${t2}/${b}/configmaps/secret-b`),
      fc.tuple(traversal, enc(B)).map(([t, b]) => `configmaps/${t}${t}${b}${t}configmaps${t}secret-b`),
    );
    const prefix = fc.constantFrom("/api/v1", "//api/v1", "/api//v1", "/api/v1/", "/api/./v1", "/api/v1/x/..");
    const method = fc.constantFrom("GET", "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "pAtCh", "dElEtE");
    const query = fc.constantFrom("", `?namespace=${B}`, "?watch=true&timeoutSeconds=1", "?dryRun=All", `?fieldSelector=metadata.namespace%3D${B}`);
    const body = fc.constantFrom(
      { body: JSON.stringify({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "secret-b", namespace: B }, data: { k: "pwned" } }), contentType: "application/json" },
      { body: JSON.stringify({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "secret-b" }, data: { k: "pwned" } }), contentType: "application/json" },
      { body: JSON.stringify({ data: { k: "pwned" } }), contentType: "application/merge-patch+json" },
      { body: JSON.stringify([{ op: "replace", path: "/data/k", value: "pwned" }]), contentType: "application/json-patch+json" },
      { body: `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: secret-b\n  namespace: ${B}\ndata:\n  k: pwned\n`, contentType: "application/apply-patch+yaml" },
    );
    await checkProperty(
      "namespace-escape",
      fc.asyncProperty(prefix, namespace, tail, method, query, body, async (p, n, t, m, q, b) => {
        const path = `${p}/namespaces/${n}/${t}${m.toUpperCase() === "PATCH" && b.contentType === "application/apply-patch+yaml" ? (q ? `${q}&fieldManager=x` : "?fieldManager=x") : q}`;
        const request: FuzzRequest = { method: m, path, headers: ALICE, ...(m.toUpperCase() === "GET" || m === "HEAD" ? {} : b), streamMs: q.includes("watch") ? 100 : undefined };
        const res = await exchange(tally, m.toUpperCase(), request);
        assertNothingOfB(res.text, `${m} ${path}`);
      }),
      FUZZ,
    );
    // The list's own resourceVersion is the shard's revision (alice's writes in A bump it); B's items must not move.
    expect((await readCollection(`/api/v1/namespaces/${B}/configmaps`)).items).toEqual(bBefore.items);
    const secret = await send({ method: "GET", path: `/api/v1/namespaces/${B}/configmaps/secret-b` });
    expect(secret.body.data).toEqual({ k: MARKER });
  }, 120_000);
});
