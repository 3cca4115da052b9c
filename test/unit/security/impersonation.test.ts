/**
 * Red team: impersonation headers give exactly what the `impersonate` grants name. The service account
 * `mallory` (its own token: impersonation is one hop) may impersonate the user `bob-imp`, the group `devs`
 * and the extra `scopes=view` only.
 */
import { SELF } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { BASE, freshNamespace, get, post } from "../api/client";
import { grant } from "./helpers";

const SSR = "/apis/authentication.k8s.io/v1/selfsubjectreviews";
let ns: string;
let malloryToken: string;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function whoami(headers: Record<string, string>, token = malloryToken): Promise<{ status: number; body: any }> {
  const res = await SELF.fetch(BASE + SSR, {
    method: "POST",
    headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json", ...headers },
    body: JSON.stringify({ apiVersion: "authentication.k8s.io/v1", kind: "SelfSubjectReview" }),
  });
  return { status: res.status, body: await res.json() };
}

beforeAll(async () => {
  ns = await freshNamespace("imp");
  await post(`/api/v1/namespaces/${ns}/serviceaccounts`, { apiVersion: "v1", kind: "ServiceAccount", metadata: { name: "mallory" } });
  const tr = await post(`/api/v1/namespaces/${ns}/serviceaccounts/mallory/token`, { apiVersion: "authentication.k8s.io/v1", kind: "TokenRequest", spec: {} });
  malloryToken = tr.body.status.token;
  await grant(`system:serviceaccount:${ns}:mallory`, [
    { apiGroups: [""], resources: ["users"], verbs: ["impersonate"], resourceNames: ["bob-imp"] },
    { apiGroups: [""], resources: ["groups"], verbs: ["impersonate"], resourceNames: ["devs"] },
    { apiGroups: ["authentication.k8s.io"], resources: ["userextras/scopes"], verbs: ["impersonate"], resourceNames: ["view"] },
  ]);
}, 60_000);

describe("impersonation", () => {
  it("the granted user and group work (the control)", async () => {
    const res = await whoami({ "Impersonate-User": "bob-imp", "Impersonate-Group": "devs" });
    expect(res.status).toBe(201);
    expect(res.body.status.userInfo).toEqual({ username: "bob-imp", groups: ["devs", "system:authenticated"] });
  });

  it.each([
    ["system:masters as a group", { "Impersonate-User": "bob-imp", "Impersonate-Group": "system:masters" }],
    ["a second group smuggled after a comma", { "Impersonate-User": "bob-imp", "Impersonate-Group": "devs, system:masters" }],
    ["another user", { "Impersonate-User": "admin" }],
    ["a service account by username (needs serviceaccounts, not users)", { "Impersonate-User": `system:serviceaccount:${"kube-system"}:default` }],
    ["a node", { "Impersonate-User": "system:node:n1", "Impersonate-Group": "system:nodes" }],
    ["a uid", { "Impersonate-User": "bob-imp", "Impersonate-Uid": "1" }],
    ["an extra value not granted", { "Impersonate-User": "bob-imp", "Impersonate-Extra-Scopes": "admin" }],
    ["an extra key spelled with percent-encoding", { "Impersonate-User": "bob-imp", "Impersonate-Extra-Scope%73": "admin" }],
    ["an extra key with an encoded slash", { "Impersonate-User": "bob-imp", "Impersonate-Extra-Scopes%2Fx": "view" }],
    ["header names in odd case", { "iMPERSONATE-uSER": "bob-imp", "IMPERSONATE-GROUP": "system:masters" }],
  ])("%s is 403", async (_what, headers) => {
    const res = await whoami(headers as Record<string, string>);
    expect(res.status, JSON.stringify(res.body)).toBe(403);
  });

  it("a percent-encoded extra key is the decoded key (granted `scopes=view`)", async () => {
    const res = await whoami({ "Impersonate-User": "bob-imp", "Impersonate-Extra-%73copes": "view" });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.status.userInfo.extra).toEqual({ scopes: ["view"] });
  });

  it("groups, extra or uid without a user are 400; an empty user impersonates nobody", async () => {
    const cases: Record<string, string>[] = [{ "Impersonate-Group": "devs" }, { "Impersonate-User": "", "Impersonate-Group": "devs" }, { "Impersonate-Extra-Scopes": "view" }, { "Impersonate-Uid": "1" }];
    for (const headers of cases) {
      const res = await whoami(headers);
      expect(res.status, JSON.stringify(res.body)).toBe(400);
    }
    const empty = await whoami({ "Impersonate-User": "" });
    expect(empty.status).toBe(201);
    expect(empty.body.status.userInfo.username).toBe(`system:serviceaccount:${ns}:mallory`);
  });

  it("anonymous cannot impersonate anyone", async () => {
    const res = await SELF.fetch(BASE + "/api/v1/namespaces/default/secrets", { headers: { "Impersonate-User": "system:admin", "Impersonate-Group": "system:masters" } });
    expect(res.status).toBe(403);
    expect(await res.text()).toMatch(/User \\"system:anonymous\\" cannot impersonate resource \\"users\\"/);
  });

  it("an impersonated node is held to the Node authorizer (no secrets of others)", async () => {
    const other = await freshNamespace("imp");
    await post(`/api/v1/namespaces/${other}/secrets`, { apiVersion: "v1", kind: "Secret", metadata: { name: "s" } });
    const res = await SELF.fetch(`${BASE}/api/v1/namespaces/${other}/secrets/s`, {
      headers: { Authorization: "Bearer test-admin-token", "Impersonate-User": "system:node:n1", "Impersonate-Group": "system:nodes" },
    });
    expect(res.status).toBe(403);
    expect((await get(`/api/v1/namespaces/${other}/secrets/s`)).status).toBe(200);
  });
});
