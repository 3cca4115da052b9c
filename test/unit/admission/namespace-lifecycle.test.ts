/** NamespaceLifecycle decisions (k8s.io/apiserver admission/plugin/namespace/lifecycle). */
import { describe, expect, it } from "vitest";
import { lifecycleScope, namespaceVerdict, type LifecycleRequest } from "../../../worker/admission/namespace-lifecycle";

const req = (r: Partial<LifecycleRequest>): LifecycleRequest => ({ operation: "CREATE", group: "", kind: "ConfigMap", resource: "configmaps", ...r });
const nsReq = (operation: LifecycleRequest["operation"], name: string) => req({ operation, kind: "Namespace", resource: "namespaces", name });

describe("lifecycleScope", () => {
  it.each<[string, LifecycleRequest, string]>([
    ["deleting default", nsReq("DELETE", "default"), "forbid-immortal-delete"],
    ["deleting kube-system", nsReq("DELETE", "kube-system"), "forbid-immortal-delete"],
    ["deleting kube-public", nsReq("DELETE", "kube-public"), "forbid-immortal-delete"],
    ["deleting kube-node-lease is allowed", nsReq("DELETE", "kube-node-lease"), "allow"],
    ["deleting any other namespace", nsReq("DELETE", "team"), "allow"],
    ["updating default", nsReq("UPDATE", "default"), "allow"],
    ["creating a namespace", nsReq("CREATE", "team"), "allow"],
    ["a cluster-scoped kind", req({ kind: "ClusterRole", group: "rbac.authorization.k8s.io", resource: "clusterroles" }), "allow"],
    ["creating in a namespace", req({ namespace: "team" }), "lookup"],
    ["updating in a namespace", req({ operation: "UPDATE", namespace: "team" }), "lookup"],
    ["deleting in a namespace", req({ operation: "DELETE", namespace: "team" }), "allow"],
    [
      "local subject access reviews",
      req({ group: "authorization.k8s.io", kind: "LocalSubjectAccessReview", resource: "localsubjectaccessreviews", namespace: "team" }),
      "allow",
    ],
  ])("%s → %s", (_name, r, expected) => {
    expect(lifecycleScope(r)).toBe(expected);
  });
});

describe("namespaceVerdict", () => {
  it.each<[LifecycleRequest["operation"], string | null | undefined, string]>([
    ["CREATE", "Active", "allow"],
    ["CREATE", null, "not-found"],
    ["UPDATE", null, "not-found"],
    ["CREATE", "Terminating", "terminating"],
    ["UPDATE", "Terminating", "allow"],
    ["CREATE", undefined, "allow"],
  ])("%s with phase %s → %s", (op, phase, expected) => {
    expect(namespaceVerdict(op, phase)).toBe(expected);
  });
});
