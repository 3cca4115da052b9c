/** Bad input gets the right Status and changes nothing (checked by reading back). */
import { describe, expect, it } from "vitest";
import { call, configMap, deployment, freshNamespace, get, post } from "./client";

/** What a fresh namespace already holds: the root-CA publisher's ConfigMap (upstream's kube-root-ca.crt). */
const NAMESPACE_DEFAULTS: Record<string, string[]> = { configmaps: ["kube-root-ca.crt"] };

async function nothingStored(ns: string, resource = "configmaps", group = "/api/v1") {
  const list = await get(`${group}/namespaces/${ns}/${resource}`);
  expect(list.status).toBe(200);
  expect(list.body.items.map((i: { metadata: { name: string } }) => i.metadata.name)).toEqual(NAMESPACE_DEFAULTS[resource] ?? []);
}

describe("malformed bodies", () => {
  it.each([
    ["malformed JSON", 400, "{not json", "application/json"],
    ["malformed YAML", 400, "metadata: [unclosed", "application/yaml"],
    ["a JSON array", 400, "[1,2]", "application/json"],
    ["an unsupported media type", 415, "a=b", "application/x-www-form-urlencoded"],
    ["a bad protobuf envelope", 400, "not-k8s-protobuf", "application/vnd.kubernetes.protobuf"],
  ])("%s → %d", async (_name, code, body, type) => {
    const ns = await freshNamespace();
    const res = await call("POST", `/api/v1/namespaces/${ns}/configmaps`, body, { contentType: type });
    expect(res.status).toBe(code);
    expect(res.body).toMatchObject({ kind: "Status", status: "Failure", code });
    await nothingStored(ns);
  });

  it("YAML bodies are accepted", async () => {
    const ns = await freshNamespace();
    const res = await call("POST", `/api/v1/namespaces/${ns}/configmaps`, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: y\ndata:\n  a: b\n", {
      contentType: "application/yaml",
    });
    expect(res.status).toBe(201);
    expect(res.body.data).toEqual({ a: "b" });
  });

  it("a wrong kind or apiVersion in the body → 400", async () => {
    const ns = await freshNamespace();
    const res = await post(`/api/v1/namespaces/${ns}/configmaps`, { ...configMap("x"), kind: "Secret" });
    expect(res.status).toBe(400);
    const res2 = await post(`/api/v1/namespaces/${ns}/configmaps`, { ...configMap("x"), apiVersion: "v2" });
    expect(res2.status).toBe(400);
    await nothingStored(ns);
  });
});

describe("schema checks", () => {
  it("wrong types → 400 naming the field", async () => {
    const ns = await freshNamespace();
    const d: Record<string, any> = deployment("web");
    d.spec.replicas = "three";
    const res = await post(`/apis/apps/v1/namespaces/${ns}/deployments`, d);
    expect(res.status).toBe(400);
    expect(res.body.reason).toBe("BadRequest");
    expect(res.body.message).toContain("spec.replicas");
    await nothingStored(ns, "deployments", "/apis/apps/v1");
  });

  it("unknown fields: Strict → 400 naming each; Warn → Warning header and dropped; Ignore → dropped", async () => {
    const ns = await freshNamespace();
    const body = { ...configMap("u"), spec: { foo: 1 }, metadata: { name: "u", bogus: true } };
    const strict = await post(`/api/v1/namespaces/${ns}/configmaps?fieldValidation=Strict`, body);
    expect(strict.status).toBe(400);
    expect(strict.body.message).toBe(
      'ConfigMap in version "v1" cannot be handled as a ConfigMap: strict decoding error: unknown field "metadata.bogus", unknown field "spec"',
    );
    await nothingStored(ns);
    const warn = await post(`/api/v1/namespaces/${ns}/configmaps?fieldValidation=Warn`, body);
    expect(warn.status).toBe(201);
    expect(warn.headers.get("warning")).toContain('unknown field \\"spec\\"');
    expect(warn.body.spec).toBeUndefined();
    expect(warn.body.metadata.bogus).toBeUndefined();
    const ignore = await post(`/api/v1/namespaces/${ns}/configmaps?fieldValidation=Ignore`, { ...body, metadata: { name: "u2" } });
    expect(ignore.status).toBe(201);
    expect(ignore.headers.get("warning")).toBeNull();
  });

  it("invalid names → 422 Invalid with causes", async () => {
    const ns = await freshNamespace();
    const res = await post(`/api/v1/namespaces/${ns}/configmaps`, configMap("Not_Valid"));
    expect(res.status).toBe(422);
    expect(res.body.reason).toBe("Invalid");
    expect(res.body.details.kind).toBe("ConfigMap");
    expect(res.body.details.causes[0]).toMatchObject({ reason: "FieldValueInvalid", field: "metadata.name" });
    expect(res.body.message).toMatch(/^ConfigMap "Not_Valid" is invalid: metadata.name: Invalid value: "Not_Valid"/);
    await nothingStored(ns);
  });

  it("a missing name → 422", async () => {
    const ns = await freshNamespace();
    const res = await post(`/api/v1/namespaces/${ns}/configmaps`, { apiVersion: "v1", kind: "ConfigMap", metadata: {} });
    expect(res.status).toBe(422);
    expect(res.body.details.causes).toContainEqual({
      reason: "FieldValueRequired",
      field: "metadata.name",
      message: "Required value: name or generateName is required",
    });
  });

  it("semantic rules: selector must match template labels, replicas non-negative", async () => {
    const ns = await freshNamespace();
    const d = deployment("web");
    d.spec.template.metadata.labels = { app: "other" };
    const res = await post(`/apis/apps/v1/namespaces/${ns}/deployments`, d);
    expect(res.status).toBe(422);
    expect(res.body.details.causes.map((c: { field: string }) => c.field)).toContain("spec.template.metadata.labels");
    const neg = deployment("web2", -1);
    const res2 = await post(`/apis/apps/v1/namespaces/${ns}/deployments`, neg);
    expect(res2.status).toBe(422);
    expect(res2.body.details.causes.map((c: { field: string }) => c.field)).toContain("spec.replicas");
    await nothingStored(ns, "deployments", "/apis/apps/v1");
  });

  it("immutable fields → 422 on update", async () => {
    const ns = await freshNamespace();
    const created = (await post(`/apis/apps/v1/namespaces/${ns}/deployments`, deployment("web"))).body;
    const changed = structuredClone(created);
    changed.spec.selector = { matchLabels: { app: "web", extra: "x" } };
    changed.spec.template.metadata.labels = { app: "web", extra: "x" };
    const res = await call("PUT", `/apis/apps/v1/namespaces/${ns}/deployments/web`, changed);
    expect(res.status).toBe(422);
    expect(res.body.message).toContain("field is immutable");
    expect((await get(`/apis/apps/v1/namespaces/${ns}/deployments/web`)).body.spec.selector).toEqual(created.spec.selector);
  });
});

describe("size limits", () => {
  it("a request body over 3 MiB → 413, nothing stored", async () => {
    const ns = await freshNamespace();
    const big = configMap("big", { a: "x".repeat(3 * 1024 * 1024 + 10) });
    const res = await post(`/api/v1/namespaces/${ns}/configmaps`, big);
    expect(res.status).toBe(413);
    expect(res.body.reason).toBe("RequestEntityTooLarge");
    await nothingStored(ns);
  });

  it("an object over 1.5 MiB → 413, nothing stored", async () => {
    const ns = await freshNamespace();
    // ConfigMaps and Secrets have their own 1 MiB data limit (422); a Deployment has none below storage's.
    const big = deployment("big");
    (big.spec.template.spec.containers[0] as Record<string, unknown>).env = [{ name: "BIG", value: "x".repeat(1.6 * 1024 * 1024) }];
    const res = await post(`/apis/apps/v1/namespaces/${ns}/deployments`, big);
    expect(res.status).toBe(413);
    expect(res.body.kind).toBe("Status");
    await nothingStored(ns, "deployments", "/apis/apps/v1");
  });

  it("a ConfigMap over 1 MiB of data → 422 as upstream", async () => {
    const ns = await freshNamespace();
    const res = await post(`/api/v1/namespaces/${ns}/configmaps`, configMap("big", { a: "x".repeat(1024 * 1024 + 1) }));
    expect(res.status).toBe(422);
    await nothingStored(ns);
  });
});
