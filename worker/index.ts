/** The Worker: the Kubernetes API server (fetch) and the cron safety net (scheduled). */
import { SHARDS } from "../schema/registry-core";
import type { Env } from "./env";
import { shardStub } from "./storage";

export { StoreDO } from "../durable-objects/store/store-do";

let app: Promise<{ fetch: (r: Request, e: Env, c: ExecutionContext) => Response | Promise<Response> }> | undefined;

/** The API app is built on first use, so a cron invocation does not pay for it. */
function getApp() {
  app ??= Promise.all([import("./app"), import("../schema/registry")]).then(([a, r]) => a.createApp(r.registry));
  return app;
}

export default {
  fetch: async (request, env, ctx) => (await getApp()).fetch(request, env, ctx),
  /** Cron `* * * * *`: time-based upkeep. Compaction also runs on write volume; this covers quiet shards. */
  async scheduled(_controller, env, _ctx) {
    await Promise.all(SHARDS.map((shard) => shardStub(env, shard).compact()));
  },
} satisfies ExportedHandler<Env>;
