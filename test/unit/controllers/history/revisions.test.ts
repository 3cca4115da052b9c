/** The pure history decisions: new revisions, ordering, equality, numbering and which revisions a parent may use. */
import { describe, expect, it } from "vitest";
import type { KubeObject } from "../../../../schema/types";
import {
  CONTROLLER_REVISION_HASH_LABEL,
  equalRevision,
  findEqualRevisions,
  newControllerRevision,
  nextRevision,
  orphanRevisions,
  revisionNameFor,
  revisionsOf,
  sortControllerRevisions,
} from "../../../../worker/controllers/history";
import { UPSTREAM_DATA } from "./upstream-data";

const parent = { metadata: { name: "test", namespace: "default", uid: "ec335e25-1045-4216-8634-50cfbe05f3d6" } };
const KIND = { apiVersion: "apps/v1", kind: "StatefulSet" };

const rev = (name: string, revision: number, data: unknown = { v: name }, extra: KubeObject = {}): KubeObject => ({
  metadata: { name, creationTimestamp: extra.created ?? "2025-01-01T00:00:00Z", ...(extra.owner ? { ownerReferences: [extra.owner] } : {}), labels: extra.labels },
  data,
  revision,
});

describe("newControllerRevision", () => {
  it("reproduces upstream's golden revision", () => {
    const cr = newControllerRevision(parent, KIND, { app: "foo" }, UPSTREAM_DATA, 1, 0);
    expect(cr).toEqual({
      apiVersion: "apps/v1",
      kind: "ControllerRevision",
      metadata: {
        name: "test-c77f6d978",
        namespace: "default",
        labels: { app: "foo", [CONTROLLER_REVISION_HASH_LABEL]: "c77f6d978" },
        ownerReferences: [{ apiVersion: "apps/v1", kind: "StatefulSet", name: "test", uid: parent.metadata.uid, controller: true, blockOwnerDeletion: true }],
      },
      data: UPSTREAM_DATA,
      revision: 1,
    });
  });

  it("is named differently under a collision count, keeping the data", () => {
    const a = newControllerRevision(parent, KIND, {}, UPSTREAM_DATA, 1, 0);
    const b = newControllerRevision(parent, KIND, {}, UPSTREAM_DATA, 1, 1);
    expect(a.metadata.name).not.toBe(b.metadata.name);
    expect(revisionNameFor("test", a, 1)).toBe(b.metadata.name);
    expect(revisionNameFor("test", a, 0)).toBe(a.metadata.name);
  });
});

describe("sortControllerRevisions", () => {
  it.each([
    [[rev("c", 3), rev("a", 1), rev("b", 2)], ["a", "b", "c"]],
    [[rev("y", 1, {}, { created: "2025-01-02T00:00:00Z" }), rev("x", 1, {}, { created: "2025-01-03T00:00:00Z" })], ["y", "x"]],
    [[rev("b", 1), rev("a", 1)], ["a", "b"]],
    [[], []],
  ])("%#", (input, want) => {
    expect(sortControllerRevisions(input).map((r) => r.metadata.name)).toEqual(want);
  });
});

describe("equalRevision / findEqualRevisions", () => {
  it.each([
    ["same data, key order aside", rev("a", 1, { x: 1, y: { b: 2, a: 1 } }), rev("b", 2, { y: { a: 1, b: 2 }, x: 1 }), true],
    ["different data", rev("a", 1, { x: 1 }), rev("b", 1, { x: 2 }), false],
    ["integer hash labels that differ", rev("a", 1, { x: 1 }, { labels: { [CONTROLLER_REVISION_HASH_LABEL]: "1" } }), rev("b", 1, { x: 1 }, { labels: { [CONTROLLER_REVISION_HASH_LABEL]: "2" } }), false],
    ["safe-encoded hash labels never short-circuit", rev("a", 1, { x: 1 }, { labels: { [CONTROLLER_REVISION_HASH_LABEL]: "abc" } }), rev("b", 1, { x: 1 }, { labels: { [CONTROLLER_REVISION_HASH_LABEL]: "def" } }), true],
  ])("%s", (_, a, b, want) => {
    expect(equalRevision(a, b)).toBe(want);
  });

  it("undefined equals only undefined", () => {
    expect(equalRevision(undefined, undefined)).toBe(true);
    expect(equalRevision(rev("a", 1), undefined)).toBe(false);
  });

  it("finds every revision with equal data, in order", () => {
    const revs = [rev("a", 1, { t: 1 }), rev("b", 2, { t: 2 }), rev("c", 3, { t: 1 })];
    expect(findEqualRevisions(revs, rev("new", 4, { t: 1 })).map((r) => r.metadata.name)).toEqual(["a", "c"]);
    expect(findEqualRevisions(revs, rev("new", 4, { t: 9 }))).toEqual([]);
  });
});

describe("nextRevision", () => {
  it.each([
    [[], 1],
    [[rev("a", 1)], 2],
    [[rev("a", 1), rev("b", 7)], 8],
  ])("%#", (sorted, want) => {
    expect(nextRevision(sorted)).toBe(want);
  });
});

describe("revisionsOf / orphanRevisions", () => {
  const mine = rev("mine", 1, {}, { owner: { uid: "u1", controller: true } });
  const theirs = rev("theirs", 1, {}, { owner: { uid: "u2", controller: true } });
  const orphan = rev("orphan", 1);
  const notController = rev("weak", 1, {}, { owner: { uid: "u2" } });
  it("keeps the parent's and orphans", () => {
    expect(revisionsOf([mine, theirs, orphan, notController], "u1").map((r) => r.metadata.name)).toEqual(["mine", "orphan", "weak"]);
    expect(orphanRevisions([mine, theirs, orphan, notController]).map((r) => r.metadata.name)).toEqual(["orphan", "weak"]);
  });
});
