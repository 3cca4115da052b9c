/**
 * Red team: every write path asks for what upstream asks for. Server-side apply that creates needs `create`
 * (patch.go withAuthorization); subresources never create; `…/scale` only ever writes replicas; POST is a
 * collection verb; dry runs still meet escalation checks and quota.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { del, deployment, freshNamespace, get, post } from "../api/client";
import { APPLY, RBAC, RBAC_GROUP, as, created, grant, unique } from "./helpers";
import { CLIENT_SIGNER, CLIENT_USAGES, csrObject, makeCsrPem } from "../certificates/fixtures";

const CSRS = "/apis/certificates.k8s.io/v1/certificatesigningrequests";
const cm = (name: string) => ({ apiVersion: "v1", kind: "ConfigMap", metadata: { name }, data: { k: "v" } });
const pod = (name: string) => ({ apiVersion: "v1", kind: "Pod", metadata: { name }, spec: { containers: [{ name: "c", image: "nginx" }] } });

beforeAll(async () => {
  expect((await get("/api/v1/namespaces/default")).status).toBe(200);
}, 60_000);

describe("server-side apply of a missing object", () => {
  it("with patch but not create is 403 (NewForbidden with the authorizer's reason) and creates nothing", async () => {
    const ns = await freshNamespace("sec");
    const eve = { user: unique("eve") };
    await grant(eve.user, [{ apiGroups: [""], resources: ["configmaps"], verbs: ["get", "patch"] }], ns);
    const res = await as(eve, "PATCH", `/api/v1/namespaces/${ns}/configmaps/x?fieldManager=eve`, cm("x"), { contentType: APPLY });
    expect(res.status, res.text).toBe(403);
    expect(res.body.message).toBe('configmaps "x" is forbidden: ');
    expect(res.body.details).toEqual({ name: "x", kind: "configmaps" });
    expect((await get(`/api/v1/namespaces/${ns}/configmaps/x`)).status).toBe(404);
  });

  it("with patch and create creates (201); an existing object needs only patch", async () => {
    const ns = await freshNamespace("sec");
    const eve = { user: unique("eve") };
    await grant(eve.user, [{ apiGroups: [""], resources: ["configmaps"], verbs: ["patch", "create"] }], ns);
    const first = await as(eve, "PATCH", `/api/v1/namespaces/${ns}/configmaps/x?fieldManager=eve`, cm("x"), { contentType: APPLY });
    expect(first.status, first.text).toBe(201);
    await created(`/api/v1/namespaces/${ns}/configmaps`, cm("y"));
    const onlyPatch = { user: unique("pat") };
    await grant(onlyPatch.user, [{ apiGroups: [""], resources: ["configmaps"], verbs: ["patch"] }], ns);
    const res = await as(onlyPatch, "PATCH", `/api/v1/namespaces/${ns}/configmaps/y?fieldManager=pat&force=true`, { ...cm("y"), data: { k: "w" } }, { contentType: APPLY });
    expect(res.status, res.text).toBe(200);
  });

  it("through pods/status is 404: a status writer cannot create pods (nor slip past quota, which skips subresources)", async () => {
    const ns = await freshNamespace("sec");
    const eve = { user: unique("eve") };
    await grant(eve.user, [{ apiGroups: [""], resources: ["pods/status"], verbs: ["get", "patch"] }], ns);
    const res = await as(eve, "PATCH", `/api/v1/namespaces/${ns}/pods/x/status?fieldManager=eve`, pod("x"), { contentType: APPLY });
    expect(res.status, res.text).toBe(404);
    expect(res.body.message).toBe('pods "x" not found');
    expect((await get(`/api/v1/namespaces/${ns}/pods/x`)).status).toBe(404);
  });

  it("through a CSR's approval is 404: no request is created past CertificateSubjectRestriction", async () => {
    const eve = { user: unique("eve") };
    await grant(eve.user, [{ apiGroups: ["certificates.k8s.io"], resources: ["certificatesigningrequests/approval"], verbs: ["patch"] }]);
    const name = unique("csr");
    const masters = csrObject(name, await makeCsrPem({ subject: "CN=eve, O=system:masters" }), CLIENT_SIGNER, CLIENT_USAGES);
    const res = await as(eve, "PATCH", `${CSRS}/${name}/approval?fieldManager=eve`, masters, { contentType: APPLY });
    expect(res.status, res.text).toBe(404);
    expect((await get(`${CSRS}/${name}`)).status).toBe(404);
  });
});

describe("the scale subresource", () => {
  it("an apply of the parent kind to …/scale is refused and leaves the pod template alone", async () => {
    const ns = await freshNamespace("sec");
    await created(`/apis/apps/v1/namespaces/${ns}/deployments`, deployment("d", 1, "nginx:1.27"));
    const eve = { user: unique("eve") };
    await grant(eve.user, [{ apiGroups: ["apps"], resources: ["deployments/scale"], verbs: ["get", "patch"] }], ns);
    const path = `/apis/apps/v1/namespaces/${ns}/deployments/d/scale?fieldManager=eve&force=true`;
    const res = await as(eve, "PATCH", path, deployment("d", 3, "evil:latest"), { contentType: APPLY });
    expect(res.status, res.text).toBe(400);
    expect(res.body.message).toBe("Incorrect version specified in apply patch. Specified patch version: apps/v1, expected: autoscaling/v1");
    const after = (await get(`/apis/apps/v1/namespaces/${ns}/deployments/d`)).body;
    expect(after.spec.template.spec.containers[0].image).toBe("nginx:1.27");
    expect(after.spec.replicas).toBe(1);
  });

  it("an apply of a Scale writes only spec.replicas", async () => {
    const ns = await freshNamespace("sec");
    await created(`/apis/apps/v1/namespaces/${ns}/deployments`, deployment("d", 1, "nginx:1.27"));
    const eve = { user: unique("eve") };
    await grant(eve.user, [{ apiGroups: ["apps"], resources: ["deployments/scale"], verbs: ["get", "patch"] }], ns);
    const scale = { apiVersion: "autoscaling/v1", kind: "Scale", metadata: { name: "d", labels: { x: "y" } }, spec: { replicas: 4 } };
    const res = await as(eve, "PATCH", `/apis/apps/v1/namespaces/${ns}/deployments/d/scale?fieldManager=eve`, scale, { contentType: APPLY });
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ kind: "Scale", spec: { replicas: 4 } });
    const after = (await get(`/apis/apps/v1/namespaces/${ns}/deployments/d`)).body;
    expect(after.spec.replicas).toBe(4);
    expect(after.metadata.labels).toEqual({ app: "d" });
    expect(after.spec.template.spec.containers[0].image).toBe("nginx:1.27");
  });

  it("an apply to the scale of a missing deployment is 404", async () => {
    const ns = await freshNamespace("sec");
    const scale = { apiVersion: "autoscaling/v1", kind: "Scale", metadata: { name: "nope" }, spec: { replicas: 4 } };
    const res = await as({ user: "admin-via-masters", groups: ["system:masters"] }, "PATCH", `/apis/apps/v1/namespaces/${ns}/deployments/nope/scale?fieldManager=x`, scale, { contentType: APPLY });
    expect(res.status, res.text).toBe(404);
    expect((await get(`/apis/apps/v1/namespaces/${ns}/deployments/nope`)).status).toBe(404);
  });
});

describe("POST addresses collections only", () => {
  it("a create authorized by resourceNames on the object's own path is 405, never a generateName'd object", async () => {
    const ns = await freshNamespace("sec");
    const eve = { user: unique("eve") };
    await grant(eve.user, [{ apiGroups: [""], resources: ["configmaps"], verbs: ["create"], resourceNames: ["allowed"] }], ns);
    const res = await as(eve, "POST", `/api/v1/namespaces/${ns}/configmaps/allowed`, { apiVersion: "v1", kind: "ConfigMap", metadata: { generateName: "evil-" } });
    expect(res.status, res.text).toBe(405);
    expect((await get(`/api/v1/namespaces/${ns}/configmaps`)).body.items.filter((i: { metadata: { name: string } }) => i.metadata.name !== "kube-root-ca.crt")).toEqual([]);
    // …and upstream's create never carries a name, so such a rule grants no create at all.
    const coll = await as(eve, "POST", `/api/v1/namespaces/${ns}/configmaps`, cm("allowed"));
    expect(coll.status, coll.text).toBe(403);
  });
});

describe("dry runs are checked like real writes", () => {
  it("a dry-run RoleBinding to a role the user does not hold is an escalation (403)", async () => {
    const ns = await freshNamespace("sec");
    const eve = { user: unique("eve") };
    await grant(eve.user, [{ apiGroups: [RBAC_GROUP], resources: ["rolebindings"], verbs: ["create"] }], ns);
    const binding = {
      apiVersion: `${RBAC_GROUP}/v1`,
      kind: "RoleBinding",
      metadata: { name: "b" },
      roleRef: { apiGroup: RBAC_GROUP, kind: "ClusterRole", name: "admin" },
      subjects: [{ kind: "User", name: eve.user }],
    };
    const res = await as(eve, "POST", `${RBAC}/namespaces/${ns}/rolebindings?dryRun=All`, binding);
    expect(res.status, res.text).toBe(403);
    expect(res.body.message).toMatch(/is attempting to grant RBAC permissions not currently held/);
  });

  it("a dry-run pod over quota is refused (403)", async () => {
    const ns = await freshNamespace("sec");
    await created(`/api/v1/namespaces/${ns}/resourcequotas`, { apiVersion: "v1", kind: "ResourceQuota", metadata: { name: "q" }, spec: { hard: { pods: "0" } } });
    const res = await post(`/api/v1/namespaces/${ns}/pods?dryRun=All`, pod("p"));
    expect(res.status, res.text).toBe(403);
    expect(res.body.message).toMatch(/exceeded quota: q/);
  });
});

describe("admission runs on the other write paths too", () => {
  it("server-side apply that creates meets quota and namespace lifecycle", async () => {
    const ns = await freshNamespace("sec");
    await created(`/api/v1/namespaces/${ns}/resourcequotas`, { apiVersion: "v1", kind: "ResourceQuota", metadata: { name: "q" }, spec: { hard: { pods: "0" } } });
    const overQuota = await post(`/api/v1/namespaces/${ns}/pods`, pod("via-post"));
    expect(overQuota.status, overQuota.text).toBe(403);
    const applied = await as({ user: "quota-probe", groups: ["system:masters"] }, "PATCH", `/api/v1/namespaces/${ns}/pods/via-apply?fieldManager=x`, pod("via-apply"), { contentType: APPLY });
    expect(applied.status, applied.text).toBe(403);
    expect(applied.body.message).toMatch(/exceeded quota: q/);

    const doomed = await freshNamespace("sec");
    // Content held by a finalizer keeps the namespace Terminating (the namespace controller waits for it).
    await created(`/api/v1/namespaces/${doomed}/configmaps`, { ...cm("held"), metadata: { name: "held", finalizers: ["example.com/hold"] } });
    expect((await del(`/api/v1/namespaces/${doomed}`)).status).toBe(200);
    const late = await as({ user: "late", groups: ["system:masters"] }, "PATCH", `/api/v1/namespaces/${doomed}/configmaps/c?fieldManager=x`, cm("c"), { contentType: APPLY });
    expect(late.status, late.text).toBe(403);
    expect(late.body.message).toMatch(/because it is being terminated/);
  });

  it("a CSR is approved only through approval with `approve` on its signer", async () => {
    const eve = { user: unique("eve") };
    await grant(eve.user, [
      { apiGroups: ["certificates.k8s.io"], resources: ["certificatesigningrequests", "certificatesigningrequests/status", "certificatesigningrequests/approval"], verbs: ["create", "get", "update"] },
      { apiGroups: ["certificates.k8s.io"], resources: ["signers"], verbs: ["sign"], resourceNames: [CLIENT_SIGNER] },
    ]);
    const name = unique("csr");
    const made = await as(eve, "POST", CSRS, csrObject(name, await makeCsrPem({ subject: "CN=eve" }), CLIENT_SIGNER, CLIENT_USAGES));
    expect(made.status, made.text).toBe(201);
    const approved = { ...made.body, status: { conditions: [{ type: "Approved", status: "True", reason: "Mine", message: "self-approved" }] } };
    const main = await as(eve, "PUT", `${CSRS}/${name}`, approved);
    expect(main.status, main.text).toBe(200);
    expect(main.body.status?.conditions).toBeUndefined();
    const status = await as(eve, "PUT", `${CSRS}/${name}/status`, approved);
    expect(status.status, status.text).toBe(422);
    const approval = await as(eve, "PUT", `${CSRS}/${name}/approval`, approved);
    expect(approval.status, approval.text).toBe(403);
    expect((await get(`${CSRS}/${name}`)).body.status?.conditions).toBeUndefined();
  });
});
