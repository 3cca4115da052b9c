/**
 * Container resources as Worker Loader limits. Kubernetes' CPU limit is a rate (CFS quota per period); an
 * isolate's is CPU time per invocation (`limits.cpuMs`, one fetch / RPC call). One core maps to the Workers
 * default of 30 s per invocation, proportionally below (`500m` → 15 s), capped at the platform maximum of
 * 5 minutes. Memory has no loader knob: every isolate has the platform's 128 MB, and exceeding it ends the
 * container as OOMKilled (outcomes.ts). Pure.
 */
import { parseExactQuantity, quantityMilliValue } from "../../../schema/validation/quantity-exact";

/** CPU milliseconds per invocation granted per core of `resources.limits.cpu`. */
export const CPU_MS_PER_CORE = 30_000;
/** The largest per-invocation CPU time the platform allows. */
export const MAX_CPU_MS = 300_000;
/** The memory every isolate has, whatever `resources.limits.memory` says. */
export const ISOLATE_MEMORY_BYTES = 128 * 1024 * 1024;

export interface ContainerResources {
  limits?: Record<string, unknown>;
}

/** The loader limits for a container: `cpuMs` from `limits.cpu` (rounded up, at least 1), none without a CPU limit. */
export function isolateLimits(resources: ContainerResources | undefined): WorkerLoaderWorkerCode["limits"] {
  const cpu = resources?.limits?.cpu;
  if (cpu === undefined) return undefined;
  const q = parseExactQuantity(cpu);
  if (!q || q.nanos <= 0n) return undefined;
  const milli = quantityMilliValue(q);
  const capMilli = BigInt((MAX_CPU_MS * 1000) / CPU_MS_PER_CORE);
  const cpuMs = milli >= capMilli ? MAX_CPU_MS : Math.ceil((Number(milli) * CPU_MS_PER_CORE) / 1000);
  return { cpuMs: Math.max(1, cpuMs) };
}
