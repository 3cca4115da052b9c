import { describe, expect, it } from "vitest";
import type { KubeObject } from "../../../../schema/types";
import {
  extractContainerResourceValue,
  mergeContainerResourceLimits,
  resourceFieldValue,
} from "../../../../worker/kubelet/pod-env/resource-field";
import { pod } from "./fixtures";

const container = {
  name: "app",
  resources: {
    requests: { cpu: "250m", memory: "64Mi", "ephemeral-storage": "1Gi", "hugepages-2Mi": "4Mi" },
    limits: { cpu: "1500m", memory: "128Mi" },
  },
};

describe("extractContainerResourceValue", () => {
  it.each<[string, string, unknown, { ok: boolean; value?: string; message?: string }]>([
    ["limits.cpu, divisor unset", "limits.cpu", undefined, { ok: true, value: "2" }],
    ["limits.cpu, divisor 0 means 1", "limits.cpu", "0", { ok: true, value: "2" }],
    ["limits.cpu in millicores", "limits.cpu", "1m", { ok: true, value: "1500" }],
    ["requests.cpu rounds up", "requests.cpu", "1", { ok: true, value: "1" }],
    ["requests.cpu in millicores", "requests.cpu", "1m", { ok: true, value: "250" }],
    ["limits.memory in bytes", "limits.memory", undefined, { ok: true, value: "134217728" }],
    ["limits.memory in Mi", "limits.memory", "1Mi", { ok: true, value: "128" }],
    ["requests.memory in Gi rounds up", "requests.memory", "1Gi", { ok: true, value: "1" }],
    ["requests.ephemeral-storage in Mi", "requests.ephemeral-storage", "1Mi", { ok: true, value: "1024" }],
    ["an unset limit reads zero", "limits.ephemeral-storage", undefined, { ok: true, value: "0" }],
    ["hugepages request", "requests.hugepages-2Mi", "1Mi", { ok: true, value: "4" }],
    ["unsupported resource", "limits.nvidia.com/gpu", undefined, { ok: false, message: "unsupported container resource : limits.nvidia.com/gpu" }],
    ["no field", "cpu", undefined, { ok: false, message: "unsupported container resource : cpu" }],
  ])("%s", (_name, resource, divisor, expected) =>
    expect(extractContainerResourceValue({ resource, divisor }, container)).toEqual(expected),
  );
});

describe("mergeContainerResourceLimits", () => {
  const allocatable = { cpu: "4", memory: "8Gi", "ephemeral-storage": "100Gi", pods: "110" };
  it.each<[string, KubeObject, KubeObject]>([
    ["no resources at all", { name: "a" }, { cpu: "4", memory: "8Gi", "ephemeral-storage": "100Gi" }],
    ["set limits kept", { name: "a", resources: { limits: { cpu: "1" } } }, { cpu: "1", memory: "8Gi", "ephemeral-storage": "100Gi" }],
    ["a zero limit is replaced", { name: "a", resources: { limits: { memory: "0" } } }, { cpu: "4", memory: "8Gi", "ephemeral-storage": "100Gi" }],
  ])("%s", (_name, c, limits) => expect(mergeContainerResourceLimits(c, allocatable).resources.limits).toEqual(limits));

  it("does not change the container it is given", () => {
    const c = { name: "a", resources: { limits: { cpu: "1" } } };
    mergeContainerResourceLimits(c, allocatable);
    expect(c).toEqual({ name: "a", resources: { limits: { cpu: "1" } } });
  });
});

describe("resourceFieldValue", () => {
  const p = pod({
    containers: [container, { name: "sidecar" }],
    initContainers: [{ name: "init", resources: { limits: { memory: "32Mi" } } }],
  });
  const allocatable = { cpu: "4", memory: "8Gi" };
  it.each<[string, KubeObject, KubeObject | undefined, { ok: boolean; value?: string; message?: string }]>([
    ["the container itself", { resource: "limits.cpu", divisor: "1m" }, container, { ok: true, value: "1500" }],
    ["no limit: node allocatable", { resource: "limits.cpu" }, { name: "sidecar" }, { ok: true, value: "4" }],
    ["a named container", { containerName: "sidecar", resource: "limits.memory", divisor: "1Gi" }, container, { ok: true, value: "8" }],
    ["a named init container", { containerName: "init", resource: "limits.memory", divisor: "1Mi" }, undefined, { ok: true, value: "32" }],
    ["an unknown container", { containerName: "nope", resource: "limits.cpu" }, undefined, { ok: false, message: "container nope not found" }],
    ["requests are not defaulted", { resource: "requests.cpu" }, { name: "sidecar" }, { ok: true, value: "0" }],
  ])("%s", (_name, ref, c, expected) => expect(resourceFieldValue(p, ref, allocatable, c)).toEqual(expected));
});
