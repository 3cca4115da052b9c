import { describe, expect, it } from "vitest";
import type { KubeObject } from "../../../../schema/types";
import {
  matchNodeSelectorTerm,
  nodeSelectorMatches,
  parseNodeSelectorTerm,
  type NodeSelectorTerm,
} from "../../../../worker/scheduler/common";

const req = (key: string, operator: string, values?: string[]) => ({ key, operator, ...(values ? { values } : {}) });
const node = (name: string, labels: Record<string, string> = {}): KubeObject => ({ metadata: { name, labels } });

// Operators as labels.Requirement and the metadata.name field selector evaluate them.
describe("node selector term matching", () => {
  const nodeA = node("node-a", { zone: "z1", cores: "8" });
  const parsed = (term: KubeObject) => {
    const r = parseNodeSelectorTerm(term, "t");
    if (!r.ok) throw new Error(r.errors.join("; "));
    return r.term;
  };
  it.each<[string, KubeObject, boolean]>([
    ["In", { matchExpressions: [req("zone", "In", ["z1", "z2"])] }, true],
    ["NotIn on a missing key", { matchExpressions: [req("rack", "NotIn", ["r1"])] }, true],
    ["DoesNotExist", { matchExpressions: [req("zone", "DoesNotExist")] }, false],
    ["Gt", { matchExpressions: [req("cores", "Gt", ["4"])] }, true],
    ["Lt", { matchExpressions: [req("cores", "Lt", ["4"])] }, false],
    ["expressions are ANDed", { matchExpressions: [req("zone", "Exists"), req("cores", "Lt", ["4"])] }, false],
    ["matchFields In", { matchFields: [req("metadata.name", "In", ["node-a"])] }, true],
    ["matchFields NotIn", { matchFields: [req("metadata.name", "NotIn", ["node-a"])] }, false],
    ["matchFields on an unknown field reads \"\"", { matchFields: [req("spec.podCIDR", "In", ["x"])] }, false],
    ["fields and labels both apply", { matchExpressions: [req("zone", "Exists")], matchFields: [req("metadata.name", "In", ["b"])] }, false],
  ])("%s", (_name, term, want) => {
    expect(matchNodeSelectorTerm(parsed(term), nodeA)).toBe(want);
  });

  it("a node without a name offers no fields, so field requirements are skipped (len(nodeFields) > 0)", () => {
    const term = parsed({ matchExpressions: [req("zone", "Exists")], matchFields: [req("metadata.name", "In", ["other"])] });
    expect(matchNodeSelectorTerm(term, { metadata: { labels: { zone: "z1" } } })).toBe(true);
    expect(matchNodeSelectorTerm(term, { metadata: { labels: {} } })).toBe(false);
  });
});

// newNodeSelectorTerm's errors: every requirement checked, upstream's field paths and texts.
describe("parseNodeSelectorTerm errors", () => {
  const errors = (term: KubeObject) => {
    const r = parseNodeSelectorTerm(term, "nodeSelectorTerms[0]");
    return r.ok ? [] : r.errors;
  };
  it.each<[string, KubeObject, string[]]>([
    ["valid", { matchExpressions: [req("zone", "In", ["a"])], matchFields: [req("metadata.name", "NotIn", ["n"])] }, []],
    [
      "unknown label operator",
      { matchExpressions: [req("zone", "Equals", ["a"])] },
      ['nodeSelectorTerms[0].matchExpressions[0].operator: Unsupported value: "Equals": supported values: "In", "NotIn", "Exists", "DoesNotExist", "Gt", "Lt"'],
    ],
    [
      "Gt with a non-integer",
      { matchExpressions: [req("cores", "Gt", ["x"])] },
      ['nodeSelectorTerms[0].matchExpressions[0].values[0]: Invalid value: "x": for \'Gt\', \'Lt\' operators, the value must be an integer'],
    ],
    [
      "matchFields operator other than In / NotIn",
      { matchFields: [req("metadata.name", "Exists")] },
      ['nodeSelectorTerms[0].matchFields[0].operator: Unsupported value: "Exists": supported values: "In", "NotIn"'],
    ],
    [
      "matchFields with two values",
      { matchFields: [req("metadata.name", "In", ["a", "b"])] },
      ['nodeSelectorTerms[0].matchFields[0].values: Invalid value: []string{"a", "b"}: must have one element'],
    ],
    [
      "matchFields without values",
      { matchFields: [req("metadata.name", "NotIn")] },
      ["nodeSelectorTerms[0].matchFields[0].values: Invalid value: []string(nil): must have one element"],
    ],
    [
      "every error is kept",
      { matchExpressions: [req("a", "Bogus"), req("b", "In", ["x"])], matchFields: [req("metadata.name", "Gt", ["1"])] },
      [
        'nodeSelectorTerms[0].matchExpressions[0].operator: Unsupported value: "Bogus": supported values: "In", "NotIn", "Exists", "DoesNotExist", "Gt", "Lt"',
        'nodeSelectorTerms[0].matchFields[0].operator: Unsupported value: "Gt": supported values: "In", "NotIn"',
      ],
    ],
  ])("%s", (_name, term, want) => {
    expect(errors(term)).toEqual(want);
  });
});

// LazyErrorNodeSelector.Match, errors dropped (RequiredNodeAffinity).
describe("nodeSelectorMatches", () => {
  const n1 = node("n1", { disktype: "ssd" });
  const exists = (key: string): NodeSelectorTerm => ({ matchExpressions: [req(key, "Exists")] });
  it.each<[string, NodeSelectorTerm[] | undefined, boolean]>([
    ["nil terms select nothing", undefined, false],
    ["no terms select nothing", [], false],
    ["an empty term selects nothing", [{}], false],
    ["a term with empty lists selects nothing", [{ matchExpressions: [], matchFields: [] }], false],
    ["terms are ORed", [exists("gpu"), exists("disktype")], true],
    ["no term matches", [exists("gpu")], false],
    ["an invalid term is skipped, the others still count", [{ matchExpressions: [req("disktype", "In", [])] }, exists("disktype")], true],
    ["only invalid terms", [{ matchExpressions: [req("disktype", "In", [])] }], false],
    ["matchFields by node name", [{ matchFields: [req("metadata.name", "In", ["n1"])] }], true],
  ])("%s", (_name, terms, want) => {
    expect(nodeSelectorMatches(terms, n1)).toBe(want);
  });
});
