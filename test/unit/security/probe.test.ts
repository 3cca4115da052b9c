import { SELF } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { BASE, TOKEN, call, configMap, deployment, freshNamespace, get, post, put } from "../api/client";
import { APPLY, MERGE, RBAC, RBAC_GROUP, as, grant, unique } from "./helpers";

beforeAll(async () => {
  await get("/livez");
}, 60_000);
const log = (tag: string, r: { status: number; text: string }) => console.log("PROBE", tag, r.status, r.text.slice(0, 200));

describe("probe", () => {
  it("node", async () => {
    const ns = await freshNamespace("p");
    const n1 = unique("n1"), n2 = unique("n2");
    await post("/api/v1/nodes", { apiVersion: "v1", kind: "Node", metadata: { name: n1 } });
    await post("/api/v1/nodes", { apiVersion: "v1", kind: "Node", metadata: { name: n2 } });
    await post(`/api/v1/namespaces/${ns}/secrets`, { apiVersion: "v1", kind: "Secret", metadata: { name: "s" }, data: {} });
    const node = { user: `system:node:${n1}`, groups: ["system:nodes"] };
    log("node-get-own", await as(node, "GET", `/api/v1/nodes/${n1}`));
    log("node-patch-other", await as(node, "PATCH", `/api/v1/nodes/${n2}`, { metadata: { labels: { x: "y" } } }, { contentType: MERGE }));
    log("node-apply-other", await as(node, "PATCH", `/api/v1/nodes/${n2}?fieldManager=k`, { apiVersion: "v1", kind: "Node", metadata: { name: n2, labels: { x: "y" } } }, { contentType: APPLY }));
    log("node-status-other", await as(node, "PATCH", `/api/v1/nodes/${n2}/status`, { status: { capacity: { cpu: "1" } } }, { contentType: MERGE }));
    log("node-delete-other", await as(node, "DELETE", `/api/v1/nodes/${n2}`));
    log("node-apply-new", await as(node, "PATCH", `/api/v1/nodes/${unique("n3")}?fieldManager=k`, { apiVersion: "v1", kind: "Node", metadata: { } }, { contentType: APPLY }));
    log("node-pod", await as(node, "POST", `/api/v1/namespaces/${ns}/pods`, { apiVersion: "v1", kind: "Pod", metadata: { name: "p" }, spec: { nodeName: n1, containers: [{ name: "a", image: "nginx" }] } }));
    log("node-secret", await as(node, "GET", `/api/v1/namespaces/${ns}/secrets/s`));
    log("node-secret-list", await as(node, "GET", `/api/v1/namespaces/${ns}/secrets?fieldSelector=metadata.name%3Ds`));
    // pod bound to n2 referencing secret; n1 must not read
    await post(`/api/v1/namespaces/${ns}/pods`, { apiVersion: "v1", kind: "Pod", metadata: { name: "p2" }, spec: { nodeName: n2, containers: [{ name: "a", image: "nginx", envFrom: [{ secretRef: { name: "s" } }] }] } });
    log("node-secret-other-node", await as(node, "GET", `/api/v1/namespaces/${ns}/secrets/s`));
    log("node-pods-all", await as(node, "GET", `/api/v1/pods?fieldSelector=spec.nodeName%3D${n1}`));
    log("node-pods-all-or", await as(node, "GET", `/api/v1/pods?fieldSelector=spec.nodeName%3D${n1},spec.nodeName%21%3D${n1}`));
    log("node-pod-status-other", await as(node, "PATCH", `/api/v1/namespaces/${ns}/pods/p2/status`, { status: { phase: "Failed" } }, { contentType: MERGE }));
    log("node-pod-delete-other", await as(node, "DELETE", `/api/v1/namespaces/${ns}/pods/p2`));
    log("node-pods-dc", await as(node, "DELETE", `/api/v1/namespaces/${ns}/pods`));
    log("node-lease-other", await as(node, "PATCH", `/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/${n2}?fieldManager=k`, { apiVersion: "coordination.k8s.io/v1", kind: "Lease", metadata: { name: n2 } }, { contentType: APPLY }));
  });
  it("reviews", async () => {
    const u = { user: unique("eve") };
    const sar = { apiVersion: "authorization.k8s.io/v1", kind: "SubjectAccessReview", spec: { user: "x", resourceAttributes: { verb: "get", resource: "pods" } } };
    log("sar", await as(u, "POST", "/apis/authorization.k8s.io/v1/subjectaccessreviews", sar));
    log("lsar", await as(u, "POST", "/apis/authorization.k8s.io/v1/namespaces/default/localsubjectaccessreviews", { ...sar, kind: "LocalSubjectAccessReview", spec: { ...sar.spec, resourceAttributes: { ...sar.spec.resourceAttributes, namespace: "default" } } }));
    log("tokenreview-anon", await call("POST", "/apis/authentication.k8s.io/v1/tokenreviews", { apiVersion: "authentication.k8s.io/v1", kind: "TokenReview", spec: { token: TOKEN } }, { token: null }));
    log("tokenreview-user", await as(u, "POST", "/apis/authentication.k8s.io/v1/tokenreviews", { apiVersion: "authentication.k8s.io/v1", kind: "TokenReview", spec: { token: TOKEN } }));
    log("ssar", await as(u, "POST", "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews", { apiVersion: "authorization.k8s.io/v1", kind: "SelfSubjectAccessReview", spec: { resourceAttributes: { verb: "get", resource: "pods" } } }));
    log("ssar-anon", await call("POST", "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews", { apiVersion: "authorization.k8s.io/v1", kind: "SelfSubjectAccessReview", spec: { resourceAttributes: { verb: "get", resource: "pods" } } }, { token: null }));
  });
  it("rbac semantics", async () => {
    const a = await freshNamespace("a");
    const b = await freshNamespace("b");
    const u = { user: unique("eve") };
    await post(`${RBAC}/namespaces/${a}/rolebindings`, { apiVersion: `${RBAC_GROUP}/v1`, kind: "RoleBinding", metadata: { name: "rb" }, roleRef: { apiGroup: RBAC_GROUP, kind: "ClusterRole", name: "cluster-admin" }, subjects: [{ kind: "User", name: u.user }] });
    log("rb-ca-nodes", await as(u, "GET", `/api/v1/nodes`));
    log("rb-ca-ns-nodes", await as(u, "GET", `/api/v1/namespaces/${a}/nodes`));
    log("rb-ca-other-ns", await as(u, "GET", `/api/v1/namespaces/${b}/configmaps`));
    log("rb-ca-all-ns", await as(u, "GET", `/api/v1/configmaps`));
    log("rb-ca-own-ns", await as(u, "GET", `/api/v1/namespaces/${a}`));
    log("rb-ca-other-nsobj", await as(u, "GET", `/api/v1/namespaces/${b}`));
    log("rb-ca-nsns", await as(u, "GET", `/api/v1/namespaces/${a}/namespaces/${b}`));
    log("rb-ca-crb", await as(u, "GET", `${RBAC}/clusterrolebindings`));
    log("rb-ca-rb-list-all", await as(u, "GET", `${RBAC}/rolebindings`));
    log("rb-ca-del-ns", await as(u, "DELETE", `/api/v1/namespaces/${b}`));
    log("rb-ca-create-ns", await as(u, "POST", `/api/v1/namespaces`, { apiVersion: "v1", kind: "Namespace", metadata: { name: unique("zz") } }));
    log("rb-ca-create-crb", await as(u, "POST", `${RBAC}/clusterrolebindings`, { apiVersion: `${RBAC_GROUP}/v1`, kind: "ClusterRoleBinding", metadata: { name: unique("crb") }, roleRef: { apiGroup: RBAC_GROUP, kind: "ClusterRole", name: "view" }, subjects: [{ kind: "User", name: u.user }] }));
    log("rb-ca-create-rb-b", await as(u, "POST", `${RBAC}/namespaces/${b}/rolebindings`, { apiVersion: `${RBAC_GROUP}/v1`, kind: "RoleBinding", metadata: { name: unique("rb") }, roleRef: { apiGroup: RBAC_GROUP, kind: "ClusterRole", name: "view" }, subjects: [{ kind: "User", name: u.user }] }));
    log("rb-ca-ns-status", await as(u, "PATCH", `/api/v1/namespaces/${a}/status`, { status: { phase: "Terminating" } }, { contentType: MERGE }));
    log("rb-ca-ns-finalize", await as(u, "PUT", `/api/v1/namespaces/${a}/finalize`, { apiVersion: "v1", kind: "Namespace", metadata: { name: a }, spec: { finalizers: [] } }));
    log("rb-ca-token-other", await as(u, "POST", `/api/v1/namespaces/${b}/serviceaccounts/default/token`, { apiVersion: "authentication.k8s.io/v1", kind: "TokenRequest", spec: {} }));
    // star resourceNames literal
    const v = { user: unique("vic") };
    await grant(v.user, [{ apiGroups: [""], resources: ["configmaps"], verbs: ["get"], resourceNames: ["*"] }, { apiGroups: [], resources: ["secrets"], verbs: ["get"] }], b);
    await post(`/api/v1/namespaces/${b}/configmaps`, configMap("x"));
    await post(`/api/v1/namespaces/${b}/secrets`, { apiVersion: "v1", kind: "Secret", metadata: { name: "s" } });
    log("star-name", await as(v, "GET", `/api/v1/namespaces/${b}/configmaps/x`));
    log("empty-groups", await as(v, "GET", `/api/v1/namespaces/${b}/secrets/s`));
  });
  it("list names", async () => {
    const b = await freshNamespace("b");
    const v = { user: unique("vic") };
    await grant(v.user, [{ apiGroups: [""], resources: ["configmaps"], verbs: ["list", "watch"], resourceNames: ["x"] }], b);
    await post(`/api/v1/namespaces/${b}/configmaps`, configMap("x"));
    await post(`/api/v1/namespaces/${b}/configmaps`, configMap("y"));
    for (const fs of ["metadata.name=x", "metadata.name==x", "metadata.name=x,metadata.name!=x", "metadata.name=x,metadata.name=y", "metadata.name=y,metadata.name=x", " metadata.name=x", "metadata.name=x ", "metadata.name=x\\,y", "metadata.name!=y,metadata.name=x", "metadata.namespace=" + b + ",metadata.name=x"]) {
      const r = await as(v, "GET", `/api/v1/namespaces/${b}/configmaps?fieldSelector=${encodeURIComponent(fs)}`);
      console.log("PROBE fs", JSON.stringify(fs), r.status, r.status === 200 ? r.body.items.map((i: any) => i.metadata.name) : r.body.message.slice(0, 120));
    }
    log("watch-x", await as(v, "GET", `/api/v1/namespaces/${b}/configmaps?watch=0&fieldSelector=metadata.name%3Dx`));
  });
});
