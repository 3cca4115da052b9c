/**
 * Reject corpus (create): each rule → the upstream field path, cause reason and message.
 */
import { describe, expect, it } from "vitest";
import type { FieldError, KubeObject } from "../../../../schema/types";
import { KUBECTL_RUN_POD } from "./fixtures-pods";
import { KUBECTL_CREATE, OTHER, SERVICES } from "./fixtures-other";
import { admit, load, schemaIssues } from "./helpers";

type Case = [name: string, kind: string, yaml: string, mutate: (o: KubeObject) => void, expected: FieldError];
const pod = KUBECTL_RUN_POD;
const c0 = (o: KubeObject) => o.spec.containers[0];

const SUBDOMAIN_MSG =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const LABEL_MSG =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

const cases: Case[] = [
  ["pod name not a DNS subdomain", "Pod", pod, (o) => (o.metadata.name = "Web_1"),
    { reason: "FieldValueInvalid", field: "metadata.name", message: `Invalid value: "Web_1": ${SUBDOMAIN_MSG}` }],
  ["no containers", "Pod", pod, (o) => (o.spec.containers = []),
    { reason: "FieldValueRequired", field: "spec.containers", message: "Required value" }],
  ["container name not a DNS label", "Pod", pod, (o) => (c0(o).name = "Web"),
    { reason: "FieldValueInvalid", field: "spec.containers[0].name", message: `Invalid value: "Web": ${LABEL_MSG}` }],
  ["container name with dots", "Pod", pod, (o) => (c0(o).name = "a.b"),
    { reason: "FieldValueInvalid", field: "spec.containers[0].name", message: 'Invalid value: "a.b": must not contain dots' }],
  ["duplicate container names", "Pod", pod, (o) => o.spec.containers.push({ name: "nginx", image: "x" }),
    { reason: "FieldValueDuplicate", field: "spec.containers[1].name", message: 'Duplicate value: "nginx"' }],
  ["init container named like an app container", "Pod", pod, (o) => (o.spec.initContainers = [{ name: "nginx", image: "x" }]),
    { reason: "FieldValueDuplicate", field: "spec.initContainers[0].name", message: 'Duplicate value: "nginx"' }],
  ["image missing", "Pod", pod, (o) => delete c0(o).image,
    { reason: "FieldValueRequired", field: "spec.containers[0].image", message: "Required value" }],
  ["duplicate port names", "Pod", pod, (o) => (c0(o).ports = [{ name: "http", containerPort: 80 }, { name: "http", containerPort: 81 }]),
    { reason: "FieldValueDuplicate", field: "spec.containers[0].ports[1].name", message: 'Duplicate value: "http"' }],
  ["containerPort out of range", "Pod", pod, (o) => (c0(o).ports = [{ containerPort: 70000 }]),
    { reason: "FieldValueInvalid", field: "spec.containers[0].ports[0].containerPort", message: "Invalid value: 70000: must be between 1 and 65535, inclusive" }],
  ["port protocol unknown", "Pod", pod, (o) => (c0(o).ports = [{ containerPort: 80, protocol: "HTTP" }]),
    { reason: "FieldValueNotSupported", field: "spec.containers[0].ports[0].protocol", message: 'Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP"' }],
  ["restartPolicy not in enum", "Pod", pod, (o) => (o.spec.restartPolicy = "Sometimes"),
    { reason: "FieldValueNotSupported", field: "spec.restartPolicy", message: 'Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"' }],
  ["imagePullPolicy not in enum", "Pod", pod, (o) => (c0(o).imagePullPolicy = "Sometimes"),
    { reason: "FieldValueNotSupported", field: "spec.containers[0].imagePullPolicy", message: 'Unsupported value: "Sometimes": supported values: "Always", "IfNotPresent", "Never"' }],
  ["duplicate volume names", "Pod", pod, (o) => (o.spec.volumes = [{ name: "v", emptyDir: {} }, { name: "v", emptyDir: {} }]),
    { reason: "FieldValueDuplicate", field: "spec.volumes[1].name", message: 'Duplicate value: "v"' }],
  ["volume with two sources", "Pod", pod, (o) => (o.spec.volumes = [{ name: "v", emptyDir: {}, secret: { secretName: "s" } }]),
    { reason: "FieldValueForbidden", field: "spec.volumes[0].secret", message: "Forbidden: may not specify more than 1 volume type" }],
  ["secret volume without secretName", "Pod", pod, (o) => (o.spec.volumes = [{ name: "v", secret: {} }]),
    { reason: "FieldValueRequired", field: "spec.volumes[0].secret.secretName", message: "Required value" }],
  ["volumeMount of a missing volume", "Pod", pod, (o) => (c0(o).volumeMounts = [{ name: "nope", mountPath: "/x" }]),
    { reason: "FieldValueNotFound" as FieldError["reason"], field: "spec.containers[0].volumeMounts[0].name", message: 'Not found: "nope"' }],
  ["request above limit", "Pod", pod, (o) => (c0(o).resources = { requests: { cpu: "2" }, limits: { cpu: "1" } }),
    { reason: "FieldValueInvalid", field: "spec.containers[0].resources.requests", message: 'Invalid value: "2": must be less than or equal to cpu limit of 1' }],
  ["malformed quantity", "Pod", pod, (o) => (c0(o).resources = { limits: { memory: "1 GB" } }),
    { reason: "FieldValueInvalid", field: "spec.containers[0].resources.limits[memory]", message: `Invalid value: "1 GB": quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'` }],
  ["unknown container resource", "Pod", pod, (o) => (c0(o).resources = { limits: { gpu: "1" } }),
    { reason: "FieldValueInvalid", field: "spec.containers[0].resources.limits[gpu]", message: 'Invalid value: "gpu": must be a standard resource for containers' }],
  ["liveness successThreshold ≠ 1", "Pod", pod, (o) => (c0(o).livenessProbe = { exec: { command: ["true"] }, successThreshold: 2 }),
    { reason: "FieldValueInvalid", field: "spec.containers[0].livenessProbe.successThreshold", message: "Invalid value: 2: must be 1" }],
  ["probe without handler", "Pod", pod, (o) => (c0(o).readinessProbe = { periodSeconds: 5 }),
    { reason: "FieldValueRequired", field: "spec.containers[0].readinessProbe", message: "Required value: must specify a handler type" }],
  ["init container with liveness probe", "Pod", pod, (o) => (o.spec.initContainers = [{ name: "i", image: "x", livenessProbe: { exec: { command: ["true"] } } }]),
    { reason: "FieldValueForbidden", field: "spec.initContainers[0].livenessProbe", message: "Forbidden: may not be set for init containers without restartPolicy=Always" }],
  ["ephemeral containers on create", "Pod", pod, (o) => (o.spec.ephemeralContainers = [{ name: "debug", image: "busybox" }]),
    { reason: "FieldValueForbidden", field: "spec.ephemeralContainers", message: "Forbidden: cannot be set on create" }],
  ["toleration with empty key and Equal", "Pod", pod, (o) => (o.spec.tolerations = [{ operator: "Equal", value: "x" }]),
    { reason: "FieldValueInvalid", field: "spec.tolerations[0].operator", message: 'Invalid value: "Equal": operator must be Exists when `key` is empty, which means "match all values and all keys"' }],
  ["topology spread maxSkew 0", "Pod", pod, (o) => (o.spec.topologySpreadConstraints = [{ maxSkew: 0, topologyKey: "zone", whenUnsatisfiable: "DoNotSchedule" }]),
    { reason: "FieldValueInvalid", field: "spec.topologySpreadConstraints[0].maxSkew", message: "Invalid value: 0: must be greater than zero" }],
  ["label value too long", "Pod", pod, (o) => (o.metadata.labels = { app: "x".repeat(64) }),
    { reason: "FieldValueInvalid", field: "metadata.labels", message: `Invalid value: "${"x".repeat(64)}": must be no more than 63 characters` }],
  ["annotations over 256 KiB", "Pod", pod, (o) => (o.metadata.annotations = { big: "x".repeat(262_142) }),
    { reason: "FieldValueTooLong", field: "metadata.annotations", message: "Too long: may not be more than 262144 bytes" }],
  ["service without ports", "Service", SERVICES.withClusterIP, (o) => delete o.spec.ports,
    { reason: "FieldValueRequired", field: "spec.ports", message: "Required value" }],
  ["service ports unnamed when more than one", "Service", KUBECTL_CREATE.exposeDeployment, (o) => o.spec.ports.push({ port: 81 }),
    { reason: "FieldValueRequired", field: "spec.ports[0].name", message: "Required value" }],
  ["service duplicate port names", "Service", KUBECTL_CREATE.serviceClusterIP, (o) => o.spec.ports.push({ name: "80-8080", port: 81 }),
    { reason: "FieldValueDuplicate", field: "spec.ports[1].name", message: 'Duplicate value: "80-8080"' }],
  ["service type not in enum", "Service", KUBECTL_CREATE.serviceClusterIP, (o) => (o.spec.type = "Internal"),
    { reason: "FieldValueNotSupported", field: "spec.type", message: 'Unsupported value: "Internal": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"' }],
  ["nodePort outside the range", "Service", KUBECTL_CREATE.serviceNodePort, (o) => (o.spec.ports[0].nodePort = 8080),
    { reason: "FieldValueInvalid", field: "spec.ports[0].nodePort", message: "Invalid value: 8080: provided port is not in the valid range. The range of valid ports is 30000-32767" }],
  ["nodePort on a ClusterIP service", "Service", KUBECTL_CREATE.serviceClusterIP, (o) => (o.spec.ports[0].nodePort = 30001),
    { reason: "FieldValueForbidden", field: "spec.ports[0].nodePort", message: "Forbidden: may not be used when `type` is 'ClusterIP'" }],
  ["service name not a DNS-1035 label", "Service", KUBECTL_CREATE.serviceClusterIP, (o) => (o.metadata.name = "1svc"),
    { reason: "FieldValueInvalid", field: "metadata.name", message: `Invalid value: "1svc": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')` }],
  ["ExternalName without externalName", "Service", KUBECTL_CREATE.serviceExternalName, (o) => delete o.spec.externalName,
    { reason: "FieldValueRequired", field: "spec.externalName", message: "Required value" }],
  ["configmap key with a space", "ConfigMap", KUBECTL_CREATE.configmap, (o) => (o.data["a b"] = "x"),
    { reason: "FieldValueInvalid", field: "data[a b]", message: `Invalid value: "a b": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')` }],
  ["secret key with a slash", "Secret", KUBECTL_CREATE.secretGeneric, (o) => (o.data["a/b"] = "eA=="),
    { reason: "FieldValueInvalid", field: "data[a/b]", message: `Invalid value: "a/b": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')` }],
  ["secret value not base64", "Secret", KUBECTL_CREATE.secretGeneric, (o) => (o.data.password = "not base64!"),
    { reason: "FieldValueInvalid", field: "data[password]", message: 'Invalid value: "<secret contents redacted>": illegal base64 data' }],
  ["tls secret without tls.key", "Secret", KUBECTL_CREATE.secretTls, (o) => delete o.data["tls.key"],
    { reason: "FieldValueRequired", field: "data[tls.key]", message: "Required value" }],
  ["namespace name with dots", "Namespace", KUBECTL_CREATE.namespace, (o) => (o.metadata.name = "team.a"),
    { reason: "FieldValueInvalid", field: "metadata.name", message: 'Invalid value: "team.a": must not contain dots' }],
  ["namespace with a namespace", "Namespace", KUBECTL_CREATE.namespace, (o) => (o.metadata.namespace = "default"),
    { reason: "FieldValueForbidden", field: "metadata.namespace", message: "Forbidden: not allowed on this type" }],
  ["pvc without access modes", "PersistentVolumeClaim", OTHER.persistentVolumeClaim, (o) => delete o.spec.accessModes,
    { reason: "FieldValueRequired", field: "spec.accessModes", message: "Required value: at least 1 access mode is required" }],
  ["pvc without storage request", "PersistentVolumeClaim", OTHER.persistentVolumeClaim, (o) => delete o.spec.resources,
    { reason: "FieldValueRequired", field: "spec.resources[storage]", message: "Required value" }],
  ["pv without a source", "PersistentVolume", OTHER.persistentVolume, (o) => delete o.spec.hostPath,
    { reason: "FieldValueRequired", field: "spec", message: "Required value: must specify a volume type" }],
  ["limit range min above max", "LimitRange", OTHER.limitRange, (o) => (o.spec.limits[0].min.cpu = "3"),
    { reason: "FieldValueInvalid", field: "spec.limits[0].min[cpu]", message: 'Invalid value: "3": min value 3 is greater than max value 2' }],
  ["quota on a non-standard resource", "ResourceQuota", KUBECTL_CREATE.quota, (o) => (o.spec.hard.widgets = "1"),
    { reason: "FieldValueInvalid", field: "spec.hard[widgets]", message: 'Invalid value: "widgets": must be a standard resource for quota' }],
  ["node taint effect unknown", "Node", OTHER.node, (o) => (o.spec.taints[0].effect = "Sometimes"),
    { reason: "FieldValueNotSupported", field: "spec.taints[0].effect", message: 'Unsupported value: "Sometimes": supported values: "NoSchedule", "PreferNoSchedule", "NoExecute"' }],
  ["endpoint address not an IP", "Endpoints", OTHER.endpoints, (o) => (o.subsets[0].addresses[0].ip = "10.0.0"),
    { reason: "FieldValueInvalid", field: "subsets[0].addresses[0].ip", message: 'Invalid value: "10.0.0": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)' }],
  ["event about an object in another namespace", "Event", OTHER.event, (o) => (o.involvedObject.namespace = "other"),
    { reason: "FieldValueInvalid", field: "involvedObject.namespace", message: 'Invalid value: "other": does not match event.namespace' }],
];

describe("core/v1 reject corpus (create)", () => {
  it.each(cases)("%s", (_name, kind, yaml, mutate, expected) => {
    const obj = load(yaml);
    mutate(obj);
    const { errors } = admit(kind, obj);
    expect(errors).toContainEqual(expected);
  });
});

describe("decode-level rejections (strict schema)", () => {
  it.each<[string, string, string, (o: KubeObject) => void, string]>([
    ["unknown container field", "Pod", pod, (o) => (c0(o).imagee = "x"), "spec.containers.0"],
    ["unknown top-level field", "ConfigMap", KUBECTL_CREATE.configmap, (o) => (o.date = {}), ""],
    ["containerPort given as a string", "Pod", pod, (o) => (c0(o).ports = [{ containerPort: "80" }]), "spec.containers.0.ports.0.containerPort"],
    ["ports given as an object", "Service", KUBECTL_CREATE.serviceClusterIP, (o) => (o.spec.ports = { port: 80 }), "spec.ports"],
    ["label value that is not a string", "Pod", pod, (o) => (o.metadata.labels = { a: 1 }), "metadata.labels.a"],
    ["int32 overflow", "Pod", pod, (o) => (o.spec.priority = 2 ** 31), "spec.priority"],
  ])("%s", (_name, kind, yaml, mutate, path) => {
    const obj = load(yaml);
    mutate(obj);
    const issues = schemaIssues(kind, obj);
    expect(issues.some((i) => i.startsWith(`${path}:`))).toBe(true);
  });
});
