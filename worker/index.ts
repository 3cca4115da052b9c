/** The Worker: the Kubernetes API server (fetch) and the cron safety net (scheduled). */
import type { Env } from "./env";

export { StoreDO } from "../durable-objects/store/store-do";
export { ControllerDO } from "../durable-objects/controller/controller-do";
export { KubeletDO } from "../durable-objects/kubelet/kubelet-do";
export { PodNetwork } from "./kubelet/isolate/pod-network";
export { VolumeDO } from "../durable-objects/volume/volume-do";
export { PodVolumes } from "./kubelet/volumes/pod-volumes";

let app: Promise<{ fetch: (r: Request, e: Env, c: ExecutionContext) => Response | Promise<Response> }> | undefined;

/** The API app is built on first use, so a cron invocation does not pay for it. */
function getApp() {
  app ??= Promise.all([import("./app"), import("../schema/registry")]).then(([a, r]) => a.createApp(r.registry));
  return app;
}

export default {
  fetch: async (request, env, ctx) => (await getApp()).fetch(request, env, ctx),
  /** Cron `* * * * *`: compaction of quiet shards and the controllers' resync (worker/cron.ts). */
  async scheduled(_controller, env, _ctx) {
    const [{ runCron }, { registry }] = await Promise.all([import("./cron"), import("../schema/registry")]);
    await runCron(env, registry);
  },
} satisfies ExportedHandler<Env>;
