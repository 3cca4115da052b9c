import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  formatLabelRequirements,
  formatLabelSelector,
  labelSelectorFromObject,
  matchLabels,
  parseLabelSelector,
  type LabelRequirement,
  type LabelSelectorObject,
} from "../../../worker/selectors";

const sel = (s: string) => {
  const r = parseLabelSelector(s);
  if (!r.ok) throw new Error(r.message);
  return r.requirements;
};

// Upstream TestSelectorMatches / TestRequirementSelectorMatching.
describe("matchLabels", () => {
  it.each<[string, Record<string, string>, boolean]>([
    ["", { x: "y" }, true],
    ["x=y", { x: "y" }, true],
    ["x=y,z=w", { x: "y", z: "w" }, true],
    ["x!=y,z!=w", { x: "z", z: "a" }, true],
    ["notin=in", { notin: "in" }, true],
    ["x", { x: "z" }, true],
    ["!x", { y: "z" }, true],
    ["x>1", { x: "2" }, true],
    ["x<1", { x: "0" }, true],
    ["x=z", {}, false],
    ["x=y", { x: "z" }, false],
    ["x=y,z=w", { x: "w", z: "w" }, false],
    ["x!=y,z!=w", { x: "z", z: "w" }, false],
    ["x", { y: "z" }, false],
    ["!x", { x: "z" }, false],
    ["x>1", { x: "0" }, false],
    ["x<1", { x: "2" }, false],
    ["foo=bar,baz=blah", { foo: "bar", baz: "blah" }, true],
    ["foo=bar,foobar=bar,baz=blah", { foo: "bar", baz: "blah" }, false],
    ["x in (foo),y notin (alpha)", { x: "foo", y: "baz" }, true],
    ["x in (foo),y in (alpha)", { x: "foo", y: "baz" }, false],
    ["x notin (),y", { y: "" }, true],
    ["!x,y", { y: "" }, true],
    ["x notin (),!y", { y: "" }, false],
    ["x in ()", { y: "baz" }, false],
    ["x in ()", { x: "" }, true],
    ["z>1", { z: "2" }, true],
    ["z>1", { z: "v2" }, false],
    ["z<5", { z: "-9223372036854775808" }, true],
    ["z>9223372036854775806", { z: "9223372036854775807" }, true],
    ["z>1", { z: "99999999999999999999" }, false],
    ["x!=a", {}, true],
    ["x notin (a)", {}, true],
    ["toString", {}, false],
    ["!toString", {}, true],
  ])("%j on %j → %s", (s, labels, want) => {
    expect(matchLabels(sel(s), labels)).toBe(want);
  });

  it("treats missing labels as an empty set", () => {
    expect(matchLabels(sel("!a"), undefined)).toBe(true);
    expect(matchLabels(sel("a"), null)).toBe(false);
    expect(matchLabels([], undefined)).toBe(true);
  });

  it("null (labels.Nothing) matches nothing", () => {
    expect(matchLabels(null, { a: "b" })).toBe(false);
  });
});

// Upstream TestToString.
describe("formatLabelRequirements", () => {
  const r = (key: string, operator: LabelRequirement["operator"], values: string[] = []): LabelRequirement => ({ key, operator, values });
  it.each<[LabelRequirement[], string]>([
    [[r("x", "in", ["abc", "def"]), r("y", "notin", ["jkl"]), r("z", "exists")], "x in (abc,def),y notin (jkl),z"],
    [[r("x", "notin", ["abc", "def"]), r("y", "!=", ["jkl"]), r("z", "!")], "x notin (abc,def),y!=jkl,!z"],
    [[r("x", "notin", ["abc"]), r("y", "in", ["jkl", "mno"]), r("z", "notin", [""])], "x notin (abc),y in (jkl,mno),z notin ()"],
    [[r("x", "=", ["abc"]), r("y", "==", ["jkl"]), r("z", "!=", ["a"]), r("z", "exists")], "x=abc,y==jkl,z!=a,z"],
    [[r("x", "gt", ["2"]), r("y", "lt", ["8"]), r("z", "exists")], "x>2,y<8,z"],
    [[r("x", "in", ["b", "a"])], "x in (a,b)"],
  ])("%j → %s", (reqs, want) => {
    expect(formatLabelRequirements(reqs)).toBe(want);
  });
});

describe("labelSelectorFromObject / formatLabelSelector (metav1.LabelSelectorAsSelector, FormatLabelSelector)", () => {
  it.each<[LabelSelectorObject | null | undefined, string]>([
    [null, "<none>"],
    [{}, "<none>"],
    [{ matchLabels: {}, matchExpressions: [] }, "<none>"],
    [{ matchLabels: { app: "web", tier: "fe" } }, "app=web,tier=fe"],
    [{ matchLabels: { tier: "fe", app: "web" } }, "app=web,tier=fe"],
    [
      {
        matchLabels: { foo: "bar" },
        matchExpressions: [
          { key: "baz", operator: "In", values: ["qux", "norf"] },
          { key: "a", operator: "NotIn", values: ["x"] },
          { key: "e", operator: "Exists" },
          { key: "d", operator: "DoesNotExist", values: null },
        ],
      },
      "a notin (x),baz in (norf,qux),!d,e,foo=bar",
    ],
    [{ matchExpressions: [{ key: "k", operator: "In", values: [] }] }, "<error>"],
    [{ matchExpressions: [{ key: "k", operator: "Gt", values: ["1"] }] }, "<error>"],
    [{ matchLabels: { "bad key": "v" } }, "<error>"],
  ])("%j → %s", (s, want) => {
    expect(formatLabelSelector(s)).toBe(want);
  });

  it.each<[LabelSelectorObject, string]>([
    [{ matchExpressions: [{ key: "k", operator: "In", values: [] }] }, "values: Invalid value: []string(nil): for 'in', 'notin' operators, values set can't be empty"],
    [{ matchExpressions: [{ key: "k", operator: "Exists", values: ["a"] }] }, `values: Invalid value: []string{"a"}: values set must be empty for exists and does not exist`],
    [{ matchExpressions: [{ key: "k", operator: "Gt", values: ["1"] }] }, `"Gt" is not a valid label selector operator`],
    [
      { matchLabels: { "a/b/c": "x y" } },
      `[key: Invalid value: "a/b/c": a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName'), values[0][a/b/c]: Invalid value: "x y": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')]`,
    ],
  ])("%j is rejected with upstream's message", (s, message) => {
    expect(labelSelectorFromObject(s)).toEqual({ ok: false, message });
  });

  it("nil is labels.Nothing (null), empty is everything ([])", () => {
    expect(labelSelectorFromObject(undefined)).toEqual({ ok: true, requirements: null });
    expect(labelSelectorFromObject({})).toEqual({ ok: true, requirements: [] });
  });

  it("the string form parses back to the same requirements", () => {
    const obj = { matchLabels: { app: "web" }, matchExpressions: [{ key: "tier", operator: "In", values: ["b", "a"] }] };
    const r = labelSelectorFromObject(obj);
    if (!r.ok || !r.requirements) throw new Error("expected requirements");
    const s = formatLabelRequirements(r.requirements);
    expect(s).toBe("app=web,tier in (a,b)");
    const back = parseLabelSelector(s);
    expect(back.ok && back.requirements.map((x) => [x.key, x.operator, [...x.values].sort()])).toEqual(
      r.requirements.map((x) => [x.key, x.operator, [...x.values].sort()]),
    );
  });
});

describe("round trip: format(parse(x)) is a fixed point", () => {
  const name = fc.stringMatching(/^[a-z0-9]([-a-z0-9_.]{0,8}[a-z0-9])?$/);
  const key = fc.oneof(name, fc.tuple(fc.stringMatching(/^[a-z0-9]{1,5}(\.[a-z0-9]{1,5}){0,2}$/), name).map(([p, n]) => `${p}/${n}`));
  const value = fc.oneof(fc.constant(""), name, fc.constantFrom("in", "notin"));
  // Label values cannot start with a sign, so gt/lt take non-negative integers only (upstream too).
  const int = fc.bigInt({ min: 0n, max: 2n ** 63n - 1n }).map(String);
  const ws = fc.constantFrom("", " ", "  ", "\t");
  const requirement = fc.oneof(
    fc.tuple(key, fc.constantFrom("=", "==", "!="), value).map(([k, op, v]) => `${k}${op}${v}`),
    fc.tuple(key, fc.constantFrom(">", "<"), int).map(([k, op, v]) => `${k}${op}${v}`),
    // Distinct values: upstream rejects a run of empty values such as `(,,)`.
    fc.tuple(key, fc.constantFrom("in", "notin"), fc.uniqueArray(value, { minLength: 0, maxLength: 4 }), ws).map(
      ([k, op, vs, w]) => `${k} ${op}${w}(${vs.join(`,${w}`)})`,
    ),
    key,
    key.map((k) => `!${k}`),
  );
  const selector = fc.tuple(fc.array(requirement, { maxLength: 5 }), ws).map(([rs, w]) => rs.join(`${w},${w}`));

  it("parses every generated selector and formatting is stable", () => {
    fc.assert(
      fc.property(selector, (s) => {
        const first = parseLabelSelector(s);
        expect(first.ok).toBe(true);
        if (!first.ok) return;
        const text = formatLabelRequirements(first.requirements);
        const second = parseLabelSelector(text);
        expect(second).toEqual(first);
        expect(second.ok && formatLabelRequirements(second.requirements)).toBe(text);
      }),
      { numRuns: 300 },
    );
  });

  it("never throws on arbitrary input", () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(..."ab=!(),<> in\t/.-_1") }), (s) => {
        const r = parseLabelSelector(s);
        if (r.ok) expect(parseLabelSelector(formatLabelRequirements(r.requirements))).toEqual(r);
      }),
      { numRuns: 500 },
    );
  });
});
