/**
 * Pausing a control loop (`POST /admin/controllers/<loop>/pause`, as scaling that component to zero): its keys
 * queue up and nothing is reconciled; `/resume` drains them at once. Unknown loops are 404, and only those
 * RBAC allows the non-resource URL (cluster-admin) may do it.
 */
import { describe, expect, it } from "vitest";
import { freshNamespace, get, post } from "../../api/client";
import { as, unique } from "../../security/helpers";
import { eventually, registerNode, type Obj } from "../kwok";

const scheduler = async (): Promise<Obj> => (await get("/admin/controllers")).body.loops.find((l: Obj) => l.loop === "scheduler");

describe("pausing a control loop", () => {
  it("queues the keys of a paused scheduler and binds them once it resumes", async () => {
    const node = unique("paused-node");
    await registerNode(node);
    const ns = await freshNamespace("paused");
    expect((await post("/admin/controllers/scheduler/pause", {})).status).toBe(200);
    try {
      const pod = { apiVersion: "v1", kind: "Pod", metadata: { name: "p" }, spec: { nodeSelector: { "kubernetes.io/hostname": node }, containers: [{ name: "c", image: "nginx" }] } };
      expect((await post(`/api/v1/namespaces/${ns}/pods`, pod)).status).toBe(201);
      await eventually(async () => expect((await scheduler()).queued).toBeGreaterThan(0));
      await new Promise((r) => setTimeout(r, 500));
      const loop = await scheduler();
      expect(loop.paused).toBe(true);
      expect((await get(`/api/v1/namespaces/${ns}/pods/p`)).body.spec.nodeName).toBeUndefined();
    } finally {
      expect((await post("/admin/controllers/scheduler/resume", {})).status).toBe(200);
    }
    expect((await scheduler()).paused).toBe(false);
    await eventually(async () => expect((await get(`/api/v1/namespaces/${ns}/pods/p`)).body.spec.nodeName).toBe(node));
  });

  it("refuses an unknown loop (404) and a user RBAC does not allow (403)", async () => {
    const unknown = await post("/admin/controllers/no-such-loop/pause", {});
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ kind: "Status", status: "Failure", reason: "NotFound", code: 404 });
    const forbidden = await as({ user: unique("someone") }, "POST", "/admin/controllers/scheduler/pause", {});
    expect(forbidden.status).toBe(403);
    expect((await scheduler()).paused).toBe(false);
  });
});
