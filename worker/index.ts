/** The Worker: the Kubernetes API server (fetch) and the cron safety net (scheduled). */
import type { Env } from "./env";

export { StoreDO } from "../durable-objects/store/store-do";

let app: Promise<{ fetch: (r: Request, e: Env, c: ExecutionContext) => Response | Promise<Response> }> | undefined;

function getApp() {
  app ??= Promise.all([import("./app"), import("../schema/registry")]).then(([a, r]) => a.createApp(r.registry));
  return app;
}

export default {
  fetch: async (request, env, ctx) => (await getApp()).fetch(request, env, ctx),
  async scheduled() {
    // Controllers and compaction sweeps hook in here (cron "* * * * *").
  },
} satisfies ExportedHandler<Env>;
