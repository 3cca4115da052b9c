/**
 * Bootstrap of the RBAC policy in a real Worker and Store: what a fresh cluster serves, and reconciliation
 * when bootstrap runs again (as each new isolate does) over objects a cluster admin changed.
 */
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { del, get, patch, put } from "../api/client";
import { bootstrapRbacPolicy } from "../../../worker/authz/bootstrap-policy";
import { bootstrapPolicyObjects, CLUSTER_ROLES, normalizeRule } from "../../../worker/authz/policy";
import { registry } from "../../../schema/registry";
import type { Env } from "../../../worker/env";
import type { KubeObject } from "../../../schema/types";

const E = env as unknown as Env;
const RBAC = "/apis/rbac.authorization.k8s.io/v1";
const AUTOUPDATE = "rbac.authorization.kubernetes.io/autoupdate";
const MERGE = "application/merge-patch+json";
const rulesOf = (name: string) => CLUSTER_ROLES.find((r) => r.name === name)!.rules!.map(normalizeRule);

async function fetchOk(path: string): Promise<KubeObject> {
  const res = await get(path);
  expect(res.status, res.text).toBe(200);
  return res.body;
}

// The first request bootstraps the cluster (over a hundred RBAC objects): slow on a loaded machine.
beforeAll(async () => {
  expect((await get("/version")).status).toBe(200);
}, 60_000);

describe("a fresh cluster", () => {
  it("serves every bootstrap object", async () => {
    const names = async (path: string) => ((await fetchOk(path)).items as KubeObject[]).map((o) => o.metadata.name);
    const want = (kind: string, ns?: string) =>
      bootstrapPolicyObjects()
        .filter((o) => o.kind === kind && o.metadata.namespace === ns)
        .map((o) => o.metadata.name);
    expect(await names(`${RBAC}/clusterroles`)).toEqual(expect.arrayContaining(want("ClusterRole")));
    expect(await names(`${RBAC}/clusterrolebindings`)).toEqual(expect.arrayContaining(want("ClusterRoleBinding")));
    for (const ns of ["kube-system", "kube-public"]) {
      expect(await names(`${RBAC}/namespaces/${ns}/roles`)).toEqual(expect.arrayContaining(want("Role", ns)));
      expect(await names(`${RBAC}/namespaces/${ns}/rolebindings`)).toEqual(expect.arrayContaining(want("RoleBinding", ns)));
    }
  });

  it("stores them as the API would: uid, creationTimestamp, labels, annotation, fields owned by kube-apiserver", async () => {
    const role = await fetchOk(`${RBAC}/clusterroles/system:kube-dns`);
    expect(role.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(role.metadata.creationTimestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(role.metadata.labels).toEqual({ "kubernetes.io/bootstrapping": "rbac-defaults" });
    expect(role.metadata.annotations).toEqual({ [AUTOUPDATE]: "true" });
    expect(role.metadata.managedFields).toEqual([
      expect.objectContaining({ manager: "kube-apiserver", operation: "Update", apiVersion: "rbac.authorization.k8s.io/v1", fieldsType: "FieldsV1" }),
    ]);
    expect(role.rules).toEqual([{ verbs: ["list", "watch"], apiGroups: [""], resources: ["endpoints", "services"] }]);
  });

  it("has admin, edit and view filled with their aggregated rules", async () => {
    const view = await fetchOk(`${RBAC}/clusterroles/view`);
    const edit = await fetchOk(`${RBAC}/clusterroles/edit`);
    const admin = await fetchOk(`${RBAC}/clusterroles/admin`);
    expect(view.rules).toEqual(rulesOf("system:aggregate-to-view"));
    expect(edit.rules).toEqual([...rulesOf("system:aggregate-to-edit"), ...rulesOf("system:aggregate-to-view")]);
    expect(admin.rules).toEqual([...edit.rules, ...rulesOf("system:aggregate-to-admin")]);
    expect(view.aggregationRule).toEqual({ clusterRoleSelectors: [{ matchLabels: { "rbac.authorization.k8s.io/aggregate-to-view": "true" } }] });
  });

  it("binds the controllers' service accounts and the well-known groups", async () => {
    const agg = await fetchOk(`${RBAC}/clusterrolebindings/system:controller:clusterrole-aggregation-controller`);
    expect(agg.subjects).toEqual([{ kind: "ServiceAccount", name: "clusterrole-aggregation-controller", namespace: "kube-system" }]);
    const basic = await fetchOk(`${RBAC}/clusterrolebindings/system:basic-user`);
    expect(basic.subjects).toEqual([{ kind: "Group", apiGroup: "rbac.authorization.k8s.io", name: "system:authenticated" }]);
    const node = await fetchOk(`${RBAC}/clusterrolebindings/system:node`);
    expect(node.subjects).toBeUndefined();
  });
});

describe("bootstrap again (a new isolate)", () => {
  it("writes nothing when nothing changed", async () => {
    await bootstrapRbacPolicy(E, registry);
    const before = (await fetchOk(`${RBAC}/clusterroles`)).metadata.resourceVersion;
    await bootstrapRbacPolicy(E, registry);
    expect((await fetchOk(`${RBAC}/clusterroles`)).metadata.resourceVersion).toBe(before);
  });

  it("adds back missing rules and labels (union), keeping what the admin added", async () => {
    const path = `${RBAC}/clusterroles/system:kube-dns`;
    const extra = { verbs: ["get"], apiGroups: [""], resources: ["pods"] };
    const res = await patch(path, { metadata: { labels: { team: "dns", "kubernetes.io/bootstrapping": null } }, rules: [extra] }, MERGE);
    expect(res.status, res.text).toBe(200);
    await bootstrapRbacPolicy(E, registry);
    const role = await fetchOk(path);
    expect(role.metadata.labels).toEqual({ team: "dns", "kubernetes.io/bootstrapping": "rbac-defaults" });
    expect(role.rules).toEqual([
      extra,
      { verbs: ["list"], apiGroups: [""], resources: ["endpoints"] },
      { verbs: ["watch"], apiGroups: [""], resources: ["endpoints"] },
      { verbs: ["list"], apiGroups: [""], resources: ["services"] },
      { verbs: ["watch"], apiGroups: [""], resources: ["services"] },
    ]);
    expect(role.metadata.managedFields.map((m: KubeObject) => m.manager)).toContain("kube-apiserver");
  });

  it("leaves objects annotated autoupdate=false alone", async () => {
    const path = `${RBAC}/clusterroles/system:heapster`;
    const res = await patch(path, { metadata: { annotations: { [AUTOUPDATE]: "false" } }, rules: [] }, MERGE);
    expect(res.status, res.text).toBe(200);
    const rv = res.body.metadata.resourceVersion;
    await bootstrapRbacPolicy(E, registry);
    const role = await fetchOk(path);
    expect(role.metadata.resourceVersion).toBe(rv);
    expect(role.rules).toBeUndefined();
  });

  it("two isolates reconciling at once both succeed, and write each change once", async () => {
    const path = `${RBAC}/clusterroles/system:kube-aggregator`;
    const res = await patch(path, { rules: [] }, MERGE);
    expect(res.status, res.text).toBe(200);
    expect((await del(`${RBAC}/namespaces/kube-public/rolebindings/system:controller:bootstrap-signer`)).status).toBe(200);

    await Promise.all([bootstrapRbacPolicy(E, registry), bootstrapRbacPolicy(E, registry)]);
    expect((await fetchOk(path)).rules).toHaveLength(6);
    const binding = await fetchOk(`${RBAC}/namespaces/kube-public/rolebindings/system:controller:bootstrap-signer`);
    expect(binding.subjects).toEqual([{ kind: "ServiceAccount", name: "bootstrap-signer", namespace: "kube-system" }]);
  });

  it("re-creates a deleted bootstrap binding and adds back a removed subject", async () => {
    const kubeSystem = `${RBAC}/namespaces/kube-system/rolebindings`;
    expect((await del(`${kubeSystem}/system:controller:token-cleaner`)).status).toBe(200);
    const binding = await fetchOk(`${RBAC}/clusterrolebindings/system:public-info-viewer`);
    binding.subjects = [{ kind: "User", apiGroup: "rbac.authorization.k8s.io", name: "someone" }];
    expect((await put(`${RBAC}/clusterrolebindings/system:public-info-viewer`, binding)).status).toBe(200);

    await bootstrapRbacPolicy(E, registry);
    const recreated = await fetchOk(`${kubeSystem}/system:controller:token-cleaner`);
    expect(recreated.subjects).toEqual([{ kind: "ServiceAccount", name: "token-cleaner", namespace: "kube-system" }]);
    expect((await fetchOk(`${RBAC}/clusterrolebindings/system:public-info-viewer`)).subjects).toEqual([
      { kind: "User", apiGroup: "rbac.authorization.k8s.io", name: "someone" },
      { kind: "Group", apiGroup: "rbac.authorization.k8s.io", name: "system:authenticated" },
      { kind: "Group", apiGroup: "rbac.authorization.k8s.io", name: "system:unauthenticated" },
    ]);
  });
});
