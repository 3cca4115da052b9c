/**
 * Upstream's slowStartBatch (pkg/controller/replicaset/replica_set.go): `count` calls in batches of 1, 2, 4, …
 * (controller.SlowStartInitialBatchSize = 1), each batch concurrent; a batch with a failure ends the run, so a
 * quota or admission refusal costs one call, not `count`.
 */

export const SLOW_START_INITIAL_BATCH_SIZE = 1;

/** The batch sizes for `count` calls when every batch succeeds. */
export function slowStartBatchSizes(count: number, initial = SLOW_START_INITIAL_BATCH_SIZE): number[] {
  const sizes: number[] = [];
  let remaining = count;
  for (let size = Math.min(remaining, initial); size > 0; size = Math.min(2 * size, remaining)) {
    sizes.push(size);
    remaining -= size;
  }
  return sizes;
}

export interface SlowStartResult {
  successes: number;
  /** The first failure (the run stopped after its batch). */
  error?: unknown;
}

/** Runs `fn` `count` times in slow-start batches; `fn` rejects to fail a call. */
export async function slowStartBatch(count: number, initial: number, fn: () => Promise<void>): Promise<SlowStartResult> {
  let successes = 0;
  let remaining = count;
  for (let size = Math.min(remaining, initial); size > 0; size = Math.min(2 * size, remaining)) {
    const results = await Promise.allSettled(Array.from({ length: size }, () => fn()));
    const failures = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    successes += size - failures.length;
    if (failures.length) return { successes, error: failures[0].reason };
    remaining -= size;
  }
  return { successes };
}
