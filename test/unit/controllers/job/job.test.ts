/**
 * The Job controller through the real Worker: the loop runs for real (writes poke it, alarms fire), a KWOK-style
 * kubelet reports pod outcomes. Pods are kept off every node (a nodeSelector no node has) so the tests do not
 * depend on the scheduler.
 */
import { afterAll, describe, expect, it } from "vitest";
import { del, freshNamespace, get, patch, post } from "../../api/client";
import { eventsFor, eventually, listPods, MERGE, reportPod, type Obj } from "../kwok";
import { settleControllers } from "../../scheduler/settle";
import { jobWakes } from "../../../../worker/controllers/job";

const SLOW = { timeout: 40_000, interval: 100 };
const jobPath = (ns: string, name: string) => `/apis/batch/v1/namespaces/${ns}/jobs/${name}`;

function jobBody(name: string, spec: Obj = {}): Obj {
  return {
    apiVersion: "batch/v1",
    kind: "Job",
    metadata: { name },
    spec: {
      backoffLimit: 6,
      ...spec,
      template: {
        spec: { restartPolicy: "Never", nodeSelector: { "test.kube-edge/nowhere": "true" }, containers: [{ name: "work", image: "busybox", command: ["true"] }] },
      },
    },
  };
}

async function createJob(ns: string, name: string, spec: Obj = {}): Promise<Obj> {
  const res = await post(`/apis/batch/v1/namespaces/${ns}/jobs`, jobBody(name, spec));
  expect(res.status, res.text).toBe(201);
  return res.body;
}

async function jobNow(ns: string, name: string): Promise<Obj> {
  const res = await get(jobPath(ns, name));
  expect(res.status, res.text).toBe(200);
  return res.body;
}

const condition = (job: Obj, type: string) => (job.status?.conditions ?? []).find((c: Obj) => c.type === type);
const livePods = async (ns: string, job: string) => (await listPods(ns, `batch.kubernetes.io/job-name=${job}`)).filter((p) => !p.metadata.deletionTimestamp);
const running = async (ns: string, job: string) => (await livePods(ns, job)).filter((p) => !["Succeeded", "Failed"].includes(p.status?.phase));

async function waitForRunning(ns: string, job: string, n: number, opts?: typeof SLOW): Promise<Obj[]> {
  return eventually(async () => {
    const pods = await running(ns, job);
    expect(pods.length).toBe(n);
    return pods;
  }, opts);
}

// The loops these tests wake must not be mid-reconcile when the file ends (the pool tears their objects down).
afterAll(() => settleControllers(), 30_000);

describe("a NonIndexed Job with parallelism", () => {
  it("runs parallelism pods at a time until completions succeeded, then is Complete", async () => {
    const ns = await freshNamespace("job");
    const job = await createJob(ns, "pi", { parallelism: 2, completions: 3 });
    const first = await waitForRunning(ns, "pi", 2);
    for (const p of first) {
      expect(p.metadata.generateName).toBe("pi-");
      expect(p.metadata.finalizers).toContain("batch.kubernetes.io/job-tracking");
      expect(p.metadata.ownerReferences).toEqual([{ apiVersion: "batch/v1", kind: "Job", name: "pi", uid: job.metadata.uid, controller: true, blockOwnerDeletion: true }]);
      expect(p.metadata.labels).toMatchObject({ "batch.kubernetes.io/job-name": "pi", "batch.kubernetes.io/controller-uid": job.metadata.uid, "job-name": "pi" });
    }
    await eventually(async () => expect((await jobNow(ns, "pi")).status).toMatchObject({ active: 2, ready: 0, terminating: 0, uncountedTerminatedPods: {} }));
    await reportPod(ns, first[0].metadata.name, "Ready");
    await eventually(async () => expect((await jobNow(ns, "pi")).status.ready).toBe(1));
    for (const p of first) await reportPod(ns, p.metadata.name, "Succeeded");
    // Two of three done: one more pod, never more than the remaining completions.
    const [last] = await waitForRunning(ns, "pi", 1);
    await eventually(async () => expect((await jobNow(ns, "pi")).status).toMatchObject({ succeeded: 2, active: 1 }));
    await reportPod(ns, last.metadata.name, "Succeeded");
    const done = await eventually(async () => {
      const j = await jobNow(ns, "pi");
      expect(condition(j, "Complete")?.status).toBe("True");
      return j;
    });
    expect(done.status).toMatchObject({ succeeded: 3, ready: 0, terminating: 0, uncountedTerminatedPods: {} });
    expect(done.status.active).toBeUndefined();
    expect(done.status.completionTime).toBe(condition(done, "Complete").lastTransitionTime);
    expect(condition(done, "SuccessCriteriaMet")).toMatchObject({ status: "True", reason: "CompletionsReached", message: "Reached expected number of succeeded pods" });
    for (const p of await listPods(ns)) expect(p.metadata.finalizers ?? []).not.toContain("batch.kubernetes.io/job-tracking");
    const events = await eventually(async () => {
      const ev = await eventsFor(ns, "pi");
      expect(ev.some((e) => e.reason === "Completed")).toBe(true);
      return ev;
    });
    expect(events.filter((e) => e.reason === "SuccessfulCreate").map((e) => e.message)).toHaveLength(3);
    expect(events.find((e) => e.reason === "SuccessfulCreate")?.message).toMatch(/^Created pod: pi-/);
    expect(events.find((e) => e.reason === "Completed")).toMatchObject({ type: "Normal", message: "Job completed", source: { component: "job-controller" } });
  });
});

describe("an Indexed Job", () => {
  it("gives each pod its index and records completedIndexes as ranges", async () => {
    const ns = await freshNamespace("job");
    await createJob(ns, "ix", { completionMode: "Indexed", completions: 3, parallelism: 3 });
    const pods = await waitForRunning(ns, "ix", 3);
    const byIndex = new Map(pods.map((p) => [p.metadata.annotations["batch.kubernetes.io/job-completion-index"], p]));
    expect([...byIndex.keys()].sort()).toEqual(["0", "1", "2"]);
    for (const [ix, p] of byIndex) {
      expect(p.metadata.labels["batch.kubernetes.io/job-completion-index"]).toBe(ix);
      expect(p.spec.hostname).toBe(`ix-${ix}`);
      expect(p.metadata.generateName).toBe(`ix-${ix}-`);
      expect(p.spec.containers[0].env).toContainEqual({
        name: "JOB_COMPLETION_INDEX",
        valueFrom: { fieldRef: { apiVersion: "v1", fieldPath: "metadata.labels['batch.kubernetes.io/job-completion-index']" } },
      });
    }
    await reportPod(ns, byIndex.get("1")!.metadata.name, "Succeeded");
    await eventually(async () => expect((await jobNow(ns, "ix")).status).toMatchObject({ completedIndexes: "1", succeeded: 1, active: 2 }));
    await reportPod(ns, byIndex.get("0")!.metadata.name, "Succeeded");
    await eventually(async () => expect((await jobNow(ns, "ix")).status.completedIndexes).toBe("0,1"));
    await reportPod(ns, byIndex.get("2")!.metadata.name, "Succeeded");
    await eventually(async () => {
      const j = await jobNow(ns, "ix");
      expect(j.status.completedIndexes).toBe("0-2");
      expect(condition(j, "Complete")?.status).toBe("True");
    });
  });
});

describe("failures", () => {
  it("backs off before replacing a failed pod, then fails with BackoffLimitExceeded", async () => {
    const ns = await freshNamespace("job");
    await createJob(ns, "flaky", { backoffLimit: 1 });
    const [first] = await waitForRunning(ns, "flaky", 1);
    await reportPod(ns, first.metadata.name, "Failed", 1);
    await eventually(async () => expect((await jobNow(ns, "flaky")).status).toMatchObject({ failed: 1 }));
    // The back-off (10 s after the failure) holds the replacement back.
    await new Promise((r) => setTimeout(r, 2_000));
    expect(await running(ns, "flaky")).toHaveLength(0);
    const [second] = await waitForRunning(ns, "flaky", 1, SLOW);
    const failedAt = Date.parse((await reportPod(ns, second.metadata.name, "Failed", 2)).status.containerStatuses[0].state.terminated.finishedAt);
    expect(Date.parse(second.metadata.creationTimestamp) - Date.parse(first.metadata.creationTimestamp)).toBeGreaterThanOrEqual(9_000);
    const failed = await eventually(async () => {
      const j = await jobNow(ns, "flaky");
      expect(condition(j, "Failed")?.status).toBe("True");
      return j;
    });
    expect(condition(failed, "FailureTarget")).toMatchObject({ status: "True", reason: "BackoffLimitExceeded" });
    expect(condition(failed, "Failed")).toMatchObject({ reason: "BackoffLimitExceeded", message: "Job has reached the specified backoff limit" });
    expect(failed.status.failed).toBe(2);
    expect(Date.parse(condition(failed, "Failed").lastTransitionTime)).toBeGreaterThanOrEqual(failedAt - 1_000);
    await eventually(async () => {
      const ev = await eventsFor(ns, "flaky");
      expect(ev.find((e) => e.reason === "BackoffLimitExceeded")).toMatchObject({ type: "Warning", message: "Job has reached the specified backoff limit" });
    });
  }, 60_000);

  it("activeDeadlineSeconds: deletes the running pods and fails with DeadlineExceeded", async () => {
    const ns = await freshNamespace("job");
    await createJob(ns, "slow", { activeDeadlineSeconds: 2, parallelism: 2, completions: 2 });
    await waitForRunning(ns, "slow", 2);
    const failed = await eventually(async () => {
      const j = await jobNow(ns, "slow");
      expect(condition(j, "Failed")?.status).toBe("True");
      return j;
    }, SLOW);
    expect(condition(failed, "Failed")).toMatchObject({ reason: "DeadlineExceeded", message: "Job was active longer than specified deadline" });
    expect(failed.status).toMatchObject({ failed: 2, terminating: 0 });
    expect(await running(ns, "slow")).toHaveLength(0);
    await eventually(async () => expect((await eventsFor(ns, "slow")).some((e) => e.reason === "DeadlineExceeded" && e.type === "Warning")).toBe(true));
  });

  it("podFailurePolicy FailJob fails the Job on a matching exit code", async () => {
    const ns = await freshNamespace("job");
    await createJob(ns, "pfp", {
      parallelism: 2,
      completions: 2,
      podFailurePolicy: { rules: [{ action: "FailJob", onExitCodes: { containerName: "work", operator: "In", values: [42] } }] },
    });
    const [p] = await waitForRunning(ns, "pfp", 2);
    await reportPod(ns, p.metadata.name, "Failed", 42);
    const failed = await eventually(async () => {
      const j = await jobNow(ns, "pfp");
      expect(condition(j, "Failed")?.status).toBe("True");
      return j;
    }, SLOW);
    const message = `Container work for pod ${ns}/${p.metadata.name} failed with exit code 42 matching FailJob rule at index 0`;
    expect(condition(failed, "Failed")).toMatchObject({ reason: "PodFailurePolicy", message });
    expect(condition(failed, "FailureTarget")).toMatchObject({ reason: "PodFailurePolicy", message });
    expect(await running(ns, "pfp")).toHaveLength(0);
  });
});

describe("suspend", () => {
  it("deletes the active pods, records Suspended, and on resume starts again with a new startTime", async () => {
    const ns = await freshNamespace("job");
    await createJob(ns, "sus", { parallelism: 2, completions: 4 });
    await waitForRunning(ns, "sus", 2);
    const started = await eventually(async () => {
      const j = await jobNow(ns, "sus");
      expect(j.status.active).toBe(2);
      return j.status.startTime;
    });
    expect((await patch(jobPath(ns, "sus"), { spec: { suspend: true } }, MERGE)).status).toBe(200);
    const suspended = await eventually(async () => {
      const j = await jobNow(ns, "sus");
      expect(condition(j, "Suspended")).toMatchObject({ status: "True", reason: "JobSuspended", message: "Job suspended" });
      expect(await livePods(ns, "sus")).toHaveLength(0);
      expect(j.status.active).toBeUndefined();
      return j;
    });
    expect(suspended.status.failed).toBeUndefined();
    await new Promise((r) => setTimeout(r, 1_100));
    expect((await patch(jobPath(ns, "sus"), { spec: { suspend: false } }, MERGE)).status).toBe(200);
    await waitForRunning(ns, "sus", 2);
    const resumed = await eventually(async () => {
      const j = await jobNow(ns, "sus");
      expect(condition(j, "Suspended")).toMatchObject({ status: "False", reason: "JobResumed", message: "Job resumed" });
      return j;
    });
    expect(Date.parse(resumed.status.startTime)).toBeGreaterThan(Date.parse(started));
    await eventually(async () => {
      const reasons = (await eventsFor(ns, "sus")).map((e) => e.reason);
      expect(reasons).toEqual(expect.arrayContaining(["Suspended", "Resumed", "SuccessfulDelete"]));
    });
  });
});

describe("pods of a deleted Job", () => {
  it("lose the tracking finalizer so they can go", async () => {
    const ns = await freshNamespace("job");
    await createJob(ns, "gone", { parallelism: 1 });
    const [p] = await waitForRunning(ns, "gone", 1);
    expect((await del(jobPath(ns, "gone"), { apiVersion: "v1", kind: "DeleteOptions", propagationPolicy: "Orphan" })).status).toBe(200);
    await eventually(async () => {
      const cur = await get(`/api/v1/namespaces/${ns}/pods/${p.metadata.name}`);
      expect(cur.body.metadata.finalizers ?? []).not.toContain("batch.kubernetes.io/job-tracking");
    }, SLOW);
  });
});

describe("jobWakes", () => {
  const pod = (meta: Obj): Obj => ({ metadata: { namespace: "ns", name: "p", ...meta } });
  it.each([
    ["a Job", { type: "MODIFIED", resource: "batch/jobs", object: { metadata: { namespace: "ns", name: "j" } } }, ["ns/j"]],
    ["a pod a Job controls", { type: "MODIFIED", resource: "/pods", object: pod({ ownerReferences: [{ apiVersion: "batch/v1", kind: "Job", name: "j", uid: "u", controller: true }] }) }, ["ns/j"]],
    ["a pod a ReplicaSet controls", { type: "MODIFIED", resource: "/pods", object: pod({ ownerReferences: [{ apiVersion: "apps/v1", kind: "ReplicaSet", name: "r", uid: "u", controller: true }] }) }, []],
    [
      "an orphaned pod still tracked",
      { type: "MODIFIED", resource: "/pods", object: pod({ labels: { "batch.kubernetes.io/job-name": "j" }, finalizers: ["batch.kubernetes.io/job-tracking"] }) },
      ["ns/j"],
    ],
    ["an orphaned pod no longer tracked", { type: "MODIFIED", resource: "/pods", object: pod({ labels: { "batch.kubernetes.io/job-name": "j" } }) }, []],
    ["a ConfigMap", { type: "ADDED", resource: "/configmaps", object: { metadata: { namespace: "ns", name: "c" } } }, []],
  ] as const)("%s", (_n, change, want) => expect(jobWakes(change as never)).toEqual(want));
});
