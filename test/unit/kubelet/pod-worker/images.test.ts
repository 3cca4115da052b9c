import { describe, expect, it } from "vitest";
import { pullPolicyOf } from "../../../../worker/kubelet/pod-worker";
import { ctr, imagesOf, mkPod, Node, S, T0 } from "./fixtures";

describe("image pull policy (SetDefaults_Container, shouldPullImage)", () => {
  it.each([
    ["nginx", undefined, "Always"],
    ["nginx:latest", undefined, "Always"],
    ["nginx:1.27", undefined, "IfNotPresent"],
    ["nginx@sha256:" + "b".repeat(64), undefined, "IfNotPresent"],
    ["nginx:1.27", "Always", "Always"],
    ["nginx", "Never", "Never"],
  ])("%s with %s → %s", (image, policy, expected) => expect(pullPolicyOf({ name: "c", image, imagePullPolicy: policy })).toBe(expected));

  it.each<[string, string | undefined, boolean, string[], string[]]>([
    ["IfNotPresent, present: no pull", "IfNotPresent", true, ['Pulled: Container image "app:1" already present on machine'], []],
    ["IfNotPresent, absent: pull", "IfNotPresent", false, ['Pulling: Pulling image "app:1"', 'Pulled: Successfully pulled image "app:1" in 1.2s (1.2s including waiting). Image size: 1000 bytes.'], ["app:1"]],
    ["Always, present: pull anyway", "Always", true, ['Pulling: Pulling image "app:1"', 'Pulled: Successfully pulled image "app:1" in 1.2s (1.2s including waiting). Image size: 1000 bytes.'], ["app:1"]],
    ["Never, present: no pull", "Never", true, ['Pulled: Container image "app:1" already present on machine'], []],
  ])("%s", (_, policy, present, pullEvents, pulled) => {
    const node = new Node(mkPod([ctr("app", { imagePullPolicy: policy })]), present ? imagesOf("app:1") : {}).sync();
    const pulls = node.takeActions().flatMap((a) => (a.kind === "pullImage" ? [a.image] : []));
    expect(pulls).toEqual(pulled);
    expect(node.takeEvents()).toEqual([...pullEvents, "Created: Created container: app", "Started: Started container app"]);
    expect(node.state("app")).toBe("running");
  });

  it("Never and absent: ErrImageNeverPull, reported once, and the pod waits for the image", () => {
    const node = new Node(mkPod([ctr("app", { imagePullPolicy: "Never" })])).sync();
    expect(node.takeEvents()).toEqual([
      'ErrImageNeverPull: Container image "app:1" is not present with pull policy of Never',
      "Failed: Error: ErrImageNeverPull",
    ]);
    expect(node.facts().app.state).toEqual({ waiting: { reason: "ErrImageNeverPull", message: 'Container image "app:1" is not present with pull policy of Never' } });
    expect(node.at(T0 + 60 * S).takeEvents()).toEqual([]);
    node.images = imagesOf("app:1");
    node.at(T0 + 61 * S);
    expect(node.state("app")).toBe("running");
    expect(node.facts().app.restartCount).toBe(0);
  });
});

describe("pull failures: ErrImagePull, then ImagePullBackOff doubling from 10 s to 5 min", () => {
  it("shows the pull error, retries on the back-off schedule, and starts once a pull succeeds", () => {
    let fail = true;
    const node = new Node(mkPod([ctr("app", { image: "app:9" })]), {}, {
      pull: () => (fail ? { ok: false, message: "manifest unknown" } : { ok: true, imageID: "sha256:x", pullMs: 300, sizeBytes: 5 }),
    }).sync();
    expect(node.takeEvents()).toEqual(['Pulling: Pulling image "app:9"', 'Failed: Failed to pull image "app:9": manifest unknown', "Failed: Error: ErrImagePull"]);
    expect(node.facts().app.state).toEqual({ waiting: { reason: "ErrImagePull", message: "manifest unknown" } });
    expect(node.wakeAtMs).toBe(T0 + 10 * S);

    node.wake();
    expect(node.takeEvents()).toEqual(['Pulling: Pulling image "app:9"', 'Failed: Failed to pull image "app:9": manifest unknown', "Failed: Error: ErrImagePull"]);
    expect(node.wakeAtMs).toBe(T0 + 20 * S);

    node.wake();
    expect(node.takeEvents()).toEqual(['BackOff: Back-off pulling image "app:9"', "Failed: Error: ImagePullBackOff"]);
    expect(node.facts().app.state).toEqual({ waiting: { reason: "ImagePullBackOff", message: 'Back-off pulling image "app:9"' } });
    expect(node.wakeAtMs).toBe(T0 + 30 * S);

    const retries: number[] = [];
    for (let i = 0; i < 10; i++) {
      node.wake();
      if (node.takeEvents().includes('Pulling: Pulling image "app:9"')) retries.push((node.now - T0) / S);
    }
    expect(retries).toEqual([30, 70, 150, 310, 610]);

    fail = false;
    while (node.state("app") !== "running") node.wake();
    expect(node.takeEvents()).toEqual([
      'Pulling: Pulling image "app:9"',
      'Pulled: Successfully pulled image "app:9" in 300ms (300ms including waiting). Image size: 5 bytes.',
      "Created: Created container: app",
      "Started: Started container app",
    ]);
    expect(node.facts().app.imageID).toBe("sha256:x");
  });

  it("two containers on one image share one pull", () => {
    const node = new Node(mkPod([ctr("a", { image: "shared:1" }), ctr("b", { image: "shared:1" })])).sync();
    expect(node.takeActions().filter((a) => a.kind === "pullImage")).toHaveLength(1);
    expect(node.state("a")).toBe("running");
    expect(node.state("b")).toBe("running");
  });
});
