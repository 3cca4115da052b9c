/**
 * Workers forbid `eval` / `new Function` in production, but the vitest workerd pool allows them, so
 * running here alone proves nothing: these tests take both away and check that decoding still works,
 * while protobufjs' own code-generating `Type.decode` (the control) breaks.
 */
import protobuf from "protobufjs";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { decodeKubernetesProtobuf } from "../../../worker/protobuf";
import { encode, envelope, objectMeta, str, strMap } from "./wire-builder";

const configMap = envelope("v1", "ConfigMap", encode(objectMeta(1, { name: "a" }), ...strMap(2, { a: "b" })));

describe("decoding without code generation", () => {
  beforeEach(() => {
    const refuse = () => {
      throw new EvalError("Code generation from strings disallowed for this context");
    };
    vi.stubGlobal("eval", refuse);
    vi.stubGlobal("Function", refuse);
  });
  afterEach(() => vi.unstubAllGlobals());

  it("control: protobufjs Type.decode needs code generation", () => {
    const type = protobuf.parse('syntax = "proto2"; message M { optional string a = 1; }').root.lookupType("M");
    expect(() => type.decode(encode(str(1, "x")))).toThrow(EvalError);
  });

  it("decodes a ConfigMap with eval and Function unavailable", () => {
    expect(decodeKubernetesProtobuf(configMap).object).toEqual({
      kind: "ConfigMap",
      apiVersion: "v1",
      metadata: { name: "a" },
      data: { a: "b" },
    });
  });
});
