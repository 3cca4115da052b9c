/** The namespace controller's pure decisions (worker/controllers/namespace-plan.ts) against upstream's deleter. */
import { describe, expect, it } from "vitest";
import { registry } from "../../../schema/registry";
import {
  awaitsContentDeletion,
  contentRemoved,
  deletionOrder,
  failingConditions,
  DEFAULT_NAMESPACE_CLEANUP_DELAY_MS,
  finalizersAfterRelease,
  namespaceCleanupDelayMs,
  namespaceToFinalize,
  podGraceEstimate,
  summarizeRemaining,
  updateConditions,
  type NamespaceCondition,
  type ResourceRemaining,
} from "../../../worker/controllers/namespace-plan";

const NOW = "2025-01-01T00:00:10Z";
const ns = (deletionTimestamp?: string, finalizers?: string[]) => ({
  metadata: { name: "x", ...(deletionTimestamp ? { deletionTimestamp } : {}) },
  ...(finalizers ? { spec: { finalizers } } : {}),
});
const NAMESPACES = { group: "", resource: "namespaces", namespaced: false };
const CONFIGMAPS = { group: "", resource: "configmaps", namespaced: true };
const CLUSTER_ROLES = { group: "rbac.authorization.k8s.io", resource: "clusterroles", namespaced: false };

describe("awaitsContentDeletion", () => {
  it.each([
    ["active namespace", ns(undefined, ["kubernetes"]), false],
    ["deleted, token present", ns(NOW, ["kubernetes"]), true],
    ["deleted, token among others", ns(NOW, ["example.com/x", "kubernetes"]), true],
    ["deleted, already released", ns(NOW, []), false],
    ["deleted, other finalizers only", ns(NOW, ["example.com/x"]), false],
    ["deleted, no spec", ns(NOW), false],
    ["missing", undefined, false],
  ])("%s → %s", (_, obj, want) => {
    expect(awaitsContentDeletion(obj)).toBe(want);
  });
});

describe("finalizersAfterRelease", () => {
  it.each([
    [["kubernetes"], []],
    [["b.io/y", "kubernetes", "a.io/x", "a.io/x"], ["a.io/x", "b.io/y"]],
    [undefined, []],
  ])("%j → %j", (input, want) => {
    expect(finalizersAfterRelease(input)).toEqual(want);
  });
});

describe("namespaceCleanupDelayMs", () => {
  it.each([
    [undefined, DEFAULT_NAMESPACE_CLEANUP_DELAY_MS],
    ["", DEFAULT_NAMESPACE_CLEANUP_DELAY_MS],
    ["0", 0],
    ["200", 200],
    [" 1500 ", 1500],
    ["-5", DEFAULT_NAMESPACE_CLEANUP_DELAY_MS],
    ["1.5", DEFAULT_NAMESPACE_CLEANUP_DELAY_MS],
    ["2s", DEFAULT_NAMESPACE_CLEANUP_DELAY_MS],
  ])("%j → %d", (raw, want) => {
    expect(namespaceCleanupDelayMs(raw)).toBe(want);
  });

  it("defaults to 2 s", () => {
    expect(DEFAULT_NAMESPACE_CLEANUP_DELAY_MS).toBe(2000);
  });
});

describe("namespaceToFinalize", () => {
  const cm = (meta: Record<string, unknown>) => ({ metadata: { name: "a", namespace: "x", ...meta } });
  it.each([
    ["a namespace marked for deletion", NAMESPACES, "MODIFIED", ns(NOW, ["kubernetes"]), "x"],
    ["an active namespace", NAMESPACES, "MODIFIED", ns(undefined, ["kubernetes"]), undefined],
    ["a released namespace", NAMESPACES, "MODIFIED", ns(NOW, []), undefined],
    ["a removed namespace", NAMESPACES, "DELETED", ns(NOW, ["kubernetes"]), undefined],
    ["a terminating object gone", CONFIGMAPS, "DELETED", cm({ deletionTimestamp: NOW }), "x"],
    ["an object deleted at once", CONFIGMAPS, "DELETED", cm({}), undefined],
    ["a terminating object still held", CONFIGMAPS, "MODIFIED", cm({ deletionTimestamp: NOW, finalizers: ["a.io/x"] }), undefined],
    ["a cluster-scoped object", CLUSTER_ROLES, "DELETED", { metadata: { name: "r", deletionTimestamp: NOW } }, undefined],
  ] as const)("%s → %s", (_, entry, type, obj, want) => {
    expect(namespaceToFinalize(entry, type, obj)).toBe(want);
  });
});

describe("deletionOrder", () => {
  const order = deletionOrder(registry.all());
  const names = order.map((r) => `${r.entry.group}/${r.entry.resource}`);

  it("covers every namespaced resource once per stored resource, pods last", () => {
    expect(names.at(-1)).toBe("/pods");
    expect(names).toContain("rbac.authorization.k8s.io/rolebindings");
    expect(names).toContain("/secrets");
    expect(names.filter((n) => n.endsWith("/events"))).toHaveLength(1);
    expect(names).not.toContain("/namespaces");
    expect(new Set(names).size).toBe(names.length);
  });

  it("lists and deletes one by one where deletecollection is not served", () => {
    const services = order.find((r) => r.entry.group === "" && r.entry.resource === "services")!;
    expect(services.deleteCollection).toBe(services.entry.verbs.includes("deletecollection"));
    expect(order.find((r) => r.entry.resource === "configmaps")!.deleteCollection).toBe(true);
  });
});

describe("podGraceEstimate", () => {
  const pod = (grace: number, phase = "Running") => ({ spec: { terminationGracePeriodSeconds: grace }, status: { phase } });
  it.each([
    ["the longest grace period of running pods", [pod(30), pod(5)], "2025-01-01T00:00:00Z", 30],
    ["terminal pods do not count", [pod(30, "Succeeded"), pod(5, "Failed")], "2025-01-01T00:00:00Z", 0],
    ["0 once that much time has passed", [pod(5)], "2025-01-01T00:00:00Z", 0],
    ["no pods", [], "2025-01-01T00:00:00Z", 0],
  ])("%s", (_, pods, deletedAt, want) => {
    expect(podGraceEstimate(pods, deletedAt, new Date(NOW))).toBe(want);
  });
});

describe("summarizeRemaining", () => {
  const e = { group: "", version: "v1", resource: "configmaps" };
  it("nothing left: done", () => {
    expect(summarizeRemaining(e, "x", [], 0)).toEqual({ resource: "configmaps.", remaining: 0, finalizers: {}, estimate: 0 });
  });
  it("items held by finalizers: waiting, counted per finalizer", () => {
    const items = [{ metadata: { finalizers: ["a.io/x", "b.io/y"] } }, { metadata: { finalizers: ["a.io/x"] } }];
    expect(summarizeRemaining(e, "x", items, 0)).toEqual({ resource: "configmaps.", remaining: 2, finalizers: { "a.io/x": 2, "b.io/y": 1 }, estimate: 15 });
  });
  it("pods within their grace period: waiting", () => {
    const p = { group: "", version: "v1", resource: "pods" };
    expect(summarizeRemaining(p, "x", [{ metadata: {} }], 30)).toMatchObject({ remaining: 1, estimate: 30 });
    expect(summarizeRemaining(p, "x", [{ metadata: {} }], 30).error).toBeUndefined();
  });
  it("anything else left is an error (upstream's message)", () => {
    const d = { group: "apps", version: "v1", resource: "deployments" };
    expect(summarizeRemaining(d, "x", [{ metadata: {} }], 0).error).toBe("unexpected items still remain in namespace: x for gvr: apps/v1, Resource=deployments");
  });
});

const gone = (resource: string): ResourceRemaining => ({ resource, remaining: 0, finalizers: {}, estimate: 0 });

describe("contentRemoved", () => {
  it.each([
    ["all empty", [gone("configmaps."), gone("pods.")], true],
    ["something held", [gone("configmaps."), { resource: "secrets.", remaining: 1, finalizers: { "a.io/x": 1 }, estimate: 15 }], false],
    ["a failure", [{ ...gone("roles.rbac.authorization.k8s.io"), error: "boom" }], false],
  ])("%s → %s", (_, results, want) => {
    expect(contentRemoved(results)).toBe(want);
  });
});

describe("conditions", () => {
  const held: ResourceRemaining[] = [
    { resource: "secrets.", remaining: 1, finalizers: { "b.io/y": 1 }, estimate: 15 },
    { resource: "configmaps.", remaining: 2, finalizers: { "a.io/x": 2 }, estimate: 15 },
    gone("pods."),
  ];

  it("remaining content and finalizers, sorted, in upstream's words", () => {
    expect(failingConditions(held)).toEqual([
      {
        type: "NamespaceContentRemaining",
        status: "True",
        reason: "SomeResourcesRemain",
        message: "Some resources are remaining: configmaps. has 2 resource instances, secrets. has 1 resource instances",
      },
      {
        type: "NamespaceFinalizersRemaining",
        status: "True",
        reason: "SomeFinalizersRemain",
        message: "Some content in the namespace has finalizers remaining: a.io/x in 2 resource instances, b.io/y in 1 resource instances",
      },
    ]);
  });

  it("failures become NamespaceDeletionContentFailure", () => {
    const failing = failingConditions([{ ...gone("roles.rbac.authorization.k8s.io"), error: "e2" }, { ...gone("pods."), error: "e1" }]);
    expect(failing).toEqual([
      { type: "NamespaceDeletionContentFailure", status: "True", reason: "ContentDeletionFailed", message: "Failed to delete all resource types, 2 remaining: e1, e2" },
    ]);
  });

  it("a first pass sets all five owned types; the ok ones are False", () => {
    const { conditions, changed } = updateConditions([], failingConditions(held), NOW);
    expect(changed).toBe(true);
    expect(conditions.map((c) => [c.type, c.status, c.reason])).toEqual([
      ["NamespaceDeletionDiscoveryFailure", "False", "ResourcesDiscovered"],
      ["NamespaceDeletionGroupVersionParsingFailure", "False", "ParsedGroupVersions"],
      ["NamespaceDeletionContentFailure", "False", "ContentDeleted"],
      ["NamespaceContentRemaining", "True", "SomeResourcesRemain"],
      ["NamespaceFinalizersRemaining", "True", "SomeFinalizersRemain"],
    ]);
    expect(conditions.every((c) => c.lastTransitionTime === NOW)).toBe(true);
  });

  it("converged: the same outcome again changes nothing", () => {
    const first = updateConditions([], failingConditions(held), NOW).conditions;
    const again = updateConditions(first, failingConditions(held), "2025-01-01T00:05:00Z");
    expect(again.changed).toBe(false);
    expect(again.conditions).toEqual(first);
  });

  it("a status flip moves lastTransitionTime; a message change alone does not; other types are kept", () => {
    const other: NamespaceCondition = { type: "Custom", status: "True", reason: "R", message: "m", lastTransitionTime: NOW };
    const first = updateConditions([other], failingConditions(held), NOW).conditions;
    const fewer = updateConditions(first, failingConditions([held[1]]), "2025-01-01T00:01:00Z").conditions;
    const content = fewer.find((c) => c.type === "NamespaceContentRemaining")!;
    expect(content).toMatchObject({ status: "True", message: "Some resources are remaining: configmaps. has 2 resource instances", lastTransitionTime: NOW });
    const done = updateConditions(fewer, [], "2025-01-01T00:02:00Z").conditions;
    expect(done.find((c) => c.type === "NamespaceContentRemaining")).toEqual({
      type: "NamespaceContentRemaining",
      status: "False",
      reason: "ContentRemoved",
      message: "All content successfully removed",
      lastTransitionTime: "2025-01-01T00:02:00Z",
    });
    expect(done.find((c) => c.type === "NamespaceFinalizersRemaining")).toMatchObject({ reason: "ContentHasNoFinalizers", message: "All content-preserving finalizers finished" });
    expect(done[0]).toEqual(other);
  });
});
