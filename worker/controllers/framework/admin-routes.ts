/**
 * `GET /admin/controllers`: each control loop's queue as its Durable Object sees it (rows queued, next due
 * time, alarms fired, reconciles and failures since the object started) — how an operator (and the
 * benchmark) tells a converged cluster (nothing queued, no alarms firing) from a busy one. A non-resource
 * URL: RBAC authorizes it before the route runs (only cluster-admin's `*` covers it by default).
 * `POST /admin/controllers/resync` runs the cron trigger's resync of every loop now.
 * `POST /admin/controllers/<loop>/pause` and `/resume` stop and restart one loop (as scaling that component to
 * zero and back would): while paused its keys queue up; resuming drains them at once.
 */
import type { Hono } from "hono";
import type { Env } from "../../env";
import { loopStub, resyncControllers } from "./wake";

export const CONTROLLERS_ADMIN_PATH = "/admin/controllers";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function controllerAdminRoutes(app: Hono<any>): void {
  app.get(CONTROLLERS_ADMIN_PATH, async (c) => {
    const env = c.env as Env;
    const { allLoops } = await import("../loops");
    const loops = await Promise.all(allLoops().map(async (l) => ({ ...(await loopStub(env, l.name).stats()), loop: l.name })));
    return c.json({ loops });
  });
  app.post(`${CONTROLLERS_ADMIN_PATH}/resync`, async (c) => {
    await resyncControllers(c.env as Env);
    return c.json(SUCCESS);
  });
  app.post(`${CONTROLLERS_ADMIN_PATH}/:loop/:action{pause|resume}`, async (c) => {
    const { loopByName } = await import("../loops");
    const name = c.req.param("loop");
    if (!loopByName(name)) {
      return c.json({ ...SUCCESS, status: "Failure", message: `no control loop named "${name}"`, reason: "NotFound", code: 404 }, 404);
    }
    await loopStub(c.env as Env, name).setPaused(name, c.req.param("action") === "pause");
    return c.json(SUCCESS);
  });
}

const SUCCESS = { kind: "Status", apiVersion: "v1", metadata: {}, status: "Success" };
