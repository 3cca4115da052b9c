/**
 * `GET /admin/kubelets`: each pool node's kubelet as its Durable Object sees it (pods it holds, what is due,
 * alarms fired, heartbeats written) — how the benchmark reports the heartbeat's idle cost.
 * `POST /admin/kubelets/<node>/silence` and `/unsilence`: the kubelet stops (or resumes) its heartbeat, as a
 * node gone dark; the node lifecycle controller then marks the Node NotReady. Non-resource URLs: RBAC
 * authorizes them before the route runs (cluster-admin only by default).
 */
import type { Hono } from "hono";
import type { Env } from "../../env";
import { kubeletStub } from "../../controllers/framework/wake";
import { internalRequest } from "../../internal-client";
import { registry } from "../../../schema/registry";
import { KUBE_CONTROLLER_MANAGER } from "../../controllers/node-lifecycle/shared-informers";
import { LABEL_NODE_POOL } from "../node";

export const KUBELETS_ADMIN_PATH = "/admin/kubelets";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function kubeletAdminRoutes(app: Hono<any>): void {
  app.get(KUBELETS_ADMIN_PATH, async (c) => {
    const env = c.env as Env;
    const res = await internalRequest(env, registry, KUBE_CONTROLLER_MANAGER, "GET", `/api/v1/nodes?labelSelector=${encodeURIComponent(LABEL_NODE_POOL)}`);
    const names: string[] = (res.body?.items ?? []).map((n: { metadata: { name: string } }) => n.metadata.name);
    const kubelets = await Promise.all(names.map((name) => kubeletStub(env, name).stats()));
    return c.json({ kubelets });
  });
  app.post(`${KUBELETS_ADMIN_PATH}/:node/:action{silence|unsilence}`, async (c) => {
    const stub = kubeletStub(c.env as Env, c.req.param("node"));
    if (!(await stub.stats()).started) {
      return c.json({ ...SUCCESS, status: "Failure", message: `node "${c.req.param("node")}" has no kubelet here`, reason: "NotFound", code: 404 }, 404);
    }
    await stub.setSilenced(c.req.param("action") === "silence");
    return c.json(SUCCESS);
  });
}

const SUCCESS = { kind: "Status", apiVersion: "v1", metadata: {}, status: "Success" };
