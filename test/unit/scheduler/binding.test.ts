/**
 * The pods/binding subresource through the real Worker (BindingREST.Create): a Binding sets spec.nodeName,
 * PodScheduled=True and the Binding's annotations; refusals (already bound, being deleted, gated, stale uid,
 * missing pod, bad bodies, RBAC) answer as upstream and store nothing. Pods here name another scheduler, so
 * the scheduler loop leaves them to the test.
 */
import { describe, expect, it } from "vitest";
import { del, freshNamespace, get, patch, post } from "../api/client";
import { as, unique } from "../security/helpers";
import { MERGE, type Obj } from "../controllers/kwok";

const podPath = (ns: string, name: string) => `/api/v1/namespaces/${ns}/pods/${name}`;

async function pendingPod(ns: string, name: string, extra: Obj = {}): Promise<Obj> {
  const res = await post(`/api/v1/namespaces/${ns}/pods`, {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, ...(extra.metadata ?? {}) },
    spec: { schedulerName: "test-scheduler", containers: [{ name: "c", image: "nginx" }], ...(extra.spec ?? {}) },
  });
  expect(res.status, res.text).toBe(201);
  return res.body;
}

const binding = (name: string, node: string, extra: Obj = {}) => ({
  apiVersion: "v1",
  kind: "Binding",
  metadata: { name, ...(extra.metadata ?? {}) },
  target: { apiVersion: "v1", kind: "Node", name: node },
  ...(extra.body ?? {}),
});

describe("pods/binding", () => {

  it("binds: spec.nodeName, PodScheduled=True, the Binding's annotations; a Success Status", async () => {
    const ns = await freshNamespace("bind");
    await pendingPod(ns, "p", { metadata: { annotations: { keep: "me" } } });
    const res = await post(`${podPath(ns, "p")}/binding`, binding("p", "node-a", { metadata: { annotations: { "example.com/by": "test" } } }));
    expect(res.status, res.text).toBe(201);
    expect(res.body).toEqual({ kind: "Status", apiVersion: "v1", metadata: {}, status: "Success", code: 201 });
    const pod = (await get(podPath(ns, "p"))).body;
    expect(pod.spec.nodeName).toBe("node-a");
    expect(pod.metadata.annotations).toEqual({ keep: "me", "example.com/by": "test" });
    const scheduled = pod.status.conditions.filter((c: Obj) => c.type === "PodScheduled");
    expect(scheduled).toHaveLength(1);
    expect(scheduled[0]).toMatchObject({ type: "PodScheduled", status: "True" });
    expect(scheduled[0].lastTransitionTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });

  it("refuses a pod already bound: 409 on pods/binding with upstream's message, node unchanged", async () => {
    const ns = await freshNamespace("bind");
    await pendingPod(ns, "p");
    expect((await post(`${podPath(ns, "p")}/binding`, binding("p", "node-a"))).status).toBe(201);
    const res = await post(`${podPath(ns, "p")}/binding`, binding("p", "node-b"));
    expect(res.status, res.text).toBe(409);
    expect(res.body.reason).toBe("Conflict");
    expect(res.body.message).toBe('Operation cannot be fulfilled on pods/binding "p": pod p is already assigned to node "node-a"');
    expect((await get(podPath(ns, "p"))).body.spec.nodeName).toBe("node-a");
  });

  it("refuses a pod being deleted and a gated pod (409), and answers 404 for a missing pod", async () => {
    const ns = await freshNamespace("bind");
    await pendingPod(ns, "held", { metadata: { finalizers: ["example.com/hold"] } });
    expect((await del(podPath(ns, "held"))).status).toBe(200);
    const deleting = await post(`${podPath(ns, "held")}/binding`, binding("held", "node-a"));
    expect(deleting.status, deleting.text).toBe(409);
    expect(deleting.body.message).toBe('Operation cannot be fulfilled on pods/binding "held": pod held is being deleted, cannot be assigned to a host');
    expect((await get(podPath(ns, "held"))).body.spec.nodeName).toBeUndefined();
    await patch(podPath(ns, "held"), { metadata: { finalizers: null } }, MERGE);

    await pendingPod(ns, "gated", { spec: { schedulingGates: [{ name: "example.com/wait" }] } });
    const gated = await post(`${podPath(ns, "gated")}/binding`, binding("gated", "node-a"));
    expect(gated.status, gated.text).toBe(409);
    expect(gated.body.message).toBe('Operation cannot be fulfilled on pods/binding "gated": pod gated has non-empty .spec.schedulingGates');

    const missing = await post(`${podPath(ns, "nope")}/binding`, binding("nope", "node-a"));
    expect(missing.status, missing.text).toBe(404);
    expect(missing.body.message).toBe('pods "nope" not found');
  });

  it("checks a uid precondition (409) and stores nothing on dryRun", async () => {
    const ns = await freshNamespace("bind");
    const pod = await pendingPod(ns, "p");
    const stale = await post(`${podPath(ns, "p")}/binding`, binding("p", "node-a", { metadata: { uid: "not-the-uid" } }));
    expect(stale.status, stale.text).toBe(409);
    expect(stale.body.message).toBe(`Operation cannot be fulfilled on pods "p": Precondition failed: UID in precondition: not-the-uid, UID in object meta: ${pod.metadata.uid}`);
    const dry = await post(`${podPath(ns, "p")}/binding?dryRun=All`, binding("p", "node-a", { metadata: { uid: pod.metadata.uid } }));
    expect(dry.status, dry.text).toBe(201);
    const after = (await get(podPath(ns, "p"))).body;
    expect(after.spec.nodeName).toBeUndefined();
    expect(after.metadata.resourceVersion).toBe(pod.metadata.resourceVersion);
  });

  it.each([
    ["a Pod body", { apiVersion: "v1", kind: "Pod", metadata: { name: "p" } }, 400, "the kind in the data (Pod) does not match the expected kind (Binding)"],
    ["another version", { apiVersion: "v2", kind: "Binding", metadata: { name: "p" }, target: { name: "n" } }, 400, "the API version in the data (v2) does not match the expected API version (v1)"],
    ["a name not the URL's", binding("q", "node-a"), 400, "name in URL does not match name in Binding object"],
    ["no name", { apiVersion: "v1", kind: "Binding", target: { name: "node-a" } }, 400, "name in URL does not match name in Binding object"],
    ["another namespace", binding("p", "node-a", { metadata: { namespace: "elsewhere" } }), 400, "the namespace of the provided object does not match the namespace sent on the request"],
    ["no target", { apiVersion: "v1", kind: "Binding", metadata: { name: "p" } }, 422, 'Binding "p" is invalid: target.name: Required value'],
    ["a Service target", binding("p", "x", { body: { target: { kind: "Service", name: "x" } } }), 422, 'Binding "p" is invalid: target.kind: Unsupported value: "Service": supported values: "Node", "<empty>"'],
    ["a target of the wrong type", binding("p", "x", { body: { target: "node-a" } }), 400, undefined],
  ])("refuses %s and stores nothing", async (_what, body, status, message) => {
    const ns = await freshNamespace("bind");
    const pod = await pendingPod(ns, "p");
    const res = await post(`${podPath(ns, "p")}/binding`, body);
    expect(res.status, res.text).toBe(status);
    if (message) expect(res.body.message).toBe(message);
    const after = (await get(podPath(ns, "p"))).body;
    expect(after.spec.nodeName).toBeUndefined();
    expect(after.metadata.resourceVersion).toBe(pod.metadata.resourceVersion);
  });

  it("needs create on pods/binding: refused to a user without it, allowed to system:kube-scheduler", async () => {
    const ns = await freshNamespace("bind");
    await pendingPod(ns, "p");
    const nobody = await as({ user: unique("nobody"), groups: ["system:authenticated"] }, "POST", `${podPath(ns, "p")}/binding`, binding("p", "node-a"));
    expect(nobody.status, nobody.text).toBe(403);
    const scheduler = await as({ user: "system:kube-scheduler" }, "POST", `${podPath(ns, "p")}/binding`, binding("p", "node-a"));
    expect(scheduler.status, scheduler.text).toBe(201);
    expect((await get(podPath(ns, "p"))).body.spec.nodeName).toBe("node-a");
  });

  it("is in discovery as pods/binding (create, kind Binding)", async () => {
    const res = await get("/api/v1");
    const entry = res.body.resources.find((r: Obj) => r.name === "pods/binding");
    expect(entry).toMatchObject({ name: "pods/binding", namespaced: true, kind: "Binding", verbs: ["create"] });
  });
});
