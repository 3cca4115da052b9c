/** Classifying a Deployment's ReplicaSets: new/old, active-or-latest, saturation, sort orders, template equality. */
import { describe, expect, it } from "vitest";
import {
  byRevision,
  bySizeNewer,
  bySizeOlder,
  equalIgnoreHash,
  findActiveOrLatest,
  findNewReplicaSet,
  findOldReplicaSets,
  isSaturated,
} from "../../../../worker/controllers/deployment/replica-sets";
import type { Obj } from "../kwok";

const T = (n: number) => `2024-01-01T00:00:${String(n).padStart(2, "0")}Z`;
const tpl = (image: string, hash?: string): Obj => ({
  metadata: { labels: { app: "a", ...(hash ? { "pod-template-hash": hash } : {}) } },
  spec: { containers: [{ name: "c", image }] },
});
const rs = (name: string, replicas: number, created: number, extra: Obj = {}): Obj => ({
  metadata: { name, uid: name, creationTimestamp: T(created), annotations: extra.annotations ?? {} },
  spec: { replicas, template: extra.template ?? tpl(name) },
  status: extra.status ?? {},
});
const names = (l: (Obj | undefined)[]) => l.map((x) => x?.metadata.name);

describe("equalIgnoreHash", () => {
  it.each<[string, Obj | undefined, Obj | undefined, boolean]>([
    ["same but the hash label", tpl("i", "abc"), tpl("i"), true],
    ["different hashes", tpl("i", "abc"), tpl("i", "def"), true],
    ["different images", tpl("i", "abc"), tpl("j"), false],
    ["only-hash labels vs none", { metadata: { labels: { "pod-template-hash": "x" } }, spec: {} }, { spec: {} }, true],
    ["null and empty lists are absent", { metadata: { creationTimestamp: null }, spec: { volumes: [] } }, { spec: {} }, true],
    ["an empty struct is not absent", { spec: { securityContext: {} } }, { spec: {} }, false],
  ])("%s → %s", (_, a, b, want) => {
    expect(equalIgnoreHash(a, b)).toBe(want);
  });
});

describe("new and old ReplicaSets", () => {
  const d = { spec: { replicas: 3, template: tpl("v2") } };
  const rss = [rs("v1", 1, 1), rs("v2-late", 1, 9, { template: tpl("v2", "h2") }), rs("v2", 1, 5, { template: tpl("v2", "h1") }), rs("v0", 0, 0)];
  it("the new one is the oldest with the Deployment's template", () => {
    expect(findNewReplicaSet(d, rss)?.metadata.name).toBe("v2");
  });
  it("the old ones are all others; required ones have replicas", () => {
    const { all, required } = findOldReplicaSets(d, rss);
    expect(names(all)).toEqual(["v1", "v2-late", "v0"]);
    expect(names(required)).toEqual(["v1", "v2-late"]);
  });
  it("no new ReplicaSet when no template matches", () => {
    expect(findNewReplicaSet({ spec: { template: tpl("v9") } }, rss)).toBeUndefined();
  });
});

describe("findActiveOrLatest", () => {
  it.each<[string, Obj | undefined, Obj[], string | undefined]>([
    ["nothing", undefined, [], undefined],
    ["only the new one active", rs("new", 3, 5), [rs("old", 0, 1)], "new"],
    ["only an old one active", rs("new", 0, 5), [rs("old", 2, 1)], "old"],
    ["none active: the new one", rs("new", 0, 5), [rs("old", 0, 1)], "new"],
    ["none active, no new: the newest old", undefined, [rs("a", 0, 1), rs("b", 0, 3)], "b"],
    ["several active: none", rs("new", 1, 5), [rs("old", 1, 1)], undefined],
  ])("%s", (_, newRS, old, want) => {
    expect(findActiveOrLatest(newRS, old)?.metadata.name).toBe(want);
  });
});

describe("isSaturated", () => {
  const d = { spec: { replicas: 3 } };
  const sat = (replicas: number, desired: string | undefined, available: number) =>
    rs("n", replicas, 1, { annotations: desired === undefined ? {} : { "deployment.kubernetes.io/desired-replicas": desired }, status: { availableReplicas: available } });
  it.each<[string, Obj | undefined, boolean]>([
    ["saturated", sat(3, "3", 3), true],
    ["not all available", sat(3, "3", 2), false],
    ["sized for another size", sat(3, "4", 3), false],
    ["no annotation", sat(3, undefined, 3), false],
    ["no ReplicaSet", undefined, false],
  ])("%s", (_, r, want) => {
    expect(isSaturated(d, r)).toBe(want);
  });
});

describe("sort orders", () => {
  const list = [rs("old-small", 1, 1), rs("old-big", 3, 2), rs("new-big", 3, 4), rs("new-small", 1, 5)];
  it("bySizeNewer: largest first, newer first among equals", () => {
    expect(names([...list].sort(bySizeNewer))).toEqual(["new-big", "old-big", "new-small", "old-small"]);
  });
  it("bySizeOlder: largest first, older first among equals", () => {
    expect(names([...list].sort(bySizeOlder))).toEqual(["old-big", "new-big", "old-small", "new-small"]);
  });
  it("byRevision: lowest revision first, creation time among equal revisions", () => {
    const rev = (name: string, r: string, c: number) => rs(name, 0, c, { annotations: { "deployment.kubernetes.io/revision": r } });
    expect(names([rev("r10", "10", 1), rev("r2b", "2", 3), rev("r2", "2", 2)].sort(byRevision))).toEqual(["r2", "r2b", "r10"]);
  });
});
