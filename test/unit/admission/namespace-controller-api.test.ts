/**
 * Namespace deletion through the real Worker: the `finalize` subresource and the namespace controller (after-write
 * hook, in the background after the DELETE, and cron resync), which writes with its own identity, so these also
 * depend on the bootstrap RBAC policy.
 */
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { registry } from "../../../schema/registry";
import type { Env } from "../../../worker/env";
import type { KubeObject } from "../../../schema/types";
import { runCron } from "../../../worker/cron";
import { namespaceControllerAfterWrite } from "../../../worker/controllers/namespace";
import type { ApiContext } from "../../../worker/handlers/context";
import { encodeForStore, listPrefix, objectKey, storeFor } from "../../../worker/storage";
import { configMap, del, freshNamespace, get, patch, post, put } from "../api/client";
import { as, MERGE, RBAC, RBAC_GROUP, unique } from "../security/helpers";
import { namespaceControllerRan, namespaceGone } from "./namespace-wait";

const ENV = env as unknown as Env;
const HOLD = "example.com/hold";

const nsObject = (name: string) => ({ apiVersion: "v1", kind: "Namespace", metadata: { name } });

async function createOk(path: string, body: unknown): Promise<void> {
  const res = await post(path, body);
  expect(res.status, `${path}: ${res.text}`).toBe(201);
}

/** Every object stored under `ns`, across all namespaced resources, read from the store itself. */
async function storedIn(ns: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of registry.all().filter((e) => e.namespaced)) {
    const res = await storeFor(ENV, entry).list(listPrefix(entry, ns));
    if (!res.ok) throw new Error(res.reason);
    for (const text of res.items) out.push(`${entry.resource}/${JSON.parse(text).metadata.name}`);
  }
  return [...new Set(out)].sort();
}

/** A namespace with ConfigMaps, a Secret, a Pod, a Role and a RoleBinding granting `user` admin in it. */
async function populated(ns: string, user: string): Promise<void> {
  await createOk(`/api/v1/namespaces/${ns}/configmaps`, configMap("a", { k: "v" }));
  await createOk(`/api/v1/namespaces/${ns}/configmaps`, configMap("b"));
  await createOk(`/api/v1/namespaces/${ns}/secrets`, { apiVersion: "v1", kind: "Secret", metadata: { name: "s" }, stringData: { p: "x" } });
  // Another scheduler's pod: the default scheduler would add a FailedScheduling Event (no nodes) to the namespace.
  await createOk(`/api/v1/namespaces/${ns}/pods`, { apiVersion: "v1", kind: "Pod", metadata: { name: "p" }, spec: { schedulerName: "held", containers: [{ name: "c", image: "nginx" }] } });
  await createOk(`${RBAC}/namespaces/${ns}/roles`, {
    apiVersion: `${RBAC_GROUP}/v1`,
    kind: "Role",
    metadata: { name: "reader" },
    rules: [{ apiGroups: [""], resources: ["configmaps"], verbs: ["get"] }],
  });
  await createOk(`${RBAC}/namespaces/${ns}/rolebindings`, {
    apiVersion: `${RBAC_GROUP}/v1`,
    kind: "RoleBinding",
    metadata: { name: "owner" },
    roleRef: { apiGroup: RBAC_GROUP, kind: "ClusterRole", name: "admin" },
    subjects: [{ apiGroup: RBAC_GROUP, kind: "User", name: user }],
  });
}

const NAMESPACES = registry.lookup("", "v1", "namespaces")!;

/** Marks namespace `ns` deleted behind the API's back (no hook runs) and returns it as stored. */
async function markDeleted(ns: string): Promise<KubeObject> {
  const key = objectKey(NAMESPACES, undefined, ns);
  const cur = await storeFor(ENV, NAMESPACES).get(key);
  if (!cur.ok) throw new Error("namespace missing");
  const marked = JSON.parse(cur.value);
  marked.metadata.deletionTimestamp = new Date().toISOString().replace(/\.\d{3}Z$/, "Z");
  marked.metadata.deletionGracePeriodSeconds = 0;
  expect((await storeFor(ENV, NAMESPACES).update(key, encodeForStore(marked), cur.revision)).ok).toBe(true);
  return marked;
}

/** The context of an admin's write of a namespace, as the after-write hooks receive it. */
const namespaceWriteContext = (waitUntil?: (p: Promise<unknown>) => void) =>
  ({ env: ENV, registry, entry: NAMESPACES, user: { username: "admin", groups: ["system:masters"] }, now: () => new Date(), warnings: [], waitUntil }) as unknown as ApiContext;

const conditionOf = (ns: { status?: { conditions?: { type: string }[] } }, type: string) => ns.status?.conditions?.find((c) => c.type === type);

beforeAll(() => get("/api/v1/namespaces/default"), 60_000);

describe("deleting a namespace", () => {
  it("removes everything in it and then the namespace, in the background after the DELETE returned", async () => {
    const ns = await freshNamespace("nsc");
    await populated(ns, unique("owner"));
    expect(await storedIn(ns)).toEqual(
      ["configmaps/a", "configmaps/b", "configmaps/kube-root-ca.crt", "pods/p", "rolebindings/owner", "roles/reader", "secrets/s", "serviceaccounts/default"].sort(),
    );
    const res = await del(`/api/v1/namespaces/${ns}`);
    expect(res.status, res.text).toBe(200);
    expect(res.body.status.phase).toBe("Terminating");
    await namespaceGone(ns);
    expect(await storedIn(ns)).toEqual([]);
  });


  it("hands none of the old RBAC objects to a new namespace of the same name", async () => {
    const ns = await freshNamespace("nsc");
    const owner = unique("owner");
    await populated(ns, owner);
    expect((await as({ user: owner }, "GET", `/api/v1/namespaces/${ns}/secrets`)).status).toBe(200);
    expect((await del(`/api/v1/namespaces/${ns}`)).status).toBe(200);
    // The name is taken until the namespace is gone (AlreadyExists while Terminating).
    expect((await post("/api/v1/namespaces", nsObject(ns))).status).toBe(409);
    await namespaceGone(ns);
    await createOk("/api/v1/namespaces", nsObject(ns));
    expect((await get(`${RBAC}/namespaces/${ns}/rolebindings`)).body.items).toEqual([]);
    expect((await get(`${RBAC}/namespaces/${ns}/roles`)).body.items).toEqual([]);
    expect((await get(`/api/v1/namespaces/${ns}/secrets`)).body.items).toEqual([]);
    expect((await as({ user: owner }, "GET", `/api/v1/namespaces/${ns}/secrets`)).status).toBe(403);
  });
});

describe("the after-write hook", () => {
  it("hands the pass to the invocation's waitUntil, which runs it after the delay", async () => {
    const ns = await freshNamespace("nsc");
    await populated(ns, unique("owner"));
    const marked = await markDeleted(ns);
    const background: Promise<unknown>[] = [];
    await namespaceControllerAfterWrite(namespaceWriteContext((p) => background.push(p)), { type: "MODIFIED", object: marked });
    expect(background).toHaveLength(1);
    // Nothing was deleted yet: the pass waits NAMESPACE_CLEANUP_DELAY_MS (200 ms in the test bindings).
    expect((await get(`/api/v1/namespaces/${ns}/configmaps/a`)).status).toBe(200);
    await Promise.all(background);
    expect((await get(`/api/v1/namespaces/${ns}`)).status).toBe(404);
    expect(await storedIn(ns)).toEqual([]);
  });

  it("runs the pass before it returns when there is no waitUntil (internal callers)", async () => {
    const ns = await freshNamespace("nsc");
    await populated(ns, unique("owner"));
    const marked = await markDeleted(ns);
    await namespaceControllerAfterWrite(namespaceWriteContext(), { type: "MODIFIED", object: marked });
    expect((await get(`/api/v1/namespaces/${ns}`)).status).toBe(404);
    expect(await storedIn(ns)).toEqual([]);
  });
});

describe("content held by a finalizer", () => {
  /** A terminating namespace whose ConfigMap `held` carries a finalizer; everything else already gone. */
  async function heldNamespace(): Promise<string> {
    const ns = await freshNamespace("nsc");
    await populated(ns, unique("owner"));
    await createOk(`/api/v1/namespaces/${ns}/configmaps`, { ...configMap("held"), metadata: { name: "held", finalizers: [HOLD] } });
    expect((await del(`/api/v1/namespaces/${ns}`)).status).toBe(200);
    await namespaceControllerRan(ns);
    return ns;
  }

  it("keeps the namespace Terminating with upstream's conditions; the rest of its content is gone", async () => {
    const ns = await heldNamespace();
    const got = await get(`/api/v1/namespaces/${ns}`);
    expect(got.status, got.text).toBe(200);
    expect(got.body.status.phase).toBe("Terminating");
    expect(got.body.spec.finalizers).toEqual(["kubernetes"]);
    expect(conditionOf(got.body, "NamespaceContentRemaining")).toMatchObject({
      status: "True",
      reason: "SomeResourcesRemain",
      message: "Some resources are remaining: configmaps. has 1 resource instances",
    });
    expect(conditionOf(got.body, "NamespaceFinalizersRemaining")).toMatchObject({
      status: "True",
      reason: "SomeFinalizersRemain",
      message: `Some content in the namespace has finalizers remaining: ${HOLD} in 1 resource instances`,
    });
    expect(conditionOf(got.body, "NamespaceDeletionContentFailure")).toMatchObject({ status: "False", reason: "ContentDeleted" });
    expect(await storedIn(ns)).toEqual(["configmaps/held"]);
    expect((await get(`/api/v1/namespaces/${ns}/configmaps/held`)).body.metadata.deletionTimestamp).toBeTruthy();
    // A second DELETE answers with the namespace, as upstream's REST.Delete does while spec.finalizers remain.
    const again = await del(`/api/v1/namespaces/${ns}`);
    expect(again.status, again.text).toBe(200);
    expect(again.body.metadata.name).toBe(ns);
  });

  it("does not get its default ServiceAccount or root CA ConfigMap back, even from the cron resync", async () => {
    const ns = await heldNamespace();
    await runCron(ENV, registry);
    expect((await get(`/api/v1/namespaces/${ns}/serviceaccounts/default`)).status).toBe(404);
    expect((await get(`/api/v1/namespaces/${ns}/configmaps/kube-root-ca.crt`)).status).toBe(404);
    expect((await get(`/api/v1/namespaces/${ns}`)).body.status.phase).toBe("Terminating");
  });

  it("completes once the finalizer is removed (the object's going triggers the controller)", async () => {
    const ns = await heldNamespace();
    const res = await patch(`/api/v1/namespaces/${ns}/configmaps/held`, { metadata: { finalizers: null } }, MERGE);
    expect(res.status, res.text).toBe(200);
    await namespaceGone(ns);
    expect(await storedIn(ns)).toEqual([]);
  });

  it("completes through the cron resync when the change that released it was missed", async () => {
    const ns = await heldNamespace();
    // Drop the finalizer behind the API's back: no hook runs, as if the event had been lost.
    const entry = registry.lookup("", "v1", "configmaps")!;
    const key = objectKey(entry, ns, "held");
    const cur = await storeFor(ENV, entry).get(key);
    if (!cur.ok) throw new Error("held ConfigMap missing");
    const held = JSON.parse(cur.value);
    delete held.metadata.finalizers;
    expect((await storeFor(ENV, entry).update(key, encodeForStore(held), cur.revision)).ok).toBe(true);
    expect((await get(`/api/v1/namespaces/${ns}`)).status).toBe(200);
    await runCron(ENV, registry);
    expect((await get(`/api/v1/namespaces/${ns}`)).status).toBe(404);
    expect(await storedIn(ns)).toEqual([]);
  });
});

describe("the cron resync", () => {
  it("empties and removes a namespace whose deletion no hook saw", async () => {
    const ns = await freshNamespace("nsc");
    await populated(ns, unique("owner"));
    await markDeleted(ns);
    await runCron(ENV, registry);
    expect((await get(`/api/v1/namespaces/${ns}`)).status).toBe(404);
    expect(await storedIn(ns)).toEqual([]);
  });
});

describe("namespaces/finalize", () => {
  it("is in discovery with verb update only", async () => {
    const res = await get("/api/v1");
    const finalize = res.body.resources.find((r: { name: string }) => r.name === "namespaces/finalize");
    expect(finalize).toMatchObject({ name: "namespaces/finalize", namespaced: false, kind: "Namespace", verbs: ["update"] });
  });

  it("is forbidden to users without update on namespaces/finalize", async () => {
    const ns = await freshNamespace("nsc");
    const current = (await get(`/api/v1/namespaces/${ns}`)).body;
    const res = await as({ user: "mallory" }, "PUT", `/api/v1/namespaces/${ns}/finalize`, { ...current, spec: { finalizers: [] } });
    expect(res.status, res.text).toBe(403);
    expect(res.body.message).toBe(
      // requestinfo.go gives /namespaces/{name}/finalize the namespace {name} itself.
      `namespaces "${ns}" is forbidden: User "mallory" cannot update resource "namespaces/finalize" in API group "" in the namespace "${ns}"`,
    );
    expect((await get(`/api/v1/namespaces/${ns}`)).body.spec.finalizers).toEqual(["kubernetes"]);
  });

  it("changes spec.finalizers and keeps the stored status", async () => {
    const ns = await freshNamespace("nsc");
    const current = (await get(`/api/v1/namespaces/${ns}`)).body;
    const res = await put(`/api/v1/namespaces/${ns}/finalize`, { ...current, spec: { finalizers: ["example.com/mine", "kubernetes"] }, status: { phase: "Terminating" } });
    expect(res.status, res.text).toBe(200);
    expect(res.body.spec.finalizers).toEqual(["example.com/mine", "kubernetes"]);
    expect(res.body.status.phase).toBe("Active");
    expect((await get(`/api/v1/namespaces/${ns}`)).body.spec.finalizers).toEqual(["example.com/mine", "kubernetes"]);
    expect((await get(`/api/v1/namespaces/${ns}`)).body.status).toEqual({ phase: "Active" });
  });

  it("other verbs on it are 405", async () => {
    const ns = await freshNamespace("nsc");
    const res = await get(`/api/v1/namespaces/${ns}/finalize`);
    expect(res.status, res.text).toBe(405);
  });

  it("removes a terminating namespace once spec.finalizers is emptied, whatever it still holds", async () => {
    const ns = await freshNamespace("nsc");
    await createOk(`/api/v1/namespaces/${ns}/configmaps`, { ...configMap("held"), metadata: { name: "held", finalizers: [HOLD] } });
    expect((await del(`/api/v1/namespaces/${ns}`)).status).toBe(200);
    const current = await namespaceControllerRan(ns);
    expect(current.status.phase).toBe("Terminating");
    const res = await put(`/api/v1/namespaces/${ns}/finalize`, { ...current, spec: { finalizers: [] } });
    expect(res.status, res.text).toBe(200);
    expect((await get(`/api/v1/namespaces/${ns}`)).status).toBe(404);
  });

  it("a stale resourceVersion is a conflict", async () => {
    const ns = await freshNamespace("nsc");
    const current = (await get(`/api/v1/namespaces/${ns}`)).body;
    expect((await patch(`/api/v1/namespaces/${ns}`, { metadata: { labels: { bump: "1" } } }, MERGE)).status).toBe(200);
    const res = await put(`/api/v1/namespaces/${ns}/finalize`, { ...current, spec: { finalizers: [] } });
    expect(res.status, res.text).toBe(409);
  });
});
