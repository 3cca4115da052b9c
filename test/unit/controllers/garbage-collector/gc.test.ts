/**
 * The garbage collector through the real Worker: ConfigMap and Secret dependents of ConfigMap (and
 * ClusterRole) owners, deleted in background, orphan and foreground modes, and dangling references.
 */
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { registry } from "../../../../schema/registry";
import type { Env } from "../../../../worker/env";
import { ControllerApi } from "../../../../worker/controllers/framework/api";
import { garbageCollectorLoop } from "../../../../worker/controllers/garbage-collector";
import { scanKey } from "../../../../worker/controllers/garbage-collector/keys";
import { del, freshNamespace, get, patch, post } from "../../api/client";
import { unique } from "../../security/helpers";
import { eventually, MERGE, type Obj } from "../kwok";

const ENV = env as unknown as Env;
const gcApi = () => new ControllerApi(ENV, registry, garbageCollectorLoop.user, garbageCollectorLoop.component);

const cmPath = (ns: string, name = "") => `/api/v1/namespaces/${ns}/configmaps${name ? `/${name}` : ""}`;
const secretPath = (ns: string, name = "") => `/api/v1/namespaces/${ns}/secrets${name ? `/${name}` : ""}`;

interface Ref {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  blockOwnerDeletion?: boolean;
}
const refTo = (owner: Obj, extra: Partial<Ref> = {}): Ref => ({ apiVersion: owner.apiVersion, kind: owner.kind, name: owner.metadata.name, uid: owner.metadata.uid, ...extra });

async function created(path: string, body: Obj): Promise<Obj> {
  const res = await post(path, body);
  expect(res.status, res.text).toBe(201);
  return res.body;
}

function configMap(ns: string, name: string, refs: Ref[] = [], finalizers?: string[]): Promise<Obj> {
  const metadata: Obj = { name, ...(refs.length ? { ownerReferences: refs } : {}), ...(finalizers ? { finalizers } : {}) };
  return created(cmPath(ns), { apiVersion: "v1", kind: "ConfigMap", metadata, data: { k: "v" } });
}

function secret(ns: string, name: string, refs: Ref[]): Promise<Obj> {
  return created(secretPath(ns), { apiVersion: "v1", kind: "Secret", metadata: { name, ownerReferences: refs }, data: { k: "dg==" } });
}

async function gone(path: string): Promise<void> {
  await eventually(async () => expect((await get(path)).status).toBe(404));
}

async function current(path: string): Promise<Obj> {
  const res = await get(path);
  expect(res.status, res.text).toBe(200);
  return res.body;
}

describe("background deletion (the default)", () => {
  it("deletes the dependents once the owner is gone", async () => {
    const ns = await freshNamespace("gc");
    const owner = await configMap(ns, "owner");
    await configMap(ns, "dep-cm", [refTo(owner)]);
    await secret(ns, "dep-secret", [refTo(owner, { blockOwnerDeletion: true })]);
    const res = await del(cmPath(ns, "owner"));
    expect(res.status, res.text).toBe(200);
    await gone(cmPath(ns, "owner"));
    await gone(cmPath(ns, "dep-cm"));
    await gone(secretPath(ns, "dep-secret"));
  });

  it("cascades: a dependent's own dependents follow it", async () => {
    const ns = await freshNamespace("gc");
    const owner = await configMap(ns, "root");
    const middle = await configMap(ns, "middle", [refTo(owner)]);
    await secret(ns, "leaf", [refTo(middle)]);
    await del(cmPath(ns, "root"));
    await gone(cmPath(ns, "middle"));
    await gone(secretPath(ns, "leaf"));
  });

  it("a cluster-scoped owner's namespaced dependents go with it", async () => {
    const ns = await freshNamespace("gc");
    const name = unique("gc-owner");
    const role = await created("/apis/rbac.authorization.k8s.io/v1/clusterroles", { apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRole", metadata: { name }, rules: [] });
    await configMap(ns, "dep", [refTo(role)]);
    expect((await del(`/apis/rbac.authorization.k8s.io/v1/clusterroles/${name}`)).status).toBe(200);
    await gone(cmPath(ns, "dep"));
  });

  it("keeps a dependent that still has another owner, without the gone one", async () => {
    const ns = await freshNamespace("gc");
    const a = await configMap(ns, "a");
    const b = await configMap(ns, "b");
    await configMap(ns, "shared", [refTo(a), refTo(b)]);
    await del(cmPath(ns, "a"));
    await eventually(async () => expect((await current(cmPath(ns, "shared"))).metadata.ownerReferences).toEqual([refTo(b)]));
  });
});

describe("dangling ownerReferences", () => {
  it("deletes an object whose owner has another uid", async () => {
    const ns = await freshNamespace("gc");
    const owner = await configMap(ns, "owner");
    await configMap(ns, "dep", [refTo(owner, { uid: "5c0ffee0-0000-4000-8000-000000000000" })]);
    await gone(cmPath(ns, "dep"));
    expect((await get(cmPath(ns, "owner"))).status).toBe(200);
  });

  it("deletes an object whose owner never existed", async () => {
    const ns = await freshNamespace("gc");
    await secret(ns, "dep", [{ apiVersion: "v1", kind: "ConfigMap", name: "nobody", uid: "5c0ffee0-0000-4000-8000-000000000001" }]);
    await gone(secretPath(ns, "dep"));
  });

  it("patches out a dangling reference beside a solid one", async () => {
    const ns = await freshNamespace("gc");
    const owner = await configMap(ns, "owner");
    const dangling = { apiVersion: "v1", kind: "ConfigMap", name: "owner", uid: "5c0ffee0-0000-4000-8000-000000000002" };
    await configMap(ns, "dep", [refTo(owner), dangling]);
    await eventually(async () => expect((await current(cmPath(ns, "dep"))).metadata.ownerReferences).toEqual([refTo(owner)]));
  });

  it("leaves alone a reference to a kind the cluster does not serve", async () => {
    const ns = await freshNamespace("gc");
    await configMap(ns, "dep", [{ apiVersion: "example.com/v1", kind: "Widget", name: "w", uid: "5c0ffee0-0000-4000-8000-000000000003" }]);
    await garbageCollectorLoop.sync!(gcApi(), scanKey(ns));
    expect((await get(cmPath(ns, "dep"))).status).toBe(200);
  });
});

describe("orphan deletion", () => {
  it("removes the ownerReference from the dependents, then the owner", async () => {
    const ns = await freshNamespace("gc");
    const owner = await configMap(ns, "owner");
    const other = await configMap(ns, "other");
    await configMap(ns, "dep", [refTo(owner, { blockOwnerDeletion: true }), refTo(other)]);
    await secret(ns, "dep2", [refTo(owner)]);
    const res = await del(cmPath(ns, "owner"), { apiVersion: "v1", kind: "DeleteOptions", propagationPolicy: "Orphan" });
    expect(res.status, res.text).toBe(200);
    await gone(cmPath(ns, "owner"));
    expect((await current(cmPath(ns, "dep"))).metadata.ownerReferences).toEqual([refTo(other)]);
    expect((await current(secretPath(ns, "dep2"))).metadata.ownerReferences).toBeUndefined();
  });

  it("waits for the owner's other finalizers", async () => {
    const ns = await freshNamespace("gc");
    const owner = await configMap(ns, "owner", [], ["example.com/hold"]);
    await configMap(ns, "dep", [refTo(owner)]);
    await del(cmPath(ns, "owner") + "?propagationPolicy=Orphan");
    await eventually(async () => expect((await current(cmPath(ns, "owner"))).metadata.finalizers).toEqual(["example.com/hold"]));
    expect((await current(cmPath(ns, "dep"))).metadata.ownerReferences).toBeUndefined();
  });
});

describe("foreground deletion", () => {
  it("deletes the dependents first; the owner waits for its blocking dependents", async () => {
    const ns = await freshNamespace("gc");
    const owner = await configMap(ns, "owner");
    await configMap(ns, "blocking", [refTo(owner, { blockOwnerDeletion: true })], ["example.com/hold"]);
    await secret(ns, "plain", [refTo(owner)]);
    const res = await del(cmPath(ns, "owner"), { apiVersion: "v1", kind: "DeleteOptions", propagationPolicy: "Foreground" });
    expect(res.status, res.text).toBe(200);
    expect(res.body.metadata.finalizers).toEqual(["foregroundDeletion"]);

    await gone(secretPath(ns, "plain"));
    await eventually(async () => expect((await current(cmPath(ns, "blocking"))).metadata.deletionTimestamp).toBeTruthy());
    const waiting = await current(cmPath(ns, "owner"));
    expect(waiting.metadata.deletionTimestamp).toBeTruthy();
    expect(waiting.metadata.finalizers).toEqual(["foregroundDeletion"]);

    // The blocking dependent goes (its own finalizer done): the owner follows.
    expect((await patch(cmPath(ns, "blocking"), { metadata: { finalizers: null } }, MERGE)).status).toBe(200);
    await gone(cmPath(ns, "blocking"));
    await gone(cmPath(ns, "owner"));
  });

  it("a dependent that has dependents is deleted in the foreground too", async () => {
    const ns = await freshNamespace("gc");
    const owner = await configMap(ns, "owner");
    const middle = await configMap(ns, "middle", [refTo(owner, { blockOwnerDeletion: true })]);
    await secret(ns, "leaf", [refTo(middle, { blockOwnerDeletion: true })]);
    await del(cmPath(ns, "owner") + "?propagationPolicy=Foreground");
    await gone(secretPath(ns, "leaf"));
    await gone(cmPath(ns, "middle"));
    await gone(cmPath(ns, "owner"));
  });

  it("an owner without blocking dependents goes at once; its other dependents are still collected", async () => {
    const ns = await freshNamespace("gc");
    const owner = await configMap(ns, "owner");
    await configMap(ns, "dep", [refTo(owner, { blockOwnerDeletion: false })]);
    await del(cmPath(ns, "owner") + "?propagationPolicy=Foreground");
    await gone(cmPath(ns, "owner"));
    await gone(cmPath(ns, "dep"));
  });
});

describe("converged", () => {
  it("a scan changes nothing when every owner is there", async () => {
    const ns = await freshNamespace("gc");
    const owner = await configMap(ns, "owner");
    const dep = await secret(ns, "dep", [refTo(owner, { blockOwnerDeletion: true })]);
    await garbageCollectorLoop.sync!(gcApi(), scanKey(ns));
    await garbageCollectorLoop.sync!(gcApi(), scanKey());
    const after = await current(secretPath(ns, "dep"));
    expect(after.metadata.resourceVersion).toBe(dep.metadata.resourceVersion);
    expect(after.metadata.ownerReferences).toEqual([refTo(owner, { blockOwnerDeletion: true })]);
  });

  it("cost of a scan (measured, not asserted)", async () => {
    const ns = await freshNamespace("gc");
    const owner = await configMap(ns, "owner");
    for (let i = 0; i < 20; i++) await configMap(ns, `dep-${i}`, [refTo(owner)]);
    const api = gcApi();
    let t = Date.now();
    await garbageCollectorLoop.sync!(api, scanKey(ns));
    const nsMs = Date.now() - t;
    t = Date.now();
    await garbageCollectorLoop.sync!(api, scanKey());
    console.log(`garbage collector: scan of a namespace (21 objects) ${nsMs} ms, of the cluster ${Date.now() - t} ms`);
    expect((await get(cmPath(ns, "dep-19"))).status).toBe(200);
  });
});
