/**
 * The `/openapi/v2` document of the real registry, read back from its protobuf bytes the way kubectl
 * reads it: kube-openapi `proto.NewOpenAPIData` must accept every definition (one bad node fails the whole
 * document), and kubectl `pkg/util/openapi` must find each served kind by `x-kubernetes-group-version-kind`.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { ScaleSchema } from "../../../schema/autoscaling-v1";
import { registry } from "../../../schema/registry";
import { buildOpenApiSet } from "../../../worker/openapi";
import { buildOpenApiV2, type OpenApiV2 } from "../../../worker/openapi/v2";
import { decodeDefinitions, type Decoded } from "./v2-decode";

const API = "io.k8s.api";
const META = "io.k8s.apimachinery.pkg.apis.meta.v1";
const PRIMITIVES = new Set(["string", "number", "integer", "boolean"]);

/**
 * The SchemaErrors kube-openapi's `Definitions.ParseSchema` would raise (pkg/util/proto/document.go):
 * `$ref` only to existing `#/definitions/` models and without type/properties, at most one type, an array
 * with exactly one item schema, primitives among string/number/integer/boolean.
 */
function parseErrors(s: Decoded, path: string, models: Set<string>): string[] {
  if (s.$ref !== undefined) {
    const errs: string[] = [];
    if (Object.keys(s.properties ?? {}).length) errs.push(`${path}: unallowed embedded type definition`);
    if (s.type?.length) errs.push(`${path}: definition reference can't have a type`);
    if (!s.$ref.startsWith("#/definitions/") || !models.has(s.$ref.slice("#/definitions/".length))) errs.push(`${path}: bad ref ${s.$ref}`);
    return errs;
  }
  const types: string[] = s.type ?? [];
  if (types.length > 1) return [`${path}: multiple types`];
  const t = types[0];
  const below = (sub: Decoded | undefined, p: string) => (sub ? parseErrors(sub, p, models) : []);
  if (t === undefined || t === "object") {
    if (s.properties) return Object.entries(s.properties).flatMap(([k, v]) => parseErrors(v as Decoded, `${path}.${k}`, models));
    return typeof s.additionalProperties === "object" ? below(s.additionalProperties, `${path}/*`) : [];
  }
  if (t === "array") return s.items?.length === 1 ? below(s.items[0], `${path}[]`) : [`${path}: array should have exactly one sub-item`];
  return PRIMITIVES.has(t) ? [] : [`${path}: unknown primitive type ${t}`];
}

/** kubectl pkg/util/openapi NewOpenAPIData: GVK → model name. */
function resources(definitions: Record<string, Decoded>): Map<string, string> {
  const out = new Map<string, string>();
  for (const [name, d] of Object.entries(definitions)) {
    for (const g of d["x-kubernetes-group-version-kind"] ?? []) out.set(`${g.group}/${g.version}/${g.kind}`, name);
  }
  return out;
}

let v2: OpenApiV2;
let doc: Decoded;
let definitions: Record<string, Decoded>;

beforeAll(async () => {
  v2 = await buildOpenApiV2(await buildOpenApiSet(registry.groupVersions, { scaleSchema: ScaleSchema }));
  ({ doc, definitions } = decodeDefinitions(v2.protobuf));
});

describe("/openapi/v2 protobuf document", () => {
  it("is a Swagger 2.0 Document with every JSON definition", () => {
    expect(doc.swagger).toBe("2.0");
    expect(doc.info).toEqual({ title: "Kubernetes", version: "unversioned" });
    expect(Object.keys(definitions)).toEqual(Object.keys(JSON.parse(v2.json).definitions));
    expect(v2.hash).toMatch(/^[0-9A-F]{128}$/);
    // Size budget: ~140 KB today for ~350 definitions (upstream's full v2 protobuf is ~3.5 MB).
    expect(v2.protobuf.length).toBeLessThan(512 * 1024);
  });

  it("parses as kube-openapi proto.NewOpenAPIData does, without a SchemaError", () => {
    const models = new Set(Object.keys(definitions));
    expect(Object.entries(definitions).flatMap(([name, d]) => parseErrors(d, name, models))).toEqual([]);
  });

  it("decodes back to the JSON document", () => {
    const json = JSON.parse(v2.json).definitions;
    const asJson = (s: Decoded): Decoded => {
      const out: Decoded = { ...s };
      if (s.type) out.type = s.type[0];
      if (s.items) out.items = asJson(s.items[0]);
      if (s.properties) out.properties = Object.fromEntries(Object.entries(s.properties).map(([k, v]) => [k, asJson(v as Decoded)]));
      if (typeof s.additionalProperties === "object") out.additionalProperties = asJson(s.additionalProperties);
      if (s.allOf) out.allOf = s.allOf.map(asJson);
      return out;
    };
    for (const name of Object.keys(json)) expect(asJson(definitions[name]), name).toEqual(json[name]);
  });

  it.each([
    ["", "v1", "ConfigMap", `${API}.core.v1.ConfigMap`],
    ["", "v1", "Service", `${API}.core.v1.Service`],
    ["", "v1", "PersistentVolumeClaim", `${API}.core.v1.PersistentVolumeClaim`],
    ["apps", "v1", "Deployment", `${API}.apps.v1.Deployment`],
    ["apps", "v1", "DeploymentList", `${API}.apps.v1.DeploymentList`],
    ["batch", "v1", "Job", `${API}.batch.v1.Job`],
    ["apps", "v1", "DeleteOptions", `${META}.DeleteOptions`],
    ["", "v1", "DeleteOptions", `${META}.DeleteOptions`],
  ])("kubectl finds %s/%s %s as %s", (group, version, kind, model) => {
    expect(resources(definitions).get(`${group}/${version}/${kind}`)).toBe(model);
  });

  it("every served kind has a model", () => {
    const found = resources(definitions);
    const missing = registry.groupVersions.flatMap((gv) =>
      gv.kinds.map((k) => `${gv.group}/${gv.version}/${k.kind}`).filter((key) => !found.has(key)),
    );
    expect(missing).toEqual([]);
  });

  it("Deployment: metadata and spec are references, the GVK extension is a list of maps", () => {
    const d = definitions[`${API}.apps.v1.Deployment`];
    expect(d.type).toEqual(["object"]);
    expect(d.properties.metadata.$ref).toBe(`#/definitions/${META}.ObjectMeta`);
    expect(d.properties.spec.$ref).toBe(`#/definitions/${API}.apps.v1.DeploymentSpec`);
    expect(d.properties.spec.description).toBeTruthy();
    expect(d["x-kubernetes-group-version-kind"]).toEqual([{ group: "apps", version: "v1", kind: "Deployment" }]);
    const spec = definitions[`${API}.apps.v1.DeploymentSpec`];
    expect(spec.required).toContain("selector");
    expect(spec.properties.strategy["x-kubernetes-patch-strategy"]).toBe("retainKeys");
    expect(spec.properties.replicas).toMatchObject({ type: ["integer"], format: "int32" });
  });

  it("ConfigMap.data is a map of strings; PodSpec keeps its patch metadata; IntOrString is int-or-string", () => {
    const cm = definitions[`${API}.core.v1.ConfigMap`];
    expect(cm["x-kubernetes-group-version-kind"]).toEqual([{ group: "", version: "v1", kind: "ConfigMap" }]);
    expect(cm.properties.data).toMatchObject({ type: ["object"], additionalProperties: { type: ["string"] } });
    const containers = definitions[`${API}.core.v1.PodSpec`].properties.containers;
    expect(containers).toMatchObject({ type: ["array"], "x-kubernetes-patch-merge-key": "name", "x-kubernetes-patch-strategy": "merge" });
    expect(containers.items[0].$ref).toBe(`#/definitions/${API}.core.v1.Container`);
    expect(definitions["io.k8s.apimachinery.pkg.util.intstr.IntOrString"]).toMatchObject({ type: ["string"], format: "int-or-string" });
    expect(definitions["io.k8s.apimachinery.pkg.api.resource.Quantity"].type).toEqual(["string"]);
  });
});
