/**
 * Applies a chaos step (chaos-schedule.ts) to the real Durable Objects of the test runtime: control loop objects
 * (ControllerDO), Store shards (StoreDO) and kubelets (KubeletDO). A restart is a reset from inside the object
 * (a crash: calls in flight fail, memory is gone, storage and the alarm stay); an eviction is the runtime's own
 * (`evictDurableObject`: calls in flight finish first). Objects rebuild what memory held from storage.
 */
import { env, evictDurableObject, runInDurableObject } from "cloudflare:test";
import { registry } from "../../../schema/registry";
import type { Env } from "../../../worker/env";
import { runCron } from "../../../worker/cron";
import { shardStub } from "../../../worker/storage";
import { allLoops } from "../../../worker/controllers/loops";
import { kubeletStub, loopStub } from "../../../worker/controllers/framework/wake";
import type { FaultPlan } from "../../../worker/controllers/framework/faults";
import type { ChaosStep } from "./chaos-schedule";

const ENV = env as unknown as Env;

/** What a step did: `applied`, or `idle` when the object was not running (nothing to evict or abort). */
export type StepOutcome = "applied" | "idle";

/** Sets (or, with `undefined`, clears) the pokes and alarms fault plan of every loop object. */
export async function setLoopFaults(plan?: FaultPlan): Promise<void> {
  await Promise.all(allLoops().map((l) => loopStub(ENV, l.name).setFaults(plan)));
}

/** Evicts the object as the runtime does; an object not running now has nothing to evict. */
async function evict(stub: DurableObjectStub): Promise<StepOutcome> {
  try {
    await evictDurableObject(stub);
    return "applied";
  } catch (e) {
    if (/not (currently )?running|no running/i.test(String(e))) return "idle";
    throw e;
  }
}

/**
 * Crashes a Store shard from inside, as an uncaught error or a redeploy does: an exception thrown in
 * `blockConcurrencyWhile` resets the object. (Shards have no restart RPC and run no alarms; a reset from
 * `runInDurableObject` during an object's alarm — tried on kubelets — can crash the test runtime with workerd's
 * "Promise callback destroyed itself", so the loops and kubelets restart through their own `ctx.abort()`.)
 */
async function crashShard(stub: DurableObjectStub): Promise<StepOutcome> {
  const crash = (_instance: unknown, state: DurableObjectState) =>
    state.blockConcurrencyWhile(async () => {
      throw new Error("chaos: restarted");
    });
  await runInDurableObject(stub, crash).catch(() => undefined);
  return "applied";
}

/** Runs one step against the test runtime. */
export async function applyStep(step: ChaosStep): Promise<StepOutcome> {
  switch (step.kind) {
    case "sleep":
      await new Promise((r) => setTimeout(r, step.ms));
      return "applied";
    case "cron":
      await runCron(ENV, registry);
      return "applied";
    case "restart-loop":
    case "evict-loop": {
      const stub = loopStub(ENV, step.loop);
      const outcome = step.kind === "evict-loop" ? await evict(stub as unknown as DurableObjectStub) : await stub.restart().then(() => "applied" as const, () => "applied" as const);
      // The plan lived in the object's memory: the new instance draws its own (a crashed object's stub is broken).
      await loopStub(ENV, step.loop).setFaults(step.plan);
      return outcome;
    }
    case "restart-shard":
    case "evict-shard": {
      const stub = shardStub(ENV, step.shard) as unknown as DurableObjectStub;
      return step.kind === "evict-shard" ? evict(stub) : crashShard(stub);
    }
    case "restart-kubelet":
    case "evict-kubelet": {
      const stub = kubeletStub(ENV, step.node);
      if (step.kind === "evict-kubelet") return evict(stub as unknown as DurableObjectStub);
      await stub.restart().catch(() => undefined);
      return "applied";
    }
  }
}
