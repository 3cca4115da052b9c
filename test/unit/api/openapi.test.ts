/** /openapi/v3 as kubectl uses it (KUBECTL.md §3). */
import { describe, expect, it } from "vitest";
import { get } from "./client";

describe("OpenAPI v3", () => {
  it("root lists a hashed document per group-version", async () => {
    const res = await get("/openapi/v3");
    expect(res.status).toBe(200);
    const paths = res.body.paths;
    for (const p of ["api/v1", "apis/apps/v1", "apis/batch/v1", "apis/rbac.authorization.k8s.io/v1", "apis/networking.k8s.io/v1"]) {
      expect(paths[p].serverRelativeURL).toMatch(new RegExp(`^/openapi/v3/${p.replace(/\./g, "\\.")}\\?hash=[0-9A-F]{128}$`));
    }
  });

  it("documents are immutable by hash, revalidate with ETag, and stale hashes redirect", async () => {
    const root = await get("/openapi/v3");
    const url = root.body.paths["apis/apps/v1"].serverRelativeURL as string;
    const doc = await get(url);
    expect(doc.status).toBe(200);
    expect(doc.headers.get("cache-control")).toContain("immutable");
    expect(doc.headers.get("expires")).toBeTruthy();
    const etag = doc.headers.get("etag")!;
    expect(etag).toBe(`"${url.split("hash=")[1]}"`);
    const again = await get(url, { headers: { "If-None-Match": etag } });
    expect(again.status).toBe(304);
    const stale = await get("/openapi/v3/apis/apps/v1?hash=0000", { headers: {} });
    expect([301, 200]).toContain(stale.status);
  });

  it("PATCH operations carry the GVK and the fieldValidation parameter; schemas carry merge keys", async () => {
    const root = await get("/openapi/v3");
    const doc = (await get(root.body.paths["apis/apps/v1"].serverRelativeURL)).body;
    const item = doc.paths["/apis/apps/v1/namespaces/{namespace}/deployments/{name}"];
    expect(item.patch["x-kubernetes-group-version-kind"]).toEqual({ group: "apps", version: "v1", kind: "Deployment" });
    const params = [...(item.parameters ?? []), ...(item.patch.parameters ?? [])].map((p: { name?: string; $ref?: string }) => p.name ?? p.$ref ?? "");
    expect(params.some((p: string) => p.includes("fieldValidation"))).toBe(true);
    const podSpec = doc.components.schemas["io.k8s.api.core.v1.PodSpec"];
    expect(podSpec.properties.containers["x-kubernetes-patch-merge-key"]).toBe("name");
    expect(doc.components.schemas["io.k8s.api.apps.v1.Deployment"]["x-kubernetes-group-version-kind"]).toEqual([
      { group: "apps", kind: "Deployment", version: "v1" },
    ]);
  });
});
