/**
 * Discovery documents (KUBECTL.md §2): the aggregated media type kubectl asks for, and the legacy
 * APIResourceList (apiserver endpoints/discovery, APIInstaller: subresources listed after their resource).
 */
import { describe, expect, it } from "vitest";
import { registry } from "../../../schema/registry";
import { aggregatedContentType, aggregatedDiscovery, aggregatedVersion, apiResourceList } from "../../../worker/discovery";

const V2 = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList";
const V2BETA1 = "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList";

describe("aggregatedVersion", () => {
  it.each<[string, string | undefined]>([
    // kubectl 1.32's discovery Accept header
    [`${V2},${V2BETA1},application/json`, "v2"],
    [`${V2BETA1},application/json`, "v2beta1"],
    [V2, "v2"],
    ["application/json;as=APIGroupDiscoveryList;v=v2;g=apidiscovery.k8s.io", "v2"],
    ["application/json; g=apidiscovery.k8s.io; v=v2; as=APIGroupDiscoveryList", "v2"],
    ["application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList;q=0.9, application/json", "v2"],
    // the client's order decides
    [`${V2BETA1},${V2}`, "v2beta1"],
    // legacy
    ["application/json", undefined],
    ["application/json, */*", undefined],
    ["*/*", undefined],
    ["", undefined],
    ["application/json;g=apidiscovery.k8s.io;v=v2", undefined],
    ["application/json;g=apps;v=v2;as=APIGroupDiscoveryList", undefined],
    ["application/json;g=apidiscovery.k8s.io;v=v1;as=APIGroupDiscoveryList", undefined],
    ["application/json;g=apidiscovery.k8s.io;v=v2;as=Table", undefined],
  ])("%j → %s", (accept, want) => {
    expect(aggregatedVersion(accept)).toBe(want);
  });

  it("names the content type it answers with", () => {
    expect(aggregatedContentType("v2")).toBe(V2);
  });
});

describe("apiResourceList", () => {
  const apps = apiResourceList(registry, "apps", "v1")!;
  const byName = (name: string) => apps.resources.find((r) => r.name === name);

  it("is the APIResourceList of apps/v1", () => {
    expect(apps).toMatchObject({ kind: "APIResourceList", apiVersion: "v1", groupVersion: "apps/v1" });
  });

  it.each<[string, Record<string, unknown> | undefined]>([
    [
      "deployments",
      {
        name: "deployments",
        singularName: "deployment",
        namespaced: true,
        kind: "Deployment",
        verbs: expect.arrayContaining(["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"]),
        shortNames: ["deploy"],
        categories: ["all"],
      },
    ],
    [
      "deployments/scale",
      { name: "deployments/scale", singularName: "", namespaced: true, kind: "Scale", verbs: ["get", "patch", "update"], group: "autoscaling", version: "v1" },
    ],
    ["deployments/status", { name: "deployments/status", singularName: "", namespaced: true, kind: "Deployment", verbs: ["get", "patch", "update"] }],
    ["statefulsets/scale", expect.objectContaining({ kind: "Scale", group: "autoscaling", version: "v1" })],
    ["replicasets/scale", expect.objectContaining({ kind: "Scale", group: "autoscaling", version: "v1" })],
    ["daemonsets/scale", undefined],
    ["controllerrevisions/status", undefined],
  ])("%s", (name, want) => {
    expect(byName(name)).toEqual(want);
  });

  it("lists each resource's subresources right after it", () => {
    const names = apps.resources.map((r) => r.name as string);
    for (const [i, name] of names.entries()) {
      if (!name.includes("/")) continue;
      const parent = name.split("/")[0];
      const before = names.slice(names.indexOf(parent), i);
      expect(before.every((n) => n === parent || n.startsWith(`${parent}/`))).toBe(true);
    }
  });

  it.each<[string, string, string, Record<string, unknown>]>([
    ["", "v1", "pods/status", { name: "pods/status", namespaced: true, kind: "Pod", verbs: ["get", "patch", "update"] }],
    ["", "v1", "namespaces/status", { name: "namespaces/status", namespaced: false, kind: "Namespace", verbs: ["get", "patch", "update"] }],
  ])("%s/%s %s", (group, version, name, want) => {
    const list = apiResourceList(registry, group, version)!;
    expect(list.groupVersion).toBe("v1");
    const sub = list.resources.find((r) => r.name === name);
    expect(sub).toMatchObject(want);
    expect(sub).not.toHaveProperty("group");
    expect(sub).not.toHaveProperty("version");
  });

  it.each<[string, string]>([
    ["apps", "v2"],
    ["example.com", "v1"],
    ["", "v2"],
  ])("%s/%s is unknown", (group, version) => {
    expect(apiResourceList(registry, group, version)).toBeUndefined();
  });

  it("lists the review resources as create-only", () => {
    const list = apiResourceList(registry, "authorization.k8s.io", "v1")!;
    expect(list.resources.find((r) => r.name === "selfsubjectaccessreviews")).toMatchObject({ namespaced: false, verbs: ["create"] });
  });
});

describe("aggregatedDiscovery", () => {
  it("puts Scale's group and version in the scale subresource's responseKind", () => {
    const doc = aggregatedDiscovery(registry, false, "v2");
    expect(doc.apiVersion).toBe("apidiscovery.k8s.io/v2");
    const apps = doc.items.find((i) => i.metadata.name === "apps")!;
    const deployments = apps.versions[0].resources.find((r) => r.resource === "deployments")!;
    expect(deployments.subresources).toEqual([
      { subresource: "scale", responseKind: { group: "autoscaling", version: "v1", kind: "Scale" }, verbs: ["get", "patch", "update"] },
      { subresource: "status", responseKind: { group: "apps", version: "v1", kind: "Deployment" }, verbs: ["get", "patch", "update"] },
    ]);
  });

  it("keeps the core group out of /apis and only it in /api", () => {
    expect(aggregatedDiscovery(registry, true, "v2").items.map((i) => i.metadata.name)).toEqual([""]);
    expect(aggregatedDiscovery(registry, false, "v2").items.map((i) => i.metadata.name)).not.toContain("");
  });
});
