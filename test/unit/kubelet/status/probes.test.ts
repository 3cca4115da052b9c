import { describe, expect, it } from "vitest";
import type { ProbeOutcome } from "../../../../worker/kubelet/status/probe-outcome";
import {
  newProbeWorker,
  nextProbeDueMs,
  type ProbePodFacts,
  probeTick,
  probeTiming,
  type ProbeSpec,
  type ProbeTarget,
  type ProbeType,
  type ProbeWorkerState,
  recordProbeResult,
} from "../../../../worker/kubelet/status/probes";

const S = 1000;
const running: ProbePodFacts = { phase: "Running", restartPolicy: "Always", deleting: false };
const target = (over: Partial<ProbeTarget> = {}): ProbeTarget => ({ containerId: "c1", runningSinceMs: 0, started: true, ...over });
const worker = (type: ProbeType, over: Partial<ProbeWorkerState> = {}): ProbeWorkerState => ({
  ...newProbeWorker(type, 0),
  containerId: "c1",
  result: type === "readiness" ? "Failure" : type === "liveness" ? "Success" : "Unknown",
  ...over,
});
const fail = (output = "HTTP probe failed with statuscode: 500"): ProbeOutcome => ({ result: "failure", output });
const ok: ProbeOutcome = { result: "success" };

describe("probeTiming (SetDefaults_Probe)", () => {
  it.each<[ProbeSpec, ReturnType<typeof probeTiming>]>([
    [{}, { initialDelayMs: 0, periodMs: 10 * S, timeoutMs: 1 * S, successThreshold: 1, failureThreshold: 3 }],
    [
      { initialDelaySeconds: 5, periodSeconds: 2, timeoutSeconds: 3, successThreshold: 2, failureThreshold: 1 },
      { initialDelayMs: 5 * S, periodMs: 2 * S, timeoutMs: 3 * S, successThreshold: 2, failureThreshold: 1 },
    ],
  ])("%j", (spec, timing) => expect(probeTiming(spec)).toEqual(timing));
});

describe("probeTick (doProbe before the probe call)", () => {
  it.each<[string, ProbeWorkerState, ProbeSpec, ProbePodFacts, ProbeTarget, Partial<ProbeWorkerState>, string, boolean]>([
    ["a terminal pod stops the worker", worker("readiness"), {}, { ...running, phase: "Succeeded" }, target(), { stopped: true }, "stop", false],
    ["no container yet: wait, nothing recorded", newProbeWorker("readiness", 0), {}, running, target({ containerId: undefined }), { result: undefined }, "wait", false],
    [
      "a new container is adopted with readiness' initial Failure, then held by the initial delay",
      newProbeWorker("readiness", 0),
      { initialDelaySeconds: 5 },
      running,
      target({ runningSinceMs: 8 * S }),
      { containerId: "c1", result: "Failure" },
      "wait",
      true,
    ],
    ["startup's initial result is Unknown", newProbeWorker("startup", 0), {}, running, target({ started: false }), { containerId: "c1", result: "Unknown" }, "probe", true],
    ["liveness' initial result is Success", newProbeWorker("liveness", 0), {}, running, target(), { containerId: "c1", result: "Success" }, "probe", true],
    ["past the initial delay a started container is probed", worker("readiness"), { initialDelaySeconds: 5 }, running, target({ runningSinceMs: 5 * S }), {}, "probe", false],
    ["a startup probe rests once the container has started", worker("startup"), {}, running, target({ started: true }), {}, "wait", false],
    ["liveness waits for the startup probe", worker("liveness"), {}, running, target({ started: false }), {}, "wait", false],
    ["readiness waits for the startup probe", worker("readiness"), {}, running, target({ started: false }), {}, "wait", false],
    [
      "a container that is not running records Failure",
      worker("readiness", { result: "Success" }),
      {},
      running,
      target({ runningSinceMs: undefined }),
      { result: "Failure" },
      "wait",
      true,
    ],
    [
      "a dead container that will not be restarted stops the worker",
      worker("liveness"),
      {},
      { ...running, restartPolicy: "Never" },
      target({ runningSinceMs: undefined, terminated: true }),
      { result: "Failure", stopped: true },
      "stop",
      true,
    ],
    ["deletion quiets liveness with Success and stops it", worker("liveness", { result: "Failure" }), {}, { ...running, deleting: true }, target(), { result: "Success", stopped: true }, "stop", true],
    ["readiness keeps probing during deletion", worker("readiness"), {}, { ...running, deleting: true }, target(), {}, "probe", false],
    ["on hold for the same container", worker("liveness", { onHold: true, result: "Failure" }), {}, running, target(), {}, "wait", false],
    [
      "a new container lifts the hold and resets the result",
      worker("liveness", { onHold: true, result: "Failure" }),
      {},
      running,
      target({ containerId: "c2" }),
      { onHold: false, containerId: "c2", result: "Success" },
      "probe",
      true,
    ],
  ])("%s", (_name, state, spec, pod, t, changes, action, resultChanged) => {
    const r = probeTick(state, spec, pod, t, 10 * S);
    expect(r.action).toBe(action);
    expect(r.resultChanged).toBe(resultChanged);
    expect(r.state).toEqual({ ...state, lastTickMs: 10 * S, ...changes });
  });

  it("a stopped worker stays stopped and untouched", () => {
    const s = worker("liveness", { stopped: true });
    expect(probeTick(s, {}, running, target(), 10 * S)).toEqual({ state: s, action: "stop", resultChanged: false });
  });
});

describe("recordProbeResult (doProbe after the probe call)", () => {
  const ctx = { containerName: "web", restartPolicy: "Always" };

  it.each<[string, ProbeWorkerState, ProbeSpec, ProbeOutcome, Partial<ProbeWorkerState>, boolean, unknown[]]>([
    ["readiness success at threshold 1 flips to Success", worker("readiness"), {}, ok, { result: "Success", lastResult: "Success", resultRun: 1 }, true, []],
    [
      "a success below successThreshold changes nothing but the run",
      worker("readiness"),
      { successThreshold: 2 },
      ok,
      { lastResult: "Success", resultRun: 1 },
      false,
      [],
    ],
    [
      "the second success reaches successThreshold 2",
      worker("readiness", { lastResult: "Success", resultRun: 1 }),
      { successThreshold: 2 },
      ok,
      { result: "Success", lastResult: "Success", resultRun: 2 },
      true,
      [],
    ],
    [
      "a success that repeats the result is not a change",
      worker("readiness", { result: "Success", lastResult: "Success", resultRun: 4 }),
      {},
      ok,
      { resultRun: 5 },
      false,
      [],
    ],
    [
      "one liveness failure of three: an Unhealthy event, no kill",
      worker("liveness", { lastResult: "Success", resultRun: 7 }),
      {},
      fail(),
      { lastResult: "Failure", resultRun: 1 },
      false,
      [{ type: "event", event: { type: "Warning", reason: "Unhealthy", message: "Liveness probe failed: HTTP probe failed with statuscode: 500" } }],
    ],
    [
      "the third liveness failure kills and holds",
      worker("liveness", { lastResult: "Failure", resultRun: 2 }),
      {},
      fail(),
      { result: "Failure", lastResult: "Failure", resultRun: 0, onHold: true },
      true,
      [
        { type: "event", event: { type: "Warning", reason: "Unhealthy", message: "Liveness probe failed: HTTP probe failed with statuscode: 500" } },
        {
          type: "kill",
          restart: true,
          message: "Container web failed liveness probe, will be restarted",
          event: { type: "Normal", reason: "Killing", message: "Container web failed liveness probe, will be restarted" },
        },
      ],
    ],
    [
      "a startup failure at failureThreshold 1 kills",
      worker("startup"),
      { failureThreshold: 1 },
      fail("dial tcp 10.244.0.5:8080: connect: connection refused"),
      { result: "Failure", lastResult: "Failure", resultRun: 0, onHold: true },
      true,
      [
        { type: "event", event: { type: "Warning", reason: "Unhealthy", message: "Startup probe failed: dial tcp 10.244.0.5:8080: connect: connection refused" } },
        expect.objectContaining({ type: "kill", message: "Container web failed startup probe, will be restarted" }),
      ],
    ],
    [
      "readiness failing at threshold: Failure, no kill, no hold",
      worker("readiness", { result: "Success", lastResult: "Failure", resultRun: 2 }),
      {},
      fail(),
      { result: "Failure", lastResult: "Failure", resultRun: 3 },
      true,
      [expect.objectContaining({ type: "event" })],
    ],
    [
      "a redirect is a success with a ProbeWarning event",
      worker("readiness"),
      {},
      { result: "warning", output: "Probe terminated redirects, Response body: " },
      { result: "Success", lastResult: "Success", resultRun: 1 },
      true,
      [{ type: "event", event: { type: "Warning", reason: "ProbeWarning", message: "Readiness probe warning: Probe terminated redirects, Response body: " } }],
    ],
    ["unknown counts as a failure, silently", worker("readiness", { result: "Success" }), { failureThreshold: 1 }, { result: "unknown" }, { result: "Failure", lastResult: "Failure", resultRun: 1 }, true, []],
  ])("%s", (_name, state, spec, outcome, changes, resultChanged, effects) => {
    const r = recordProbeResult(state, spec, outcome, ctx);
    expect(r.state).toEqual({ ...state, ...changes });
    expect(r.resultChanged).toBe(resultChanged);
    expect(r.effects).toEqual(effects);
  });

  it("with restartPolicy Never the kill message does not promise a restart", () => {
    const r = recordProbeResult(worker("liveness"), { failureThreshold: 1 }, fail(), { containerName: "web", restartPolicy: "Never" });
    expect(r.effects[1]).toMatchObject({ type: "kill", restart: false, message: "Container web failed liveness probe" });
  });

  it("a prober error is reported and the run thrown away", () => {
    const s = worker("readiness", { lastResult: "Failure", resultRun: 2 });
    const r = recordProbeResult(s, {}, { result: "error", error: 'strconv.Atoi: parsing "http": invalid syntax' }, ctx);
    expect(r.state).toBe(s);
    expect(r.effects).toEqual([
      {
        type: "event",
        event: { type: "Warning", reason: "Unhealthy", message: 'Readiness probe errored and resulted in unknown state: strconv.Atoi: parsing "http": invalid syntax' },
      },
    ]);
  });
});

describe("nextProbeDueMs", () => {
  it.each<[string, ProbeWorkerState, ProbeSpec, ProbeTarget, number | undefined]>([
    ["a fresh worker is due at creation", newProbeWorker("readiness", 3 * S), {}, target(), 3 * S],
    ["then every period after the last tick", worker("readiness", { lastTickMs: 20 * S }), { periodSeconds: 5 }, target(), 25 * S],
    [
      "the initial delay moves it to the first tick on the grid at or after start + delay",
      worker("readiness", { lastTickMs: 0 }),
      { initialDelaySeconds: 15 },
      target({ runningSinceMs: 2 * S }),
      20 * S,
    ],
    ["stopped: never", worker("liveness", { stopped: true }), {}, target(), undefined],
    ["on hold for the same container: not until it changes", worker("liveness", { onHold: true, lastTickMs: 0 }), {}, target(), undefined],
    ["on hold but a new container appeared: next tick", worker("liveness", { onHold: true, lastTickMs: 0 }), {}, target({ containerId: "c2" }), 10 * S],
    ["a startup probe after start: nothing to do", worker("startup", { lastTickMs: 0 }), {}, target({ started: true }), undefined],
    ["readiness before start: nothing to do", worker("readiness", { lastTickMs: 0 }), {}, target({ started: false }), undefined],
    ["not running and already Failure: nothing to do", worker("readiness", { lastTickMs: 0 }), {}, target({ runningSinceMs: undefined }), undefined],
    ["not running, result still Success: next tick records Failure", worker("liveness", { lastTickMs: 0 }), {}, target({ runningSinceMs: undefined }), 10 * S],
  ])("%s", (_name, state, spec, t, due) => expect(nextProbeDueMs(state, spec, t)).toBe(due));
});
