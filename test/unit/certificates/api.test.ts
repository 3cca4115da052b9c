/**
 * The CertificateSigningRequest API through the real Worker: requester recorded on create, 422/400/403 with
 * upstream's messages, spec and status kept by main writes, the approval subresource and its `approve` check,
 * field selection, table, discovery and protobuf bodies.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { call, get, patch, post, put } from "../api/client";
import { bytes, encode, envelope, int, msg } from "../protobuf/wire-builder";
import { b64, CLIENT_SIGNER, CLIENT_USAGES, csrObject, makeCsrPem } from "./fixtures";

const CSRS = "/apis/certificates.k8s.io/v1/certificatesigningrequests";
const CUSTOM_SIGNER = "example.com/custom";
let pem = "";
let n = 0;
const uniq = (p: string) => `${p}-${Date.now().toString(36)}-${(n++).toString(36)}`;

beforeAll(async () => {
  pem = await makeCsrPem({ subject: "CN=alice, O=dev" });
  await get("/api/v1/namespaces/default"); // the first request bootstraps the cluster (RBAC policy …)
}, 60_000);

async function create(signer = CUSTOM_SIGNER, usages = CLIENT_USAGES, extra = {}) {
  const name = uniq("csr");
  const res = await post(CSRS, csrObject(name, pem, signer, usages, extra));
  expect(res.status, res.text).toBe(201);
  return res.body;
}

const approvedCondition = { type: "Approved", status: "True", reason: "Test", message: "approved by test" };

describe("create", () => {
  it("records the requester, ignores the body's requester and status", async () => {
    const name = uniq("csr");
    const body = csrObject(name, pem, CUSTOM_SIGNER, CLIENT_USAGES, { username: "mallory", groups: ["system:masters"] });
    body.status = { conditions: [approvedCondition] };
    const res = await post(CSRS, body);
    expect(res.status, res.text).toBe(201);
    expect(res.body.spec.username).toBe("kubernetes-admin");
    expect(res.body.spec.groups).toEqual(["system:masters", "system:authenticated"]);
    expect(res.body.status?.conditions).toBeUndefined();
    const stored = await get(`${CSRS}/${name}`);
    expect(stored.body.spec.username).toBe("kubernetes-admin");
  });

  it("422 for a request that is not a CSR, with the bytes printed as Go does", async () => {
    const res = await post(CSRS, csrObject("bad-req", "hi", CUSTOM_SIGNER, CLIENT_USAGES));
    expect(res.status).toBe(422);
    expect(res.body.message).toBe(
      'CertificateSigningRequest.certificates.k8s.io "bad-req" is invalid: spec.request: Invalid value: []byte{0x68, 0x69}: PEM block type must be CERTIFICATE REQUEST',
    );
    expect(res.body.details.causes).toEqual([
      { reason: "FieldValueInvalid", field: "spec.request", message: "Invalid value: []byte{0x68, 0x69}: PEM block type must be CERTIFICATE REQUEST" },
    ]);
  });

  it("422 listing every problem", async () => {
    const res = await post(CSRS, csrObject("bad-many", pem, "kubernetes.io/legacy-unknown", [], { expirationSeconds: 60 }));
    expect(res.status).toBe(422);
    expect(res.body.message).toBe(
      'CertificateSigningRequest.certificates.k8s.io "bad-many" is invalid: [spec.usages: Required value, spec.signerName: Invalid value: "kubernetes.io/legacy-unknown": the legacy signerName is not allowed via this API version, spec.expirationSeconds: Invalid value: 60: may not specify a duration less than 600 seconds (10 minutes)]',
    );
  });

  it("400 for a request that is not base64", async () => {
    const body = csrObject("bad-b64", pem, CUSTOM_SIGNER, CLIENT_USAGES);
    body.spec.request = "not base64!";
    const res = await post(CSRS, body);
    expect(res.status).toBe(400);
    expect(res.body.message).toContain("illegal base64 data at input byte 3");
  });

  it("403 for a kube-apiserver-client request in system:masters (CertificateSubjectRestriction)", async () => {
    const masters = await makeCsrPem({ subject: "CN=root, O=system:masters" });
    const res = await post(CSRS, csrObject("masters", masters, CLIENT_SIGNER, CLIENT_USAGES));
    expect(res.status).toBe(403);
    expect(res.body.message).toBe(
      'certificatesigningrequests.certificates.k8s.io "masters" is forbidden: use of kubernetes.io/kube-apiserver-client signer with system:masters group is not allowed',
    );
  });
});

describe("updates", () => {
  it("the main resource keeps spec and status; metadata changes", async () => {
    const csr = await create();
    const changed = structuredClone(csr);
    changed.metadata.labels = { team: "a" };
    changed.spec.signerName = "example.com/other";
    changed.spec.usages = ["server auth"];
    changed.status = { conditions: [approvedCondition] };
    const res = await put(`${CSRS}/${csr.metadata.name}`, changed);
    expect(res.status, res.text).toBe(200);
    expect(res.body.metadata.labels).toEqual({ team: "a" });
    expect(res.body.spec).toEqual(csr.spec);
    expect(res.body.status?.conditions).toBeUndefined();
  });

  it("approval: PUT adds Approved with timestamps; the spec and certificate stay", async () => {
    const csr = await create();
    const body = structuredClone(csr);
    body.spec.username = "someone-else";
    body.status = { conditions: [approvedCondition], certificate: b64("junk") };
    const res = await put(`${CSRS}/${csr.metadata.name}/approval`, body);
    expect(res.status, res.text).toBe(200);
    expect(res.body.spec).toEqual(csr.spec);
    expect(res.body.status.certificate).toBeUndefined();
    const [c] = res.body.status.conditions;
    expect(c).toMatchObject(approvedCondition);
    expect(c.lastUpdateTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(c.lastTransitionTime).toBe(c.lastUpdateTime);
    const table = await get(CSRS, { accept: "application/json;as=Table;v=v1;g=meta.k8s.io" });
    const row = table.body.rows.find((r: { object: { metadata: { name: string } } }) => r.object.metadata.name === csr.metadata.name);
    expect(table.body.columnDefinitions.map((d: { name: string }) => d.name)).toEqual(["Name", "Age", "SignerName", "Requestor", "RequestedDuration", "Condition"]);
    expect(row.cells.slice(2)).toEqual([CUSTOM_SIGNER, "kubernetes-admin", "<none>", "Approved"]);
  });

  it("approval: a merge patch adding Denied to an approved request is refused", async () => {
    const csr = await create();
    const path = `${CSRS}/${csr.metadata.name}/approval`;
    expect((await patch(path, { status: { conditions: [approvedCondition] } }, "application/merge-patch+json")).status).toBe(200);
    const res = await patch(path, { status: { conditions: [approvedCondition, { type: "Denied", status: "True" }] } }, "application/merge-patch+json");
    expect(res.status).toBe(422);
    expect(res.body.message).toBe(
      `CertificateSigningRequest.certificates.k8s.io "${csr.metadata.name}" is invalid: status.conditions[1].type: Invalid value: "Denied": Approved and Denied conditions are mutually exclusive`,
    );
  });

  it("status: conditions Approved/Denied cannot be added there; the certificate can be set once", async () => {
    const csr = await create();
    const path = `${CSRS}/${csr.metadata.name}/status`;
    const denied = await put(path, { ...csr, status: { conditions: [{ type: "Denied", status: "True" }] } });
    expect(denied.status).toBe(422);
    expect(denied.body.message).toContain('status.conditions: Forbidden: updates may not add a condition of type "Denied"');
    const junk = await put(path, { ...csr, status: { certificate: b64("junk") } });
    expect(junk.status).toBe(422);
    expect(junk.body.message).toContain('status.certificate: Invalid value: "<certificate data>": must contain at least one CERTIFICATE PEM block');
  });

  it("GET approval returns the request", async () => {
    const csr = await create();
    const res = await get(`${CSRS}/${csr.metadata.name}/approval`);
    expect(res.status).toBe(200);
    expect(res.body.metadata.uid).toBe(csr.metadata.uid);
  });
});

describe("the approve check (CertificateApproval)", () => {
  const RBAC = "/apis/rbac.authorization.k8s.io/v1";
  const as = (user: string) => ({ headers: { "Impersonate-User": user } });

  async function grant(user: string, rules: unknown[]) {
    const name = uniq("csr-approver");
    expect((await post(`${RBAC}/clusterroles`, { metadata: { name }, rules })).status).toBe(201);
    const binding = { metadata: { name }, roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name }, subjects: [{ kind: "User", apiGroup: "rbac.authorization.k8s.io", name: user }] };
    expect((await post(`${RBAC}/clusterrolebindings`, binding)).status).toBe(201);
  }

  it("update on approval without approve on the signer → 403; with it (or <domain>/*) → 200", async () => {
    const user = uniq("approver");
    await grant(user, [{ apiGroups: ["certificates.k8s.io"], resources: ["certificatesigningrequests/approval"], verbs: ["update"] }]);
    const csr = await create();
    const body = { ...csr, status: { conditions: [approvedCondition] } };
    const refused = await put(`${CSRS}/${csr.metadata.name}/approval`, body, as(user));
    expect(refused.status).toBe(403);
    expect(refused.body.message).toBe(
      `certificatesigningrequests.certificates.k8s.io "${csr.metadata.name}" is forbidden: user not permitted to approve requests with signerName "${CUSTOM_SIGNER}"`,
    );
    await grant(user, [{ apiGroups: ["certificates.k8s.io"], resources: ["signers"], resourceNames: ["example.com/*"], verbs: ["approve"] }]);
    const allowed = await put(`${CSRS}/${csr.metadata.name}/approval`, body, as(user));
    expect(allowed.status, allowed.text).toBe(200);
  });
});

describe("reads", () => {
  it("OpenAPI v3 describes the kind with upstream's names and list metadata", async () => {
    const root = await get("/openapi/v3");
    const doc = (await get(root.body.paths["apis/certificates.k8s.io/v1"].serverRelativeURL)).body;
    const schemas = doc.components.schemas;
    expect(schemas["io.k8s.api.certificates.v1.CertificateSigningRequest"]["x-kubernetes-group-version-kind"]).toEqual([
      { group: "certificates.k8s.io", kind: "CertificateSigningRequest", version: "v1" },
    ]);
    const spec = schemas["io.k8s.api.certificates.v1.CertificateSigningRequestSpec"];
    expect(spec.properties.request.format).toBe("byte");
    const status = schemas["io.k8s.api.certificates.v1.CertificateSigningRequestStatus"];
    expect(status.properties.conditions["x-kubernetes-list-type"]).toBe("map");
    expect(status.properties.conditions["x-kubernetes-list-map-keys"]).toEqual(["type"]);
    expect(status.properties.certificate.format).toBe("byte");
    expect(Object.keys(doc.paths)).toContain("/apis/certificates.k8s.io/v1/certificatesigningrequests/{name}/status");
  });

  it("spec.signerName is a field selector", async () => {
    const a = await create("example.com/alpha");
    await create("example.com/beta");
    const res = await get(`${CSRS}?fieldSelector=${encodeURIComponent("spec.signerName=example.com/alpha")}`);
    expect(res.status).toBe(200);
    expect(res.body.items.map((i: { metadata: { name: string } }) => i.metadata.name)).toContain(a.metadata.name);
    expect(res.body.items.every((i: { spec: { signerName: string } }) => i.spec.signerName === "example.com/alpha")).toBe(true);
  });

  it("discovery: cluster-scoped, short name csr, status and approval subresources", async () => {
    const res = await get("/apis/certificates.k8s.io/v1");
    const names = res.body.resources.map((r: { name: string }) => r.name);
    const main = res.body.resources.find((r: { name: string }) => r.name === "certificatesigningrequests");
    expect(main).toMatchObject({ namespaced: false, kind: "CertificateSigningRequest", shortNames: ["csr"] });
    expect(names).toContain("certificatesigningrequests/approval");
    expect(names).toContain("certificatesigningrequests/status");
  });
});

/** A string field as bytes (protobufjs' Buffer-based string writer misbehaves in workerd). */
const str = (id: number, value: string) => bytes(id, new TextEncoder().encode(value));

describe("protobuf (kubectl certificate approve sends UpdateApproval as protobuf)", () => {
  it("a protobuf CertificateSigningRequest with an Approved condition is accepted by the approval subresource", async () => {
    const csr = await create();
    const meta = msg(1, str(1, csr.metadata.name), str(2, ""), str(3, ""), str(5, csr.metadata.uid), str(6, csr.metadata.resourceVersion), int(7, 0), msg(8));
    const spec = msg(
      2,
      bytes(1, new TextEncoder().encode(pem)),
      str(2, csr.spec.username),
      str(3, ""),
      ...csr.spec.groups.map((g: string) => str(4, g)),
      ...CLIENT_USAGES.map((u) => str(5, u)),
      str(7, CUSTOM_SIGNER),
    );
    const condition = msg(
      1,
      str(1, "Approved"),
      str(2, "KubectlApprove"),
      str(3, "This CSR was approved by kubectl certificate approve."),
      msg(4, int(1, 1700000000)),
      msg(5),
      str(6, "True"),
    );
    const raw = encode(meta, spec, msg(3, condition));
    const body = envelope("certificates.k8s.io/v1", "CertificateSigningRequest", raw);
    const res = await call("PUT", `${CSRS}/${csr.metadata.name}/approval`, body, { contentType: "application/vnd.kubernetes.protobuf" });
    expect(res.status, res.text).toBe(200);
    expect(res.body.status.conditions).toHaveLength(1);
    expect(res.body.status.conditions[0]).toMatchObject({ type: "Approved", status: "True", reason: "KubectlApprove", lastUpdateTime: "2023-11-14T22:13:20Z" });
    expect(res.body.spec).toEqual(csr.spec);
  });
});
