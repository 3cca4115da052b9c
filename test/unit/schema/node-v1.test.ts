/** node.k8s.io/v1 RuntimeClass: accept, handler rules and immutability. */
import { describe, expect, it } from "vitest";
import { nodeV1 } from "../../../schema/node-v1";
import { admit, kindOf, load, stored, update } from "./group-helpers";

const rc = kindOf(nodeV1, "RuntimeClass");

const GVISOR = `
apiVersion: node.k8s.io/v1
kind: RuntimeClass
metadata: {name: gvisor}
handler: runsc
overhead: {podFixed: {memory: 120Mi, cpu: 250m}}
scheduling:
  nodeSelector: {runtime: gvisor}
  tolerations: [{key: runtime, operator: Equal, value: gvisor, effect: NoSchedule}]
`;

describe("RuntimeClass", () => {
  it("accepts a gVisor class", () => {
    const { issues, errors } = admit(rc, load(GVISOR));
    expect([issues, errors]).toEqual([[], []]);
  });

  it("rejects a handler that is not a DNS label", () => {
    const obj = load(GVISOR);
    obj.handler = "Run_SC";
    const errors = admit(rc, obj).errors;
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^handler: Invalid value: "Run_SC": a lowercase RFC 1123 label must consist of/);
  });

  it("rejects a bad overhead quantity", () => {
    const obj = load(GVISOR);
    obj.overhead.podFixed.memory = "lots";
    expect(admit(rc, obj).errors[0]).toMatch(/^overhead\.podFixed\[memory\]: Invalid value: "lots": quantities must match/);
  });

  it("handler is immutable", () => {
    const old = stored(rc, GVISOR);
    expect(update(rc, old, (o) => (o.handler = "kata")).errors).toEqual(['handler: Invalid value: "kata": field is immutable']);
  });
});
