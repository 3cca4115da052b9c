/**
 * JSON Schema generation (what OpenAPI, strategic merge patch and server-side apply read): works for every kind
 * and carries upstream's ids and patch metadata.
 */
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { coreV1, PodTemplateSpecSchema } from "../../../../schema/core-v1";
import { SchemaNode } from "../../../../worker/patch/schema-node";

type Json = Record<string, any>;
const toJson = (s: z.ZodType): Json => z.toJSONSchema(s, { unrepresentable: "any", io: "input" }) as Json;

describe("z.toJSONSchema for every core/v1 kind", () => {
  it.each(coreV1.kinds.map((k) => [k.kind, k] as const))("%s", (kind, def) => {
    const js = toJson(def.schema);
    expect(js.$defs[`io.k8s.api.core.v1.${kind}`]).toBeDefined();
  });
});

describe("Pod schema patch metadata (read through SchemaNode)", () => {
  const root = SchemaNode.fromJsonSchema(toJson(coreV1.kinds.find((k) => k.kind === "Pod")!.schema));
  const spec = root.field("spec")!;
  const container = spec.field("containers")!.items()!;

  it.each<[string, () => SchemaNode, Partial<ReturnType<SchemaNode["listInfo"]>>]>([
    ["spec.containers", () => spec.field("containers")!, { mergeKey: "name", strategies: ["merge"], listType: "map", mapKeys: ["name"] }],
    ["spec.initContainers", () => spec.field("initContainers")!, { mergeKey: "name", listType: "map" }],
    ["spec.volumes", () => spec.field("volumes")!, { mergeKey: "name", strategies: ["merge", "retainKeys"], listType: "map" }],
    ["spec.tolerations", () => spec.field("tolerations")!, { mergeKey: undefined, listType: "atomic" }],
    ["spec.topologySpreadConstraints", () => spec.field("topologySpreadConstraints")!, { mergeKey: "topologyKey", mapKeys: ["topologyKey", "whenUnsatisfiable"] }],
    ["container.ports", () => container.field("ports")!, { mergeKey: "containerPort", mapKeys: ["containerPort", "protocol"] }],
    ["container.env", () => container.field("env")!, { mergeKey: "name", listType: "map" }],
    ["container.volumeMounts", () => container.field("volumeMounts")!, { mergeKey: "mountPath", listType: "map" }],
    ["container.args", () => container.field("args")!, { listType: "atomic" }],
    ["status.conditions", () => root.field("status")!.field("conditions")!, { mergeKey: "type", listType: "map" }],
    ["status.podIPs", () => root.field("status")!.field("podIPs")!, { mergeKey: "ip", listType: "map" }],
    ["status.hostIPs", () => root.field("status")!.field("hostIPs")!, { mergeKey: "ip", listType: "atomic" }],
  ])("%s", (_name, node, expected) => {
    expect(node().listInfo()).toMatchObject(expected);
  });

  it("nodeSelector and affinity terms are atomic maps", () => {
    expect(spec.field("nodeSelector")!.mapType()).toBe("atomic");
    const term = spec.field("affinity")!.field("nodeAffinity")!.field("requiredDuringSchedulingIgnoredDuringExecution")!;
    expect(term.mapType()).toBe("atomic");
  });

  it("named definitions carry upstream ids and OpenAPI required lists", () => {
    const js = toJson(PodTemplateSpecSchema);
    expect(js.$defs["io.k8s.api.core.v1.Container"].required).toEqual(["name"]);
    expect(js.$defs["io.k8s.api.core.v1.PodSpec"].required).toEqual(["containers"]);
    expect(js.$defs["io.k8s.api.core.v1.ContainerPort"].required).toEqual(["containerPort"]);
    expect(js.$defs["io.k8s.api.core.v1.PodSpec"].description).toBeTruthy();
  });
});

describe("other kinds' patch metadata", () => {
  const nodeOf = (kind: string) => SchemaNode.fromJsonSchema(toJson(coreV1.kinds.find((k) => k.kind === kind)!.schema));

  it.each<[string, string[], Partial<ReturnType<SchemaNode["listInfo"]>>]>([
    ["Service", ["spec", "ports"], { mergeKey: "port", mapKeys: ["port", "protocol"] }],
    ["Service", ["status", "conditions"], { mergeKey: "type", mapKeys: ["type"] }],
    ["Node", ["status", "addresses"], { mergeKey: "type", listType: "map" }],
    ["Node", ["spec", "podCIDRs"], { strategies: ["merge"], listType: "set" }],
    ["ServiceAccount", ["secrets"], { mergeKey: "name" }],
    ["Endpoints", ["subsets"], { listType: "atomic" }],
    ["Namespace", ["status", "conditions"], { mergeKey: "type" }],
  ])("%s %j", (kind, path, expected) => {
    let n: SchemaNode | undefined = nodeOf(kind);
    for (const p of path) n = n?.field(p);
    expect(n!.listInfo()).toMatchObject(expected);
  });

  it("PersistentVolume claimRef overrides ObjectReference's atomic struct type with granular", () => {
    expect(nodeOf("PersistentVolume").field("spec")!.field("claimRef")!.mapType()).toBe("granular");
    expect(nodeOf("Event").field("involvedObject")!.mapType()).toBe("atomic");
  });

  it("Service selector is an atomic map", () => {
    expect(nodeOf("Service").field("spec")!.field("selector")!.mapType()).toBe("atomic");
  });
});
