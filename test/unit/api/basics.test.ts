/** Health, version, authentication and discovery. */
import { describe, expect, it } from "vitest";
import { get } from "./client";

describe("health and version", () => {
  it.each(["/livez", "/readyz", "/healthz"])("%s answers ok without credentials", async (path) => {
    const res = await get(path, { token: null });
    expect(res.status).toBe(200);
    expect(res.text).toBe("ok");
  });

  it("serves /version without credentials", async () => {
    const res = await get("/version", { token: null });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ major: "1", minor: "32" });
    expect(res.body.gitVersion).toMatch(/^v1\.32\./);
  });
});

describe("authentication", () => {
  it("a wrong token → 401 Unauthorized Status", async () => {
    const res = await get("/api/v1/namespaces", { token: "nope" });
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ kind: "Status", status: "Failure", reason: "Unauthorized", code: 401 });
  });

  it("no credentials → system:anonymous, which RBAC does not let list namespaces (403)", async () => {
    const res = await get("/api/v1/namespaces", { token: null });
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({
      kind: "Status",
      reason: "Forbidden",
      code: 403,
      message: 'namespaces is forbidden: User "system:anonymous" cannot list resource "namespaces" in API group "" at the cluster scope',
      details: { kind: "namespaces" },
    });
  });

  it("anonymous discovery is forbidden as upstream (system:discovery is for authenticated users)", async () => {
    const res = await get("/api", { token: null });
    expect(res.status).toBe(403);
    expect(res.body.message).toBe('forbidden: User "system:anonymous" cannot get path "/api"');
  });
});

describe("discovery", () => {
  const AGG = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json";

  it("aggregated /api has the exact content type and the core group", async () => {
    const res = await get("/api", { accept: AGG });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList");
    expect(res.body.kind).toBe("APIGroupDiscoveryList");
    expect(res.body.items).toHaveLength(1);
    const pods = res.body.items[0].versions[0].resources.find((r: { resource: string }) => r.resource === "pods");
    expect(pods).toMatchObject({
      responseKind: { group: "", version: "v1", kind: "Pod" },
      scope: "Namespaced",
      singularResource: "pod",
      shortNames: ["po"],
      categories: ["all"],
    });
    expect(pods.subresources.map((s: { subresource: string }) => s.subresource)).toContain("status");
  });

  it("aggregated /apis lists the other groups with scale subresources", async () => {
    const res = await get("/apis", { accept: AGG });
    const apps = res.body.items.find((g: { metadata: { name: string } }) => g.metadata.name === "apps");
    const deploy = apps.versions[0].resources.find((r: { resource: string }) => r.resource === "deployments");
    expect(deploy.shortNames).toEqual(["deploy"]);
    expect(deploy.subresources).toContainEqual({
      subresource: "scale",
      responseKind: { group: "autoscaling", version: "v1", kind: "Scale" },
      verbs: ["get", "patch", "update"],
    });
    const names = res.body.items.map((g: { metadata: { name: string } }) => g.metadata.name);
    for (const g of ["apps", "batch", "rbac.authorization.k8s.io", "networking.k8s.io", "authorization.k8s.io"]) {
      expect(names).toContain(g);
    }
  });

  it("legacy discovery documents", async () => {
    const versions = await get("/api");
    expect(versions.body).toMatchObject({ kind: "APIVersions", versions: ["v1"] });
    const groups = await get("/apis");
    expect(groups.body.kind).toBe("APIGroupList");
    const v1 = await get("/api/v1");
    expect(v1.body.kind).toBe("APIResourceList");
    const names = v1.body.resources.map((r: { name: string }) => r.name);
    expect(names).toEqual(expect.arrayContaining(["pods", "pods/status", "configmaps", "namespaces", "services"]));
    const apps = await get("/apis/apps/v1");
    expect(apps.body.resources.find((r: { name: string }) => r.name === "deployments/scale")).toMatchObject({
      group: "autoscaling",
      version: "v1",
      kind: "Scale",
    });
    expect((await get("/apis/apps")).body).toMatchObject({ kind: "APIGroup", name: "apps", preferredVersion: { groupVersion: "apps/v1" } });
  });

  it("unknown paths and resources → 404 Status", async () => {
    for (const path of ["/apis/nope/v1", "/api/v1/widgets", "/nothing"]) {
      const res = await get(path);
      expect(res.status).toBe(404);
      expect(res.body).toMatchObject({ kind: "Status", reason: "NotFound", code: 404 });
    }
  });
});
