/**
 * The event-driven half of the controller manager: after a stored write, the loops it concerns are poked
 * (their Durable Object queues the keys and arms its alarm). A write nobody follows costs nothing; a poke
 * that fails is logged (the cron resync repairs it), never the write's failure.
 */
import type { Env } from "../../env";
import type { ApiContext } from "../../handlers/context";
import type { WrittenChange as StoredChange } from "../../handlers/after-write";
import type { ControllerLoop, WrittenChange } from "./loop";
import { groupCommit } from "../../group-commit";
import { sharedCalls } from "../../shared-calls";
import { KUBELET_TARGET_PREFIX, knownWithoutKubelet, kubeletWakes, rememberWithoutKubelet } from "../../kubelet/agent/wake";

export function loopStub(env: Env, loop: string) {
  return env.CONTROLLERS.get(env.CONTROLLERS.idFromName(`loop:${loop}`));
}

export function kubeletStub(env: Env, node: string) {
  return env.KUBELETS.get(env.KUBELETS.idFromName(node));
}

/**
 * One poke of `target`: a loop's name, or `kubelet:<node>` for a node's kubelet. A node found without a kubelet
 * (registered by another agent) is skipped for a moment (../../kubelet/agent/wake.ts).
 */
function pokeTarget(env: Env, target: string): (keys: string[]) => Promise<void> {
  if (!target.startsWith(KUBELET_TARGET_PREFIX)) {
    const stub = loopStub(env, target);
    return (keys) => stub.poke(target, keys);
  }
  const node = target.slice(KUBELET_TARGET_PREFIX.length);
  const stub = kubeletStub(env, node);
  return async (keys) => {
    if (knownWithoutKubelet(node, Date.now())) return;
    if (!(await stub.poke(keys))) rememberWithoutKubelet(node, Date.now());
  };
}

let heldLoops: typeof import("../loops") | undefined;

/** The loops' module, imported once and then held (as `modules` in durable-objects/controller/controller-do.ts). */
async function loopsModule(): Promise<typeof import("../loops")> {
  return (heldLoops ??= await import("../loops"));
}

/** Which loops a change wakes, and their keys (pure). */
export function wakesOf(loops: ControllerLoop[], change: WrittenChange): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const loop of loops) {
    const keys = loop.wakes(change);
    if (keys.length) out.set(loop.name, [...new Set(keys)]);
  }
  return out;
}

export async function controllersAfterWrite(ctx: ApiContext, change: StoredChange): Promise<void> {
  if (ctx.env.CONTROLLERS_OFF === "true") return;
  const { allLoops } = await loopsModule();
  const resource = `${ctx.entry.group}/${ctx.entry.resource}`;
  const wakes = wakesOf(allLoops(), { ...change, resource });
  const calls = sharedCalls();
  for (const [node, keys] of kubeletWakes({ ...change, resource })) {
    // A node the pass saw registered by another agent (KWOK, a test) has no kubelet here to wake.
    if (!calls?.nodesWithoutKubelet?.has(node)) wakes.set(`${KUBELET_TARGET_PREFIX}${node}`, keys);
  }
  const poke = calls?.poke ?? ((target: string, keys: string[]) => pokeTarget(ctx.env, target)(keys));
  await Promise.all([...wakes].map(([loop, keys]) => poke(loop, keys).catch((e: unknown) => console.error(`poke ${loop} failed`, e))));
}

/** Pokes group-committed per loop (../../shared-calls): the keys of concurrent writes go in one call. */
export function sharedPokes(env: Env): (loop: string, keys: string[]) => Promise<void> {
  const byLoop = new Map<string, (keys: string[]) => Promise<void>>();
  return (loop, keys) => {
    let poke = byLoop.get(loop);
    if (!poke) {
      const send = pokeTarget(env, loop);
      byLoop.set(loop, (poke = groupCommit((batches: string[][]) => send([...new Set(batches.flat())]))));
    }
    return poke(keys);
  };
}

/** The cron resync of every loop (each in its own object, in parallel). */
export async function resyncControllers(env: Env): Promise<void> {
  if (env.CONTROLLERS_OFF === "true") return;
  const { allLoops } = await loopsModule();
  const results = await Promise.allSettled(allLoops().map((l) => loopStub(env, l.name).resync(l.name)));
  for (const r of results) if (r.status === "rejected") console.error("controller resync failed", r.reason);
}
