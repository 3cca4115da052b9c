/**
 * Generator (7): hostile headers and identities. Every request is sent as one of: the admin, alice (a
 * static-token user bound to ConfigMaps in her namespace), anonymous, or garbage credentials; with garbage or
 * real Impersonate-* headers, Content-Type, Accept, Audit-ID and X-Forwarded-For; against list (with random
 * selectors), get, create, patch and delete of ConfigMaps. Every answer keeps the contract, carries an
 * Audit-Id header (the client's own when it sent one), and a rejected create stores nothing while an
 * accepted one is there (read back at the end).
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createNamespace, send, StatusTally, type FuzzRequest } from "./harness";
import { checkProperty, exchange } from "./runner";
import { readCollection } from "./world";
import { formatDeviations } from "./known-deviations";

const FUZZ = { seed: 0x1d3, numRuns: 300 };
const tally = new StatusTally();
let ns: string;
let created = 0;
const accepted = new Set<string>();
const rejected = new Set<string>();

const printable = (max: number) => fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: max });

const identity = fc.constantFrom<[string, Record<string, string>]>(
  ["admin", {}],
  ["alice", { Authorization: "Bearer alice-token" }],
  ["anonymous", { Authorization: "" }],
  ["bad-bearer", { Authorization: "Bearer not-a-real-token" }],
  ["basic", { Authorization: "Basic YWxpY2U6cGFzc3dvcmQ=" }],
  ["empty-bearer", { Authorization: "Bearer  " }],
  ["scheme-only", { Authorization: "Bearer" }],
  ["jwt-garbage", { Authorization: "Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0." }],
);

const impersonation = fc.oneof(
  { arbitrary: fc.constant({}), weight: 6 },
  fc.record({ "Impersonate-User": fc.oneof(fc.constantFrom("alice", "system:anonymous", "system:serviceaccount:default:x", "system:node:n1", ""), printable(40)) }),
  fc.record({ "Impersonate-Group": fc.oneof(fc.constantFrom("system:masters", "devs"), printable(20)) }),
  fc.record({ "Impersonate-User": fc.constant("alice"), "Impersonate-Group": fc.constantFrom("system:masters", "devs, system:masters") }),
  fc.record({ "Impersonate-User": fc.constant("bob"), "Impersonate-Uid": printable(20) }),
  fc.tuple(printable(10), printable(20)).map(([k, v]) => ({ "Impersonate-User": "alice", [`Impersonate-Extra-${k.replace(/[^A-Za-z0-9%-]/g, "") || "x"}`]: v })),
);

const accept = fc.oneof(
  fc.constantFrom(
    "application/json",
    "application/yaml",
    "application/vnd.kubernetes.protobuf",
    "application/json;as=Table;v=v1;g=meta.k8s.io",
    "application/json;as=PartialObjectMetadataList;v=v1;g=meta.k8s.io",
    "*/*",
    "text/html",
    "",
  ),
  printable(40),
);

const contentType = fc.oneof(
  fc.constantFrom("application/json", "application/yaml", "application/merge-patch+json", "application/json-patch+json", "application/strategic-merge-patch+json", "text/plain", "application/json; charset=utf-16"),
  printable(40),
);

const selector = fc.oneof(
  fc.constantFrom("", "labelSelector=app%3Dx", "labelSelector=app+in+(a,b)", "fieldSelector=metadata.name%3Dcm-0", "labelSelector=!!!", "fieldSelector=spec.nope%3D1", "labelSelector=a%3D%3D%3Db"),
  printable(30).map((s) => `labelSelector=${encodeURIComponent(s)}`),
  printable(30).map((s) => `fieldSelector=${encodeURIComponent(s)}`),
);

type Op = "list" | "get" | "create" | "patch" | "delete";

function requestFor(op: Op, q: string, type: string): FuzzRequest {
  const base = `/api/v1/namespaces/${ns}/configmaps`;
  switch (op) {
    case "list":
      return { method: "GET", path: q ? `${base}?${q}` : base };
    case "get":
      return { method: "GET", path: `${base}/cm-0` };
    case "create": {
      const name = `fz-id-${created++}`;
      return { method: "POST", path: base, body: JSON.stringify({ apiVersion: "v1", kind: "ConfigMap", metadata: { name }, data: { a: "b" } }), contentType: type };
    }
    case "patch":
      return { method: "PATCH", path: `${base}/cm-0`, body: JSON.stringify({ metadata: { labels: { touched: "yes" } } }), contentType: type };
    default:
      return { method: "DELETE", path: `${base}/does-not-exist` };
  }
}

describe("fuzz: hostile headers and identities", () => {
  beforeAll(async () => {
    ns = await createNamespace("fz-id");
    const role = {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "Role",
      metadata: { name: "cm-all" },
      rules: [{ apiGroups: [""], resources: ["configmaps"], verbs: ["*"] }],
    };
    const binding = {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "RoleBinding",
      metadata: { name: "cm-all" },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "cm-all" },
      subjects: [{ apiGroup: "rbac.authorization.k8s.io", kind: "User", name: "alice" }],
    };
    for (const [path, body] of [
      [`/apis/rbac.authorization.k8s.io/v1/namespaces/${ns}/roles`, role],
      [`/apis/rbac.authorization.k8s.io/v1/namespaces/${ns}/rolebindings`, binding],
      [`/api/v1/namespaces/${ns}/configmaps`, { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "cm-0" }, data: { a: "b" } }],
    ] as const) {
      const res = await send({ method: "POST", path, body: JSON.stringify(body), contentType: "application/json" });
      if (res.status !== 201) throw new Error(`${path}: ${res.status} ${res.text}`);
    }
  }, 60_000);
  afterAll(() => console.log(`[fuzz] identities (${FUZZ.numRuns} runs, seed ${FUZZ.seed}) statuses:\n${tally.format()}\n${formatDeviations()}`));

  it("every identity and header combination keeps the contract; rejected creates store nothing", async () => {
    const op = fc.constantFrom<Op>("list", "list", "get", "create", "create", "patch", "delete");
    const extra = fc.record(
      { "Audit-ID": printable(40), "X-Forwarded-For": printable(60), "User-Agent": printable(60), "X-HTTP-Method-Override": fc.constantFrom("DELETE", "PUT") },
      { requiredKeys: [] },
    );
    await checkProperty(
      "identities",
      fc.asyncProperty(identity, impersonation, accept, contentType, selector, op, extra, async ([who, auth], imp, acc, type, q, o, more) => {
        const request = requestFor(o, q, type);
        const headers: Record<string, string> = { ...auth, ...imp, ...more };
        if (acc) headers.Accept = acc;
        if (headers.Authorization === "") headers.Authorization = "Bearer-less"; // no usable credentials: anonymous
        request.headers = headers;
        const res = await exchange(tally, `${who} ${o}`, request);
        const auditId = res.headers.get("audit-id");
        if (!auditId) throw new Error(`no Audit-Id header on ${res.status} ${request.method} ${request.path}`);
        if (more["Audit-ID"]?.trim() && auditId !== more["Audit-ID"].trim()) throw new Error(`Audit-Id ${auditId} ≠ sent ${more["Audit-ID"]}`);
        if (o === "create") {
          const name = JSON.parse(request.body as string).metadata.name;
          (res.status === 201 ? accepted : rejected).add(name);
        }
      }),
      FUZZ,
    );
    const stored = Object.keys((await readCollection(`/api/v1/namespaces/${ns}/configmaps`)).items).filter((n) => n.startsWith("fz-id-"));
    expect(stored.sort()).toEqual([...accepted].sort());
    expect(rejected.size).toBeGreaterThan(0);
  }, 120_000);
});
