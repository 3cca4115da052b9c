import { describe, expect, it } from "vitest";
import type { KubeObject } from "../../../../schema/types";
import { nodeAffinityFilter, type FilterResult, type NodeSelectorTerm } from "../../../../worker/scheduler/filters";
import { info, node, pod } from "./helpers";

const MISMATCH: FilterResult = { ok: false, reasons: ["node(s) didn't match Pod's node affinity/selector"], unresolvable: true };
const FITS: FilterResult = { ok: true };

const LABELS = { "kubernetes.io/hostname": "n1", zone: "us-east-1a", disktype: "ssd", cores: "8" };

const withTerms = (terms: NodeSelectorTerm[] | undefined, nodeSelector?: Record<string, string>): KubeObject =>
  pod({
    ...(nodeSelector ? { nodeSelector } : {}),
    affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: terms } } },
  });
const expr = (key: string, operator: string, values?: string[]): NodeSelectorTerm => ({
  matchExpressions: [{ key, operator, ...(values ? { values } : {}) }],
});

// Cases after upstream TestNodeAffinity (plugins/nodeaffinity/node_affinity_test.go) and nodeaffinity_test.go.
describe("NodeAffinity filter", () => {
  it.each<[string, KubeObject, FilterResult]>([
    ["no selector, no affinity", pod(), FITS],
    ["nodeSelector matches", pod({ nodeSelector: { zone: "us-east-1a" } }), FITS],
    ["nodeSelector all keys must match", pod({ nodeSelector: { zone: "us-east-1a", disktype: "hdd" } }), MISMATCH],
    ["nodeSelector missing label", pod({ nodeSelector: { gpu: "true" } }), MISMATCH],
    ["nodeSelector empty-string value vs absent label", pod({ nodeSelector: { gpu: "" } }), MISMATCH],
    ["affinity without required part", pod({ affinity: { nodeAffinity: {} } }), FITS],
    ["In matches", withTerms([expr("zone", "In", ["us-east-1b", "us-east-1a"])]), FITS],
    ["In does not match", withTerms([expr("zone", "In", ["us-east-1b"])]), MISMATCH],
    ["NotIn matches other value", withTerms([expr("zone", "NotIn", ["us-east-1b"])]), FITS],
    ["NotIn matches absent label", withTerms([expr("gpu", "NotIn", ["true"])]), FITS],
    ["NotIn rejects listed value", withTerms([expr("zone", "NotIn", ["us-east-1a"])]), MISMATCH],
    ["Exists", withTerms([expr("disktype", "Exists")]), FITS],
    ["Exists, label absent", withTerms([expr("gpu", "Exists")]), MISMATCH],
    ["DoesNotExist", withTerms([expr("gpu", "DoesNotExist")]), FITS],
    ["DoesNotExist, label present", withTerms([expr("disktype", "DoesNotExist")]), MISMATCH],
    ["Gt", withTerms([expr("cores", "Gt", ["4"])]), FITS],
    ["Gt is strict", withTerms([expr("cores", "Gt", ["8"])]), MISMATCH],
    ["Lt", withTerms([expr("cores", "Lt", ["16"])]), FITS],
    ["Lt, non-integer label", withTerms([expr("zone", "Lt", ["16"])]), MISMATCH],
    ["Gt with two values does not parse", withTerms([expr("cores", "Gt", ["4", "5"])]), MISMATCH],
    ["Gt with a non-integer value does not parse", withTerms([expr("cores", "Gt", ["four"])]), MISMATCH],
    ["In without values does not parse", withTerms([expr("zone", "In", [])]), MISMATCH],
    ["Exists with values does not parse", withTerms([expr("zone", "Exists", ["x"])]), MISMATCH],
    ["unknown operator", withTerms([expr("zone", "Equals", ["us-east-1a"])]), MISMATCH],
    ["invalid key", withTerms([expr("bad key", "Exists")]), MISMATCH],
    [
      "expressions in one term are ANDed",
      withTerms([{ matchExpressions: [{ key: "zone", operator: "In", values: ["us-east-1a"] }, { key: "gpu", operator: "Exists" }] }]),
      MISMATCH,
    ],
    ["terms are ORed", withTerms([expr("gpu", "Exists"), expr("disktype", "In", ["ssd"])]), FITS],
    ["an invalid term is skipped, the others still count", withTerms([expr("zone", "In", []), expr("disktype", "Exists")]), FITS],
    ["empty term list matches nothing", withTerms([]), MISMATCH],
    ["nil term list matches nothing", withTerms(undefined), MISMATCH],
    ["empty term matches nothing", withTerms([{}]), MISMATCH],
    ["empty term next to a matching one", withTerms([{}, expr("disktype", "Exists")]), FITS],
    ["matchFields metadata.name In", withTerms([{ matchFields: [{ key: "metadata.name", operator: "In", values: ["n1"] }] }]), FITS],
    ["matchFields metadata.name other node", withTerms([{ matchFields: [{ key: "metadata.name", operator: "In", values: ["n2"] }] }]), MISMATCH],
    ["matchFields NotIn", withTerms([{ matchFields: [{ key: "metadata.name", operator: "NotIn", values: ["n2"] }] }]), FITS],
    [
      "matchFields In needs exactly one value",
      withTerms([{ matchFields: [{ key: "metadata.name", operator: "In", values: ["n1", "n2"] }] }]),
      MISMATCH,
    ],
    ["matchFields Exists is not supported", withTerms([{ matchFields: [{ key: "metadata.name", operator: "Exists" }] }]), MISMATCH],
    [
      "matchFields and matchExpressions are ANDed",
      withTerms([{ matchExpressions: [{ key: "gpu", operator: "Exists" }], matchFields: [{ key: "metadata.name", operator: "In", values: ["n1"] }] }]),
      MISMATCH,
    ],
    ["nodeSelector and affinity both apply", withTerms([expr("disktype", "Exists")], { zone: "us-west-2" }), MISMATCH],
    ["nodeSelector and affinity both match", withTerms([expr("disktype", "Exists")], { zone: "us-east-1a" }), FITS],
  ])("%s", (_name, p, want) => {
    expect(nodeAffinityFilter(p, info(node("n1", { labels: LABELS })))).toEqual(want);
  });

  it("a node without labels matches only label-free requirements", () => {
    expect(nodeAffinityFilter(withTerms([expr("gpu", "DoesNotExist")]), info(node("bare")))).toEqual(FITS);
    expect(nodeAffinityFilter(pod({ nodeSelector: { a: "b" } }), info(node("bare")))).toEqual(MISMATCH);
  });
});
