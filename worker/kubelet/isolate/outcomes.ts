/**
 * What a container isolate's calls come to, as values: the wire shapes the wrapper (wrapper-source.ts) returns
 * over RPC, the outcomes the runtime hands the kubelet, and the mapping of runtime errors to termination states.
 * Termination reasons follow containerd's CRI (`Completed` for exit 0, `Error` otherwise, `OOMKilled`,
 * `StartError` with exit code 128); a CPU-time overrun, which Kubernetes only throttles, ends the invocation
 * here, reported as `CPULimitExceeded` with 152 = 128 + SIGXCPU, as a process killed by RLIMIT_CPU. Pure.
 */

export interface LogLine {
  /** Milliseconds since the epoch (the isolate's clock, which advances on I/O). */
  ts: number;
  stream: "stdout" | "stderr";
  text: string;
}

/** Lines logged since the previous drain, and how many older ones the bounded buffer dropped meanwhile. */
export interface LogChunk {
  lines: LogLine[];
  dropped: number;
}

export interface WireError {
  name: string;
  message: string;
}

export type WireDescribe = { kind: "load-failed"; error: WireError } | { kind: "entry"; fetch: boolean; run: boolean; exec: boolean };

export type WireRun = (
  | { kind: "load-failed"; error: WireError }
  | { kind: "no-entry" }
  | { kind: "returned"; value: number | null | { type: string } }
  | { kind: "threw"; exitCode: number | null; error: WireError }
) & { logs: LogChunk };

export type WireExec =
  | { kind: "load-failed"; error: WireError }
  | { kind: "no-entry" }
  | { kind: "returned"; stdout: string; stderr: string; exitCode: number | null }
  | { kind: "threw"; exitCode: number | null; error: WireError };

export type TerminationReason = "Completed" | "Error" | "OOMKilled" | "CPULimitExceeded" | "StartError";

/** The run entry settled (or the code asked to exit): a normal termination. */
export interface ContainerExited {
  kind: "exited";
  exitCode: number;
  reason: "Completed" | "Error";
  message: string;
  /** Lines logged up to the end, when the isolate could still hand them over. */
  logs?: LogChunk;
}

/** The isolate failed: the entry threw while loading, a limit was exceeded, or the code could not be had. */
export interface ContainerCrashed {
  kind: "crashed";
  exitCode: number;
  reason: TerminationReason;
  message: string;
  logs?: LogChunk;
}

/** The platform refused the call for now (too many isolates busy): not the container's doing; try again. */
export interface RuntimeUnavailable {
  kind: "unavailable";
  message: string;
}

export type ContainerEnded = ContainerExited | ContainerCrashed;
export type CallFailure = ContainerEnded | RuntimeUnavailable;

export const OOM_EXIT_CODE = 137;
export const CPU_LIMIT_EXIT_CODE = 152;
export const START_ERROR_EXIT_CODE = 128;
/** runc's exit code for a command that cannot be executed (the image's entry has no `exec`). */
export const EXEC_UNSUPPORTED_EXIT_CODE = 126;
/** Marks a getCode failure (runtime.ts) so the rejection it causes reads as StartError. */
export const START_ERROR_PREFIX = "kube-edge StartError: ";

/** An exit status as a process reports it: integers modulo 256 (`exit(-1)` is 255), anything else 1. */
export function normalizeExitCode(code: number): number {
  return Number.isInteger(code) ? ((code % 256) + 256) % 256 : 1;
}

const exited = (exitCode: number, message: string, logs?: LogChunk): ContainerExited => ({
  kind: "exited",
  exitCode,
  reason: exitCode === 0 ? "Completed" : "Error",
  message,
  ...(logs ? { logs } : {}),
});

const crashed = (exitCode: number, reason: TerminationReason, message: string, logs?: LogChunk): ContainerCrashed => ({
  kind: "crashed",
  exitCode,
  reason,
  message,
  ...(logs ? { logs } : {}),
});

/** A load failure: the module threw while loading, as a process dying on an uncaught exception (exit 1). */
export const loadFailed = (error: WireError, logs?: LogChunk): ContainerCrashed => crashed(1, "Error", `${error.name}: ${error.message}`, logs);

/**
 * A run entry's settlement: nothing (or a module without `run`, which like a script with nothing left to do
 * exits 0) → 0; a number → that exit status; another value → 1; a throw → 1 with the error's message as the
 * termination message, or the thrown object's numeric `exitCode` (as `process.exit`).
 */
export function runOutcome(wire: WireRun): ContainerEnded {
  switch (wire.kind) {
    case "load-failed":
      return loadFailed(wire.error, wire.logs);
    case "no-entry":
      return exited(0, "", wire.logs);
    case "returned": {
      const v = wire.value;
      if (v === null) return exited(0, "", wire.logs);
      if (typeof v === "number") {
        return Number.isInteger(v) ? exited(normalizeExitCode(v), "", wire.logs) : exited(1, `run() resolved to ${v}, not an integer exit code`, wire.logs);
      }
      return exited(1, `run() resolved to a ${v.type}, not an exit code (a number, or nothing for 0)`, wire.logs);
    }
    case "threw":
      return exited(wire.exitCode === null ? 1 : normalizeExitCode(wire.exitCode), wire.error.message, wire.logs);
  }
}

export interface ExecResult {
  kind: "exec";
  stdout: string;
  stderr: string;
  exitCode: number;
}

/** An exec entry's settlement; an entry without `exec` answers as runc for a missing command (126). */
export function execOutcome(wire: WireExec): ExecResult | ContainerCrashed {
  switch (wire.kind) {
    case "load-failed":
      return loadFailed(wire.error);
    case "no-entry":
      return { kind: "exec", stdout: "", stderr: "exec: the container's entry module exports no exec\n", exitCode: EXEC_UNSUPPORTED_EXIT_CODE };
    case "returned":
      return { kind: "exec", stdout: wire.stdout, stderr: wire.stderr, exitCode: wire.exitCode === null ? 0 : normalizeExitCode(wire.exitCode) };
    case "threw":
      return { kind: "exec", stdout: "", stderr: `${wire.error.message}\n`, exitCode: wire.exitCode === null ? 1 : normalizeExitCode(wire.exitCode) };
  }
}

/**
 * Errors the runtime raises instead of an answer, by their text (workerd and the edge): the first match wins.
 * Memory → OOMKilled (137); CPU time → CPULimitExceeded (152); `process.exit(n)` under nodejs_compat cancels
 * the call with a message naming n → exited n; a getCode failure → StartError (128); a busy loader → unavailable.
 */
export const RUNTIME_ERRORS: readonly { pattern: RegExp; outcome: (match: RegExpExecArray, message: string) => CallFailure }[] = [
  { pattern: /^kube-edge StartError: ([\s\S]*)$/, outcome: (m) => crashed(START_ERROR_EXIT_CODE, "StartError", m[1]) },
  { pattern: /process\.exit\((-?\d+)\) API was called/, outcome: (m) => exited(normalizeExitCode(Number(m[1])), "") },
  {
    pattern: /exceeded memory limit|memory limit exceeded|heap out of memory|Array buffer allocation failed/i,
    outcome: (_m, message) => crashed(OOM_EXIT_CODE, "OOMKilled", message),
  },
  {
    pattern: /exceeded CPU time limit|exceeded resource limits|exceeded CPU limit/i,
    outcome: (_m, message) => crashed(CPU_LIMIT_EXIT_CODE, "CPULimitExceeded", message),
  },
  { pattern: /Too many concurrent dynamic workers/i, outcome: (_m, message) => ({ kind: "unavailable", message }) },
];

/** The outcome of a call to a container isolate that rejected; anything unrecognised is a crash with exit 1. */
export function outcomeOfError(error: unknown): CallFailure {
  const message = error instanceof Error ? error.message : String(error);
  for (const { pattern, outcome } of RUNTIME_ERRORS) {
    const m = pattern.exec(message);
    if (m) return outcome(m, message);
  }
  return crashed(1, "Error", message);
}

/** The ContainerStateTerminated fields of an ended container (kubelet status, worker/kubelet/status). */
export function terminatedState(ended: ContainerEnded): { exitCode: number; reason: string; message?: string } {
  return { exitCode: ended.exitCode, reason: ended.reason, ...(ended.message ? { message: ended.message } : {}) };
}
