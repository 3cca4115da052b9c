/**
 * The quota decision (apiserver admission/plugin/resourcequota CheckRequest) and the core evaluators
 * (pkg/quota/v1/evaluator/core): usage, scopes, constraints, and upstream's refusal messages.
 */
import { describe, expect, it } from "vitest";
import type { KubeObject } from "../../../schema/types";
import { checkRequest } from "../../../worker/admission/quota/check-request";
import { evaluatorFor } from "../../../worker/admission/quota/evaluators";
import { podConstraints, podMatchesScope, podUsage } from "../../../worker/admission/quota/pod-evaluator";
import { fromWire, toWire } from "../../../worker/admission/quota/resource-list";

const NOW = new Date("2024-05-01T10:00:00Z");

const quota = (name: string, hard: Record<string, string>, used: Record<string, string>, spec: KubeObject = {}): KubeObject => ({
  metadata: { name, namespace: "ns", resourceVersion: "7" },
  spec: { hard, ...spec },
  status: { hard, used },
});

const container = (name: string, requests?: Record<string, string>, limits?: Record<string, string>) => ({
  name,
  image: "nginx",
  resources: { ...(requests ? { requests } : {}), ...(limits ? { limits } : {}) },
});
const pod = (containers: KubeObject[], spec: KubeObject = {}, status: KubeObject = {}, meta: KubeObject = {}): KubeObject => ({
  metadata: { name: "p", namespace: "ns", ...meta },
  spec: { containers, ...spec },
  status,
});
const cm = { metadata: { name: "c", namespace: "ns" }, data: {} };

const create = (object: KubeObject) => ({ operation: "CREATE" as const, object });
const check = (quotas: KubeObject[], resource: string, object: KubeObject) =>
  checkRequest(quotas, create(object), evaluatorFor("", resource)!, NOW);
const usedOf = (r: ReturnType<typeof checkRequest>, i = 0) => (r.ok ? r.used.get(i) && toWire(r.used.get(i)!) : r.message);

describe("checkRequest: object counts", () => {
  it("charges a covered create", () => {
    expect(usedOf(check([quota("q", { configmaps: "2" }, { configmaps: "1" })], "configmaps", cm))).toEqual({ configmaps: "2" });
  });
  it("refuses the create past the limit with upstream's message", () => {
    const r = check([quota("q", { configmaps: "2", secrets: "5" }, { configmaps: "2", secrets: "0" })], "configmaps", cm);
    expect(r).toEqual({ ok: false, message: "exceeded quota: q, requested: configmaps=1, used: configmaps=2, limited: configmaps=2" });
  });
  it("counts the legacy alias and count/ name together", () => {
    const r = check([quota("q", { "count/configmaps": "5", configmaps: "5" }, { "count/configmaps": "1", configmaps: "1" })], "configmaps", cm);
    expect(usedOf(r)).toEqual({ "count/configmaps": "2", configmaps: "2" });
  });
  it("a quota limiting other resources does not cover the object", () => {
    expect(check([quota("q", { secrets: "0" }, { secrets: "0" })], "configmaps", cm)).toEqual({ ok: true, used: new Map() });
  });
  it("generic count/<resource>.<group> for any namespaced resource", () => {
    const ev = evaluatorFor("apps", "deployments")!;
    const r = checkRequest([quota("q", { "count/deployments.apps": "1" }, { "count/deployments.apps": "1" })], create({ metadata: { name: "d" } }), ev, NOW);
    expect(r).toEqual({ ok: false, message: "exceeded quota: q, requested: count/deployments.apps=1, used: count/deployments.apps=1, limited: count/deployments.apps=1" });
  });
  it("status unknown when the quota has no usage recorded for a limited resource", () => {
    const q = quota("q", { configmaps: "2" }, {});
    expect(check([q], "configmaps", cm)).toEqual({ ok: false, message: "status unknown for quota: q, resources: configmaps" });
  });
  it("every covering quota is checked; the first refusal wins", () => {
    const r = check([quota("a", { configmaps: "9" }, { configmaps: "0" }), quota("b", { configmaps: "1" }, { configmaps: "1" })], "configmaps", cm);
    expect(r.ok ? "" : r.message).toBe("exceeded quota: b, requested: configmaps=1, used: configmaps=1, limited: configmaps=1");
  });
  it("updates of counted-only resources are not handled", () => {
    const r = checkRequest([quota("q", { configmaps: "0" }, { configmaps: "0" })], { operation: "UPDATE", object: cm, oldObject: cm }, evaluatorFor("", "configmaps")!, NOW);
    expect(r).toEqual({ ok: true, used: new Map() });
  });
});

describe("checkRequest: pods", () => {
  const hard = { pods: "2", "requests.cpu": "1", "requests.memory": "1Gi", "limits.cpu": "2" };
  const used = { pods: "1", "requests.cpu": "500m", "requests.memory": "512Mi", "limits.cpu": "1" };
  it("charges compute resources", () => {
    const p = pod([container("a", { cpu: "250m", memory: "256Mi" }, { cpu: "500m" })]);
    expect(usedOf(check([quota("q", hard, used)], "pods", p))).toEqual({ pods: "2", "requests.cpu": "750m", "requests.memory": "768Mi", "limits.cpu": "1500m" });
  });
  it("names only the exceeded resources", () => {
    const p = pod([container("a", { cpu: "600m", memory: "512Mi" }, { cpu: "600m" })]);
    expect(usedOf(check([quota("q", hard, used)], "pods", p))).toBe(
      "exceeded quota: q, requested: requests.cpu=600m, used: requests.cpu=500m, limited: requests.cpu=1",
    );
  });
  it("requires every container to state quota'd cpu/memory", () => {
    const p = pod([container("b", { cpu: "1m" }), container("a")], { initContainers: [container("init", { cpu: "1m", memory: "1Mi" })] });
    expect(usedOf(check([quota("q", hard, used)], "pods", p))).toBe(
      "failed quota: q: must specify limits.cpu for: a,b,init; requests.cpu for: a; requests.memory for: a,b",
    );
  });
  it("a BestEffort-scoped quota ignores a burstable pod", () => {
    const q = quota("be", { pods: "0" }, { pods: "0" }, { scopes: ["BestEffort"] });
    expect(check([q], "pods", pod([container("a", { cpu: "1m" })]))).toEqual({ ok: true, used: new Map() });
    expect(usedOf(check([q], "pods", pod([container("a")])))).toBe("exceeded quota: be, requested: pods=1, used: pods=0, limited: pods=0");
  });
});

describe("pod usage", () => {
  it("sums containers, takes the init maximum, adds sidecars and overhead", () => {
    const p = pod([container("a", { cpu: "100m" }), container("b", { cpu: "200m" })], {
      initContainers: [container("i", { cpu: "1" }), { ...container("side", { cpu: "50m" }), restartPolicy: "Always" }],
      overhead: { cpu: "10m" },
    });
    expect(toWire(podUsage(p, NOW))).toEqual({ "count/pods": "1", cpu: "1010m", pods: "1", "requests.cpu": "1010m" });
  });
  it("overhead adds only to limits that are set", () => {
    const p = pod([container("a", { cpu: "100m", memory: "1Mi" }, { cpu: "200m" })], { overhead: { cpu: "10m", memory: "1Mi" } });
    expect(toWire(podUsage(p, NOW))).toMatchObject({ "limits.cpu": "210m", "requests.memory": "2Mi" });
    expect(podUsage(p, NOW).has("limits.memory")).toBe(false);
  });
  it("extended resources and hugepages", () => {
    const p = pod([container("a", { "example.com/gpu": "2", "hugepages-2Mi": "4Mi" })]);
    expect(toWire(podUsage(p, NOW))).toEqual({
      "count/pods": "1",
      "hugepages-2Mi": "4Mi",
      pods: "1",
      "requests.example.com/gpu": "2",
      "requests.hugepages-2Mi": "4Mi",
    });
  });
  it.each([
    ["Succeeded", {}, false],
    ["Failed", {}, false],
    ["Running", {}, true],
    ["Running", { deletionTimestamp: "2024-05-01T09:59:00Z", deletionGracePeriodSeconds: 30 }, false],
    ["Running", { deletionTimestamp: "2024-05-01T09:59:50Z", deletionGracePeriodSeconds: 30 }, true],
  ])("phase %s %j charged: %s", (phase, meta, charged) => {
    const u = podUsage(pod([container("a", { cpu: "1" })], {}, { phase }, meta), NOW);
    expect(u.has("pods")).toBe(charged);
    expect(toWire(u)["count/pods"]).toBe("1");
  });
  it.each<[string, string, string[] | undefined, KubeObject, boolean]>([
    ["Terminating", "Exists", undefined, { activeDeadlineSeconds: 10 }, true],
    ["NotTerminating", "Exists", undefined, { activeDeadlineSeconds: 10 }, false],
    ["PriorityClass", "In", ["high"], { priorityClassName: "high" }, true],
    ["PriorityClass", "NotIn", ["high"], { priorityClassName: "low" }, true],
    ["PriorityClass", "Exists", undefined, {}, false],
    ["PriorityClass", "DoesNotExist", undefined, {}, true],
    ["CrossNamespacePodAffinity", "Exists", undefined, { affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ namespaces: ["x"], topologyKey: "k" }] } } }, true],
  ])("scope %s %s %j on %j → %s", (scopeName, operator, values, spec, want) => {
    expect(podMatchesScope({ scopeName, operator, values }, pod([container("a")], spec))).toBe(want);
  });
  it("constraints pass when nothing cpu/memory is limited", () => {
    expect(podConstraints(["pods", "count/pods"], pod([container("a")]))).toBeUndefined();
  });
});

describe("services and claims", () => {
  const svc = (type: string, ports = 2, extra: KubeObject = {}) => ({
    metadata: { name: "s", namespace: "ns" },
    spec: { type, ports: Array.from({ length: ports }, (_, i) => ({ port: 80 + i, ...(i === 0 ? { nodePort: 30000 } : {}) })), ...extra },
  });
  it.each<[string, KubeObject, Record<string, string>]>([
    ["ClusterIP", svc("ClusterIP"), { "count/services": "1", services: "1", "services.loadbalancers": "0", "services.nodeports": "0" }],
    ["NodePort", svc("NodePort"), { "count/services": "1", services: "1", "services.loadbalancers": "0", "services.nodeports": "2" }],
    ["LoadBalancer", svc("LoadBalancer"), { "count/services": "1", services: "1", "services.loadbalancers": "1", "services.nodeports": "2" }],
    ["LB without node ports", svc("LoadBalancer", 2, { allocateLoadBalancerNodePorts: false }), { "count/services": "1", services: "1", "services.loadbalancers": "1", "services.nodeports": "1" }],
  ])("%s", (_n, s, want) => {
    expect(toWire(evaluatorFor("", "services")!.usage(s, NOW))).toEqual(want);
  });
  it("a service update is charged only its growth", () => {
    const ev = evaluatorFor("", "services")!;
    const old = { ...svc("ClusterIP"), metadata: { name: "s", resourceVersion: "3" } };
    const q = quota("q", { services: "5", "services.loadbalancers": "0" }, { services: "1", "services.loadbalancers": "0" });
    const r = checkRequest([q], { operation: "UPDATE", object: svc("LoadBalancer"), oldObject: old }, ev, NOW);
    expect(usedOf(r)).toBe("exceeded quota: q, requested: services.loadbalancers=1, used: services.loadbalancers=0, limited: services.loadbalancers=0");
  });
  it("claims are charged storage in whole bytes, also per storage class", () => {
    const pvc = { metadata: { name: "c" }, spec: { storageClassName: "gold", resources: { requests: { storage: "1500m" } } } };
    expect(toWire(evaluatorFor("", "persistentvolumeclaims")!.usage(pvc, NOW))).toEqual({
      "count/persistentvolumeclaims": "1",
      "gold.storageclass.storage.k8s.io/persistentvolumeclaims": "1",
      "gold.storageclass.storage.k8s.io/requests.storage": "2",
      persistentvolumeclaims: "1",
      "requests.storage": "2",
    });
  });
  it("events and reviews are never counted", () => {
    expect(evaluatorFor("", "events")).toBeUndefined();
    expect(evaluatorFor("authorization.k8s.io", "localsubjectaccessreviews")).toBeUndefined();
    expect(fromWire({ x: "bad" }).size).toBe(0);
  });
});
