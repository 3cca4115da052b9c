import { describe, expect, it } from "vitest";
import type { KubeObject } from "../../../../schema/types";
import {
  affinityTermMatches,
  mergeAffinityTermNamespaces,
  parsePodAffinity,
  podMatchesAllAffinityTerms,
  type AffinityTerm,
} from "../../../../worker/scheduler/common";
import { affinity, inSel, pod, term, weighted } from "../cluster-helpers";

const only = (p: KubeObject): AffinityTerm => parsePodAffinity(p).terms.requiredAffinity[0];
const withTerm = (t: KubeObject, ns = "default") => pod("p", { ns, affinity: affinity({ req: [t] }) });

describe("parsePodAffinity (NewPodInfo)", () => {
  it.each<[string, KubeObject, { namespaces: string[]; selector: unknown; namespaceSelector: unknown }]>([
    [
      "no namespaces and no namespaceSelector: the pod's own namespace, namespaceSelector selects nothing",
      term(inSel("app", "db"), "zone"),
      { namespaces: ["team-a"], selector: [{ key: "app", operator: "in", values: ["db"] }], namespaceSelector: null },
    ],
    [
      "explicit namespaces replace the pod's own",
      term(inSel("app", "db"), "zone", { namespaces: ["x", "y"] }),
      { namespaces: ["x", "y"], selector: [{ key: "app", operator: "in", values: ["db"] }], namespaceSelector: null },
    ],
    [
      "an empty namespaceSelector selects every namespace (and no own namespace is added)",
      term(inSel("app", "db"), "zone", { namespaceSelector: {} }),
      { namespaces: [], selector: [{ key: "app", operator: "in", values: ["db"] }], namespaceSelector: [] },
    ],
    ["a nil labelSelector selects nothing", term(undefined, "zone"), { namespaces: ["team-a"], selector: null, namespaceSelector: null }],
    ["an empty labelSelector selects everything", term({}, "zone"), { namespaces: ["team-a"], selector: [], namespaceSelector: null }],
  ])("%s", (_name, t, want) => {
    const parsed = only(withTerm(t, "team-a"));
    expect({ namespaces: [...parsed.namespaces], selector: parsed.selector, namespaceSelector: parsed.namespaceSelector }).toEqual(want);
    expect(parsed.topologyKey).toBe("zone");
  });

  it("keeps the four categories apart, with weights", () => {
    const p = pod("p", {
      affinity: affinity({
        req: [term(inSel("a", "1"), "zone")],
        anti: [term(inSel("b", "1"), "host"), term(inSel("c", "1"), "host")],
        pref: [weighted(7, term(inSel("d", "1"), "zone"))],
        antiPref: [weighted(3, term(inSel("e", "1"), "zone"))],
      }),
    });
    const { terms, message } = parsePodAffinity(p);
    expect(message).toBeUndefined();
    expect([terms.requiredAffinity.length, terms.requiredAntiAffinity.length]).toEqual([1, 2]);
    expect(terms.preferredAffinity.map((t) => [t.weight, t.term.selector?.[0].key])).toEqual([[7, "d"]]);
    expect(terms.preferredAntiAffinity.map((t) => [t.weight, t.term.selector?.[0].key])).toEqual([[3, "e"]]);
  });

  it("a category with a bad term is empty and named in the aggregated error", () => {
    const bad = term({ matchExpressions: [{ key: "a", operator: "Bad" }] }, "zone");
    const p = pod("p", { affinity: affinity({ req: [term(inSel("a", "1"), "zone"), bad], antiPref: [weighted(1, bad)], anti: [term(inSel("b", "1"), "z")] }) });
    const { terms, message } = parsePodAffinity(p);
    expect(terms.requiredAffinity).toEqual([]);
    expect(terms.requiredAntiAffinity).toHaveLength(1);
    expect(message).toBe(
      '[requiredAffinityTerms: "Bad" is not a valid label selector operator, preferredAntiAffinityTerms: "Bad" is not a valid label selector operator]',
    );
  });
});

describe("AffinityTerm.Matches", () => {
  const t = only(withTerm(term(inSel("app", "db"), "zone", { namespaces: ["a"], namespaceSelector: { matchLabels: { team: "blue" } } })));
  it.each<[string, KubeObject, Record<string, string> | undefined, boolean]>([
    ["listed namespace, matching labels", pod("x", { ns: "a", labels: { app: "db" } }), undefined, true],
    ["listed namespace, other labels", pod("x", { ns: "a", labels: { app: "web" } }), undefined, false],
    ["namespace picked by its labels", pod("x", { ns: "b", labels: { app: "db" } }), { team: "blue" }, true],
    ["namespace neither listed nor selected", pod("x", { ns: "b", labels: { app: "db" } }), { team: "red" }, false],
    ["unknown namespace (no labels)", pod("x", { ns: "b", labels: { app: "db" } }), undefined, false],
  ])("%s", (_name, p, nsLabels, want) => {
    expect(affinityTermMatches(t, p, nsLabels)).toBe(want);
  });

  it("podMatchesAllAffinityTerms: no terms never match", () => {
    expect(podMatchesAllAffinityTerms([], pod("x"))).toBe(false);
    expect(podMatchesAllAffinityTerms([only(withTerm(term({}, "zone")))], pod("x"))).toBe(true);
  });
});

describe("mergeAffinityTermNamespaces (mergeAffinityTermNamespacesIfNotEmpty)", () => {
  const namespaces = new Map([
    ["blue-1", { team: "blue" }],
    ["blue-2", { team: "blue" }],
    ["red", { team: "red" }],
  ]);
  it.each<[string, KubeObject, string[], unknown]>([
    ["a selector is unrolled into the namespaces it selects, then selects nothing", { namespaces: ["x"], namespaceSelector: { matchLabels: { team: "blue" } } }, ["x", "blue-1", "blue-2"], null],
    ["an empty selector (everything) is kept", { namespaceSelector: {} }, [], []],
    ["no selector: namespaces unchanged", {}, ["default"], null],
    ["a selector matching nothing leaves the listed namespaces", { namespaces: ["x"], namespaceSelector: { matchLabels: { team: "green" } } }, ["x"], null],
  ])("%s", (_name, extra, wantNamespaces, wantSelector) => {
    const merged = mergeAffinityTermNamespaces(only(withTerm(term(inSel("app", "db"), "zone", extra))), namespaces);
    expect([...merged.namespaces]).toEqual(wantNamespaces);
    expect(merged.namespaceSelector).toEqual(wantSelector);
  });
});
