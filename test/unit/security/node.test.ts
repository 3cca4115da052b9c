/**
 * Red team: a kubelet identity (`system:node:<n1>` in `system:nodes`) reaches its own Node and Lease, the pods
 * bound to it, and only what those pods reference (Node authorizer + NodeRestriction).
 */
import { beforeAll, describe, expect, it } from "vitest";
import { freshNamespace, get, post } from "../api/client";
import { APPLY, MERGE, as, created, unique } from "./helpers";

const N1 = unique("n1");
const N2 = unique("n2");
const node1 = { user: `system:node:${N1}`, groups: ["system:nodes"] };
let ns: string;
let n1Uid: string;

const podOn = (name: string, nodeName: string, extra: Record<string, unknown> = {}) => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name },
  spec: { nodeName, containers: [{ name: "c", image: "nginx", ...extra }] },
});
const mirrorOf = (name: string, extraSpec: Record<string, unknown> = {}) => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: {
    name,
    annotations: { "kubernetes.io/config.mirror": "x" },
    ownerReferences: [{ apiVersion: "v1", kind: "Node", name: N1, uid: n1Uid, controller: true }],
  },
  spec: { nodeName: N1, containers: [{ name: "c", image: "nginx" }], ...extraSpec },
});

beforeAll(async () => {
  n1Uid = (await created("/api/v1/nodes", { apiVersion: "v1", kind: "Node", metadata: { name: N1 } })).body.metadata.uid;
  await created("/api/v1/nodes", { apiVersion: "v1", kind: "Node", metadata: { name: N2 } });
  ns = await freshNamespace("node");
  for (const s of ["mine", "theirs", "unused"]) await created(`/api/v1/namespaces/${ns}/secrets`, { apiVersion: "v1", kind: "Secret", metadata: { name: s } });
  await created(`/api/v1/namespaces/${ns}/pods`, podOn("on-n1", N1, { envFrom: [{ secretRef: { name: "mine" } }] }));
  await created(`/api/v1/namespaces/${ns}/pods`, podOn("on-n2", N2, { envFrom: [{ secretRef: { name: "theirs" } }] }));
}, 60_000);

describe("other nodes", () => {
  it.each([
    ["merge patch", () => ["PATCH", `/api/v1/nodes/${N2}`, { metadata: { labels: { x: "y" } } }, MERGE]],
    ["server-side apply", () => ["PATCH", `/api/v1/nodes/${N2}?fieldManager=kubelet`, { apiVersion: "v1", kind: "Node", metadata: { name: N2, labels: { x: "y" } } }, APPLY]],
    ["status", () => ["PATCH", `/api/v1/nodes/${N2}/status`, { status: { capacity: { cpu: "64" } } }, MERGE]],
    ["delete", () => ["DELETE", `/api/v1/nodes/${N2}`]],
    ["create another Node by apply", () => ["PATCH", `/api/v1/nodes/${unique("n3")}?fieldManager=kubelet`, { apiVersion: "v1", kind: "Node", metadata: {} }, APPLY]],
    ["create another Node by POST", () => ["POST", "/api/v1/nodes", { apiVersion: "v1", kind: "Node", metadata: { name: unique("n4") } }]],
    ["another node's lease", () => ["PATCH", `/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/${N2}?fieldManager=k`, { apiVersion: "coordination.k8s.io/v1", kind: "Lease", metadata: { name: N2 } }, APPLY]],
    ["its own restricted label", () => ["PATCH", `/api/v1/nodes/${N1}`, { metadata: { labels: { "node-restriction.kubernetes.io/pool": "secure" } } }, MERGE]],
  ])("%s is 403", async (_what, req) => {
    const [method, path, body, contentType] = req() as [string, string, unknown?, string?];
    const res = await as(node1, method, path, body, contentType ? { contentType } : {});
    expect(res.status, res.text).toBe(403);
  });

  it("its own Node may be read and patched (the control)", async () => {
    expect((await as(node1, "GET", `/api/v1/nodes/${N1}`)).status).toBe(200);
    const res = await as(node1, "PATCH", `/api/v1/nodes/${N1}/status`, { status: { capacity: { cpu: "2" } } }, { contentType: MERGE });
    expect(res.status, res.text).toBe(200);
  });
});

describe("pods and what they reference", () => {
  it("secrets: only those its own pods reference", async () => {
    expect((await as(node1, "GET", `/api/v1/namespaces/${ns}/secrets/mine`)).status).toBe(200);
    for (const s of ["theirs", "unused"]) {
      expect((await as(node1, "GET", `/api/v1/namespaces/${ns}/secrets/${s}`)).status).toBe(403);
      expect((await as(node1, "GET", `/api/v1/namespaces/${ns}/secrets?fieldSelector=metadata.name%3D${s}`)).status).toBe(403);
    }
    expect((await as(node1, "GET", `/api/v1/namespaces/${ns}/secrets`)).status).toBe(403);
  });

  it("pods of another node: no status write, no delete, no deletecollection", async () => {
    expect((await as(node1, "PATCH", `/api/v1/namespaces/${ns}/pods/on-n2/status`, { status: { phase: "Failed" } }, { contentType: MERGE })).status).toBe(403);
    expect((await as(node1, "DELETE", `/api/v1/namespaces/${ns}/pods/on-n2`)).status).toBe(403);
    expect((await as(node1, "DELETE", `/api/v1/namespaces/${ns}/pods`)).status).toBe(403);
    expect((await get(`/api/v1/namespaces/${ns}/pods/on-n2`)).body.status.phase).not.toBe("Failed");
  });

  it("listing pods needs its own spec.nodeName selector", async () => {
    expect((await as(node1, "GET", `/api/v1/pods?fieldSelector=spec.nodeName%3D${N2}`)).status).toBe(403);
    const own = await as(node1, "GET", `/api/v1/pods?fieldSelector=spec.nodeName%3D${N1}`);
    expect(own.status, own.text).toBe(200);
    expect(own.body.items.map((p: { metadata: { name: string } }) => p.metadata.name)).toEqual(["on-n1"]);
  });

  it("creates mirror pods only, and those reference nothing", async () => {
    expect((await as(node1, "POST", `/api/v1/namespaces/${ns}/pods`, podOn(unique("plain"), N1))).status).toBe(403);
    const withSecret = mirrorOf(unique("m"), { volumes: [{ name: "v", secret: { secretName: "unused" } }] });
    expect((await as(node1, "POST", `/api/v1/namespaces/${ns}/pods`, withSecret)).status).toBe(403);
    const plain = await as(node1, "POST", `/api/v1/namespaces/${ns}/pods`, mirrorOf(unique("m")));
    expect(plain.status, plain.text).toBe(201);
  });

  it("a mirror pod (no serviceAccountName) does not relate the node to the namespace's default account", async () => {
    const other = await freshNamespace("node");
    const mirror = await as(node1, "POST", `/api/v1/namespaces/${other}/pods`, mirrorOf("static"));
    expect(mirror.status, mirror.text).toBe(201);
    const res = await as(node1, "POST", `/api/v1/namespaces/${other}/serviceaccounts/default/token`, {
      apiVersion: "authentication.k8s.io/v1",
      kind: "TokenRequest",
      spec: { boundObjectRef: { apiVersion: "v1", kind: "Pod", name: "static", uid: mirror.body.metadata.uid } },
    });
    expect(res.status, res.text).toBe(403);
    expect(res.body.message).toMatch(/no relationship found between node/);
  });
});

describe("a kubelet's own identity stays a node's", () => {
  it("cannot read secrets cluster-wide by listing with its selector on another resource", async () => {
    const res = await as(node1, "GET", `/api/v1/secrets?fieldSelector=spec.nodeName%3D${N1}`);
    expect(res.status, res.text).toBe(403);
  });

  it("a pod created by the admin on n1 lets n1 read only that pod's references", async () => {
    await created(`/api/v1/namespaces/${ns}/configmaps`, { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "cfg" } });
    expect((await as(node1, "GET", `/api/v1/namespaces/${ns}/configmaps/cfg`)).status).toBe(403);
    await post(`/api/v1/namespaces/${ns}/pods`, podOn("uses-cfg", N1, { envFrom: [{ configMapRef: { name: "cfg" } }] }));
    expect((await as(node1, "GET", `/api/v1/namespaces/${ns}/configmaps/cfg`)).status).toBe(200);
  });
});
