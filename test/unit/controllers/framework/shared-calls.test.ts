/**
 * A control loop's concurrent API calls share their RBAC policy reads (group-committed), and still follow the
 * policy as it is when each call is made: a binding deleted between two calls stops granting the second.
 */
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { registry } from "../../../../schema/registry";
import type { Env } from "../../../../worker/env";
import { ControllerApi } from "../../../../worker/controllers/framework/api";
import { del, freshNamespace } from "../../api/client";
import { created, RBAC, RBAC_GROUP, unique } from "../../security/helpers";

describe("a control loop's shared calls", () => {
  it("are authorized by the policy of the moment, call after call", async () => {
    const ns = await freshNamespace("shared");
    const user = unique("shared-ctl");
    const api = new ControllerApi(env as unknown as Env, registry, { username: user, groups: ["system:authenticated"] }, "test");
    await created(`${RBAC}/namespaces/${ns}/roles`, { apiVersion: `${RBAC_GROUP}/v1`, kind: "Role", metadata: { name: "read" }, rules: [{ apiGroups: [""], resources: ["configmaps"], verbs: ["list"] }] });
    await created(`${RBAC}/namespaces/${ns}/rolebindings`, {
      apiVersion: `${RBAC_GROUP}/v1`,
      kind: "RoleBinding",
      metadata: { name: "read" },
      roleRef: { apiGroup: RBAC_GROUP, kind: "Role", name: "read" },
      subjects: [{ apiGroup: RBAC_GROUP, kind: "User", name: user }],
    });
    const path = `/api/v1/namespaces/${ns}/configmaps`;
    const allowed = await Promise.all(Array.from({ length: 20 }, () => api.request("GET", path)));
    expect(allowed.map((r) => r.status)).toEqual(Array(20).fill(200));

    expect((await del(`${RBAC}/namespaces/${ns}/rolebindings/read`)).status).toBe(200);
    const after = await Promise.all(Array.from({ length: 5 }, () => api.request("GET", path)));
    expect(after.map((r) => r.status)).toEqual(Array(5).fill(403));
  });
});
