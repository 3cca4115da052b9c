import { describe, expect, it } from "vitest";
import { buildGroupVersionDocument, buildOpenApiRoot, buildOpenApiSet, documentHash, groupVersionPath } from "../../../worker/openapi";
import { toValidOperationId, operationGroupVersion, groupVersionTag, article, fallbackDefinitionId } from "../../../worker/openapi/naming";
import { APPS, CORE } from "./fixtures";

describe("buildOpenApiRoot", () => {
  it("lists each document's server-relative URL with its hash, sorted by path", () => {
    expect(
      buildOpenApiRoot([
        { path: "apis/apps/v1", hash: "AB12" },
        { path: "api/v1", hash: "CD34" },
      ]),
    ).toEqual({
      paths: {
        "api/v1": { serverRelativeURL: "/openapi/v3/api/v1?hash=CD34" },
        "apis/apps/v1": { serverRelativeURL: "/openapi/v3/apis/apps/v1?hash=AB12" },
      },
    });
    expect(buildOpenApiRoot([])).toEqual({ paths: {} });
  });

  it.each([
    [{ group: "", version: "v1" }, "api/v1"],
    [{ group: "apps", version: "v1" }, "apis/apps/v1"],
    [{ group: "discovery.k8s.io", version: "v1" }, "apis/discovery.k8s.io/v1"],
  ])("groupVersionPath(%j) = %s", (gv, path) => {
    expect(groupVersionPath(gv)).toBe(path);
  });
});

describe("documentHash", () => {
  it.each([
    ["", "CF83E1357EEFB8BDF1542850D66D8007D620E4050B5715DC83F4A921D36CE9CE47D0D13C5D85F2B0FF8318D2877EEC2F63B931BD47417A81A538327AF927DA3E"],
    ["abc", "DDAF35A193617ABACC417349AE20413112E6FA4E89A97EA20A9EEEE64B55D39A2192992A274FC1A836BA3C23A3FEEBBD454D4423643CE80E2A9AC94FA54CA49F"],
  ])("SHA-512(%j) in uppercase hex", async (input, want) => {
    expect(await documentHash(input)).toBe(want);
  });

  it("changes with the document and is stable for the same document", async () => {
    const a = JSON.stringify(buildGroupVersionDocument(APPS));
    const b = JSON.stringify(buildGroupVersionDocument(CORE));
    const ha = await documentHash(a);
    expect(ha).toMatch(/^[0-9A-F]{128}$/);
    expect(await documentHash(JSON.stringify(buildGroupVersionDocument(APPS)))).toBe(ha);
    expect(await documentHash(b)).not.toBe(ha);
  });
});

describe("naming (apiserver GetOperationIDAndTagsFromRoute)", () => {
  it.each([
    [{ group: "", version: "v1" }, "CoreV1", "core_v1"],
    [{ group: "apps", version: "v1" }, "AppsV1", "apps_v1"],
    [{ group: "rbac.authorization.k8s.io", version: "v1" }, "RbacAuthorizationV1", "rbacAuthorization_v1"],
    [{ group: "discovery.k8s.io", version: "v1" }, "DiscoveryV1", "discovery_v1"],
    [{ group: "flowcontrol.apiserver.k8s.io", version: "v1beta3" }, "FlowcontrolApiserverV1beta3", "flowcontrolApiserver_v1beta3"],
    [{ group: "autoscaling", version: "v2" }, "AutoscalingV2", "autoscaling_v2"],
    [{ group: "example.com", version: "v1alpha1" }, "ExampleComV1alpha1", "exampleCom_v1alpha1"],
  ])("%j → %s, %s", (gv, id, tag) => {
    expect(operationGroupVersion(gv)).toBe(id);
    expect(groupVersionTag(gv)).toBe(tag);
  });

  it.each([
    ["rbac.authorization", true, "RbacAuthorization"],
    ["9lives", false, "Lives"],
    ["a-b_c1", false, "aB_c1"],
  ])("toValidOperationId(%j, %s) = %s", (s, cap, want) => {
    expect(toValidOperationId(s, cap)).toBe(want);
  });

  it.each([
    ["Deployment", " a "],
    ["Event", " an "],
    ["Endpoints", " "],
    ["IngressClass", " an "],
    ["Status", " "],
  ])("article(%s) = %j", (noun, want) => {
    expect(article(noun)).toBe(want);
  });

  it.each([
    [{ group: "", version: "v1" }, "Pod", "io.k8s.api.core.v1.Pod"],
    [{ group: "apps", version: "v1" }, "Deployment", "io.k8s.api.apps.v1.Deployment"],
    [{ group: "rbac.authorization.k8s.io", version: "v1" }, "Role", "io.k8s.api.rbac.v1.Role"],
    [{ group: "stable.example.com", version: "v1" }, "CronTab", "com.example.stable.v1.CronTab"],
  ])("fallbackDefinitionId(%j, %s) = %s", (gv, kind, want) => {
    expect(fallbackDefinitionId(gv, kind)).toBe(want);
  });
});

describe("buildOpenApiSet", () => {
  it("serves one document per group-version, merging repeated ones, listed by hash in the root", async () => {
    const split = { ...CORE, kinds: CORE.kinds.slice(0, 2) };
    const rest = { ...CORE, kinds: CORE.kinds.slice(2) };
    const set = await buildOpenApiSet([APPS, split, rest]);
    expect([...set.documents.keys()]).toEqual(["apis/apps/v1", "api/v1"]);
    const core = set.documents.get("api/v1")!;
    expect(core.json).toBe(JSON.stringify(buildGroupVersionDocument(CORE)));
    expect(core.hash).toBe(await documentHash(core.json));
    expect(set.root).toEqual({
      paths: {
        "api/v1": { serverRelativeURL: `/openapi/v3/api/v1?hash=${core.hash}` },
        "apis/apps/v1": { serverRelativeURL: `/openapi/v3/apis/apps/v1?hash=${set.documents.get("apis/apps/v1")!.hash}` },
      },
    });
  });
});
