/** policy/v1 PodDisruptionBudget: accept corpus and rejects. */
import { describe, expect, it } from "vitest";
import { policyV1 } from "../../../schema/policy-v1";
import { admit, kindOf, load } from "./group-helpers";

const pdb = kindOf(policyV1, "PodDisruptionBudget");

const ZK = `
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: zk-pdb}
spec:
  minAvailable: 2
  selector: {matchLabels: {app: zookeeper}}
`;

describe("PodDisruptionBudget", () => {
  it.each([
    ["minAvailable", ZK],
    ["maxUnavailable percentage with eviction policy", ZK.replace("minAvailable: 2", 'maxUnavailable: "30%"\n  unhealthyPodEvictionPolicy: AlwaysAllow')],
  ])("accepts %s", (_n, yaml) => {
    const { issues, errors, obj } = admit(pdb, load(yaml));
    expect([issues, errors]).toEqual([[], []]);
    expect(obj.spec.unhealthyPodEvictionPolicy === undefined || obj.spec.unhealthyPodEvictionPolicy === "AlwaysAllow").toBe(true);
  });

  it.each<[string, (s: any) => void, string[]]>([
    ["both set", (s) => (s.maxUnavailable = 1), ["spec: Invalid value: policy.PodDisruptionBudgetSpec{...}: minAvailable and maxUnavailable cannot be both set"]],
    ["negative", (s) => (s.minAvailable = -1), ["spec.minAvailable: Invalid value: -1: must be greater than or equal to 0"]],
    [
      "bad percentage",
      (s) => (s.minAvailable = "50"),
      ["spec.minAvailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:\"50\"}: a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')"],
    ],
    ["over 100%", (s) => (s.minAvailable = "150%"), ['spec.minAvailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:"150%"}: must not be greater than 100%']],
    ["eviction policy", (s) => (s.unhealthyPodEvictionPolicy = "Never"), ['spec.unhealthyPodEvictionPolicy: Unsupported value: "Never": supported values: "AlwaysAllow", "IfHealthyBudget"']],
  ])("rejects %s", (_n, edit, expected) => {
    const obj = load(ZK);
    edit(obj.spec);
    expect(admit(pdb, obj).errors).toEqual(expected);
  });

  it("has status, generation and short name pdb", () => {
    expect([pdb.resource, pdb.shortNames, pdb.status, pdb.generation]).toEqual(["poddisruptionbudgets", ["pdb"], true, true]);
  });
});
