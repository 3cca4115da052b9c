import { describe, expect, it } from "vitest";
import { containerFacts, newPodRecord, planPodSync, type ContainerRecord, type PodRecord } from "../../../../worker/kubelet/pod-worker";
import type { ContainerFacts } from "../../../../worker/kubelet/status/container-statuses";
import { ctr, FETCH, imagesOf, mkPod, Node, S, T0 } from "./fixtures";

const iso = (ms: number) => new Date(ms).toISOString().replace(".000Z", "Z");
const inst = (id: string, startedMs: number, exit?: { exitCode: number; reason: string; finishedMs: number }) => ({
  containerID: id,
  startedMs,
  kind: FETCH,
  specHash: "",
  image: "app:1",
  imageID: "sha256:1",
  ...(exit ? { exit } : {}),
});

describe("containerFacts (convertToAPIContainerStatuses over the record)", () => {
  const base: ContainerRecord = { name: "app", init: false, restartCount: 0 };
  it.each<[string, string, Partial<ContainerRecord>, Partial<ContainerFacts> | undefined]>([
    ["never created, nothing to say: no facts (ContainerCreating by default)", "Always", {}, undefined],
    [
      "never created, pull failing: the reason cache",
      "Always",
      { waiting: { reason: "ErrImagePull", message: "not found", sinceMs: T0 } },
      { state: { waiting: { reason: "ErrImagePull", message: "not found" } }, restartCount: 0, image: "app:1", imageID: "" },
    ],
    [
      "running after a crash: lastState is the previous instance",
      "Always",
      { restartCount: 1, previous: inst("i://1", T0, { exitCode: 2, reason: "Error", finishedMs: T0 + S }), current: inst("i://2", T0 + 2 * S) },
      {
        state: { running: { startedAt: iso(T0 + 2 * S) } },
        lastState: { terminated: { exitCode: 2, reason: "Error", startedAt: iso(T0), finishedAt: iso(T0 + S), containerID: "i://1" } },
        restartCount: 1,
        started: true,
        ready: true,
        containerID: "i://2",
      },
    ],
    [
      "exited and backing off: waiting, with the exit as lastState",
      "Always",
      {
        current: inst("i://1", T0, { exitCode: 1, reason: "Error", finishedMs: T0 + S }),
        waiting: { reason: "CrashLoopBackOff", message: "back-off 10s …", sinceMs: T0 + S },
      },
      {
        state: { waiting: { reason: "CrashLoopBackOff", message: "back-off 10s …" } },
        lastState: { terminated: { exitCode: 1, reason: "Error", startedAt: iso(T0), finishedAt: iso(T0 + S), containerID: "i://1" } },
        started: false,
        ready: false,
      },
    ],
    [
      "exited under Never: terminated, the reason cache is not shown",
      "Never",
      { current: inst("i://1", T0, { exitCode: 0, reason: "Completed", finishedMs: T0 + S }), waiting: { reason: "CrashLoopBackOff", sinceMs: T0 } },
      { state: { terminated: { exitCode: 0, reason: "Completed", startedAt: iso(T0), finishedAt: iso(T0 + S), containerID: "i://1" } } },
    ],
  ])("%s", (_, restartPolicy, over, expected) => {
    const pod = mkPod([ctr("app")], { restartPolicy });
    const record: PodRecord = { ...newPodRecord(pod), containers: { app: { ...base, ...over } } };
    const facts = containerFacts(pod, record);
    if (expected === undefined) expect(facts.app).toBeUndefined();
    else expect(facts.app).toMatchObject(expected);
  });
});

describe("the record is plain JSON and a converged pod plans nothing", () => {
  it("survives a JSON round trip mid-flight, and a running pod without probes has no actions and no wake-up", () => {
    const node = new Node(mkPod([ctr("app", { readinessProbe: { httpGet: { path: "/", port: 80 } } })]), imagesOf("app:1")).sync();
    node.now = T0 + 5 * S;
    node.exit("app", 1).sync().exit("app", 1).sync();
    expect(JSON.parse(JSON.stringify(node.record))).toEqual(node.record);

    const quiet = new Node(mkPod([ctr("app")]), imagesOf("app:1")).sync();
    const again = planPodSync({ pod: quiet.pod, record: quiet.record, nowMs: T0 + 60 * S, images: quiet.images });
    expect(again.actions).toEqual([]);
    expect(again.wakeAtMs).toBeUndefined();
    expect(again.record).toEqual(quiet.record);
  });

  it("planPodSync does not change the record it is given", () => {
    const pod = mkPod([ctr("app")]);
    const record = newPodRecord(pod);
    const frozen = JSON.stringify(record);
    planPodSync({ pod, record, nowMs: T0, images: {} });
    expect(JSON.stringify(record)).toBe(frozen);
  });
});

describe("computePodStatus over the facts", () => {
  it("a running pod with a ready container reads Running / Ready with the container's image and ID", () => {
    const node = new Node(mkPod([ctr("app")]), imagesOf("app:1")).sync();
    const status = node.status();
    expect(status.phase).toBe("Running");
    expect(status.conditions?.find((c) => c.type === "Ready")?.status).toBe("True");
    expect(status.containerStatuses?.[0]).toMatchObject({
      name: "app",
      ready: true,
      started: true,
      restartCount: 0,
      image: "app:1",
      imageID: "docker.io/library/app@sha256:" + "a".repeat(64),
      containerID: expect.stringMatching(/^isolate:\/\//),
    });
  });
});
