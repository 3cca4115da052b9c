/**
 * Starting and calling container isolates. `startContainer` names the isolate; the Worker Loader builds it on
 * the first call (and again whenever it went cold) from `codeFor(id)`, so the caller keeps code where it can
 * find it again by id. Every helper returns an outcome value and never throws: a rejected call is mapped by
 * outcomes.ts `outcomeOfError` (OOMKilled, CPULimitExceeded, StartError, process.exit, crash).
 */
import type { Result } from "../../images/rootfs";
import {
  type CallFailure,
  type ContainerEnded,
  type ExecResult,
  type LogChunk,
  type RuntimeUnavailable,
  START_ERROR_PREFIX,
  type WireDescribe,
  type WireExec,
  type WireRun,
  execOutcome,
  loadFailed,
  outcomeOfError,
  runOutcome,
} from "./outcomes";
import { CONTAINER_ENTRYPOINT } from "./wrapper-source";

/** The RPC surface of the wrapper's `Container` entrypoint. */
export interface ContainerRpc {
  describe(): Promise<WireDescribe>;
  run(): Promise<WireRun>;
  exec(command: string[]): Promise<WireExec>;
  drainLogs(): Promise<LogChunk>;
  fetch(request: Request): Promise<Response>;
}

export interface ContainerHandle {
  /** container-id.ts containerId: the loader name and the status containerID. */
  readonly id: string;
  readonly rpc: ContainerRpc;
}

/** The code of a container instance (container-code.ts containerCode), or why there is none (→ StartError). */
export type CodeFor = (id: string) => Result<WorkerLoaderWorkerCode> | Promise<Result<WorkerLoaderWorkerCode>>;

/** A handle on the isolate named `id`; nothing loads until the first call. */
export function startContainer(loader: WorkerLoader, options: { id: string; codeFor: CodeFor }): ContainerHandle {
  const { id, codeFor } = options;
  const stub = loader.get(id, async () => {
    let code: Result<WorkerLoaderWorkerCode>;
    try {
      code = await codeFor(id);
    } catch (e) {
      code = { ok: false, reason: e instanceof Error ? e.message : String(e) };
    }
    if (!code.ok) throw new Error(START_ERROR_PREFIX + code.reason);
    return code.value;
  });
  return { id, rpc: stub.getEntrypoint(CONTAINER_ENTRYPOINT) as unknown as ContainerRpc };
}

async function attempt<T>(call: () => Promise<T>): Promise<T | CallFailure> {
  try {
    return await call();
  } catch (e) {
    return outcomeOfError(e);
  }
}

export interface ContainerEntries {
  kind: "described";
  /** The default export serves HTTP on the container's ports. */
  fetch: boolean;
  /** The default export has a run-to-completion entry: the container ends when it settles. */
  run: boolean;
  exec: boolean;
}

/** Loads the entry module (the container "starts") and says what it exports; a throw while loading is a crash. */
export async function describeContainer(handle: ContainerHandle): Promise<ContainerEntries | CallFailure> {
  const wire = await attempt(() => handle.rpc.describe());
  switch (wire.kind) {
    case "entry":
      return { kind: "described", fetch: wire.fetch, run: wire.run, exec: wire.exec };
    case "load-failed":
      return loadFailed(wire.error);
    default:
      return wire;
  }
}

/** Runs the run entry to its end: the container's termination (with the lines logged up to then). */
export async function runContainer(handle: ContainerHandle): Promise<ContainerEnded | RuntimeUnavailable> {
  const wire = await attempt(() => handle.rpc.run());
  switch (wire.kind) {
    case "exited":
    case "crashed":
    case "unavailable":
      return wire;
    default:
      return runOutcome(wire);
  }
}

/** Runs the exec entry with a command (kubectl exec). */
export async function execContainer(handle: ContainerHandle, command: string[]): Promise<ExecResult | CallFailure> {
  const wire = await attempt(() => handle.rpc.exec(command));
  switch (wire.kind) {
    case "exited":
    case "crashed":
    case "unavailable":
      return wire;
    default:
      return execOutcome(wire);
  }
}

/** A request to the container's fetch; 502 when it serves no HTTP, 500 when its handler throws (logged). */
export async function fetchContainer(handle: ContainerHandle, request: Request): Promise<{ kind: "response"; response: Response } | CallFailure> {
  return attempt(async () => ({ kind: "response" as const, response: await handle.rpc.fetch(request) }));
}

/** The console lines logged since the previous drain. */
export async function drainContainerLogs(handle: ContainerHandle): Promise<({ kind: "logs" } & LogChunk) | CallFailure> {
  return attempt(async () => ({ kind: "logs" as const, ...(await handle.rpc.drainLogs()) }));
}
