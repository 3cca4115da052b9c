/** Exit statuses, run/exec settlements and runtime error texts as termination states (pure). */
import { describe, expect, it } from "vitest";
import { execOutcome, normalizeExitCode, outcomeOfError, runOutcome, terminatedState, type WireExec, type WireRun } from "../../../../worker/kubelet/isolate/outcomes";

const logs = { lines: [], dropped: 0 };

describe("normalizeExitCode", () => {
  it.each([
    [0, 0],
    [3, 3],
    [255, 255],
    [256, 0],
    [-1, 255],
    [1.5, 1],
    [Number.NaN, 1],
  ])("%d → %d", (code, expected) => expect(normalizeExitCode(code)).toBe(expected));
});

describe("runOutcome", () => {
  it.each<[string, WireRun, object]>([
    ["nothing", { kind: "returned", value: null, logs }, { kind: "exited", exitCode: 0, reason: "Completed", message: "" }],
    ["a number", { kind: "returned", value: 7, logs }, { kind: "exited", exitCode: 7, reason: "Error" }],
    ["a fraction", { kind: "returned", value: 0.5, logs }, { kind: "exited", exitCode: 1, message: "run() resolved to 0.5, not an integer exit code" }],
    ["an object", { kind: "returned", value: { type: "object" }, logs }, { kind: "exited", exitCode: 1, reason: "Error" }],
    ["a throw", { kind: "threw", exitCode: null, error: { name: "Error", message: "m" }, logs }, { kind: "exited", exitCode: 1, message: "m" }],
    ["a thrown exit code", { kind: "threw", exitCode: 0, error: { name: "object", message: "" }, logs }, { kind: "exited", exitCode: 0, reason: "Completed" }],
    ["no run entry", { kind: "no-entry", logs }, { kind: "exited", exitCode: 0, reason: "Completed" }],
    ["a load failure", { kind: "load-failed", error: { name: "SyntaxError", message: "Unexpected token" }, logs }, { kind: "crashed", exitCode: 1, reason: "Error", message: "SyntaxError: Unexpected token" }],
  ])("%s", (_name, wire, expected) => expect(runOutcome(wire)).toMatchObject({ ...expected, logs }));
});

describe("execOutcome", () => {
  it.each<[string, WireExec, object]>([
    ["returned", { kind: "returned", stdout: "o", stderr: "e", exitCode: null }, { kind: "exec", stdout: "o", stderr: "e", exitCode: 0 }],
    ["threw", { kind: "threw", exitCode: 5, error: { name: "Error", message: "x" } }, { kind: "exec", stderr: "x\n", exitCode: 5 }],
    ["no exec entry", { kind: "no-entry" }, { kind: "exec", exitCode: 126 }],
    ["load failure", { kind: "load-failed", error: { name: "Error", message: "x" } }, { kind: "crashed", exitCode: 1 }],
  ])("%s", (_name, wire, expected) => expect(execOutcome(wire)).toMatchObject(expected));
});

describe("outcomeOfError", () => {
  it.each([
    ["Worker exceeded memory limit.", { kind: "crashed", exitCode: 137, reason: "OOMKilled" }],
    ["RangeError: Array buffer allocation failed", { kind: "crashed", exitCode: 137, reason: "OOMKilled" }],
    ["Worker exceeded CPU time limit.", { kind: "crashed", exitCode: 152, reason: "CPULimitExceeded" }],
    ["Worker exceeded resource limits", { kind: "crashed", exitCode: 152, reason: "CPULimitExceeded" }],
    ["Script startup exceeded CPU time limit.", { kind: "crashed", exitCode: 152, reason: "CPULimitExceeded" }],
    ["The Node.js process.exit(3) API was called. Canceling the request.", { kind: "exited", exitCode: 3, reason: "Error" }],
    ["The Node.js process.exit(0) API was called. Canceling the request.", { kind: "exited", exitCode: 0, reason: "Completed" }],
    ["kube-edge StartError: image gone", { kind: "crashed", exitCode: 128, reason: "StartError", message: "image gone" }],
    ["Too many concurrent dynamic workers", { kind: "unavailable" }],
    ["TypeError: boom at load", { kind: "crashed", exitCode: 1, reason: "Error", message: "TypeError: boom at load" }],
  ])("%s", (message, expected) => expect(outcomeOfError(new Error(message))).toMatchObject(expected));

  it("reads a non-Error rejection as its text", () => {
    expect(outcomeOfError("lost")).toEqual({ kind: "crashed", exitCode: 1, reason: "Error", message: "lost" });
  });
});

describe("terminatedState", () => {
  it.each([
    [{ kind: "exited", exitCode: 0, reason: "Completed", message: "" } as const, { exitCode: 0, reason: "Completed" }],
    [{ kind: "crashed", exitCode: 137, reason: "OOMKilled", message: "Worker exceeded memory limit." } as const, { exitCode: 137, reason: "OOMKilled", message: "Worker exceeded memory limit." }],
  ])("%o", (ended, state) => expect(terminatedState(ended)).toEqual(state));
});
