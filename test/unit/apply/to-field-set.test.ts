import { describe, expect, it } from "vitest";
import { pathToString } from "../../../worker/apply/field-set";
import { appliedFieldSet, fieldSetOf } from "../../../worker/apply/to-field-set";
import { encodeFieldsV1 } from "../../../worker/apply/fields-v1";
import { deployment, deploymentSchema, withContainers } from "./fixtures";

const fieldsOf = (obj: unknown) => fieldSetOf(obj, deploymentSchema).paths().map(pathToString);

describe("fieldSetOf", () => {
  it.each<[string, unknown, string[]]>([
    ["scalars are leaves; struct fields are not members", { spec: { replicas: 3 } }, [".spec.replicas"]],
    ["map keys are members", { metadata: { labels: { app: "web" } } }, [".metadata.labels.app"]],
    ["an atomic map is one leaf", { spec: { selector: { matchLabels: { app: "web" } } } }, [".spec.selector"]],
    [
      "containers are keyed by name, items are members",
      { spec: withContainers([{ name: "app", image: "nginx" }]) },
      ['.spec.template.spec.containers[name="app"]', '.spec.template.spec.containers[name="app"].image', '.spec.template.spec.containers[name="app"].name'],
    ],
    [
      "ports are keyed by containerPort+protocol; protocol defaults to TCP",
      { spec: withContainers([{ name: "app", ports: [{ containerPort: 80 }, { containerPort: 53, protocol: "UDP" }] }]) },
      [
        '.spec.template.spec.containers[name="app"]',
        '.spec.template.spec.containers[name="app"].name',
        '.spec.template.spec.containers[name="app"].ports[containerPort=53,protocol="UDP"]',
        '.spec.template.spec.containers[name="app"].ports[containerPort=80,protocol="TCP"]',
        '.spec.template.spec.containers[name="app"].ports[containerPort=53,protocol="UDP"].containerPort',
        '.spec.template.spec.containers[name="app"].ports[containerPort=53,protocol="UDP"].protocol',
        '.spec.template.spec.containers[name="app"].ports[containerPort=80,protocol="TCP"].containerPort',
      ],
    ],
    [
      "an atomic list is one leaf",
      { spec: withContainers([{ name: "app", args: ["a", "b"] }]) },
      ['.spec.template.spec.containers[name="app"]', '.spec.template.spec.containers[name="app"].args', '.spec.template.spec.containers[name="app"].name'],
    ],
    ["set items are values", { metadata: { finalizers: ["a", "b"] } }, ['.metadata.finalizers[="a"]', '.metadata.finalizers[="b"]']],
    ["null scalars count, null structs do not", { spec: { replicas: null, strategy: null } }, [".spec.replicas"]],
  ])("%s", (_name, obj, expected) => {
    expect(fieldsOf(obj)).toEqual(expected);
  });

  it("without a schema, maps are granular (every key a member) and lists atomic", () => {
    const obj = { spec: { x: { y: 1 }, l: [{ name: "a" }] } };
    expect(fieldSetOf(obj).paths().map(pathToString)).toEqual([".spec", ".spec.l", ".spec.x", ".spec.x.y"]);
  });

  it("encodes like a kubectl server-side apply entry", () => {
    const config = deployment({ replicas: 2, ...withContainers([{ name: "app", image: "nginx" }]) }, { metadata: { labels: { app: "web" } } });
    expect(encodeFieldsV1(fieldSetOf(config, deploymentSchema))).toEqual({
      "f:apiVersion": {},
      "f:kind": {},
      "f:metadata": { "f:labels": { "f:app": {} }, "f:name": {}, "f:namespace": {} },
      "f:spec": {
        "f:replicas": {},
        "f:template": { "f:spec": { "f:containers": { 'k:{"name":"app"}': { ".": {}, "f:image": {}, "f:name": {} } } } },
      },
    });
  });
});

describe("appliedFieldSet", () => {
  it.each<[string, unknown, string]>([
    ["duplicate list-map keys", { spec: withContainers([{ name: "a" }, { name: "a" }]) }, '.spec.template.spec.containers: duplicate entries for key [name="a"]'],
    ["duplicate set items", { metadata: { finalizers: ["x", "x"] } }, '.metadata.finalizers: duplicate entries for key [="x"]'],
    ["non-object list-map items", { spec: withContainers(["app" as never]) }, ".spec.template.spec.containers: element 0: associative list with keys may not have non-map elements"],
  ])("rejects %s", (_name, config, error) => {
    expect(appliedFieldSet(config, deploymentSchema)).toEqual({ ok: false, errors: [error] });
  });
});
