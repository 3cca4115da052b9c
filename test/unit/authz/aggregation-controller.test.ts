/**
 * The clusterrole-aggregation controller in a real Worker: ClusterRoles labelled aggregate-to-view feed
 * view (and through it edit and admin) on the very next request; removing the label or the role takes the
 * rules away; manual edits of an aggregated role are undone; the cron resync repairs what a hook missed.
 * The controller writes through the API as its service account, so these pass only with RBAC granting
 * system:controller:clusterrole-aggregation-controller its bootstrap role.
 */
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { del, get, patch, post, put } from "../api/client";
import { resyncAggregatedClusterRoles } from "../../../worker/authz/aggregation";
import { registry } from "../../../schema/registry";
import { objectKey, storeFor, encodeForStore } from "../../../worker/storage";
import type { Env } from "../../../worker/env";
import type { KubeObject } from "../../../schema/types";

const E = env as unknown as Env;
const RBAC = "/apis/rbac.authorization.k8s.io/v1";
const MERGE = "application/merge-patch+json";
let n = 0;
const unique = (p: string) => `${p}-${Date.now().toString(36)}-${n++}`;

const fooRule = (resource: string) => ({ verbs: ["get", "list", "watch"], apiGroups: ["example.com"], resources: [resource] });
const labelled = (name: string, to: string, rules: KubeObject[]) => ({
  apiVersion: "rbac.authorization.k8s.io/v1",
  kind: "ClusterRole",
  metadata: { name, labels: { [`rbac.authorization.k8s.io/aggregate-to-${to}`]: "true" } },
  rules,
});

async function rulesOf(name: string): Promise<KubeObject[]> {
  const res = await get(`${RBAC}/clusterroles/${name}`);
  expect(res.status, res.text).toBe(200);
  return res.body.rules ?? [];
}

// The first request bootstraps the cluster (over a hundred RBAC objects): slow on a loaded machine.
beforeAll(async () => {
  expect((await get("/version")).status).toBe(200);
}, 60_000);

describe("clusterrole aggregation", () => {
  it("a ClusterRole labelled aggregate-to-view adds its rules to view, edit and admin at once", async () => {
    const name = unique("foo-viewer");
    const rule = fooRule(unique("foos"));
    const res = await post(`${RBAC}/clusterroles`, labelled(name, "view", [rule]));
    expect(res.status, res.text).toBe(201);
    for (const role of ["view", "edit", "admin"]) expect(await rulesOf(role)).toContainEqual(rule);
    expect(await rulesOf("cluster-admin")).not.toContainEqual(rule);

    const view = (await get(`${RBAC}/clusterroles/view`)).body;
    expect(view.metadata.managedFields).toContainEqual(
      expect.objectContaining({ manager: "clusterrole-aggregation-controller", operation: "Apply" }),
    );
  });

  it("removing the label or deleting the role removes the rules", async () => {
    const a = unique("foo-a");
    const b = unique("foo-b");
    const ruleA = fooRule(unique("as"));
    const ruleB = fooRule(unique("bs"));
    expect((await post(`${RBAC}/clusterroles`, labelled(a, "view", [ruleA]))).status).toBe(201);
    expect((await post(`${RBAC}/clusterroles`, labelled(b, "edit", [ruleB]))).status).toBe(201);
    expect(await rulesOf("view")).toContainEqual(ruleA);
    expect(await rulesOf("edit")).toEqual(expect.arrayContaining([ruleA, ruleB]));
    expect(await rulesOf("view")).not.toContainEqual(ruleB);

    const unlabel = await patch(`${RBAC}/clusterroles/${a}`, { metadata: { labels: { "rbac.authorization.k8s.io/aggregate-to-view": null } } }, MERGE);
    expect(unlabel.status, unlabel.text).toBe(200);
    for (const role of ["view", "edit", "admin"]) expect(await rulesOf(role)).not.toContainEqual(ruleA);

    expect((await del(`${RBAC}/clusterroles/${b}`)).status).toBe(200);
    for (const role of ["edit", "admin"]) expect(await rulesOf(role)).not.toContainEqual(ruleB);
  });

  it("a new aggregated ClusterRole is filled on creation, and follows its selector", async () => {
    const label = unique("example.com/aggregate-to-mine").replace(/[^a-z0-9./-]/g, "");
    const part = unique("part");
    const rule = fooRule(unique("parts"));
    const agg = unique("mine");
    const created = await post(`${RBAC}/clusterroles`, {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "ClusterRole",
      metadata: { name: agg },
      aggregationRule: { clusterRoleSelectors: [{ matchLabels: { [label]: "true" } }] },
    });
    expect(created.status, created.text).toBe(201);
    expect(await rulesOf(agg)).toEqual([]);
    expect((await post(`${RBAC}/clusterroles`, { ...labelled(part, "none", [rule]), metadata: { name: part, labels: { [label]: "true" } } })).status).toBe(201);
    expect(await rulesOf(agg)).toEqual([rule]);
  });

  it("undoes manual edits of an aggregated role's rules", async () => {
    const view = (await get(`${RBAC}/clusterroles/view`)).body;
    const before = view.rules;
    const res = await put(`${RBAC}/clusterroles/view`, { ...view, rules: [] });
    expect(res.status, res.text).toBe(200);
    expect(await rulesOf("view")).toEqual(before);
  });

  it("the cron resync repairs a role whose change no hook saw", async () => {
    const edit = (await get(`${RBAC}/clusterroles/edit`)).body;
    const before = edit.rules;
    const entry = registry.lookup("rbac.authorization.k8s.io", "v1", "clusterroles")!;
    const stale = { ...edit, rules: before.slice(1) };
    const written = await storeFor(E, entry).update(objectKey(entry, undefined, "edit"), encodeForStore(stale), Number(edit.metadata.resourceVersion));
    expect(written.ok).toBe(true);
    expect(await rulesOf("edit")).toEqual(before.slice(1));

    await resyncAggregatedClusterRoles(E, registry);
    expect(await rulesOf("edit")).toEqual(before);
  });
});
