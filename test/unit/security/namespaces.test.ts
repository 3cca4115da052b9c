/**
 * Red team: a namespace's content must never outlive it into a namespace of the same name. Upstream keeps the
 * `kubernetes` finalizer on every namespace (PrepareForCreate adds it, PrepareForUpdate keeps spec.finalizers,
 * only `finalize` changes them) and an update deletes a terminating namespace only once spec.finalizers is
 * empty (ShouldDeleteNamespaceDuringUpdate).
 */
import { beforeAll, describe, expect, it } from "vitest";
import { del, get, patch, post, put } from "../api/client";
import { MERGE, RBAC, RBAC_GROUP, as, created, unique } from "./helpers";
import { namespaceControllerRan } from "../admission/namespace-wait";

const nsObject = (name: string, spec?: unknown) => ({ apiVersion: "v1", kind: "Namespace", metadata: { name }, ...(spec ? { spec } : {}) });

beforeAll(async () => {
  expect((await get("/api/v1/namespaces/default")).status).toBe(200);
}, 60_000);

/**
 * A namespace with a RoleBinding granting `previous-owner` admin, then deleted: Terminating, because a ConfigMap
 * held by a finalizer keeps the namespace controller waiting after it removed the rest (the RoleBinding too),
 * once its background pass ran.
 */
async function deletedWithBinding(name: string, spec?: unknown): Promise<void> {
  await created("/api/v1/namespaces", nsObject(name, spec));
  await created(`/api/v1/namespaces/${name}/configmaps`, { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "held", finalizers: ["example.com/hold"] } });
  await created(`${RBAC}/namespaces/${name}/rolebindings`, {
    apiVersion: `${RBAC_GROUP}/v1`,
    kind: "RoleBinding",
    metadata: { name: "old-admin" },
    roleRef: { apiGroup: RBAC_GROUP, kind: "ClusterRole", name: "admin" },
    subjects: [{ kind: "User", name: "previous-owner" }],
  });
  const res = await del(`/api/v1/namespaces/${name}`);
  expect(res.status, res.text).toBe(200);
  await namespaceControllerRan(name);
}

describe("namespace finalizers", () => {
  it("an update of a terminating namespace does not delete it while spec.finalizers remain", async () => {
    const name = unique("ns");
    await deletedWithBinding(name);
    const res = await patch(`/api/v1/namespaces/${name}`, { metadata: { labels: { touched: "yes" } } }, MERGE);
    expect(res.status, res.text).toBe(200);
    const after = await get(`/api/v1/namespaces/${name}`);
    expect(after.status, after.text).toBe(200);
    expect(after.body.status.phase).toBe("Terminating");
    expect(after.body.spec.finalizers).toEqual(["kubernetes"]);
    // So the name cannot be taken again while the old RoleBinding is still stored.
    expect((await post("/api/v1/namespaces", nsObject(name))).status).toBe(409);
  });

  it("a namespace created without finalizers still gets `kubernetes`", async () => {
    const name = unique("ns");
    const res = await post("/api/v1/namespaces", nsObject(name, { finalizers: [] }));
    expect(res.status, res.text).toBe(201);
    expect(res.body.spec.finalizers).toEqual(["kubernetes"]);
  });

  it("a deleted namespace created without finalizers does not vanish with its content in place", async () => {
    const name = unique("ns");
    await deletedWithBinding(name, { finalizers: [] });
    expect((await get(`/api/v1/namespaces/${name}`)).body.status?.phase).toBe("Terminating");
    expect((await post("/api/v1/namespaces", nsObject(name))).status).toBe(409);
    // The namespace controller removed the old grant before anything could free the name.
    expect((await get(`${RBAC}/namespaces/${name}/rolebindings/old-admin`)).status).toBe(404);
    expect((await as({ user: "previous-owner" }, "GET", `/api/v1/namespaces/${name}/secrets`)).status).toBe(403);
  });

  it("PUT and PATCH of the main resource cannot drop spec.finalizers", async () => {
    const name = unique("ns");
    await created("/api/v1/namespaces", nsObject(name));
    const current = (await get(`/api/v1/namespaces/${name}`)).body;
    const res = await put(`/api/v1/namespaces/${name}`, { ...current, spec: { finalizers: [] } });
    expect(res.status, res.text).toBe(200);
    expect(res.body.spec.finalizers).toEqual(["kubernetes"]);
    const patched = await patch(`/api/v1/namespaces/${name}`, { spec: { finalizers: null } }, MERGE);
    expect(patched.status, patched.text).toBe(200);
    expect(patched.body.spec.finalizers).toEqual(["kubernetes"]);
  });
});
