/**
 * The scheduler loop against the real Worker: pods bound with PodScheduled=True and a Scheduled event; a pod
 * that fits nowhere gets PodScheduled=False and a FailedScheduling event with upstream's message and is bound
 * once a fitting node registers; priority decides who gets the last slot; preemption nominates a node and
 * deletes the victim; pods of another scheduler are left alone; a converged cluster is not written to.
 * Nodes are shared by the file's tests, so each test places its pods with a nodeSelector on its own nodes.
 */
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { registry } from "../../../schema/registry";
import type { Env } from "../../../worker/env";
import { ControllerApi } from "../../../worker/controllers/framework/api";
import { schedulerLoop } from "../../../worker/scheduler/loop";
import { RETRY_ALL } from "../../../worker/scheduler/queue";
import { freshNamespace, get, post } from "../api/client";
import { eventsFor, eventually, finishTerminating, registerNode, type Obj } from "../controllers/kwok";
import { unique } from "../security/helpers";

const HOSTNAME = "kubernetes.io/hostname";
const podPath = (ns: string, name: string) => `/api/v1/namespaces/${ns}/pods/${name}`;

async function createPod(ns: string, name: string, spec: Obj = {}): Promise<Obj> {
  const res = await post(`/api/v1/namespaces/${ns}/pods`, {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name },
    spec: { containers: [{ name: "c", image: "nginx", resources: { requests: { cpu: spec.cpu ?? "100m" } } }], ...spec, cpu: undefined },
  });
  expect(res.status, res.text).toBe(201);
  return res.body;
}

const onNode = (node: string, extra: Obj = {}) => ({ nodeSelector: { [HOSTNAME]: node }, ...extra });

async function podOf(ns: string, name: string): Promise<Obj> {
  const res = await get(podPath(ns, name));
  expect(res.status, res.text).toBe(200);
  return res.body;
}

const scheduledCondition = (pod: Obj) => (pod.status?.conditions ?? []).find((c: Obj) => c.type === "PodScheduled");

async function nodeCount(): Promise<number> {
  return (await get("/api/v1/nodes")).body.items.length;
}

async function priorityClass(value: number): Promise<string> {
  const name = unique("prio");
  const res = await post("/apis/scheduling.k8s.io/v1/priorityclasses", { apiVersion: "scheduling.k8s.io/v1", kind: "PriorityClass", metadata: { name }, value });
  expect(res.status, res.text).toBe(201);
  return name;
}

describe("the scheduler loop", () => {

  it("binds a pending pod: spec.nodeName, PodScheduled=True, a Scheduled event", async () => {
    const node = unique("sched-node");
    await registerNode(node);
    const ns = await freshNamespace("sched");
    await createPod(ns, "web", onNode(node));
    const pod = await eventually(async () => {
      const p = await podOf(ns, "web");
      expect(p.spec.nodeName).toBe(node);
      return p;
    });
    expect(scheduledCondition(pod)).toMatchObject({ type: "PodScheduled", status: "True" });
    await eventually(async () => {
      const scheduled = (await eventsFor(ns, "web")).filter((e) => e.reason === "Scheduled");
      expect(scheduled).toHaveLength(1);
      expect(scheduled[0]).toMatchObject({ type: "Normal", message: `Successfully assigned ${ns}/web to ${node}`, source: { component: "default-scheduler" } });
    });
  });

  it("a pod that fits nowhere: PodScheduled=False and FailedScheduling with upstream's message; bound once a node fits", async () => {
    await registerNode(unique("sched-other"));
    const node = unique("sched-later");
    const ns = await freshNamespace("sched");
    await createPod(ns, "waiting", onNode(node));
    const n = await nodeCount();
    const message = `0/${n} nodes are available: ${n} node(s) didn't match Pod's node affinity/selector. preemption: 0/${n} nodes are available: ${n} Preemption is not helpful for scheduling.`;
    await eventually(async () => {
      const condition = scheduledCondition(await podOf(ns, "waiting"));
      expect(condition).toMatchObject({ type: "PodScheduled", status: "False", reason: "Unschedulable", message });
    });
    await eventually(async () => {
      const failed = (await eventsFor(ns, "waiting")).filter((e) => e.reason === "FailedScheduling");
      expect(failed.map((e) => [e.type, e.message])).toEqual([["Warning", message]]);
    });

    await registerNode(node);
    const bound = await eventually(async () => {
      const p = await podOf(ns, "waiting");
      expect(p.spec.nodeName).toBe(node);
      return p;
    });
    expect(scheduledCondition(bound)).toMatchObject({ status: "True" });
  });

  it("higher priority first: of two pods waiting for one slot, the high-priority one is bound", async () => {
    const node = unique("sched-slot");
    const ns = await freshNamespace("sched");
    const high = await priorityClass(1000);
    await createPod(ns, "low", onNode(node, { cpu: "600m" }));
    await createPod(ns, "high", onNode(node, { cpu: "600m", priorityClassName: high }));
    expect((await podOf(ns, "high")).spec.priority).toBe(1000);
    await eventually(async () => expect(scheduledCondition(await podOf(ns, "low"))?.status).toBe("False"));
    await eventually(async () => expect(scheduledCondition(await podOf(ns, "high"))?.status).toBe("False"));

    await registerNode(node, { cpu: "1" });
    await eventually(async () => expect((await podOf(ns, "high")).spec.nodeName).toBe(node));
    const n = await nodeCount();
    await eventually(async () => {
      const low = await podOf(ns, "low");
      expect(low.spec.nodeName).toBeUndefined();
      expect(scheduledCondition(low)?.message).toBe(
        `0/${n} nodes are available: 1 Insufficient cpu, ${n - 1} node(s) didn't match Pod's node affinity/selector. ` +
          `preemption: 0/${n} nodes are available: 1 No preemption victims found for incoming pod., ${n - 1} Preemption is not helpful for scheduling.`,
      );
    });
  });

  it("preemption: the preemptor is nominated, the victim gets DisruptionTarget, is deleted and told why; then the preemptor binds", async () => {
    const node = unique("sched-full");
    await registerNode(node, { cpu: "1" });
    const ns = await freshNamespace("sched");
    await createPod(ns, "victim", onNode(node, { cpu: "600m" }));
    await eventually(async () => expect((await podOf(ns, "victim")).spec.nodeName).toBe(node));
    const high = await priorityClass(1000);
    const preemptor = await createPod(ns, "preemptor", onNode(node, { cpu: "600m", priorityClassName: high }));

    await eventually(async () => expect((await podOf(ns, "preemptor")).status.nominatedNodeName).toBe(node));
    const victim = await eventually(async () => {
      const v = await podOf(ns, "victim");
      expect(v.metadata.deletionTimestamp).toBeDefined();
      return v;
    });
    expect(victim.status.conditions.find((c: Obj) => c.type === "DisruptionTarget")).toMatchObject({
      status: "True",
      reason: "PreemptionByScheduler",
      message: "default-scheduler: preempting to accommodate a higher priority pod",
    });
    await eventually(async () => {
      const preempted = (await eventsFor(ns, "victim")).filter((e) => e.reason === "Preempted");
      expect(preempted.map((e) => e.message)).toEqual([`Preempted by pod ${preemptor.metadata.uid} on node ${node}`]);
    });
    const n = await nodeCount();
    await eventually(async () => {
      const failed = (await eventsFor(ns, "preemptor")).filter((e) => e.reason === "FailedScheduling").map((e) => e.message);
      expect(failed).toContain(`0/${n} nodes are available: 1 Insufficient cpu, ${n - 1} node(s) didn't match Pod's node affinity/selector.`);
    });
    expect((await podOf(ns, "preemptor")).spec.nodeName).toBeUndefined();

    await finishTerminating(ns);
    await eventually(async () => expect((await podOf(ns, "preemptor")).spec.nodeName).toBe(node));
  });

  it("leaves a pod of another scheduler alone, and writes nothing when converged", async () => {
    const node = unique("sched-quiet");
    await registerNode(node);
    const ns = await freshNamespace("sched");
    await createPod(ns, "other", onNode(node, { schedulerName: "other-scheduler" }));
    await createPod(ns, "ours", onNode(node));
    await eventually(async () => expect((await podOf(ns, "ours")).spec.nodeName).toBe(node));
    await eventually(async () => expect((await eventsFor(ns, "ours")).map((e) => e.reason)).toContain("Scheduled"));

    const before = { other: await podOf(ns, "other"), ours: await podOf(ns, "ours"), events: (await get(`/api/v1/namespaces/${ns}/events`)).body.items.length };
    const api = new ControllerApi(env as unknown as Env, registry, schedulerLoop.user, schedulerLoop.component);
    const result = await schedulerLoop.syncBatch!(api, [RETRY_ALL, `${ns}/other`, `${ns}/ours`]);
    expect(result.get(`${ns}/other`)).toEqual({});
    expect(result.get(`${ns}/ours`)).toEqual({});

    const other = await podOf(ns, "other");
    expect(other.spec.nodeName).toBeUndefined();
    expect(other.status.conditions ?? []).toEqual([]);
    expect(other.metadata.resourceVersion).toBe(before.other.metadata.resourceVersion);
    expect(await eventsFor(ns, "other")).toEqual([]);
    expect((await podOf(ns, "ours")).metadata.resourceVersion).toBe(before.ours.metadata.resourceVersion);
    expect((await get(`/api/v1/namespaces/${ns}/events`)).body.items.length).toBe(before.events);
  });
});
