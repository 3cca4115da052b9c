/** A StatefulSet's revisions: data, names (upstream's golden revision), which revision to use, history limits. */
import { describe, expect, it } from "vitest";
import type { KubeObject } from "../../../../schema/types";
import { applyRevision, currentRevisionOf, newRevision, revisionData, revisionsToTruncate, updateRevisionStep } from "../../../../worker/controllers/statefulset/revision";
import { UPSTREAM_DATA, UPSTREAM_SET } from "../history/upstream-data";
import { statefulPod, statefulSet } from "./helpers";

describe("newRevision", () => {
  it("names upstream's compatibility set's first revision test-c77f6d978", () => {
    const cr = newRevision(UPSTREAM_SET, 1, 0);
    expect(cr.metadata.name).toBe("test-c77f6d978");
    expect(cr.metadata.labels).toEqual({ app: "foo", "controller.kubernetes.io/hash": "c77f6d978" });
    expect(cr.data).toEqual(UPSTREAM_DATA);
    expect(cr.metadata.annotations).toBeUndefined();
  });

  it("adds creationTimestamp: null to the template metadata as Go encodes it, and copies the set's annotations", () => {
    const set: KubeObject = structuredClone(UPSTREAM_SET);
    set.metadata.annotations = { note: "x" };
    set.spec.template.metadata = { annotations: { test: "value" }, labels: { app: "foo" } };
    const cr = newRevision(set, 1, 0);
    expect(cr.metadata.name).toBe("test-c77f6d978");
    expect(cr.metadata.annotations).toEqual({ note: "x" });
  });

  it("depends on the template only", () => {
    const a = statefulSet("web", { replicas: 1 });
    const b = statefulSet("web", { replicas: 5, partition: 3 });
    const c = statefulSet("web", { image: "other" });
    expect(newRevision(a, 1, 0).metadata.name).toBe(newRevision(b, 1, 0).metadata.name);
    expect(newRevision(a, 1, 0).metadata.name).not.toBe(newRevision(c, 1, 0).metadata.name);
  });
});

describe("applyRevision", () => {
  it("replaces the template, keeping the rest of the set", () => {
    const old = statefulSet("web", { image: "old" });
    const now = statefulSet("web", { image: "new", replicas: 7 });
    const applied = applyRevision(now, { data: revisionData(old) });
    expect(applied.spec.replicas).toBe(7);
    expect(applied.spec.template.spec.containers[0].image).toBe("old");
    expect(applied.spec.template.$patch).toBeUndefined();
    expect(now.spec.template.spec.containers[0].image).toBe("new");
  });
});

describe("updateRevisionStep / currentRevisionOf", () => {
  const v1 = statefulSet("web", { image: "v1" });
  const v2 = statefulSet("web", { image: "v2" });
  const r1 = { ...newRevision(v1, 1, 0), metadata: { ...newRevision(v1, 1, 0).metadata, name: "web-r1" } };
  const r2 = { ...newRevision(v2, 2, 0), metadata: { ...newRevision(v2, 2, 0).metadata, name: "web-r2" } };
  it.each([
    ["no history: create revision 1", v1, [], "create", 1],
    ["the newest revision holds the template: use it (converged)", v2, [r1, r2], "use", 2],
    ["an older revision holds it: renumber it (rollback)", v1, [r1, r2], "renumber", 3],
    ["a new template: create the next revision", statefulSet("web", { image: "v3" }), [r1, r2], "create", 3],
  ] as [string, KubeObject, KubeObject[], string, number][])("%s", (_, set, sorted, action, number) => {
    const step = updateRevisionStep(set, sorted, 0);
    expect(step.action).toBe(action);
    if (step.action === "renumber") {
      expect(step.revision.metadata.name).toBe("web-r1");
      expect(step.to).toBe(number);
    } else {
      expect(step.revision.revision).toBe(number);
    }
  });

  it("a collision count changes the name of the revision to create", () => {
    const a = updateRevisionStep(v1, [], 0);
    const b = updateRevisionStep(v1, [], 1);
    expect(a.action === "create" && b.action === "create" && a.revision.metadata.name !== b.revision.metadata.name).toBe(true);
  });

  it("the current revision is status.currentRevision when it exists, else the update revision", () => {
    const withStatus = { ...v2, status: { currentRevision: "web-r1" } };
    expect(currentRevisionOf(withStatus, [r1, r2], r2).metadata.name).toBe("web-r1");
    expect(currentRevisionOf({ ...v2, status: { currentRevision: "gone" } }, [r1, r2], r2).metadata.name).toBe("web-r2");
    expect(currentRevisionOf(v2, [], r2).metadata.name).toBe("web-r2");
  });
});

describe("revisionsToTruncate", () => {
  const rev = (n: number) => ({ metadata: { name: `web-${n}` }, revision: n });
  const revs = [1, 2, 3, 4, 5, 6].map(rev);
  const set = (limit: number) => statefulSet("web", { revisionHistoryLimit: limit });
  const podAt = (r: string) => statefulPod(statefulSet("web"), 0, r);
  it.each([
    ["within the limit (converged)", set(10), [], "web-6", "web-6", []],
    ["limit 2, current and update live", set(2), [], "web-5", "web-6", ["web-1", "web-2"]],
    ["a pod's revision is live", set(2), [podAt("web-1")], "web-5", "web-6", ["web-2"]],
    ["limit 0 keeps only live revisions", set(0), [podAt("web-3")], "web-6", "web-6", ["web-1", "web-2", "web-4", "web-5"]],
    ["a negative limit keeps everything", set(-1), [], "web-6", "web-6", []],
  ] as [string, KubeObject, KubeObject[], string, string, string[]][])("%s", (_, s, pods, current, update, want) => {
    expect(revisionsToTruncate(s, pods, revs, current, update).map((r) => r.metadata.name)).toEqual(want);
  });
});
