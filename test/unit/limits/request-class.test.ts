/** Request classification for the filters: verb, resource parse and long-running, as upstream's RequestInfo. */
import { describe, expect, it } from "vitest";
import { classifyRequest } from "../../../worker/limits";

const classify = (method: string, path: string) => classifyRequest(method, new URL(`https://k8s.test${path}`));

describe("classifyRequest", () => {
  it.each([
    ["GET", "/api/v1/namespaces/a/pods", "list", false],
    ["GET", "/api/v1/namespaces/a/pods?watch=true", "watch", true],
    ["GET", "/api/v1/namespaces/a/pods?watch=1&resourceVersion=5", "watch", true],
    ["GET", "/api/v1/namespaces/a/pods?watch=false", "list", false],
    ["GET", "/api/v1/namespaces/a/pods?watch=", "watch", true],
    ["GET", "/api/v1/namespaces/a/pods/p", "get", false],
    ["GET", "/api/v1/namespaces/a/pods/p/log", "get", true],
    ["POST", "/api/v1/namespaces/a/pods/p/exec", "create", true],
    ["GET", "/api/v1/namespaces/a/pods/p/attach", "get", true],
    ["POST", "/api/v1/namespaces/a/pods/p/portforward", "create", true],
    ["GET", "/api/v1/namespaces/a/services/s/proxy/x/y", "get", true],
    ["POST", "/api/v1/namespaces/a/pods/p/eviction", "create", false],
    ["POST", "/apis/apps/v1/namespaces/a/deployments", "create", false],
    ["PUT", "/apis/apps/v1/namespaces/a/deployments/d/scale", "update", false],
    ["PATCH", "/apis/apps/v1/namespaces/a/deployments/d", "patch", false],
    ["patch", "/apis/apps/v1/namespaces/a/deployments/d", "patch", false],
    ["DELETE", "/api/v1/namespaces/a/configmaps", "deletecollection", false],
    ["DELETE", "/api/v1/namespaces/a/configmaps/c", "delete", false],
    ["GET", "/api/v1", "get", false],
    ["GET", "/apis/apps/v1", "get", false],
    ["GET", "/healthz", "get", false],
    ["POST", "/version", "post", false],
    ["HEAD", "/openapi/v3", "head", false],
  ])("%s %s → verb %s, long-running %s", (method, path, verb, longRunning) => {
    const c = classify(method, path);
    expect(c.verb).toBe(verb);
    expect(c.longRunning).toBe(longRunning);
  });

  it("non-resource URLs have no resource parse; resource URLs have routing's", () => {
    expect(classify("GET", "/apis/apps/v1").resource).toBeUndefined();
    expect(classify("GET", "/api/v1/namespaces/a/configmaps/c").resource).toEqual({ group: "", version: "v1", namespace: "a", resource: "configmaps", name: "c" });
  });
});
