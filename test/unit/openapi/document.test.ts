import { describe, expect, it } from "vitest";
import { buildGroupVersionDocument, type JsonSchema } from "../../../worker/openapi";
import { APPS, ScaleSchema, bigGroupVersion } from "./fixtures";
import { DOCS, apps, core, patchSupportsFieldValidation, schemas, type Doc, type Gvk } from "./docs";

/** Every `$ref` in the document, with where it was found. */
function refs(node: unknown, at = "$"): [string, string][] {
  if (Array.isArray(node)) return node.flatMap((n, i) => refs(n, `${at}[${i}]`));
  if (node === null || typeof node !== "object") return [];
  return Object.entries(node).flatMap(([k, v]) => (k === "$ref" ? [[at, v as string]] : refs(v, `${at}.${k}`)) as [string, string][]);
}

/** Every schema node (objects under components and under operation content). */
function nodes(node: unknown): JsonSchema[] {
  if (Array.isArray(node)) return node.flatMap(nodes);
  if (node === null || typeof node !== "object") return [];
  return [node as JsonSchema, ...Object.values(node).flatMap(nodes)];
}

describe("document shape", () => {
  it("is an OpenAPI 3.0 document titled Kubernetes", () => {
    expect(apps.openapi).toBe("3.0.0");
    expect(apps.info).toEqual({ title: "Kubernetes", version: "unversioned" });
    expect(buildGroupVersionDocument(APPS, { version: "v1.32.4" }).info.version).toBe("v1.32.4");
  });

  it.each<[Doc, string[]]>([
    [
      "apps",
      [
        "/apis/apps/v1/",
        "/apis/apps/v1/deployments",
        "/apis/apps/v1/namespaces/{namespace}/deployments",
        "/apis/apps/v1/namespaces/{namespace}/deployments/{name}",
        "/apis/apps/v1/namespaces/{namespace}/deployments/{name}/scale",
        "/apis/apps/v1/namespaces/{namespace}/deployments/{name}/status",
        "/apis/apps/v1/watch/deployments",
        "/apis/apps/v1/watch/namespaces/{namespace}/deployments",
        "/apis/apps/v1/watch/namespaces/{namespace}/deployments/{name}",
      ],
    ],
    [
      "core",
      [
        "/api/v1/",
        "/api/v1/configmaps",
        "/api/v1/endpoints",
        "/api/v1/namespaces",
        "/api/v1/namespaces/{namespace}/configmaps",
        "/api/v1/namespaces/{namespace}/configmaps/{name}",
        "/api/v1/namespaces/{namespace}/endpoints",
        "/api/v1/namespaces/{namespace}/endpoints/{name}",
        "/api/v1/namespaces/{namespace}/pods",
        "/api/v1/namespaces/{namespace}/pods/{name}",
        "/api/v1/namespaces/{namespace}/pods/{name}/status",
        "/api/v1/namespaces/{name}",
        "/api/v1/namespaces/{name}/status",
        "/api/v1/pods",
        "/api/v1/reviews",
        "/api/v1/watch/configmaps",
        "/api/v1/watch/endpoints",
        "/api/v1/watch/namespaces",
        "/api/v1/watch/namespaces/{namespace}/configmaps",
        "/api/v1/watch/namespaces/{namespace}/configmaps/{name}",
        "/api/v1/watch/namespaces/{namespace}/endpoints",
        "/api/v1/watch/namespaces/{namespace}/endpoints/{name}",
        "/api/v1/watch/namespaces/{namespace}/pods",
        "/api/v1/watch/namespaces/{namespace}/pods/{name}",
        "/api/v1/watch/namespaces/{name}",
        "/api/v1/watch/pods",
      ],
    ],
  ])("%s has upstream's paths, sorted", (name, paths) => {
    expect(Object.keys(DOCS[name].paths)).toEqual(paths);
  });

  it.each<[Doc, string, string, string, string, Gvk | undefined]>([
    ["apps", "/apis/apps/v1/namespaces/{namespace}/deployments/{name}", "get", "readAppsV1NamespacedDeployment", "get", { group: "apps", version: "v1", kind: "Deployment" }],
    ["apps", "/apis/apps/v1/namespaces/{namespace}/deployments/{name}", "put", "replaceAppsV1NamespacedDeployment", "put", { group: "apps", version: "v1", kind: "Deployment" }],
    ["apps", "/apis/apps/v1/namespaces/{namespace}/deployments/{name}", "patch", "patchAppsV1NamespacedDeployment", "patch", { group: "apps", version: "v1", kind: "Deployment" }],
    ["apps", "/apis/apps/v1/namespaces/{namespace}/deployments/{name}", "delete", "deleteAppsV1NamespacedDeployment", "delete", { group: "apps", version: "v1", kind: "Deployment" }],
    ["apps", "/apis/apps/v1/namespaces/{namespace}/deployments", "get", "listAppsV1NamespacedDeployment", "list", { group: "apps", version: "v1", kind: "Deployment" }],
    ["apps", "/apis/apps/v1/namespaces/{namespace}/deployments", "post", "createAppsV1NamespacedDeployment", "post", { group: "apps", version: "v1", kind: "Deployment" }],
    ["apps", "/apis/apps/v1/namespaces/{namespace}/deployments", "delete", "deleteAppsV1CollectionNamespacedDeployment", "deletecollection", { group: "apps", version: "v1", kind: "Deployment" }],
    ["apps", "/apis/apps/v1/deployments", "get", "listAppsV1DeploymentForAllNamespaces", "list", { group: "apps", version: "v1", kind: "Deployment" }],
    ["apps", "/apis/apps/v1/namespaces/{namespace}/deployments/{name}/scale", "patch", "patchAppsV1NamespacedDeploymentScale", "patch", { group: "autoscaling", version: "v1", kind: "Scale" }],
    ["apps", "/apis/apps/v1/namespaces/{namespace}/deployments/{name}/status", "put", "replaceAppsV1NamespacedDeploymentStatus", "put", { group: "apps", version: "v1", kind: "Deployment" }],
    ["apps", "/apis/apps/v1/watch/namespaces/{namespace}/deployments", "get", "watchAppsV1NamespacedDeploymentList", "watchlist", { group: "apps", version: "v1", kind: "Deployment" }],
    ["apps", "/apis/apps/v1/watch/namespaces/{namespace}/deployments/{name}", "get", "watchAppsV1NamespacedDeployment", "watch", { group: "apps", version: "v1", kind: "Deployment" }],
    ["apps", "/apis/apps/v1/watch/deployments", "get", "watchAppsV1DeploymentListForAllNamespaces", "watchlist", { group: "apps", version: "v1", kind: "Deployment" }],
    ["apps", "/apis/apps/v1/", "get", "getAppsV1APIResources", "", undefined],
    ["core", "/api/v1/namespaces/{name}", "get", "readCoreV1Namespace", "get", { group: "", version: "v1", kind: "Namespace" }],
    ["core", "/api/v1/namespaces", "post", "createCoreV1Namespace", "post", { group: "", version: "v1", kind: "Namespace" }],
    ["core", "/api/v1/namespaces/{name}/status", "patch", "patchCoreV1NamespaceStatus", "patch", { group: "", version: "v1", kind: "Namespace" }],
    ["core", "/api/v1/watch/namespaces/{name}", "get", "watchCoreV1Namespace", "watch", { group: "", version: "v1", kind: "Namespace" }],
    ["core", "/api/v1/reviews", "post", "createCoreV1Review", "post", { group: "", version: "v1", kind: "Review" }],
  ])("%s: %s %s is %s", (name, path, method, operationId, action, gvk) => {
    const doc = DOCS[name];
    const op = doc.paths[path]?.[method as "get"];
    expect(op?.operationId).toBe(operationId);
    expect(op?.["x-kubernetes-action"]).toBe(action || undefined);
    expect(op?.["x-kubernetes-group-version-kind"]).toEqual(gvk);
    expect(op?.tags).toEqual([name === "apps" ? "apps_v1" : "core_v1"]);
  });

  it.each([
    ["/api/v1/namespaces/{namespace}/configmaps", "post", "create a ConfigMap"],
    ["/api/v1/namespaces/{namespace}/endpoints", "post", "create Endpoints"],
    ["/api/v1/namespaces/{namespace}/endpoints/{name}", "delete", "delete Endpoints"],
    ["/api/v1/namespaces/{namespace}/pods/{name}", "patch", "partially update the specified Pod"],
    ["/api/v1/namespaces/{name}/status", "get", "read status of the specified Namespace"],
  ])("%s %s: %j", (path, method, description) => {
    expect(core.paths[path]?.[method as "get"]?.description).toBe(description);
  });

  it("serves only the operations of the kind's verbs", () => {
    expect(Object.keys(core.paths["/api/v1/reviews"]).sort()).toEqual(["parameters", "post"]);
    expect(Object.keys(core.paths).filter((p) => p.includes("review"))).toEqual(["/api/v1/reviews"]);
  });

  it("PATCH bodies are the four patch media types; POST/PUT take the kind", () => {
    const item = apps.paths["/apis/apps/v1/namespaces/{namespace}/deployments/{name}"];
    expect(Object.keys(item.patch!.requestBody!.content).sort()).toEqual([
      "application/apply-patch+yaml",
      "application/json-patch+json",
      "application/merge-patch+json",
      "application/strategic-merge-patch+json",
    ]);
    expect(item.put!.requestBody!.content["application/json"].schema).toEqual({ $ref: "#/components/schemas/test.apps.v1.Deployment" });
    expect(item.put!.parameters!.map((p) => p.name)).toEqual(["dryRun", "fieldManager", "fieldValidation"]);
    expect(item.patch!.parameters!.map((p) => p.name)).toEqual(["dryRun", "fieldManager", "fieldValidation", "force"]);
    expect(item.parameters!.map((p) => `${p.in}:${p.name}`)).toEqual(["path:name", "path:namespace", "query:pretty"]);
    const scale = apps.paths["/apis/apps/v1/namespaces/{namespace}/deployments/{name}/scale"];
    expect(scale.get!.responses["200"].content!["application/json"].schema).toEqual({ $ref: "#/components/schemas/test.autoscaling.v1.Scale" });
  });
});

describe("components", () => {
  it.each<Doc>(["apps", "core", "appsWithoutScale"])("every $ref resolves (%s)", (name) => {
    const doc = DOCS[name];
    const missing = refs(doc)
      .filter(([, r]) => !r.startsWith("#/components/schemas/") || !(r.slice("#/components/schemas/".length) in schemas(doc)))
      .map(([at, r]) => `${at} → ${r}`);
    expect(missing).toEqual([]);
  });

  it.each<Doc>(["apps", "core"])("no nullability leftovers, no $ref siblings, no type arrays (%s)", (name) => {
    for (const n of nodes(DOCS[name].components)) {
      expect(n.nullable).toBeUndefined();
      expect(Array.isArray(n.type)).toBe(false);
      if (n.$ref) expect(Object.keys(n)).toEqual(["$ref"]);
      for (const alt of [...(n.anyOf ?? []), ...(n.oneOf ?? [])]) {
        expect(alt.type).not.toBe("null");
        expect(alt.enum).not.toEqual([null]);
      }
      expect(n.additionalProperties).not.toBe(false);
    }
  });

  it("keeps patch metadata, required lists, descriptions and formats", () => {
    const s = schemas(apps);
    const container = s["test.core.v1.Container"];
    expect(container.description).toBe("A single application container.");
    expect(container.required).toEqual(["name"]);
    expect(container.properties.name).toEqual({ type: "string", description: "Name of the container specified as a DNS_LABEL." });
    expect(container.properties.ports).toMatchObject({
      type: "array",
      items: { $ref: "#/components/schemas/test.core.v1.ContainerPort" },
      "x-kubernetes-patch-merge-key": "containerPort",
      "x-kubernetes-patch-strategy": "merge",
      "x-kubernetes-list-type": "map",
      "x-kubernetes-list-map-keys": ["containerPort", "protocol"],
    });
    expect(container.properties.args).toMatchObject({ type: "array", "x-kubernetes-list-type": "atomic" });
    expect(container.properties.livenessProbe).toEqual({
      description: "Periodic probe of container liveness.",
      allOf: [{ $ref: "#/components/schemas/test.core.v1.Probe" }],
    });
    expect(s["test.core.v1.ContainerPort"].properties).toEqual({
      containerPort: { type: "integer", format: "int32", description: "Number of port to expose on the pod's IP address." },
      protocol: { type: "string", enum: ["TCP", "UDP", "SCTP"], description: "Protocol for port." },
    });
    expect(s["test.core.v1.PodSpec"].properties.volumes["x-kubernetes-patch-strategy"]).toBe("merge,retainKeys");
    expect(s["test.core.v1.PodSpec"].properties.nodeSelector).toMatchObject({ type: "object", "x-kubernetes-map-type": "atomic" });
    const spec = s["test.apps.v1.DeploymentSpec"];
    expect(spec.required).toEqual(["selector", "template"]);
    expect(spec.properties.strategy).toEqual({
      "x-kubernetes-patch-strategy": "retainKeys",
      allOf: [{ $ref: "#/components/schemas/test.apps.v1.DeploymentStrategy" }],
    });
    expect(s["test.apps.v1.DeploymentStatus"].properties.conditions["x-kubernetes-patch-merge-key"]).toBe("type");
    expect(s["io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"].properties.ownerReferences["x-kubernetes-patch-merge-key"]).toBe("uid");
    expect(s["io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"].properties.generation).toEqual({ type: "integer", format: "int64" });
  });

  it("top-level kinds carry their GVK list and description, lists and Scale too", () => {
    const s = schemas(apps);
    expect(s["test.apps.v1.Deployment"]["x-kubernetes-group-version-kind"]).toEqual([{ group: "apps", version: "v1", kind: "Deployment" }]);
    expect(s["test.apps.v1.Deployment"].description).toBe("Deployment enables declarative updates for Pods and ReplicaSets.");
    expect(s["test.apps.v1.Deployment"].properties.spec.description).toBe("Specification of the desired behavior of the Deployment.");
    expect(s["test.apps.v1.DeploymentList"]).toMatchObject({
      required: ["items"],
      properties: { items: { type: "array", items: { $ref: "#/components/schemas/test.apps.v1.Deployment" } } },
      "x-kubernetes-group-version-kind": [{ group: "apps", version: "v1", kind: "DeploymentList" }],
    });
    expect(s["test.autoscaling.v1.Scale"]["x-kubernetes-group-version-kind"]).toEqual([{ group: "autoscaling", version: "v1", kind: "Scale" }]);
    expect(schemas(core)["io.k8s.api.core.v1.Endpoints"].properties.blob).toEqual({});
    expect(schemas(core)["io.k8s.api.core.v1.Endpoints"].required).toBeUndefined();
    expect(schemas(core)["test.core.v1.ReviewList"]).toBeUndefined();
  });

  it("meta components the operations use are present", () => {
    for (const id of ["Status", "StatusDetails", "StatusCause", "DeleteOptions", "Preconditions", "Patch", "WatchEvent", "ListMeta", "APIResourceList"]) {
      expect(schemas(core)[`io.k8s.apimachinery.pkg.apis.meta.v1.${id}`]).toBeDefined();
    }
  });

  it("without a Scale schema the built-in Scale is published", () => {
    const s = schemas(buildGroupVersionDocument(APPS));
    expect(s["io.k8s.api.autoscaling.v1.Scale"]["x-kubernetes-group-version-kind"]).toEqual([{ group: "autoscaling", version: "v1", kind: "Scale" }]);
    expect(s["io.k8s.api.autoscaling.v1.ScaleStatus"].properties.selector.type).toBe("string");
  });

  it("is deterministic", () => {
    expect(JSON.stringify(buildGroupVersionDocument(APPS, { scaleSchema: ScaleSchema }))).toBe(JSON.stringify(apps));
  });
});

describe("build time", () => {
  it("builds a 10-kind group-version quickly", () => {
    const gv = bigGroupVersion(10);
    const t0 = Date.now();
    const doc = buildGroupVersionDocument(gv);
    const json = JSON.stringify(doc);
    const ms = Date.now() - t0;
    console.log(`10-kind group-version document: ${ms} ms (workerd clock), ${Object.keys(doc.paths).length} paths, ${Object.keys(doc.components.schemas).length} components, ${json.length} bytes`);
    expect(ms).toBeLessThan(2000);
    expect(patchSupportsFieldValidation(doc, { group: "big.example.com", version: "v1", kind: "Workload9" })).toBe(true);
  });
});
