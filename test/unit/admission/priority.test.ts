/**
 * The Priority admission plugin: pure resolution of a pod's priority, and through the real Worker — pods get
 * spec.priority / preemptionPolicy from their PriorityClass (or the global default, or 0), unknown classes and
 * contradicting values are forbidden, updates keep the priority, only one class may be the global default, and
 * the system classes exist from bootstrap.
 */
import { describe, expect, it } from "vitest";
import type { KubeObject } from "../../../schema/types";
import { defaultPriorityClass, globalDefaultConflict, resolvePodPriority } from "../../../worker/admission/priority";
import { del, freshNamespace, get, post, put } from "../api/client";
import { unique } from "../security/helpers";

const pc = (name: string, value: number, extra: KubeObject = {}): KubeObject => ({ metadata: { name }, value, ...extra });
const PCS = "/apis/scheduling.k8s.io/v1/priorityclasses";

describe("resolvePodPriority", () => {
  const classes = [pc("a", 5, { globalDefault: true, preemptionPolicy: "Never" }), pc("b", 3, { globalDefault: true, preemptionPolicy: "PreemptLowerPriority" }), pc("c", 1)];
  it.each<[string, KubeObject, KubeObject | undefined, KubeObject[], ReturnType<typeof resolvePodPriority>]>([
    ["no class, no default: 0 and PreemptLowerPriority", {}, undefined, [pc("c", 1)], { ok: true, priority: 0, preemptionPolicy: "PreemptLowerPriority" }],
    ["no class: the lowest global default, named", {}, undefined, classes, { ok: true, priorityClassName: "b", priority: 3, preemptionPolicy: "PreemptLowerPriority" }],
    ["a named class", { priorityClassName: "a" }, classes[0], [], { ok: true, priority: 5, preemptionPolicy: "Never" }],
    ["a named class without preemptionPolicy", { priorityClassName: "c" }, classes[2], [], { ok: true, priority: 1 }],
    ["the same priority given is fine", { priorityClassName: "a", priority: 5 }, classes[0], [], { ok: true, priority: 5, preemptionPolicy: "Never" }],
    ["an unknown class", { priorityClassName: "nope" }, undefined, [], { ok: false, forbidden: "no PriorityClass with name nope was found" }],
    ["another priority given", { priorityClassName: "a", priority: 7 }, classes[0], [], {
      ok: false,
      forbidden: "the integer value of priority (7) must not be provided in pod spec; priority admission controller computed 5 from the given PriorityClass name",
    }],
    ["another preemptionPolicy given", { priorityClassName: "a", preemptionPolicy: "PreemptLowerPriority" }, classes[0], [], {
      ok: false,
      forbidden: "the string value of PreemptionPolicy (PreemptLowerPriority) must not be provided in pod spec; priority admission controller computed Never from the given PriorityClass name",
    }],
  ])("%s", (_what, spec, named, all, want) => {
    expect(resolvePodPriority(spec, named, all)).toEqual(want);
  });

  it("the default class is the lowest-valued global default", () => {
    expect(defaultPriorityClass(classes)?.metadata.name).toBe("b");
    expect(defaultPriorityClass([pc("c", 1)])).toBeUndefined();
  });

  it.each<[string, KubeObject, string, KubeObject[], string | undefined]>([
    ["a non-default class", pc("x", 1), "CREATE", classes, undefined],
    ["a second default", pc("x", 1, { globalDefault: true }), "CREATE", classes, "PriorityClass b is already marked as default. Only one default can exist"],
    ["the default updating itself", pc("b", 3, { globalDefault: true }), "UPDATE", classes, undefined],
    ["another class becoming default", pc("c", 1, { globalDefault: true }), "UPDATE", classes, "PriorityClass b is already marked as default. Only one default can exist"],
    ["the first default", pc("x", 1, { globalDefault: true }), "CREATE", [pc("c", 1)], undefined],
  ])("globalDefaultConflict: %s", (_what, obj, op, all, want) => {
    expect(globalDefaultConflict(obj, op, all)).toBe(want);
  });
});

const podBody = (name: string, spec: KubeObject = {}) => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name },
  spec: { schedulerName: "test-scheduler", containers: [{ name: "c", image: "nginx" }], ...spec },
});

describe("Priority admission through the API", () => {

  it("has the system classes from bootstrap", async () => {
    const cluster = await get(`${PCS}/system-cluster-critical`);
    expect(cluster.status, cluster.text).toBe(200);
    expect(cluster.body).toMatchObject({ value: 2_000_000_000, preemptionPolicy: "PreemptLowerPriority" });
    expect((await get(`${PCS}/system-node-critical`)).body.value).toBe(2_000_001_000);
  });

  it("resolves a pod's priority: 0 by default, from its class, from a system class", async () => {
    const ns = await freshNamespace("prio");
    const plain = await post(`/api/v1/namespaces/${ns}/pods`, podBody("plain"));
    expect(plain.status, plain.text).toBe(201);
    expect(plain.body.spec).toMatchObject({ priority: 0, preemptionPolicy: "PreemptLowerPriority" });
    expect(plain.body.spec.priorityClassName).toBeUndefined();

    const name = unique("batch");
    expect((await post(PCS, { apiVersion: "scheduling.k8s.io/v1", kind: "PriorityClass", metadata: { name }, value: 42, preemptionPolicy: "Never" })).status).toBe(201);
    const classed = await post(`/api/v1/namespaces/${ns}/pods`, podBody("classed", { priorityClassName: name }));
    expect(classed.status, classed.text).toBe(201);
    expect(classed.body.spec).toMatchObject({ priorityClassName: name, priority: 42, preemptionPolicy: "Never" });

    const critical = await post(`/api/v1/namespaces/${ns}/pods`, podBody("critical", { priorityClassName: "system-node-critical" }));
    expect(critical.status, critical.text).toBe(201);
    expect(critical.body.spec.priority).toBe(2_000_001_000);
  });

  it("forbids an unknown class and a contradicting priority, and stores nothing", async () => {
    const ns = await freshNamespace("prio");
    const unknown = await post(`/api/v1/namespaces/${ns}/pods`, podBody("p", { priorityClassName: "nope" }));
    expect(unknown.status, unknown.text).toBe(403);
    expect(unknown.body.message).toBe('pods "p" is forbidden: no PriorityClass with name nope was found');
    const contradicting = await post(`/api/v1/namespaces/${ns}/pods`, podBody("p", { priority: 7 }));
    expect(contradicting.status, contradicting.text).toBe(403);
    expect(contradicting.body.message).toBe(
      'pods "p" is forbidden: the integer value of priority (7) must not be provided in pod spec; priority admission controller computed 0 from the given PriorityClass name',
    );
    expect((await get(`/api/v1/namespaces/${ns}/pods/p`)).status).toBe(404);
  });

  it("keeps the stored priority on an update that omits it", async () => {
    const ns = await freshNamespace("prio");
    const created = (await post(`/api/v1/namespaces/${ns}/pods`, podBody("p", { priorityClassName: "system-cluster-critical" }))).body;
    const { priority: _p, preemptionPolicy: _pp, ...spec } = created.spec;
    const res = await put(`/api/v1/namespaces/${ns}/pods/p`, { ...created, metadata: { ...created.metadata, labels: { a: "b" } }, spec });
    expect(res.status, res.text).toBe(200);
    expect(res.body.spec).toMatchObject({ priority: 2_000_000_000, preemptionPolicy: "PreemptLowerPriority" });
    expect(res.body.metadata.labels).toEqual({ a: "b" });
  });

  it("a global default class names and prioritises pods without a class; a second default is forbidden", async () => {
    const first = unique("default");
    const second = unique("default");
    const create = (name: string) => post(PCS, { apiVersion: "scheduling.k8s.io/v1", kind: "PriorityClass", metadata: { name }, value: 7, globalDefault: true });
    expect((await create(first)).status).toBe(201);
    try {
      const refused = await create(second);
      expect(refused.status, refused.text).toBe(403);
      expect(refused.body.message).toBe(`priorityclasses.scheduling.k8s.io "${second}" is forbidden: PriorityClass ${first} is already marked as default. Only one default can exist`);
      const ns = await freshNamespace("prio");
      const pod = await post(`/api/v1/namespaces/${ns}/pods`, podBody("p"));
      expect(pod.status, pod.text).toBe(201);
      expect(pod.body.spec).toMatchObject({ priorityClassName: first, priority: 7, preemptionPolicy: "PreemptLowerPriority" });
    } finally {
      await del(`${PCS}/${first}`);
    }
  });
});
