/**
 * Request paths and verbs as kube-apiserver's RequestInfoFactory (apiserver/pkg/endpoints/request/requestinfo.go)
 * reads them, and boolean query parameters as runtime.Convert_Slice_string_To_bool converts them.
 */
import { describe, expect, it } from "vitest";
import { isWatch, parseResourcePath, queryBool, verbOf, type ResourceRequest } from "../../../worker/request-info";

describe("parseResourcePath", () => {
  it.each<[string, ResourceRequest | undefined]>([
    // core group
    ["/api/v1/pods", { group: "", version: "v1", resource: "pods" }],
    ["/api/v1/nodes/n1", { group: "", version: "v1", resource: "nodes", name: "n1" }],
    ["/api/v1/nodes/n1/status", { group: "", version: "v1", resource: "nodes", name: "n1", subresource: "status" }],
    ["/api/v1/namespaces/default/pods", { group: "", version: "v1", namespace: "default", resource: "pods" }],
    ["/api/v1/namespaces/default/pods/web", { group: "", version: "v1", namespace: "default", resource: "pods", name: "web" }],
    [
      "/api/v1/namespaces/default/pods/web/log",
      { group: "", version: "v1", namespace: "default", resource: "pods", name: "web", subresource: "log" },
    ],
    [
      "/api/v1/namespaces/default/pods/web/proxy/a/b",
      { group: "", version: "v1", namespace: "default", resource: "pods", name: "web", subresource: "proxy", rest: "a/b" },
    ],
    // namespace objects
    ["/api/v1/namespaces", { group: "", version: "v1", resource: "namespaces" }],
    ["/api/v1/namespaces/kube-system", { group: "", version: "v1", resource: "namespaces", name: "kube-system" }],
    // named groups
    ["/apis/apps/v1/deployments", { group: "apps", version: "v1", resource: "deployments" }],
    ["/apis/apps/v1/namespaces/ns/deployments", { group: "apps", version: "v1", namespace: "ns", resource: "deployments" }],
    [
      "/apis/apps/v1/namespaces/ns/deployments/web/scale",
      { group: "apps", version: "v1", namespace: "ns", resource: "deployments", name: "web", subresource: "scale" },
    ],
    [
      "/apis/rbac.authorization.k8s.io/v1/clusterroles/admin",
      { group: "rbac.authorization.k8s.io", version: "v1", resource: "clusterroles", name: "admin" },
    ],
    // trailing and doubled slashes are dropped
    ["/api/v1/pods/", { group: "", version: "v1", resource: "pods" }],
    // %-escapes are decoded per segment
    ["/api/v1/namespaces/default/configmaps/a%3Ab", { group: "", version: "v1", namespace: "default", resource: "configmaps", name: "a:b" }],
    // too short, or not an API path
    ["/", undefined],
    ["/api", undefined],
    ["/api/v1", undefined],
    ["/apis", undefined],
    ["/apis/apps", undefined],
    ["/apis/apps/v1", undefined],
    ["/version", undefined],
    ["/healthz/ready", undefined],
    // a malformed %-escape names nothing
    ["/api/v1/namespaces/%zz/pods", undefined],
    ["/api/v1/pods/%", undefined],
    ["/apis/apps/v1/deployments/%E0%A4%A", undefined],
  ])("%s", (path, want) => {
    expect(parseResourcePath(path)).toEqual(want);
  });

  // requestinfo.go: namespaceSubresources = {"status", "finalize"}: /namespaces/{name}/status addresses the Namespace.
  it.each<[string, ResourceRequest]>([
    [
      "/api/v1/namespaces/x/status",
      { group: "", version: "v1", resource: "namespaces", name: "x", subresource: "status" },
    ],
    [
      "/api/v1/namespaces/x/finalize",
      { group: "", version: "v1", resource: "namespaces", name: "x", subresource: "finalize" },
    ],
  ])("%s is the namespace's own subresource (upstream namespaceSubresources)", (path, want) => {
    expect(parseResourcePath(path)).toEqual(want);
  });
});

describe("verbOf", () => {
  const collection: ResourceRequest = { group: "", version: "v1", resource: "pods", namespace: "ns" };
  const item: ResourceRequest = { ...collection, name: "p" };
  it.each<[string, ResourceRequest, boolean, string]>([
    ["GET", collection, false, "list"],
    ["GET", collection, true, "watch"],
    ["HEAD", collection, false, "list"],
    ["GET", item, false, "get"],
    ["GET", item, true, "get"],
    ["HEAD", item, false, "get"],
    ["POST", collection, false, "create"],
    ["POST", item, false, "create"],
    ["PUT", item, false, "update"],
    ["PATCH", item, false, "patch"],
    ["DELETE", item, false, "delete"],
    ["DELETE", collection, false, "deletecollection"],
    ["OPTIONS", item, false, "options"],
  ])("%s %o watch=%s → %s", (method, req, watch, verb) => {
    expect(verbOf(method, req, watch)).toBe(verb);
  });
});

describe("queryBool / isWatch (Convert_Slice_string_To_bool)", () => {
  it.each<[string, boolean]>([
    ["", false],
    ["watch", true],
    ["watch=", true],
    ["watch=true", true],
    ["watch=1", true],
    ["watch=yes", true],
    ["watch=no", true],
    ["watch=0", false],
    ["watch=false", false],
    ["watch=FALSE", false],
    ["watch=False", false],
    ["watch=00", true],
    ["watch=0&watch=true", false],
    ["watch=true&watch=0", true],
    ["other=1", false],
  ])("?%s → %s", (query, want) => {
    const q = new URLSearchParams(query);
    expect(isWatch(q)).toBe(want);
    expect(queryBool(q, "watch")).toBe(want);
  });
});
