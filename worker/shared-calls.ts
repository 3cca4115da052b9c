/**
 * Store round trips that the API calls of one control-loop pass share (the pass runs in one Durable Object
 * event; its calls go through internal-client.ts). Set for the duration of a call by `withSharedCalls`, used
 * where the round trip is made; outside a pass every request makes its own.
 *   - `sharedRead(name, read)`: a policy read (the RBAC policy, the ResourceQuotas), group-committed per name
 *     (./group-commit) — still read after the call began, so a revoked binding stops granting the controller's
 *     next call exactly as it does a client's.
 *   - `poke`: the after-write wake-ups of the control loops, group-committed per loop.
 *   - `shard(name, stub)`: the shard's writes and GETs, group-committed into `writeMany` and `getMany` calls
 *     (./batched-store).
 *   - `nodesWithoutKubelet`: nodes the pass saw registered by another agent (KWOK, a test), whose pod writes
 *     wake no kubelet object.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { groupCommit } from "./group-commit";
import { shardCalls, type BatchingStub, type ShardCalls } from "./batched-store";

export interface SharedCalls {
  read<T>(name: string, read: () => Promise<T>): Promise<T>;
  poke?: (loop: string, keys: string[]) => Promise<void>;
  shard?: (name: string, stub: BatchingStub) => ShardCalls;
  nodesWithoutKubelet?: Set<string>;
}

/** The shared calls of one pass; `poke` sends a loop's keys (the pokes are group-committed by the caller). */
export function newSharedCalls(poke?: SharedCalls["poke"]): SharedCalls {
  const reads = new Map<string, (item: void) => Promise<unknown>>();
  const shards = new Map<string, ShardCalls>();
  return {
    shard(name, stub) {
      let calls = shards.get(name);
      if (!calls) shards.set(name, (calls = shardCalls(stub)));
      return calls;
    },
    read<T>(name: string, read: () => Promise<T>): Promise<T> {
      let shared = reads.get(name);
      if (!shared) reads.set(name, (shared = groupCommit<void, unknown>(() => read())));
      return shared() as Promise<T>;
    },
    ...(poke ? { poke } : {}),
  };
}

const scope = new AsyncLocalStorage<SharedCalls>();

export const sharedCalls = (): SharedCalls | undefined => scope.getStore();

/** `read()`, shared with the concurrent calls of the current pass (if any) that read `name`. */
export function sharedRead<T>(name: string, read: () => Promise<T>): Promise<T> {
  const calls = scope.getStore();
  return calls ? calls.read(name, read) : read();
}

export const withSharedCalls = <T>(calls: SharedCalls | undefined, fn: () => Promise<T>): Promise<T> =>
  calls ? scope.run(calls, fn) : fn();
