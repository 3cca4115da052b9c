/**
 * At bootstrap: the RuntimeClasses of the two runtimes (`isolate`, `simulated`; handler = name).
 */
import type { Registry } from "../../../schema/registry-core";
import type { Env } from "../../env";
import { encodeForStore, objectKey, storeFor } from "../../storage";
import { RUNTIME_HANDLERS } from "./runtime-choice";

export async function bootstrapNodePool(env: Env, registry: Registry): Promise<void> {
  const entry = registry.lookup("node.k8s.io", "v1", "runtimeclasses");
  if (entry) {
    const store = storeFor(env, entry);
    await Promise.all(
      RUNTIME_HANDLERS.map(async (handler) => {
        const key = objectKey(entry, undefined, handler);
        if ((await store.get(key)).ok) return;
        await store.create(key, encodeForStore({
          apiVersion: "node.k8s.io/v1",
          kind: "RuntimeClass",
          metadata: { name: handler, uid: crypto.randomUUID(), creationTimestamp: new Date().toISOString().replace(/\.\d{3}Z$/, "Z"), labels: { "kube-edge.dev/runtime": handler } },
          handler,
        }));
      }),
    );
  }
}

let poked = false;

/**
 * Once per isolate, after bootstrap: a first pass of the node-pool loop, so a fresh cluster's nodes register at
 * once rather than at the first cron resync. Not a bootstrap step, and awaited by the request that makes it:
 * the loop's own pass waits for bootstrap and loads the loops' modules, and a promise another request is still
 * settling (a bootstrap, a module loading under the test runner) cannot be awaited from a Durable Object.
 */
export async function pokeNodePoolOnce(env: Env): Promise<void> {
  if (poked || env.CONTROLLERS_OFF === "true") return;
  poked = true;
  try {
    const [{ loopStub }] = await Promise.all([import("../../controllers/framework/wake"), import("../../controllers/loops")]);
    await loopStub(env, "node-pool").poke("node-pool", ["pool"]);
  } catch (e) {
    poked = false;
    console.error("node pool: first pass not queued", e);
  }
}
