/** The revision and replica annotations (deployment_util.go). */
import { describe, expect, it } from "vitest";
import {
  appendRevisionHistory,
  lastRevision,
  maxRevision,
  replicasAnnotationsNeedUpdate,
  setDeploymentRevision,
  setNewReplicaSetAnnotations,
} from "../../../../worker/controllers/deployment/annotations";
import type { Obj } from "../kwok";

const withRev = (rev?: string, more: Obj = {}): Obj => ({ metadata: { annotations: { ...(rev === undefined ? {} : { "deployment.kubernetes.io/revision": rev }), ...more } } });
const dep = (annotations: Obj = {}): Obj => ({ metadata: { annotations }, spec: { replicas: 4, strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: "25%", maxUnavailable: "25%" } } } });

describe("revisions", () => {
  it.each<[string[], number, number]>([
    [[], 0, 0],
    [["1"], 1, 0],
    [["1", "3", "2"], 3, 2],
    [["5", "x", "4"], 5, 4],
    [["2", "2"], 2, 2],
  ])("%j → max %d, last %d", (revs, max, last) => {
    const rss = revs.map((r) => withRev(r));
    expect([maxRevision(rss), lastRevision(rss)]).toEqual([max, last]);
  });
});

describe("setNewReplicaSetAnnotations", () => {
  it("a new ReplicaSet gets the Deployment's annotations (but not its revision or kubectl's), the revision and sizes", () => {
    const rs: Obj = { metadata: {} };
    const d = dep({ team: "a", "deployment.kubernetes.io/revision": "9", "kubectl.kubernetes.io/last-applied-configuration": "{}" });
    expect(setNewReplicaSetAnnotations(d, rs, 3, false)).toBe(true);
    expect(rs.metadata.annotations).toEqual({
      team: "a",
      "deployment.kubernetes.io/revision": "3",
      "deployment.kubernetes.io/desired-replicas": "4",
      "deployment.kubernetes.io/max-replicas": "5",
    });
  });

  it("converged: nothing to change", () => {
    const rs = withRev("3", { team: "a" });
    expect(setNewReplicaSetAnnotations(dep({ team: "a" }), rs, 3, true)).toBe(false);
  });

  it("never lowers a revision", () => {
    const rs = withRev("7");
    expect(setNewReplicaSetAnnotations(dep(), rs, 3, true)).toBe(false);
    expect(rs.metadata.annotations["deployment.kubernetes.io/revision"]).toBe("7");
  });

  it("a rollback raises the revision and records the old one in revision-history", () => {
    const rs = withRev("1");
    expect(setNewReplicaSetAnnotations(dep(), rs, 3, true)).toBe(true);
    expect(rs.metadata.annotations).toEqual({ "deployment.kubernetes.io/revision": "3", "deployment.kubernetes.io/revision-history": "1" });
    setNewReplicaSetAnnotations(dep(), rs, 5, true);
    expect(rs.metadata.annotations["deployment.kubernetes.io/revision-history"]).toBe("1,3");
  });

  it("an unparsable revision leaves the ReplicaSet alone", () => {
    expect(setNewReplicaSetAnnotations(dep(), withRev("x"), 3, true)).toBe(false);
  });
});

describe("appendRevisionHistory", () => {
  it.each<[string | undefined, string, number, string | undefined]>([
    [undefined, "1", 2000, "1"],
    ["1,2", "3", 2000, "1,2,3"],
    ["1,2,3", "4", 5, "2,3,4"],
    ["1,2,3", "4", 4, "3,4"],
    ["12345", "6", 3, "6"],
  ])("%j + %j within %d → %j", (history, old, limit, want) => {
    expect(appendRevisionHistory(history, old, limit)).toBe(want);
  });
});

describe("replica annotations and the Deployment's revision", () => {
  it("need an update until desired/max match", () => {
    expect(replicasAnnotationsNeedUpdate({ metadata: {} }, 3, 4)).toBe(true);
    expect(replicasAnnotationsNeedUpdate(withRev(undefined, { "deployment.kubernetes.io/desired-replicas": "3", "deployment.kubernetes.io/max-replicas": "4" }), 3, 4)).toBe(false);
    expect(replicasAnnotationsNeedUpdate(withRev(undefined, { "deployment.kubernetes.io/desired-replicas": "3", "deployment.kubernetes.io/max-replicas": "4" }), 3, 5)).toBe(true);
  });

  it("setDeploymentRevision reports a change only when the value differs", () => {
    const d: Obj = { metadata: {} };
    expect(setDeploymentRevision(d, undefined)).toBe(false);
    expect(setDeploymentRevision(d, "2")).toBe(true);
    expect(setDeploymentRevision(d, "2")).toBe(false);
    expect(d.metadata.annotations).toEqual({ "deployment.kubernetes.io/revision": "2" });
  });
});
