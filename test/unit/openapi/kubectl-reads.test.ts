import { describe, expect, it } from "vitest";
import type { JsonSchema, OpenApiDocument } from "../../../worker/openapi";
import { DOCS, apps, core, patchSupportsFieldValidation, schemas, type Doc, type Gvk } from "./docs";

describe("kubectl's checks", () => {
  it.each<[Doc, Gvk]>([
    ["apps", { group: "apps", version: "v1", kind: "Deployment" }],
    ["apps", { group: "autoscaling", version: "v1", kind: "Scale" }],
    ["core", { group: "", version: "v1", kind: "Pod" }],
    ["core", { group: "", version: "v1", kind: "Namespace" }],
    ["core", { group: "", version: "v1", kind: "ConfigMap" }],
    ["core", { group: "", version: "v1", kind: "Endpoints" }],
  ])("query_param_verifier_v3 finds fieldValidation on PATCH (%s, %j)", (name, gvk) => {
    expect(patchSupportsFieldValidation(DOCS[name], gvk)).toBe(true);
  });

  /**
   * strategicpatch.PatchMetaFromOpenAPIV3: start at the component carrying the GVK; for each field take
   * the property, read patch metadata from it, step into `items` for lists, then resolve (`allOf[0]`, `$ref`).
   */
  function patchMeta(doc: OpenApiDocument, gvk: Gvk, path: string[]): JsonSchema {
    const all = schemas(doc);
    const resolve = (s: JsonSchema): JsonSchema => {
      const first = s.allOf?.length ? s.allOf[0] : s;
      return first.$ref ? all[first.$ref.replace("#/components/schemas/", "")] : first;
    };
    let cur = Object.values(all).find((s) =>
      (s["x-kubernetes-group-version-kind"] ?? []).some((g: Gvk) => JSON.stringify(g) === JSON.stringify(gvk)),
    )!;
    let meta: JsonSchema = {};
    for (const field of path) {
      const prop = cur.properties?.[field];
      if (!prop) throw new Error(`unable to find api field "${field}"`);
      meta = Object.fromEntries(Object.entries(prop).filter(([k]) => k.startsWith("x-kubernetes-patch")));
      cur = resolve(prop.items ?? prop);
    }
    return meta;
  }

  it.each<[Doc, Gvk, string[], JsonSchema]>([
    ["apps", { group: "apps", version: "v1", kind: "Deployment" }, ["spec", "template", "spec", "containers"], { "x-kubernetes-patch-merge-key": "name", "x-kubernetes-patch-strategy": "merge" }],
    ["apps", { group: "apps", version: "v1", kind: "Deployment" }, ["spec", "template", "spec", "containers", "ports"], { "x-kubernetes-patch-merge-key": "containerPort", "x-kubernetes-patch-strategy": "merge" }],
    ["apps", { group: "apps", version: "v1", kind: "Deployment" }, ["spec", "template", "spec", "containers", "env"], { "x-kubernetes-patch-merge-key": "name", "x-kubernetes-patch-strategy": "merge" }],
    ["apps", { group: "apps", version: "v1", kind: "Deployment" }, ["spec", "template", "spec", "volumes"], { "x-kubernetes-patch-merge-key": "name", "x-kubernetes-patch-strategy": "merge,retainKeys" }],
    ["apps", { group: "apps", version: "v1", kind: "Deployment" }, ["spec", "strategy"], { "x-kubernetes-patch-strategy": "retainKeys" }],
    ["apps", { group: "apps", version: "v1", kind: "Deployment" }, ["spec", "template", "spec", "containers", "args"], {}],
    ["apps", { group: "apps", version: "v1", kind: "Deployment" }, ["metadata", "ownerReferences"], { "x-kubernetes-patch-merge-key": "uid", "x-kubernetes-patch-strategy": "merge" }],
    ["core", { group: "", version: "v1", kind: "Pod" }, ["spec", "initContainers"], { "x-kubernetes-patch-merge-key": "name", "x-kubernetes-patch-strategy": "merge" }],
  ])("client-side apply finds the patch metadata (%s %j %j)", (name, gvk, path, want) => {
    expect(patchMeta(DOCS[name], gvk, path)).toEqual(want);
  });

  /** kubectl explain's `typeGuess` template for the field at `path` of the kind's component. */
  function explainType(doc: OpenApiDocument, id: string, path: string[]): string {
    const all = schemas(doc);
    const deref = (s: JsonSchema) => (s.$ref ? all[s.$ref.replace("#/components/schemas/", "")] : s);
    const typeGuess = (s: JsonSchema): string => {
      if (s.items) return `[]${typeGuess(s.items)}`;
      if (s.additionalProperties && typeof s.additionalProperties === "object") return `map[string]${typeGuess(s.additionalProperties)}`;
      if (s.allOf?.length === 1 && !s.properties) return typeGuess(s.allOf[0]);
      if (s.$ref) {
        const target = deref(s);
        return !target.type || target.type === "object" ? s.$ref.split(".").pop() : target.type;
      }
      return s.type === "object" || !s.type ? "Object" : s.type;
    };
    let cur: JsonSchema = all[id];
    let field: JsonSchema = cur;
    for (const name of path) {
      while (!cur.properties) cur = deref(cur.items ?? cur.allOf?.[0] ?? cur);
      field = cur.properties[name];
      cur = field;
    }
    return typeGuess(field);
  }

  it.each<[string[], string]>([
    [["spec"], "DeploymentSpec"],
    [["spec", "replicas"], "integer"],
    [["spec", "paused"], "boolean"],
    [["spec", "template"], "PodTemplateSpec"],
    [["spec", "template", "spec", "containers"], "[]Container"],
    [["spec", "template", "spec", "containers", "ports"], "[]ContainerPort"],
    [["spec", "template", "spec", "containers", "resources", "limits"], "map[string]Quantity"],
    [["spec", "template", "spec", "nodeSelector"], "map[string]string"],
    [["spec", "template", "spec", "containers", "livenessProbe", "port"], "IntOrString"],
    [["metadata", "creationTimestamp"], "string"],
    [["status", "conditions"], "[]Condition"],
  ])("kubectl explain deployment.%j shows <%s>", (path, want) => {
    expect(explainType(apps, "test.apps.v1.Deployment", path.map(String))).toBe(want);
  });

  it("a create-only kind has no PATCH (kubectl falls back, as upstream)", () => {
    expect(patchSupportsFieldValidation(core, { group: "", version: "v1", kind: "Review" })).toBe("no path");
  });

  it.each<[Doc, string, string, string]>([
    ["apps", "/apis/apps/v1/deployments", "Deployment", "test.apps.v1.Deployment"],
    ["core", "/api/v1/namespaces", "Namespace", "test.core.v1.Namespace"],
    ["core", "/api/v1/pods", "Pod", "test.core.v1.Pod"],
    ["core", "/api/v1/endpoints", "Endpoints", "io.k8s.api.core.v1.Endpoints"],
  ])("explain (%s): %s carries the GVK, and exactly one component lists it", (name, path, kind, id) => {
    const doc = DOCS[name];
    const gvk = doc.paths[path].get!["x-kubernetes-group-version-kind"];
    expect(gvk?.kind).toBe(kind);
    const carriers = Object.entries(schemas(doc)).filter(([, s]) =>
      (s["x-kubernetes-group-version-kind"] ?? []).some((g: Gvk) => JSON.stringify(g) === JSON.stringify(gvk)),
    );
    expect(carriers.map(([k]) => k)).toEqual([id]);
  });
});

