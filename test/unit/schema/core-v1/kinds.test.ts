import { describe, expect, it } from "vitest";
import { coreV1 } from "../../../../schema/core-v1";
import { KUBECTL_CREATE, OTHER } from "./fixtures-other";
import { admit, clone, load, stored } from "./helpers";

const ALL_VERBS = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];

describe("coreV1 KindDefs match upstream discovery", () => {
  it.each<[string, string, string, boolean, string[], string[], boolean, string[]]>([
    // kind, resource, singular, namespaced, shortNames, categories, status, verbs
    ["Namespace", "namespaces", "namespace", false, ["ns"], [], true, ALL_VERBS.filter((v) => v !== "deletecollection")],
    ["Pod", "pods", "pod", true, ["po"], ["all"], true, ALL_VERBS],
    ["Node", "nodes", "node", false, ["no"], [], true, ALL_VERBS],
    ["ConfigMap", "configmaps", "configmap", true, ["cm"], [], false, ALL_VERBS],
    ["Secret", "secrets", "secret", true, [], [], false, ALL_VERBS],
    ["Service", "services", "service", true, ["svc"], ["all"], true, ALL_VERBS.filter((v) => v !== "deletecollection")],
    ["Endpoints", "endpoints", "endpoints", true, ["ep"], [], false, ALL_VERBS],
    ["Event", "events", "event", true, ["ev"], [], false, ALL_VERBS],
    ["ServiceAccount", "serviceaccounts", "serviceaccount", true, ["sa"], [], false, ALL_VERBS],
    ["PersistentVolume", "persistentvolumes", "persistentvolume", false, ["pv"], [], true, ALL_VERBS],
    ["PersistentVolumeClaim", "persistentvolumeclaims", "persistentvolumeclaim", true, ["pvc"], [], true, ALL_VERBS],
    ["LimitRange", "limitranges", "limitrange", true, ["limits"], [], false, ALL_VERBS],
    ["ResourceQuota", "resourcequotas", "resourcequota", true, ["quota"], [], true, ALL_VERBS],
  ])("%s", (kind, resource, singular, namespaced, shortNames, categories, status, verbs) => {
    const def = coreV1.kinds.find((k) => k.kind === kind)!;
    expect(def).toBeDefined();
    expect([def.resource, def.singular, def.namespaced]).toEqual([resource, singular, namespaced]);
    expect(def.shortNames ?? []).toEqual(shortNames);
    expect(def.categories ?? []).toEqual(categories);
    expect(def.status ?? false).toBe(status);
    expect([...(def.verbs ?? ALL_VERBS)].sort()).toEqual([...verbs].sort());
    expect(typeof def.validate).toBe("function");
  });

  it("is the core group, v1, with 13 kinds", () => {
    expect([coreV1.group, coreV1.version, coreV1.kinds.length]).toEqual(["", "v1", 13]);
  });

  it.each<[string, string[]]>([
    ["Pod", ["spec.nodeName", "spec.restartPolicy", "spec.schedulerName", "spec.serviceAccountName", "spec.hostNetwork", "status.phase", "status.podIP", "status.nominatedNodeName"]],
    ["Event", ["involvedObject.kind", "involvedObject.namespace", "involvedObject.name", "involvedObject.uid", "involvedObject.apiVersion", "involvedObject.resourceVersion", "involvedObject.fieldPath", "reason", "reportingComponent", "source", "type"]],
    ["Secret", ["type"]],
    ["Namespace", ["status.phase"]],
    ["Node", ["spec.unschedulable"]],
  ])("%s field selectors", (kind, selectors) => {
    expect(coreV1.kinds.find((k) => k.kind === kind)!.fieldSelectors).toEqual(selectors);
  });
});

describe("Namespace and Node rules", () => {
  it("a namespace gets its name label, the kubernetes finalizer and phase Active", () => {
    const { obj, errors } = admit("Namespace", load(KUBECTL_CREATE.namespace));
    expect(errors).toEqual([]);
    expect(obj.metadata.labels).toEqual({ "kubernetes.io/metadata.name": "team-a" });
    expect(obj.spec.finalizers).toEqual(["kubernetes"]);
    expect(obj.status.phase).toBe("Active");
  });

  it("a namespace's name is immutable", () => {
    const ns = stored("Namespace", OTHER.namespaceFull);
    const next = clone(ns);
    next.metadata.name = "staging";
    expect(admit("Namespace", next, ns).errors).toContainEqual({
      reason: "FieldValueInvalid",
      field: "metadata.name",
      message: 'Invalid value: "staging": field is immutable',
    });
  });

  it("non-standard unqualified namespace finalizers are rejected", () => {
    const { errors } = admit("Namespace", { metadata: { name: "x" }, spec: { finalizers: ["custom"] } });
    expect(errors).toContainEqual({
      reason: "FieldValueInvalid",
      field: "spec.finalizers",
      message: 'Invalid value: "custom": name is neither a standard finalizer name nor is it fully qualified',
    });
  });

  it("node allocatable defaults to capacity; providerID may not change once set", () => {
    const { obj } = admit("Node", { metadata: { name: "n" }, status: { capacity: { cpu: "4" } } });
    expect(obj.status.allocatable).toEqual({ cpu: "4" });
    const node = stored("Node", OTHER.node);
    const next = clone(node);
    next.spec.providerID = "kwok://other";
    expect(admit("Node", next, node).errors).toContainEqual({
      reason: "FieldValueForbidden",
      field: "spec.providerID",
      message: 'Forbidden: node updates may not change providerID except from "" to valid',
    });
  });

  it("endpoints ports default to TCP", () => {
    const { obj } = admit("Endpoints", { metadata: { name: "e" }, subsets: [{ addresses: [{ ip: "10.0.0.1" }], ports: [{ port: 80 }] }] });
    expect(obj.subsets[0].ports[0].protocol).toBe("TCP");
  });
});
