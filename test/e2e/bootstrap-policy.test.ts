/**
 * The bootstrap RBAC policy and ClusterRole aggregation as a user sees them with the real kubectl:
 * `kubectl get clusterroles` lists upstream's default roles, `kubectl describe clusterrole view` prints its
 * aggregated rules, and a ClusterRole labelled aggregate-to-view shows up in view (and leaves with its label).
 */
import { describe, expect, it } from "vitest";
import { useKubectlServer } from "./kubectl-session";

const kc = useKubectlServer();
const { ok } = kc;

const names = (table: string) => table.split("\n").slice(1).map((l) => l.split(/\s+/)[0]).filter(Boolean);

describe("bootstrap RBAC policy", () => {
  it("kubectl get clusterroles lists upstream's default roles", async () => {
    const table = await ok(["get", "clusterroles"]);
    expect(table).toMatch(/^NAME\s+CREATED AT$/m);
    expect(names(table)).toEqual(
      expect.arrayContaining([
        "admin",
        "cluster-admin",
        "edit",
        "view",
        "system:aggregate-to-view",
        "system:basic-user",
        "system:discovery",
        "system:public-info-viewer",
        "system:node",
        "system:kube-scheduler",
        "system:kube-controller-manager",
        "system:controller:deployment-controller",
        "system:controller:clusterrole-aggregation-controller",
        "system:certificates.k8s.io:kube-apiserver-client-approver",
      ]),
    );
  });

  it("kubectl get clusterrolebindings -o wide shows who is bound", async () => {
    const table = await ok(["get", "clusterrolebindings", "-o", "wide"]);
    expect(table).toMatch(/^cluster-admin\s+ClusterRole\/cluster-admin\s+\S+\s+system:masters\s*$/m);
    expect(table).toMatch(/^system:public-info-viewer\s+ClusterRole\/system:public-info-viewer\s+\S+\s+system:authenticated, system:unauthenticated\s*$/m);
    expect(table).toMatch(/^system:controller:job-controller\s+ClusterRole\/system:controller:job-controller\s+\S+\s+kube-system\/job-controller\s*$/m);
  });

  it("kubectl get roles -n kube-system lists the namespaced bootstrap roles", async () => {
    const table = await ok(["get", "roles", "-n", "kube-system"]);
    expect(names(table)).toEqual(
      expect.arrayContaining([
        "extension-apiserver-authentication-reader",
        "system::leader-locking-kube-controller-manager",
        "system::leader-locking-kube-scheduler",
        "system:controller:bootstrap-signer",
      ]),
    );
  });

  it("kubectl describe clusterrole view prints the aggregated rules", async () => {
    const out = await ok(["describe", "clusterrole", "view"]);
    expect(out).toMatch(/^Name:\s+view$/m);
    expect(out).toMatch(/^Labels:\s+kubernetes\.io\/bootstrapping=rbac-defaults\n\s+rbac\.authorization\.k8s\.io\/aggregate-to-edit=true$/m);
    expect(out).toMatch(/^Annotations:\s+rbac\.authorization\.kubernetes\.io\/autoupdate: true$/m);
    expect(out).toMatch(/^\s+Resources\s+Non-Resource URLs\s+Resource Names\s+Verbs$/m);
    expect(out).toMatch(/^\s+pods\s+\[\]\s+\[\]\s+\[get list watch\]$/m);
    expect(out).toMatch(/^\s+deployments\.apps\s+\[\]\s+\[\]\s+\[get list watch\]$/m);
    expect(out).not.toMatch(/^\s+secrets\s/m);
  });
});

describe("ClusterRole aggregation", () => {
  it("a ClusterRole labelled aggregate-to-view joins view until its label is removed", async () => {
    const manifest = [
      "apiVersion: rbac.authorization.k8s.io/v1",
      "kind: ClusterRole",
      "metadata:",
      "  name: widget-viewer",
      "  labels:",
      '    rbac.authorization.k8s.io/aggregate-to-view: "true"',
      "rules:",
      "- apiGroups: [widgets.example.com]",
      "  resources: [widgets]",
      "  verbs: [get, list, watch]",
      "",
    ].join("\n");
    await ok(["apply", "-f", "-"], { stdin: manifest });
    const row = /^\s+widgets\.widgets\.example\.com\s+\[\]\s+\[\]\s+\[get list watch\]$/m;
    expect(await ok(["describe", "clusterrole", "view"])).toMatch(row);
    expect(await ok(["describe", "clusterrole", "admin"])).toMatch(row);

    await ok(["label", "clusterrole", "widget-viewer", "rbac.authorization.k8s.io/aggregate-to-view-"]);
    expect(await ok(["describe", "clusterrole", "view"])).not.toMatch(row);
    expect(await ok(["describe", "clusterrole", "edit"])).not.toMatch(row);
  });
});
