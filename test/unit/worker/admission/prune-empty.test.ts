/**
 * Storage round trip of empty collections (Go `omitempty` on maps and slices; protobuf has no empty-vs-nil):
 * empty maps and lists go, empty structs stay, free-form JSON is untouched. Schemas are the real kinds'.
 */
import { describe, expect, it } from "vitest";
import { registry } from "../../../../schema/registry";
import { pruneEmpty } from "../../../../worker/admission/prune-empty";
import { SchemaNode } from "../../../../worker/patch/schema-node";

type Json = Record<string, unknown>;
const schemaOf = (group: string, resource: string) => {
  const entry = registry.lookup(group, "v1", resource);
  if (!entry) throw new Error(`no ${group}/${resource}`);
  return SchemaNode.fromJsonSchema(registry.jsonSchema(entry));
};
const POD = schemaOf("", "pods");
const CONFIGMAP = schemaOf("", "configmaps");
const DEPLOYMENT = schemaOf("apps", "deployments");

describe("pruneEmpty", () => {
  it.each<[string, SchemaNode, Json, Json]>([
    [
      "empty metadata maps and lists",
      CONFIGMAP,
      { metadata: { name: "c", labels: {}, annotations: {}, finalizers: [], ownerReferences: [] }, data: {}, binaryData: {} },
      { metadata: { name: "c" } },
    ],
    ["non-empty collections stay", CONFIGMAP, { metadata: { name: "c", labels: { a: "" } }, data: { k: "" } }, { metadata: { name: "c", labels: { a: "" } }, data: { k: "" } }],
    [
      "empty structs stay at any depth; empty maps and lists inside list items go",
      POD,
      {
        metadata: { name: "p" },
        spec: {
          nodeSelector: {},
          tolerations: [],
          containers: [{ name: "c", image: "i", env: [], ports: [], resources: {}, securityContext: {} }],
          volumes: [{ name: "v", emptyDir: {} }],
        },
        status: {},
      },
      {
        metadata: { name: "p" },
        spec: { containers: [{ name: "c", image: "i", resources: {}, securityContext: {} }], volumes: [{ name: "v", emptyDir: {} }] },
        status: {},
      },
    ],
    [
      "a struct emptied by pruning stays",
      POD,
      { metadata: { name: "p" }, spec: { containers: [{ name: "c", resources: { limits: {}, requests: {} } }] } },
      { metadata: { name: "p" }, spec: { containers: [{ name: "c", resources: {} }] } },
    ],
    [
      "nested pod template in a Deployment",
      DEPLOYMENT,
      {
        metadata: { name: "d" },
        spec: {
          selector: { matchLabels: {}, matchExpressions: [] },
          template: { metadata: { labels: {}, annotations: {} }, spec: { containers: [{ name: "c", args: [], command: [] }], initContainers: [] } },
          strategy: {},
        },
        status: { conditions: [] },
      },
      {
        metadata: { name: "d" },
        spec: { selector: {}, template: { metadata: {}, spec: { containers: [{ name: "c" }] } }, strategy: {} },
        status: {},
      },
    ],
    [
      "managedFields[].fieldsV1 is free-form: its empty leaves stay",
      CONFIGMAP,
      {
        metadata: {
          name: "c",
          managedFields: [
            { manager: "kubectl", operation: "Update", fieldsType: "FieldsV1", fieldsV1: { "f:data": { ".": {}, "f:a": {} }, "f:metadata": { "f:labels": {} } } },
          ],
        },
      },
      {
        metadata: {
          name: "c",
          managedFields: [
            { manager: "kubectl", operation: "Update", fieldsType: "FieldsV1", fieldsV1: { "f:data": { ".": {}, "f:a": {} }, "f:metadata": { "f:labels": {} } } },
          ],
        },
      },
    ],
    [
      "fields the schema does not know are left alone",
      CONFIGMAP,
      { metadata: { name: "c" }, unknownMap: {}, unknownList: [] },
      { metadata: { name: "c" }, unknownMap: {}, unknownList: [] },
    ],
    [
      "non-object list items are left alone",
      POD,
      { spec: { containers: [{ name: "c", command: ["sh", "", "-c"] }] } },
      { spec: { containers: [{ name: "c", command: ["sh", "", "-c"] }] } },
    ],
  ])("%s", (_, node, obj, want) => {
    pruneEmpty(obj, node);
    expect(obj).toEqual(want);
  });

  // rbac/v1 ClusterRole: `Rules []PolicyRule json:"rules"` has no omitempty, so the protobuf round trip of an
  // empty list gives a nil slice that Go's JSON encoder writes as null (kubectl shows `rules: null`).
  it.fails("BUG: an empty list without omitempty comes back as null, not absent", () => {
    const obj: Json = { metadata: { name: "r" }, rules: [] };
    pruneEmpty(obj, schemaOf("rbac.authorization.k8s.io", "clusterroles"));
    expect(obj).toEqual({ metadata: { name: "r" }, rules: null });
  });

  it("does nothing without a schema", () => {
    const obj = { metadata: { labels: {} }, data: [] };
    pruneEmpty(obj, undefined);
    expect(obj).toEqual({ metadata: { labels: {} }, data: [] });
  });
});
