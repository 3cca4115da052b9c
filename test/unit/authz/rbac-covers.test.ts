/**
 * Covers, BreakdownRule, CompactRules and the escalation message (component-helpers policy_comparator_test.go,
 * pkg/registry/rbac/validation policy_compact_test.go and rule_test.go cases).
 */
import { describe, expect, it } from "vitest";
import { breakdownRule, compactRules, compactString, covers, escalationMessage } from "../../../worker/authz/rbac-covers";
import type { PolicyRule } from "../../../worker/authz/rbac";

describe("covers (policy_comparator_test.go)", () => {
  const cases: [string, PolicyRule[], PolicyRule[], boolean, PolicyRule[]][] = [
    [
      "exact match",
      [{ verbs: ["get", "list", "watch"], apiGroups: ["v1"], resources: ["builds"] }],
      [{ verbs: ["get"], apiGroups: ["v1"], resources: ["builds"] }],
      true,
      [],
    ],
    [
      "multiple subrules from one owner rule",
      [{ verbs: ["get", "list", "watch"], apiGroups: ["v1"], resources: ["builds", "deploymentconfigs"] }],
      [{ verbs: ["get"], apiGroups: ["v1"], resources: ["builds", "deploymentconfigs"] }],
      true,
      [],
    ],
    [
      "verb missing",
      [{ verbs: ["get"], apiGroups: ["v1"], resources: ["builds"] }],
      [{ verbs: ["get", "delete"], apiGroups: ["v1"], resources: ["builds"] }],
      false,
      [{ verbs: ["delete"], apiGroups: ["v1"], resources: ["builds"] }],
    ],
    [
      "star verb, group and resource",
      [{ verbs: ["*"], apiGroups: ["*"], resources: ["*"] }],
      [{ verbs: ["get", "delete"], apiGroups: ["apps", ""], resources: ["deployments", "pods/log"] }],
      true,
      [],
    ],
    [
      "star resource does not cover URLs",
      [{ verbs: ["*"], apiGroups: ["*"], resources: ["*"] }],
      [{ verbs: ["get"], nonResourceURLs: ["/healthz"] }],
      false,
      [{ verbs: ["get"], nonResourceURLs: ["/healthz"] }],
    ],
    [
      "URL prefix covers deeper URLs",
      [{ verbs: ["get"], nonResourceURLs: ["/apis/*"] }],
      [{ verbs: ["get"], nonResourceURLs: ["/apis/apps", "/apis/apps/v1"] }],
      true,
      [],
    ],
    [
      "URL prefix does not cover its parent",
      [{ verbs: ["get"], nonResourceURLs: ["/apis/*"] }],
      [{ verbs: ["get"], nonResourceURLs: ["/api"] }],
      false,
      [{ verbs: ["get"], nonResourceURLs: ["/api"] }],
    ],
    [
      "star subresource covers pods/log",
      [{ verbs: ["get"], apiGroups: [""], resources: ["*/log"] }],
      [{ verbs: ["get"], apiGroups: [""], resources: ["pods/log"] }],
      true,
      [],
    ],
    [
      "resource does not cover its subresource",
      [{ verbs: ["get"], apiGroups: [""], resources: ["pods"] }],
      [{ verbs: ["get"], apiGroups: [""], resources: ["pods/log"] }],
      false,
      [{ verbs: ["get"], apiGroups: [""], resources: ["pods/log"] }],
    ],
    [
      "named owner does not cover all names",
      [{ verbs: ["get"], apiGroups: [""], resources: ["secrets"], resourceNames: ["a"] }],
      [{ verbs: ["get"], apiGroups: [""], resources: ["secrets"] }],
      false,
      [{ verbs: ["get"], apiGroups: [""], resources: ["secrets"] }],
    ],
    [
      "unnamed owner covers names",
      [{ verbs: ["get"], apiGroups: [""], resources: ["secrets"] }],
      [{ verbs: ["get"], apiGroups: [""], resources: ["secrets"], resourceNames: ["a", "b"] }],
      true,
      [],
    ],
    [
      "named owner covers its names only",
      [{ verbs: ["get"], apiGroups: [""], resources: ["secrets"], resourceNames: ["a"] }],
      [{ verbs: ["get"], apiGroups: [""], resources: ["secrets"], resourceNames: ["a", "b"] }],
      false,
      [{ verbs: ["get"], apiGroups: [""], resources: ["secrets"], resourceNames: ["b"] }],
    ],
    [
      "atoms may be covered by different owner rules",
      [
        { verbs: ["get"], apiGroups: [""], resources: ["pods"] },
        { verbs: ["list"], apiGroups: [""], resources: ["pods"] },
      ],
      [{ verbs: ["get", "list"], apiGroups: [""], resources: ["pods"] }],
      true,
      [],
    ],
    ["no servant rules", [], [], true, []],
  ];
  it.each(cases)("%s", (_name, owner, servant, covered, missing) => {
    expect(covers(owner, servant)).toEqual({ covered, missing });
  });
});

describe("breakdownRule", () => {
  it("makes one atom per group, resource, verb and name, and per URL and verb", () => {
    expect(breakdownRule({ verbs: ["get", "list"], apiGroups: ["", "apps"], resources: ["x"], resourceNames: ["n"] })).toEqual([
      { apiGroups: [""], resources: ["x"], verbs: ["get"], resourceNames: ["n"] },
      { apiGroups: [""], resources: ["x"], verbs: ["list"], resourceNames: ["n"] },
      { apiGroups: ["apps"], resources: ["x"], verbs: ["get"], resourceNames: ["n"] },
      { apiGroups: ["apps"], resources: ["x"], verbs: ["list"], resourceNames: ["n"] },
    ]);
    expect(breakdownRule({ verbs: ["get"], nonResourceURLs: ["/a", "/b"] })).toEqual([
      { nonResourceURLs: ["/a"], verbs: ["get"] },
      { nonResourceURLs: ["/b"], verbs: ["get"] },
    ]);
  });
});

describe("compactRules and compactString", () => {
  it("merges single group/resource atoms that differ only by verb", () => {
    const atoms = breakdownRule({ verbs: ["get", "list", "watch"], apiGroups: [""], resources: ["pods", "secrets"] });
    expect(compactRules(atoms)).toEqual([
      { apiGroups: [""], resources: ["pods"], verbs: ["get", "list", "watch"] },
      { apiGroups: [""], resources: ["secrets"], verbs: ["get", "list", "watch"] },
    ]);
  });

  it("keeps named and URL rules apart", () => {
    const rules: PolicyRule[] = [
      { apiGroups: [""], resources: ["secrets"], verbs: ["get"], resourceNames: ["a"] },
      { nonResourceURLs: ["/x"], verbs: ["get"] },
    ];
    expect(compactRules(rules)).toEqual(rules);
  });

  it.each([
    [{ apiGroups: [""], resources: ["pods"], verbs: ["get"] }, '{APIGroups:[""], Resources:["pods"], Verbs:["get"]}'],
    [{ nonResourceURLs: ["/healthz"], verbs: ["get", "post"] }, '{NonResourceURLs:["/healthz"], Verbs:["get" "post"]}'],
    [{ apiGroups: ["apps"], resources: ["deployments"], resourceNames: ["web"], verbs: ["update"] }, '{APIGroups:["apps"], Resources:["deployments"], ResourceNames:["web"], Verbs:["update"]}'],
    [{}, "{}"],
  ] as [PolicyRule, string][])("compactString(%j)", (rule, want) => {
    expect(compactString(rule)).toBe(want);
  });
});

describe("escalationMessage (ConfirmNoEscalation)", () => {
  it("lists the compacted missing rules sorted, after the user and groups", () => {
    const { missing } = covers([], [
      { apiGroups: [""], resources: ["secrets", "pods"], verbs: ["list", "get"] },
      { nonResourceURLs: ["/metrics"], verbs: ["get"] },
    ]);
    expect(escalationMessage({ username: "alice", groups: ["dev", "system:authenticated"] }, missing)).toBe(
      'user "alice" (groups=["dev" "system:authenticated"]) is attempting to grant RBAC permissions not currently held:\n' +
        '{APIGroups:[""], Resources:["pods"], Verbs:["list" "get"]}\n' +
        '{APIGroups:[""], Resources:["secrets"], Verbs:["list" "get"]}\n' +
        '{NonResourceURLs:["/metrics"], Verbs:["get"]}',
    );
  });

  it("appends the user's own resolution errors", () => {
    const msg = escalationMessage({ username: "bob", groups: [] }, [{ apiGroups: [""], resources: ["pods"], verbs: ["get"] }], 'roles.rbac.authorization.k8s.io "x" not found');
    expect(msg).toBe(
      'user "bob" (groups=[]) is attempting to grant RBAC permissions not currently held:\n{APIGroups:[""], Resources:["pods"], Verbs:["get"]}; resolution errors: [roles.rbac.authorization.k8s.io "x" not found]',
    );
  });
});
