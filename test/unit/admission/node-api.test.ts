/**
 * Node authorization and NodeRestriction through the real Worker, as a kubelet would call it: the admin
 * impersonates `system:node:n1` in `system:nodes`. Own Node / Lease / bound pods: allowed; anyone else's: 403
 * with upstream's messages.
 */
import { describe, expect, it, beforeAll } from "vitest";
import { call, del, freshNamespace, get, patch, post, type CallOptions } from "../api/client";

const AS_NODE = (node: string): CallOptions => ({
  headers: { "Impersonate-User": `system:node:${node}`, "Impersonate-Group": "system:nodes" },
});
const MERGE = "application/merge-patch+json";

const suffix = Date.now().toString(36);
const n1 = `n1-${suffix}`;
const n2 = `n2-${suffix}`;
const asN1: CallOptions = AS_NODE(n1);

const node = (name: string) => ({ apiVersion: "v1", kind: "Node", metadata: { name } });
const pod = (name: string, nodeName?: string, volumes: unknown[] = []) => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name },
  spec: { ...(nodeName ? { nodeName } : {}), containers: [{ name: "c", image: "nginx" }], volumes },
});
const lease = (name: string) => ({ apiVersion: "coordination.k8s.io/v1", kind: "Lease", metadata: { name }, spec: { holderIdentity: name } });

let ns = "";

beforeAll(async () => {
  ns = await freshNamespace("node");
  for (const n of [n1, n2]) expect((await post("/api/v1/nodes", node(n))).status).toBe(201);
  const secretVolume = { name: "s", secret: { secretName: "used" } };
  expect((await post(`/api/v1/namespaces/${ns}/pods`, pod("bound", n1, [secretVolume]))).status).toBe(201);
  expect((await post(`/api/v1/namespaces/${ns}/pods`, pod("elsewhere", n2))).status).toBe(201);
  expect((await post(`/api/v1/namespaces/${ns}/pods`, pod("unbound"))).status).toBe(201);
  for (const s of ["used", "unused"]) {
    expect((await post(`/api/v1/namespaces/${ns}/secrets`, { apiVersion: "v1", kind: "Secret", metadata: { name: s } })).status).toBe(201);
  }
}, 60_000); // the first request of a file bootstraps the cluster

describe("Node objects", () => {
  it("reads its own node, not another's", async () => {
    expect((await get(`/api/v1/nodes/${n1}`, asN1)).status).toBe(200);
    const other = await get(`/api/v1/nodes/${n2}`, asN1);
    expect(other.status).toBe(403);
    expect(other.body.message).toBe(
      `nodes "${n2}" is forbidden: User "system:node:${n1}" cannot get resource "nodes" in API group "" at the cluster scope: node '${n1}' cannot read '${n2}', only its own Node object`,
    );
  });

  it("updates its own node status, not another's", async () => {
    const own = await patch(`/api/v1/nodes/${n1}/status`, { status: { phase: "Running" } }, MERGE, asN1);
    expect(own.status).toBe(200);
    const other = await patch(`/api/v1/nodes/${n2}/status`, { status: { phase: "Running" } }, MERGE, asN1);
    expect(other.status).toBe(403);
    expect(other.body).toMatchObject({ reason: "Forbidden", message: `nodes "${n2}" is forbidden: node "${n1}" is not allowed to modify node "${n2}"` });
  });

  it("may not label itself into node-restriction.kubernetes.io", async () => {
    const res = await patch(`/api/v1/nodes/${n1}`, { metadata: { labels: { "node-restriction.kubernetes.io/trusted": "yes" } } }, MERGE, asN1);
    expect(res.status).toBe(403);
    expect(res.body.message).toBe(`nodes "${n1}" is forbidden: is not allowed to modify labels: node-restriction.kubernetes.io/trusted`);
  });

  it("a node user without a node name is refused", async () => {
    const res = await get(`/api/v1/nodes/${n1}`, AS_NODE(""));
    expect(res.status).toBe(403);
    expect(res.body.message).toContain(`unknown node for user "system:node:"`);
  });
});

describe("Leases", () => {
  const path = "/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases";
  it("creates and renews its own lease, not another's", async () => {
    expect((await post(path, lease(n1), asN1)).status).toBe(201);
    expect((await patch(`${path}/${n1}`, { spec: { leaseDurationSeconds: 40 } }, MERGE, asN1)).status).toBe(200);
    const other = await post(path, lease(n2), asN1);
    expect(other.status).toBe(403);
    expect(other.body.message).toBe(`leases.coordination.k8s.io "${n2}" is forbidden: can only access node lease with the same name as the requesting node`);
    const elsewhere = await post(`/apis/coordination.k8s.io/v1/namespaces/${ns}/leases`, lease(n1), asN1);
    expect(elsewhere.status).toBe(403);
    expect(elsewhere.body.message).toContain('can only access leases in the "kube-node-lease" system namespace');
  });
});

describe("Pods", () => {
  it("lists only with its spec.nodeName selector", async () => {
    const own = await get(`/api/v1/pods?fieldSelector=spec.nodeName%3D${n1}`, asN1);
    expect(own.status).toBe(200);
    expect(own.body.items.map((p: { metadata: { name: string } }) => p.metadata.name)).toEqual(["bound"]);
    const all = await get(`/api/v1/pods`, asN1);
    expect(all.status).toBe(403);
    expect(all.body.message).toContain(": can only list/watch pods with spec.nodeName field selector");
  });

  it("gets a pod bound to it, not another's", async () => {
    expect((await get(`/api/v1/namespaces/${ns}/pods/bound`, asN1)).status).toBe(200);
    const other = await get(`/api/v1/namespaces/${ns}/pods/elsewhere`, asN1);
    expect(other.status).toBe(403);
    expect(other.body.message).toContain(`: no relationship found between node '${n1}' and this object`);
  });

  it("updates the status of pods bound to it only", async () => {
    const own = await patch(`/api/v1/namespaces/${ns}/pods/bound/status`, { status: { phase: "Running" } }, MERGE, asN1);
    expect(own.status).toBe(200);
    expect(own.body.status.phase).toBe("Running");
    const unbound = await patch(`/api/v1/namespaces/${ns}/pods/unbound/status`, { status: { phase: "Running" } }, MERGE, asN1);
    expect(unbound.status).toBe(403);
    expect(unbound.body.message).toBe(`pods "unbound" is forbidden: node "${n1}" can only update pod status for pods with spec.nodeName set to itself`);
  });

  it("creates only mirror pods", async () => {
    const res = await post(`/api/v1/namespaces/${ns}/pods`, pod("mine", n1), asN1);
    expect(res.status).toBe(403);
    expect(res.body.message).toBe(`pods "mine" is forbidden: pod does not have "kubernetes.io/config.mirror" annotation, node "${n1}" can only create mirror pods`);
  });

  it("deletes pods bound to it only", async () => {
    const other = await del(`/api/v1/namespaces/${ns}/pods/elsewhere`, undefined, asN1);
    expect(other.status).toBe(403);
    expect(other.body.message).toBe(`pods "elsewhere" is forbidden: node "${n1}" can only delete pods with spec.nodeName set to itself`);
    expect((await get(`/api/v1/namespaces/${ns}/pods/elsewhere`)).status).toBe(200);
  });
});

describe("Secrets", () => {
  it("reads a secret its pod uses, not others", async () => {
    expect((await get(`/api/v1/namespaces/${ns}/secrets/used`, asN1)).status).toBe(200);
    const unused = await get(`/api/v1/namespaces/${ns}/secrets/unused`, asN1);
    expect(unused.status).toBe(403);
    expect(unused.body.message).toBe(
      `secrets "unused" is forbidden: User "system:node:${n1}" cannot get resource "secrets" in API group "" in the namespace "${ns}": no relationship found between node '${n1}' and this object`,
    );
    const list = await get(`/api/v1/namespaces/${ns}/secrets`, asN1);
    expect(list.status).toBe(403);
  });

  it("another node cannot read it", async () => {
    const res = await call("GET", `/api/v1/namespaces/${ns}/secrets/used`, undefined, AS_NODE(n2));
    expect(res.status).toBe(403);
  });
});

describe("Deleting its own pod", () => {
  it("is allowed (the pod is bound to it)", async () => {
    const res = await del(`/api/v1/namespaces/${ns}/pods/bound`, { gracePeriodSeconds: 0 }, asN1);
    expect(res.status).toBe(200);
    expect((await get(`/api/v1/namespaces/${ns}/pods/bound`)).status).toBe(404);
  });
});
