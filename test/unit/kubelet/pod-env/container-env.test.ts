import { describe, expect, it } from "vitest";
import type { KubeObject } from "../../../../schema/types";
import { containerEnv, type ContainerEnvInputs } from "../../../../worker/kubelet/pod-env/container-env";
import { configMaps, placement, pod, secrets } from "./fixtures";

const inputs: ContainerEnvInputs = {
  configMaps,
  secrets,
  ...placement,
  serviceEnv: { WEB_SERVICE_HOST: "10.96.0.3", WEB_SERVICE_PORT: "80", LOG_LEVEL: "from-service" },
  nodeAllocatable: { cpu: "4", memory: "8Gi" },
};

const run = (container: KubeObject, over: Partial<ContainerEnvInputs> = {}) => {
  const c = { name: "app", image: "app:1", ...container };
  return containerEnv(pod({ containers: [c] }), c, { ...inputs, ...over });
};

const envOf = (container: KubeObject, over: Partial<ContainerEnvInputs> = {}) => {
  const got = run(container, { serviceEnv: {}, ...over });
  return got.ok ? Object.fromEntries(got.env.map((e) => [e.name, e.value])) : got;
};

const fieldRef = (name: string, fieldPath: string) => ({ name, valueFrom: { fieldRef: { apiVersion: "v1", fieldPath } } });

describe("containerEnv: values and sources", () => {
  it.each<[string, KubeObject, Record<string, string>]>([
    ["plain values", { env: [{ name: "A", value: "1" }, { name: "B", value: "two" }] }, { A: "1", B: "two" }],
    ["an empty value without valueFrom", { env: [{ name: "EMPTY" }] }, { EMPTY: "" }],
    [
      "envFrom a ConfigMap with a prefix",
      { envFrom: [{ prefix: "CFG_", configMapRef: { name: "cfg" } }] },
      { CFG_LOG_LEVEL: "debug", CFG_MODE: "fast", "CFG_app.conf": "listen 80\n" },
    ],
    ["envFrom a Secret, decoded", { envFrom: [{ secretRef: { name: "creds" } }] }, { USER: "admin", PASSWORD: "s3cret", "tls.key": "KEY" }],
    ["UTF-8 secret text", { envFrom: [{ secretRef: { name: "utf8" } }] }, { NAME: "Zoë" }],
    ["non-UTF-8 secret bytes as Latin-1", { envFrom: [{ secretRef: { name: "binary" } }] }, { RAW: "\u00ff\u0000\u0080" }],
    ["an optional missing ConfigMap", { envFrom: [{ configMapRef: { name: "nope", optional: true } }] }, {}],
    ["an optional missing Secret", { envFrom: [{ secretRef: { name: "nope", optional: true } }] }, {}],
    ["env wins over envFrom", { envFrom: [{ configMapRef: { name: "cfg" } }], env: [{ name: "MODE", value: "slow" }] }, { LOG_LEVEL: "debug", MODE: "slow", "app.conf": "listen 80\n" }],
    ["a later env entry wins", { env: [{ name: "A", value: "1" }, { name: "A", value: "2" }] }, { A: "2" }],
    ["a later envFrom wins", { envFrom: [{ configMapRef: { name: "cfg" } }, { configMapRef: { name: "mode" } }] }, { LOG_LEVEL: "debug", MODE: "slow", "app.conf": "listen 80\n" }],
    ["configMapKeyRef", { env: [{ name: "LVL", valueFrom: { configMapKeyRef: { name: "cfg", key: "LOG_LEVEL" } } }] }, { LVL: "debug" }],
    ["secretKeyRef, decoded", { env: [{ name: "PW", valueFrom: { secretKeyRef: { name: "creds", key: "PASSWORD" } } }] }, { PW: "s3cret" }],
    ["optional configMapKeyRef, missing key: not defined", { env: [{ name: "X", valueFrom: { configMapKeyRef: { name: "cfg", key: "nope", optional: true } } }] }, {}],
    ["optional secretKeyRef, missing Secret: not defined", { env: [{ name: "X", valueFrom: { secretKeyRef: { name: "nope", key: "k", optional: true } } }] }, {}],
    [
      "fieldRefs",
      {
        env: [
          fieldRef("POD_NAME", "metadata.name"),
          fieldRef("POD_NAMESPACE", "metadata.namespace"),
          fieldRef("POD_UID", "metadata.uid"),
          fieldRef("APP", "metadata.labels['app']"),
          fieldRef("OWNER", "metadata.annotations['example.com/owner']"),
          fieldRef("NODE", "spec.nodeName"),
          fieldRef("SA", "spec.serviceAccountName"),
          fieldRef("HOST_IP", "status.hostIP"),
          fieldRef("HOST_IPS", "status.hostIPs"),
          fieldRef("POD_IP", "status.podIP"),
          fieldRef("POD_IPS", "status.podIPs"),
        ],
      },
      {
        POD_NAME: "web-0",
        POD_NAMESPACE: "shop",
        POD_UID: "0f6d3f5e-1111-2222-3333-444455556666",
        APP: "web",
        OWNER: 'team "a"',
        NODE: "node-1",
        SA: "web",
        HOST_IP: "10.0.0.5",
        HOST_IPS: "10.0.0.5,fd00::5",
        POD_IP: "10.244.1.7",
        POD_IPS: "10.244.1.7,fd00:10:244::7",
      },
    ],
    [
      "resourceFieldRefs, limits defaulted from node allocatable",
      {
        resources: { requests: { cpu: "250m" }, limits: { memory: "256Mi" } },
        env: [
          { name: "CPU_REQ", valueFrom: { resourceFieldRef: { resource: "requests.cpu", divisor: "1m" } } },
          { name: "CPU_LIMIT", valueFrom: { resourceFieldRef: { resource: "limits.cpu", divisor: "0" } } },
          { name: "MEM_LIMIT", valueFrom: { resourceFieldRef: { resource: "limits.memory", divisor: "1Mi" } } },
        ],
      },
      { CPU_REQ: "250", CPU_LIMIT: "4", MEM_LIMIT: "256" },
    ],
  ])("%s", (_name, container, expected) => expect(envOf(container)).toEqual(expected));
});

describe("containerEnv: $(VAR) expansion", () => {
  it.each<[string, KubeObject, Record<string, string>]>([
    ["an earlier env entry", { env: [{ name: "A", value: "x" }, { name: "B", value: "$(A)-y" }] }, { A: "x", B: "x-y" }],
    ["a later entry is not yet defined", { env: [{ name: "B", value: "$(A)-y" }, { name: "A", value: "x" }] }, { B: "$(A)-y", A: "x" }],
    ["an envFrom variable", { envFrom: [{ configMapRef: { name: "cfg" } }], env: [{ name: "L", value: "level=$(LOG_LEVEL)" }] }, { LOG_LEVEL: "debug", MODE: "fast", "app.conf": "listen 80\n", L: "level=debug" }],
    ["a variable from valueFrom", { env: [fieldRef("POD", "metadata.name"), { name: "URL", value: "http://$(POD):8080" }] }, { POD: "web-0", URL: "http://web-0:8080" }],
    ["itself, redefined", { env: [{ name: "P", value: "/bin" }, { name: "P", value: "$(P):/usr/bin" }] }, { P: "/bin:/usr/bin" }],
    ["escaped", { env: [{ name: "A", value: "x" }, { name: "B", value: "$$(A)" }] }, { A: "x", B: "$(A)" }],
    ["a value from a source is not expanded", { env: [{ name: "A", value: "x" }, { name: "C", valueFrom: { configMapKeyRef: { name: "lit", key: "k" } } }] }, { A: "x", C: "$(A)" }],
  ])("%s", (_name, container, expected) =>
    expect(envOf(container, { configMaps: { ...configMaps, lit: { data: { k: "$(A)" } } } })).toEqual(expected),
  );

  it("service variables resolve after the container's own", () => {
    const got = run({ env: [{ name: "LOG_LEVEL", value: "info" }, { name: "TARGET", value: "$(WEB_SERVICE_HOST):$(WEB_SERVICE_PORT) $(LOG_LEVEL)" }] });
    expect(got).toMatchObject({ ok: true });
    if (got.ok) expect(got.env.find((e) => e.name === "TARGET")?.value).toBe("10.96.0.3:80 info");
  });
});

describe("containerEnv: order and service variables", () => {
  it("keeps each name at its first definition and appends service variables not defined", () => {
    const got = run({
      envFrom: [{ configMapRef: { name: "cfg" } }],
      env: [{ name: "Z", value: "z" }, { name: "LOG_LEVEL", value: "warn" }],
    });
    expect(got).toEqual({
      ok: true,
      env: [
        { name: "LOG_LEVEL", value: "warn" },
        { name: "MODE", value: "fast" },
        { name: "app.conf", value: "listen 80\n" },
        { name: "Z", value: "z" },
        { name: "WEB_SERVICE_HOST", value: "10.96.0.3" },
        { name: "WEB_SERVICE_PORT", value: "80" },
      ],
    });
  });
});

describe("containerEnv: CreateContainerConfigError", () => {
  it.each<[string, KubeObject, string]>([
    ["envFrom a missing ConfigMap", { envFrom: [{ configMapRef: { name: "nope" } }] }, 'configmap "nope" not found'],
    ["envFrom a missing Secret", { envFrom: [{ secretRef: { name: "nope" } }] }, 'secret "nope" not found'],
    ["configMapKeyRef to a missing ConfigMap", { env: [{ name: "X", valueFrom: { configMapKeyRef: { name: "nope", key: "k" } } }] }, 'configmap "nope" not found'],
    ["configMapKeyRef to a missing key", { env: [{ name: "X", valueFrom: { configMapKeyRef: { name: "cfg", key: "k" } } }] }, "couldn't find key k in ConfigMap shop/cfg"],
    ["secretKeyRef to a missing Secret", { env: [{ name: "X", valueFrom: { secretKeyRef: { name: "nope", key: "k" } } }] }, 'secret "nope" not found'],
    ["secretKeyRef to a missing key", { env: [{ name: "X", valueFrom: { secretKeyRef: { name: "creds", key: "k" } } }] }, "couldn't find key k in Secret shop/creds"],
    ["a field the kubelet does not serve", { env: [fieldRef("X", "spec.restartPolicy")] }, "unsupported fieldPath: spec.restartPolicy"],
    ["an unknown field label", { env: [fieldRef("X", "spec.containers")] }, "field label not supported: spec.containers"],
    ["an unknown pod version", { env: [{ name: "X", valueFrom: { fieldRef: { apiVersion: "v2", fieldPath: "metadata.name" } } }] }, "unsupported pod version: v2"],
    ["an unsupported resource", { env: [{ name: "X", valueFrom: { resourceFieldRef: { resource: "limits.pods" } } }] }, "unsupported container resource : limits.pods"],
    ["a resource of an unknown container", { env: [{ name: "X", valueFrom: { resourceFieldRef: { containerName: "db", resource: "limits.cpu" } } }] }, "container db not found"],
  ])("%s", (_name, container, message) =>
    expect(run(container)).toEqual({ ok: false, reason: "CreateContainerConfigError", message }),
  );

  it("stops at the first failure, as upstream returns at once", () => {
    const got = run({ envFrom: [{ secretRef: { name: "gone" } }, { configMapRef: { name: "nope" } }] });
    expect(got).toMatchObject({ ok: false, message: 'secret "gone" not found' });
  });
});
