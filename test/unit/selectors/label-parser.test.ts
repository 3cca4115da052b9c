import { describe, expect, it } from "vitest";
import {
  formatLabelRequirements,
  lexLabelSelector,
  parseLabelSelector,
  type LabelRequirement,
} from "../../../worker/selectors";

const parse = (s: string) => {
  const r = parseLabelSelector(s);
  if (!r.ok) throw new Error(r.message);
  return r.requirements;
};
const req = (key: string, operator: LabelRequirement["operator"], values: string[] = []): LabelRequirement => ({
  key,
  operator,
  values,
});

// Upstream TestSelectorParse: good strings re-stringify to themselves minus spaces.
describe("labels.Parse good strings (TestSelectorParse)", () => {
  it.each(["x=a,y=b,z=c", "", "x!=a,y=b", "x=", "x= ", "x=,z= ", "x= ,z= ", "!x", "x>1", "x>1,z<5"])("%j", (s) => {
    expect(formatLabelRequirements(parse(s))).toBe(s.replace(/ /g, ""));
  });
});

describe("labels.Parse bad strings", () => {
  it.each(["x=a||y=b", "x==a==b", "!x=a", "x<a", "x,y,", ",x,y", "x nott in (y)", "a in (xyz),", "a in (xyz)b notin ()",
    "a in (xyz abc)", "a notin(", "a (", "("])("%j is rejected", (s) => {
    expect(parseLabelSelector(s).ok).toBe(false);
  });
});

// Upstream TestSetSelectorParser (valid rows with their expected requirements).
describe("labels.Parse set-based syntax (TestSetSelectorParser)", () => {
  it.each<[string, LabelRequirement[]]>([
    ["", []],
    ["\rx", [req("x", "exists")]],
    ["this-is-a-dns.domain.com/key-with-dash", [req("this-is-a-dns.domain.com/key-with-dash", "exists")]],
    ["this-is-another-dns.domain.com/key-with-dash in (so,what)", [req("this-is-another-dns.domain.com/key-with-dash", "in", ["so", "what"])]],
    ["0.1.2.domain/99 notin (10.10.100.1, tick.tack.clock)", [req("0.1.2.domain/99", "notin", ["10.10.100.1", "tick.tack.clock"])]],
    ["foo  in\t (abc)", [req("foo", "in", ["abc"])]],
    ["x notin\n (abc)", [req("x", "notin", ["abc"])]],
    ["x  notin\t\t\t(abc,def)", [req("x", "notin", ["abc", "def"])]],
    ["x in (abc,def)", [req("x", "in", ["abc", "def"])]],
    ["x in (abc,)", [req("x", "in", ["", "abc"])]],
    ["x in ()", [req("x", "in", [""])]],
    ["x notin (abc,,def),bar,z in (),w", [req("bar", "exists"), req("w", "exists"), req("x", "notin", ["", "abc", "def"]), req("z", "in", [""])]],
    ["x,y in (a)", [req("x", "exists"), req("y", "in", ["a"])]],
    ["x=a", [req("x", "=", ["a"])]],
    ["x>1", [req("x", "gt", ["1"])]],
    ["x<7", [req("x", "lt", ["7"])]],
    ["x=a,y!=b", [req("x", "=", ["a"]), req("y", "!=", ["b"])]],
    ["x=a,y!=b,z in (h,i,j)", [req("x", "=", ["a"]), req("y", "!=", ["b"]), req("z", "in", ["h", "i", "j"])]],
    ["x notin ( )", [req("x", "notin", [""])]],
    ["x notin (, a)", [req("x", "notin", ["", "a"])]],
    ["a ", [req("a", "exists")]],
    ["a in (x,y,notin, z,in)", [req("a", "in", ["in", "notin", "x", "y", "z"])]],
    ["a in (b,a,b)", [req("a", "in", ["a", "b"])]],
    ["x==a", [req("x", "==", ["a"])]],
    ["notin=in", [req("notin", "=", ["in"])]],
    ["z=1,a=2,z", [req("a", "=", ["2"]), req("z", "=", ["1"]), req("z", "exists")]],
  ])("%j", (s, want) => {
    expect(parse(s)).toEqual(want);
  });
});

const KEY_REGEX_MSG =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character " +
  "(e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const VALUE_REGEX_MSG =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an " +
  "alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

describe("labels.Parse error messages (what the API server returns in a 400)", () => {
  it.each([
    ["x=a||y=b", `unable to parse requirement: values[0][x]: Invalid value: "a||y": ${VALUE_REGEX_MSG}`],
    ["x==a==b", "found '==', expected: ',' or 'end of string'"],
    ["!x=a", "found '=', expected: ',' or 'end of string'"],
    ["x<a", `unable to parse requirement: values[0]: Invalid value: "a": for 'Gt', 'Lt' operators, the value must be an integer`],
    ["x,", "found '', expected: identifier after ','"],
    [",x", "found ',', expected: !, identifier, or 'end of string'"],
    ["x nott in (y)", "unable to parse requirement: found 'nott', expected: in, notin, =, ==, !=, gt, lt"],
    ["a in (xyz abc)", "unable to parse requirement: found 'abc', expected: ',' or ')'"],
    ["a notin(", "unable to parse requirement: found '', expected: ',', ')' or identifier"],
    ["a (", "unable to parse requirement: found '(', expected: in, notin, =, ==, !=, gt, lt"],
    ["(", "found '(', expected: !, identifier, or 'end of string'"],
    ["a in x", "unable to parse requirement: found 'x' expected: '('"],
    ["a in (x=", "unable to parse requirement: found '=', expected: ',' or ')'"],
    ["a in (,,)", "unable to parse requirement: found ')', expected: ',', or identifier"],
    ["a in (=", "unable to parse requirement: found '=', expected: ',', ')' or identifier"],
    ["a=(", "unable to parse requirement: found '(', expected: identifier"],
    ["!=x", "found '!=', expected: !, identifier, or 'end of string'"], ["!,x", "unable to parse requirement: found ',', expected: identifier"],
    ["Bad_", `unable to parse requirement: <nil>: Invalid value: "Bad_": ${KEY_REGEX_MSG}`],
    ["a/b/c", `unable to parse requirement: <nil>: Invalid value: "a/b/c": a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`],
    ["/x", `unable to parse requirement: <nil>: Invalid value: "/x": prefix part must be non-empty`],
    ["a/", `unable to parse requirement: <nil>: Invalid value: "a/": name part must be non-empty; ${KEY_REGEX_MSG}`],
    ["Ex.com/x", `unable to parse requirement: <nil>: Invalid value: "Ex.com/x": prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`],
    [`${"k".repeat(64)}`, `unable to parse requirement: <nil>: Invalid value: "${"k".repeat(64)}": name part must be no more than 63 characters`],
    [`x=${"v".repeat(64)}`, `unable to parse requirement: values[0][x]: Invalid value: "${"v".repeat(64)}": must be no more than 63 characters`],
    ["x<-1", `unable to parse requirement: values[0][x]: Invalid value: "-1": ${VALUE_REGEX_MSG}`],
    ["x>", `unable to parse requirement: values[0]: Invalid value: "": for 'Gt', 'Lt' operators, the value must be an integer`],
    ["x>99999999999999999999", `unable to parse requirement: values[0]: Invalid value: "99999999999999999999": for 'Gt', 'Lt' operators, the value must be an integer`],
    ["x in (a_)", `unable to parse requirement: values[0][x]: Invalid value: "a_": ${VALUE_REGEX_MSG}`],
  ])("%j → %s", (s, message) => {
    expect(parseLabelSelector(s)).toEqual({ ok: false, message });
  });
});

// Upstream TestLexer / TestLexerSequence.
describe("lexer", () => {
  it.each([
    ["", "end"],
    [",", ","],
    ["notin", "notin"],
    ["in", "in"],
    ["=", "="],
    ["==", "=="],
    [">", ">"],
    ["<", "<"],
    ["!", "!"],
    ["!=", "!="],
    ["(", "("],
    [")", ")"],
    ["~", "identifier"],
    ["||", "identifier"],
  ])("%j → %s", (s, tok) => {
    expect(lexLabelSelector(s)[0]).toEqual({ tok, lit: s });
  });

  it.each([
    ["key in ( value )", ["identifier", "in", "(", "identifier", ")"]],
    ["key notin ( value )", ["identifier", "notin", "(", "identifier", ")"]],
    ["key in ( value1, value2 )", ["identifier", "in", "(", "identifier", ",", "identifier", ")"]],
    ["key", ["identifier"]],
    ["!key", ["!", "identifier"]],
    ["()", ["(", ")"]],
    ["x in (),y", ["identifier", "in", "(", ")", ",", "identifier"]],
    ["== != (), = notin", ["==", "!=", "(", ")", ",", "=", "notin"]],
    ["key>2", ["identifier", ">", "identifier"]],
    ["key<1", ["identifier", "<", "identifier"]],
    ["x>=1", ["identifier", ">", "=", "identifier"]],
  ])("%j", (s, toks) => {
    expect(lexLabelSelector(s).map((t) => t.tok)).toEqual([...toks, "end"]);
  });
});

describe("deterministic parse (TestDeterministicParse)", () => {
  it("orders by key", () => {
    expect(formatLabelRequirements(parse("x=a,a=x"))).toBe(formatLabelRequirements(parse("a=x,x=a")));
    expect(formatLabelRequirements(parse("x=a,a=x"))).toBe("a=x,x=a");
  });
});
