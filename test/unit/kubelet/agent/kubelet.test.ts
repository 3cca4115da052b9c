/**
 * Real kubelets in workerd: a node pool configured through the ConfigMap kube-system/node-pool starts one
 * KubeletDO per node, which registers its Node and Lease as `system:node:<name>`; pods bound to its node run on
 * the simulated runtime (KWOK's default stages) and reach Running and Ready, Job pods complete, deleted pods
 * end gracefully; a node taken out of the configuration is drained and removed.
 */
import { afterAll, describe, expect, it, vi } from "vitest";
import { del, get, post } from "../../api/client";
import { emptyPool, poolNodes, setPool, WAIT } from "./pool";
import type { Obj } from "../../controllers/kwok";

const FAST = { "pod-ready.stage.kwok.x-k8s.io/delay": "100ms", "pod-ready.stage.kwok.x-k8s.io/jitter-delay": "200ms", "pod-complete.stage.kwok.x-k8s.io/delay": "100ms", "pod-complete.stage.kwok.x-k8s.io/jitter-delay": "200ms", "pod-delete.stage.kwok.x-k8s.io/delay": "100ms" };

afterAll(emptyPool, 30_000);

describe("kubelets of a node pool", () => {
  it("register their Nodes and Leases as the node", async () => {
    await setPool('{"pools":[{"name":"edge","count":2,"namePrefix":"kl-","region":"weur","capacity":{"cpu":"2"}}]}');
    await vi.waitFor(async () => expect((await poolNodes()).map((n) => n.metadata.name).sort()).toEqual(["kl-0", "kl-1"]), WAIT);
    const node = (await get("/api/v1/nodes/kl-0")).body;
    expect(node.metadata.labels).toMatchObject({ "kubernetes.io/hostname": "kl-0", "topology.kubernetes.io/region": "weur", "kube-edge.dev/node-pool": "edge" });
    expect(node.spec.podCIDR).toMatch(/^10\.2\d\d\.\d+\.0\/24$/);
    expect(node.status.capacity.cpu).toBe("2");
    expect(node.status.nodeInfo.osImage).toBe("workerd (V8 isolates)");
    expect(node.status.conditions.find((c: Obj) => c.type === "Ready").status).toBe("True");
    // Registered by the kubelet itself, under its own identity (managedFields name its field manager).
    expect(node.metadata.managedFields.map((f: Obj) => f.manager)).toContain("kubelet");
    const lease = await get("/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/kl-0");
    expect(lease.status).toBe(200);
    expect(lease.body.spec.holderIdentity).toBe("kl-0");
    expect(lease.body.metadata.ownerReferences[0]).toMatchObject({ kind: "Node", name: "kl-0", uid: node.metadata.uid });
    const stats = (await get("/admin/kubelets")).body.kubelets;
    expect(stats.map((k: Obj) => k.node).sort()).toEqual(["kl-0", "kl-1"]);
    expect(stats.every((k: Obj) => k.started && k.nextAlarm !== null)).toBe(true);
  });

  it("run a simulated pod to Running and Ready, and say it is simulated", async () => {
    const pod = { apiVersion: "v1", kind: "Pod", metadata: { name: "web", namespace: "default", annotations: FAST }, spec: { nodeName: "kl-0", containers: [{ name: "nginx", image: "nginx:1.27" }] } };
    expect((await post("/api/v1/namespaces/default/pods", pod)).status).toBe(201);
    const running = await vi.waitFor(async () => {
      const p = (await get("/api/v1/namespaces/default/pods/web")).body;
      expect(p.status.phase).toBe("Running");
      expect(p.status.conditions.find((c: Obj) => c.type === "Ready").status).toBe("True");
      return p;
    }, WAIT);
    expect(running.status.podIP).toMatch(/^10\.2\d\d\.\d+\.\d+$/);
    expect(running.status.hostIP).toMatch(/^172\.(1[6-9]|2\d|3[01])\./);
    expect(running.status.conditions.find((c: Obj) => c.type === "kube-edge.dev/Simulated").status).toBe("True");
    const events = (await get("/api/v1/namespaces/default/events?fieldSelector=involvedObject.name=web")).body.items;
    const simulated = events.find((e: Obj) => e.reason === "Simulated");
    expect(simulated.source).toEqual({ component: "kubelet", host: "kl-0" });
  });

  it("complete a Job's pod and end a deleted pod gracefully", async () => {
    const job = { apiVersion: "batch/v1", kind: "Job", metadata: { name: "once", namespace: "default" }, spec: { template: { metadata: { annotations: FAST }, spec: { nodeName: "kl-1", restartPolicy: "Never", containers: [{ name: "c", image: "busybox" }] } } } };
    expect((await post("/apis/batch/v1/namespaces/default/jobs", job)).status).toBe(201);
    await vi.waitFor(async () => expect((await get("/apis/batch/v1/namespaces/default/jobs/once")).body.status?.succeeded).toBe(1), WAIT);
    const res = await del("/api/v1/namespaces/default/pods/web");
    expect(res.status).toBe(200);
    expect(res.body.metadata.deletionTimestamp).toBeDefined();
    await vi.waitFor(async () => expect((await get("/api/v1/namespaces/default/pods/web")).status).toBe(404), WAIT);
  });

  it("a pod naming a RuntimeClass that does not exist gets FailedCreatePodSandBox", async () => {
    const pod = { apiVersion: "v1", kind: "Pod", metadata: { name: "gv", namespace: "default" }, spec: { nodeName: "kl-0", runtimeClassName: "gvisor", containers: [{ name: "c", image: "nginx" }] } };
    const created = await post("/api/v1/namespaces/default/pods", pod);
    // The RuntimeClass admission plugin refuses a class that does not exist, as upstream.
    if (created.status === 201) {
      await vi.waitFor(async () => {
        const events = (await get("/api/v1/namespaces/default/events?fieldSelector=involvedObject.name=gv")).body.items;
        expect(events.map((e: Obj) => e.reason)).toContain("FailedCreatePodSandBox");
      }, WAIT);
      await del("/api/v1/namespaces/default/pods/gv?gracePeriodSeconds=0");
    } else {
      expect(created.status).toBe(403);
    }
  });

  it("refuse a pod the node cannot hold, as upstream's admission does", async () => {
    const pod = { apiVersion: "v1", kind: "Pod", metadata: { name: "big", namespace: "default" }, spec: { nodeName: "kl-0", containers: [{ name: "c", image: "nginx", resources: { requests: { cpu: "3" } } }] } };
    expect((await post("/api/v1/namespaces/default/pods", pod)).status).toBe(201);
    const failed = await vi.waitFor(async () => {
      const p = (await get("/api/v1/namespaces/default/pods/big")).body;
      expect(p.status.phase).toBe("Failed");
      return p;
    }, WAIT);
    expect(failed.status).toMatchObject({ reason: "OutOfcpu", message: "Pod was rejected: Node didn't have enough resource: cpu, requested: 3000, used: 0, capacity: 2000" });
    const events = (await get("/api/v1/namespaces/default/events?fieldSelector=involvedObject.name=big")).body.items;
    expect(events.map((e: Obj) => e.reason)).toContain("OutOfcpu");
    await del("/api/v1/namespaces/default/pods/big?gracePeriodSeconds=0");
  });

  it("ship the two RuntimeClasses", async () => {
    const list = (await get("/apis/node.k8s.io/v1/runtimeclasses")).body.items.map((r: Obj) => [r.metadata.name, r.handler]);
    expect(list).toEqual(expect.arrayContaining([["isolate", "isolate"], ["simulated", "simulated"]]));
  });

  it("a node taken out of the pool is drained and removed", async () => {
    const pod = { apiVersion: "v1", kind: "Pod", metadata: { name: "left", namespace: "default", annotations: FAST }, spec: { nodeName: "kl-1", containers: [{ name: "c", image: "nginx" }] } };
    expect((await post("/api/v1/namespaces/default/pods", pod)).status).toBe(201);
    await vi.waitFor(async () => expect((await get("/api/v1/namespaces/default/pods/left")).body.status?.phase).toBe("Running"), WAIT);
    await setPool('{"pools":[{"name":"edge","count":1,"namePrefix":"kl-"}]}');
    await vi.waitFor(async () => expect((await poolNodes()).map((n) => n.metadata.name)).toEqual(["kl-0"]), WAIT);
    expect((await get("/api/v1/namespaces/default/pods/left")).status).toBe(404);
    expect((await get("/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/kl-1")).status).toBe(404);
  });

  it("a silenced kubelet stops renewing its Lease, and renews at once when it speaks again", async () => {
    const lease = async () => (await get("/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/kl-0")).body.spec.renewTime;
    expect((await post("/admin/kubelets/kl-0/silence", {})).status).toBe(200);
    const before = await lease();
    // Upstream's renew interval is 10 s: a live kubelet would have renewed by now.
    await new Promise((r) => setTimeout(r, 10_500));
    expect(await lease()).toBe(before);
    expect((await get("/admin/kubelets")).body.kubelets.find((k: Obj) => k.node === "kl-0").silenced).toBe(true);
    expect((await post("/admin/kubelets/kl-0/unsilence", {})).status).toBe(200);
    await vi.waitFor(async () => expect(await lease()).not.toBe(before), WAIT);
    expect((await post("/admin/kubelets/no-such-node/silence", {})).status).toBe(404);
  }, 30_000);

  it("an invalid configuration changes nothing", async () => {
    await setPool('{"pools":[{"name":"edge","count":-1}]}');
    await new Promise((r) => setTimeout(r, 300));
    expect((await poolNodes()).map((n) => n.metadata.name)).toEqual(["kl-0"]);
  });
});
