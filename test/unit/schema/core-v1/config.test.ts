import { describe, expect, it } from "vitest";
import { encodeBase64, isBase64 } from "../../../../schema/core-v1";
import type { KubeObject } from "../../../../schema/types";
import { KUBECTL_CREATE, OTHER } from "./fixtures-other";
import { admit, clone, load, stored } from "./helpers";

describe("Secret defaulting", () => {
  it("defaults type Opaque and folds stringData into data as base64", () => {
    const { obj, errors } = admit("Secret", load(OTHER.secretStringData));
    expect(errors).toEqual([]);
    expect(obj.type).toBe("Opaque");
    expect(obj.stringData).toBeUndefined();
    expect(obj.data).toEqual({ "config.yaml": encodeBase64("key: value") });
  });

  it("stringData wins over data for the same key, UTF-8 encoded", () => {
    const { obj } = admit("Secret", { metadata: { name: "s" }, data: { k: "b2xk" }, stringData: { k: "né" } });
    expect(obj.data.k).toBe("bsOp");
  });

  it.each([
    ["", true],
    ["YQ==", true],
    ["YWI=", true],
    ["YWJj", true],
    ["YWJj\nZGVm", true],
    ["YQ", false],
    ["not base64!", false],
    ["YQ===", false],
  ])("isBase64(%j) = %s", (s, ok) => {
    expect(isBase64(s)).toBe(ok);
  });
});

describe("immutable ConfigMaps and Secrets", () => {
  const cm = stored("ConfigMap", OTHER.configMapBinary);
  const secret = stored("Secret", KUBECTL_CREATE.secretGeneric);
  const frozen = "Forbidden: field is immutable when `immutable` is set";

  it.each<[string, string, KubeObject, (o: KubeObject) => void, string]>([
    ["configmap data", "ConfigMap", cm, (o) => (o.data.readme = "changed"), "data"],
    ["configmap binaryData", "ConfigMap", cm, (o) => delete o.binaryData, "binaryData"],
    ["configmap immutable flag", "ConfigMap", cm, (o) => (o.immutable = false), "immutable"],
  ])("%s cannot change", (_name, kind, old, mutate, field) => {
    const next = clone(old);
    mutate(next);
    expect(admit(kind, next, old).errors).toContainEqual({ reason: "FieldValueForbidden", field, message: frozen });
  });

  it("metadata of an immutable configmap may still change", () => {
    const next = clone(cm);
    next.metadata.labels = { a: "b" };
    expect(admit("ConfigMap", next, cm).errors).toEqual([]);
  });

  it("a mutable secret's data may change, its type may not", () => {
    const next = clone(secret);
    next.data.password = "bmV3";
    expect(admit("Secret", next, secret).errors).toEqual([]);
    next.type = "kubernetes.io/basic-auth";
    expect(admit("Secret", next, secret).errors).toContainEqual({
      reason: "FieldValueInvalid",
      field: "type",
      message: 'Invalid value: "kubernetes.io/basic-auth": field is immutable',
    });
  });

  it("once immutable, a secret's data is frozen", () => {
    const frozenSecret = clone(secret);
    frozenSecret.immutable = true;
    const next = clone(frozenSecret);
    next.data.password = "bmV3";
    expect(admit("Secret", next, frozenSecret).errors).toContainEqual({ reason: "FieldValueForbidden", field: "data", message: frozen });
  });

  it("data and binaryData keys must be disjoint", () => {
    const { errors } = admit("ConfigMap", { metadata: { name: "x" }, data: { a: "1" }, binaryData: { a: "MQ==" } });
    expect(errors).toContainEqual({ reason: "FieldValueInvalid", field: "data[a]", message: 'Invalid value: "a": duplicate of key present in binaryData' });
  });

  it("data over 1 MiB is too long", () => {
    const { errors } = admit("ConfigMap", { metadata: { name: "x" }, data: { a: "x".repeat(1024 * 1024 + 1) } });
    expect(errors).toContainEqual({ reason: "FieldValueTooLong", field: "", message: "Too long: may not be more than 1048576 bytes" });
  });
});
