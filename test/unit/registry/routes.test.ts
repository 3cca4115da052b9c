/** Registry path routing: names with slashes, the fixed suffixes, what is not a route. */
import { describe, expect, it } from "vitest";
import { parseRegistryPath } from "../../../worker/registry/routes";

const D = `sha256:${"a".repeat(64)}`;
const UUID = "0f8fad5b-d9cb-469f-a165-70867728950e";

describe("parseRegistryPath", () => {
  it.each([
    ["/v2", { kind: "base" }],
    ["/v2/", { kind: "base" }],
    ["/v2/_catalog", { kind: "catalog" }],
    ["/v2/app/tags/list", { kind: "tags", name: "app" }],
    ["/v2/team/app/tags/list", { kind: "tags", name: "team/app" }],
    ["/v2/a/b/c/manifests/v1.0", { kind: "manifest", name: "a/b/c", reference: "v1.0" }],
    [`/v2/app/manifests/${D}`, { kind: "manifest", name: "app", reference: D }],
    [`/v2/app/manifests/sha256%3A${"a".repeat(64)}`, { kind: "manifest", name: "app", reference: D }],
    [`/v2/team/app/blobs/${D}`, { kind: "blob", name: "team/app", digest: D }],
    ["/v2/app/blobs/uploads/", { kind: "uploads", name: "app" }],
    ["/v2/app/blobs/uploads", { kind: "uploads", name: "app" }],
    [`/v2/app/blobs/uploads/${UUID}`, { kind: "upload", name: "app", id: UUID }],
    // Names may contain the keywords as components: the suffix decides.
    [`/v2/blobs/blobs/${D}`, { kind: "blob", name: "blobs", digest: D }],
    ["/v2/manifests/tags/list", { kind: "tags", name: "manifests" }],
    ["/v2/x/blobs/uploads/blobs/uploads/", { kind: "uploads", name: "x/blobs/uploads" }],
    ["/v2/tags/manifests/list", { kind: "manifest", name: "tags", reference: "list" }],
    // The name is not validated here.
    ["/v2/UPPER/tags/list", { kind: "tags", name: "UPPER" }],
  ])("%s", (path, route) => {
    expect(parseRegistryPath(path)).toEqual(route);
  });

  it.each([
    "/v2/tags/list", // no name
    "/v2/manifests/latest",
    `/v2/blobs/${D}`,
    "/v2/blobs/uploads/",
    "/v2/app",
    "/v2/app/manifests/",
    "/v2/app/blobs/",
    "/v2/app/referrers/x",
    "/v2/a%2Fb/tags/list", // an escaped slash
    "/v2/a%zz/tags/list", // a malformed escape
    "/v3/app/tags/list",
    "/v2x",
  ])("%s is no route", (path) => {
    expect(parseRegistryPath(path)).toBeUndefined();
  });
});
