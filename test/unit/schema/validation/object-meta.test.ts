import { describe, expect, it } from "vitest";
import type { FieldError, KubeObject } from "../../../../schema/types";
import {
  nameIsDNSLabel,
  validateAnnotations,
  validateFinalizers,
  validateLabels,
  validateObjectMeta,
  validateObjectMetaUpdate,
  validateOwnerReferences,
} from "../../../../schema/validation";

const fields = (errs: FieldError[]) => errs.map((e) => `${e.reason} ${e.field}`);

describe("validateObjectMeta", () => {
  it.each<[string, KubeObject, boolean, string[]]>([
    ["valid namespaced object", { name: "a", namespace: "default" }, true, []],
    ["generateName instead of name", { generateName: "web-", namespace: "default" }, true, []],
    ["neither name nor generateName", { namespace: "default" }, true, ["FieldValueRequired metadata.name"]],
    ["namespaced without namespace", { name: "a" }, true, ["FieldValueRequired metadata.namespace"]],
    ["cluster-scoped with namespace", { name: "a", namespace: "x" }, false, ["FieldValueForbidden metadata.namespace"]],
    ["bad namespace", { name: "a", namespace: "Bad_NS" }, true, ["FieldValueInvalid metadata.namespace"]],
    ["negative generation", { name: "a", namespace: "d", generation: -1 }, true, ["FieldValueInvalid metadata.generation"]],
    ["bad generateName", { generateName: "Web-", namespace: "d" }, true, ["FieldValueInvalid metadata.generateName"]],
    ["bad label key", { name: "a", namespace: "d", labels: { "-x": "v" } }, true, ["FieldValueInvalid metadata.labels"]],
    ["bad annotation key", { name: "a", namespace: "d", annotations: { "a/b/c": "v" } }, true, ["FieldValueInvalid metadata.annotations"]],
  ])("%s", (_name, meta, namespaced, expected) => {
    expect(fields(validateObjectMeta(meta, { namespaced }))).toEqual(expected);
  });

  it("uses the kind's name validator and path", () => {
    const errs = validateObjectMeta({ name: "a.b" }, { namespaced: false, nameValidator: nameIsDNSLabel, path: "spec.template.metadata" });
    expect(errs).toEqual([{ reason: "FieldValueInvalid", field: "spec.template.metadata.name", message: 'Invalid value: "a.b": must not contain dots' }]);
  });

  it("reports the missing name with upstream's detail", () => {
    expect(validateObjectMeta({}, { namespaced: false })).toEqual([
      { reason: "FieldValueRequired", field: "metadata.name", message: "Required value: name or generateName is required" },
    ]);
  });
});

describe("labels and annotations", () => {
  it("reports both key and value problems at the map path", () => {
    const errs = validateLabels({ "bad key": "bad value" }, "metadata.labels");
    expect(errs.map((e) => e.field)).toEqual(["metadata.labels", "metadata.labels"]);
    expect(errs[0].message).toContain('Invalid value: "bad key": name part must consist of');
    expect(errs[1].message).toContain('Invalid value: "bad value": a valid label must be an empty string');
  });

  it("annotation keys are case-insensitive qualified names", () => {
    expect(validateAnnotations({ "Example.COM/Key": "v" }, "metadata.annotations")).toEqual([]);
  });

  it("counts annotation keys and values in UTF-8 bytes", () => {
    expect(validateAnnotations({ k: "é".repeat(131071) }, "a")).toEqual([]); // 1 + 262142 bytes
    expect(validateAnnotations({ k: "é".repeat(131072) }, "a")).toEqual([
      { reason: "FieldValueTooLong", field: "a", message: "Too long: may not be more than 262144 bytes" },
    ]);
  });
});

describe("owner references and finalizers", () => {
  const ref = (name: string, controller?: boolean) => ({ apiVersion: "apps/v1", kind: "ReplicaSet", name, uid: `u-${name}`, controller });

  it("requires every identifying field", () => {
    expect(fields(validateOwnerReferences([{ kind: "X" }], "metadata.ownerReferences"))).toEqual([
      "FieldValueInvalid metadata.ownerReferences.apiVersion",
      "FieldValueInvalid metadata.ownerReferences.name",
      "FieldValueInvalid metadata.ownerReferences.uid",
    ]);
  });

  it("allows one controller only", () => {
    expect(validateOwnerReferences([ref("a", true), ref("b")], "p")).toEqual([]);
    expect(validateOwnerReferences([ref("a", true), ref("b", true)], "p")[0].message).toContain(
      'Only one reference can have Controller set to true. Found "true" in references for ReplicaSet/a and ReplicaSet/b',
    );
  });

  it("rejects orphan together with foregroundDeletion", () => {
    expect(fields(validateFinalizers(["orphan", "foregroundDeletion"], "metadata.finalizers"))).toEqual(["FieldValueInvalid metadata.finalizers"]);
    expect(validateFinalizers(["kubernetes", "example.com/x"], "metadata.finalizers")).toEqual([]);
  });
});

describe("validateObjectMetaUpdate", () => {
  const old = { name: "a", namespace: "d", uid: "u1", creationTimestamp: "2025-01-01T00:00:00Z", generation: 2 };

  it.each<[string, KubeObject, string[]]>([
    ["unchanged", { ...old }, []],
    ["uid and creationTimestamp left out (filled by the server)", { name: "a", namespace: "d" }, []],
    ["renamed", { ...old, name: "b" }, ["FieldValueInvalid metadata.name"]],
    ["moved namespace", { ...old, namespace: "e" }, ["FieldValueInvalid metadata.namespace"]],
    ["changed uid", { ...old, uid: "u2" }, ["FieldValueInvalid metadata.uid"]],
    ["generation decremented", { ...old, generation: 1 }, ["FieldValueInvalid metadata.generation"]],
  ])("%s", (_name, meta, expected) => {
    expect(fields(validateObjectMetaUpdate(meta, old))).toEqual(expected);
  });

  it("no new finalizers once deleting", () => {
    const deleting = { ...old, deletionTimestamp: "2025-01-02T00:00:00Z", finalizers: ["a.io/x"] };
    const errs = validateObjectMetaUpdate({ ...deleting, finalizers: ["a.io/x", "b.io/y"] }, deleting);
    expect(errs).toEqual([
      {
        reason: "FieldValueForbidden",
        field: "metadata.finalizers",
        message: 'Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{"b.io/y"}',
      },
    ]);
  });
});
