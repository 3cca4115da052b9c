import { describe, expect, it } from "vitest";
import type { PodAction } from "../../../../worker/kubelet/pod-worker";
import { ctr, imagesOf, mkPod, Node, S, T0 } from "./fixtures";

const kinds = (actions: PodAction[]) => actions.filter((a) => a.kind !== "event").map((a) => a.kind);

describe("results that never come back (a Durable Object restarted mid-action) are not waited for forever", () => {
  it("a lost pull is given up after 15 minutes and pulled again", () => {
    let lose = true;
    const node = new Node(mkPod([ctr("app")]), {}, { pull: () => (lose ? "pending" : { ok: true, imageID: "sha256:x", pullMs: 10, sizeBytes: 1 }) }).sync();
    expect(kinds(node.takeActions())).toEqual(["pullImage"]);
    expect(node.at(T0 + 60 * S).takeActions()).toEqual([]);
    expect(node.wakeAtMs).toBe(T0 + 900 * S);
    lose = false;
    node.wake();
    expect(kinds(node.takeActions())).toEqual(["pullImage", "startContainer"]);
    expect(node.state("app")).toBe("running");
  });

  it("a stop that is never confirmed is sent again with no grace 30 s after its grace period", () => {
    const node = new Node(mkPod([ctr("app")], { terminationGracePeriodSeconds: 10 }), imagesOf("app:1"), { kill: () => "pending" }).sync();
    node.takeActions();
    node.deleteAt(T0 + 5 * S, 10);
    expect(node.takeActions().filter((a) => a.kind === "killContainer")).toMatchObject([{ gracePeriodMs: 10_000 }]);
    expect(node.wakeAtMs).toBe(T0 + 45 * S);
    node.wake();
    expect(node.takeActions().filter((a) => a.kind === "killContainer")).toMatchObject([{ gracePeriodMs: 0 }]);
    node.exit("app", 137).sync();
    expect(node.deleted).toBe(true);
  });

  it("a probe whose result is lost is run again once its timeout and 30 s have passed", () => {
    let lose = true;
    const probe = { httpGet: { path: "/", port: 80 }, periodSeconds: 5, timeoutSeconds: 2 };
    const node = new Node(mkPod([ctr("app", { readinessProbe: probe })]), imagesOf("app:1"), { probe: () => (lose ? "pending" : { result: "success" }) }).sync();
    node.at(T0 + 5 * S);
    expect(kinds(node.takeActions())).toContain("probe");
    expect(node.at(T0 + 20 * S).takeActions()).toEqual([]);
    lose = false;
    node.at(T0 + 37 * S);
    expect(kinds(node.takeActions())).toEqual(["probe"]);
    expect(node.facts().app.ready).toBe(true);
  });
});
