/**
 * Small GroupVersionDefs for the OpenAPI tests, built with the schema/meta.ts helpers (the real schema
 * modules are tested on their own). Ids are namespaced under `test.` where they must not collide with the
 * real modules' named types in zod's global registry.
 */
import { z } from "zod";
import {
  ConditionSchema,
  LabelSelectorSchema,
  ObjectMetaSchema,
  atomicList,
  int32,
  intOrString,
  listOf,
  mapList,
  obj,
  opt,
  quantity,
  str,
  stringMap,
  topLevel,
  anyJson,
  bool,
} from "../../../schema/meta";
import type { GroupVersionDef, KindDef } from "../../../schema/types";

const ContainerPort = obj({
  containerPort: int32.describe("Number of port to expose on the pod's IP address."),
  protocol: opt(z.enum(["TCP", "UDP", "SCTP"])).describe("Protocol for port."),
}).meta({ id: "test.core.v1.ContainerPort" });

const EnvVar = obj({ name: str, value: opt(str) }).meta({ id: "test.core.v1.EnvVar" });

const Resources = obj({ limits: opt(z.record(z.string(), quantity)), requests: opt(z.record(z.string(), quantity)) }).meta({
  id: "test.core.v1.ResourceRequirements",
});

const Probe = obj({ port: opt(intOrString), periodSeconds: opt(int32) }).meta({ id: "test.core.v1.Probe" });

export const Container = obj({
  name: str.describe("Name of the container specified as a DNS_LABEL."),
  image: opt(str).describe("Container image name."),
  args: atomicList(str),
  env: mapList(EnvVar, ["name"]),
  ports: mapList(ContainerPort, ["containerPort", "protocol"]),
  resources: opt(Resources),
  livenessProbe: opt(Probe).describe("Periodic probe of container liveness."),
}).meta({ id: "test.core.v1.Container", description: "A single application container." });

const Volume = obj({ name: str, configMap: opt(obj({ name: opt(str) })) }).meta({ id: "test.core.v1.Volume" });

export const PodSpec = obj({
  containers: mapList(Container, ["name"]),
  initContainers: mapList(Container, ["name"]),
  volumes: listOf(Volume, { "x-kubernetes-patch-merge-key": "name", "x-kubernetes-patch-strategy": "merge,retainKeys" }),
  nodeName: opt(str),
  hostNetwork: opt(bool),
  nodeSelector: opt(stringMap).meta({ "x-kubernetes-map-type": "atomic" }),
}).meta({ id: "test.core.v1.PodSpec" });

const PodTemplateSpec = obj({ metadata: opt(ObjectMetaSchema), spec: opt(PodSpec) }).meta({ id: "test.core.v1.PodTemplateSpec" });

const DeploymentStrategy = obj({ type: opt(str), rollingUpdate: opt(obj({ maxSurge: opt(intOrString) })) }).meta({
  id: "test.apps.v1.DeploymentStrategy",
});

export const DeploymentSchema = topLevel("test.apps.v1.Deployment", {
  spec: opt(
    obj({
      replicas: opt(int32).describe("Number of desired pods."),
      selector: LabelSelectorSchema.describe("Label selector for pods."),
      template: PodTemplateSpec.describe("Template describes the pods that will be created."),
      strategy: opt(DeploymentStrategy).meta({ "x-kubernetes-patch-strategy": "retainKeys" }),
      paused: opt(bool),
    })
      .meta({ id: "test.apps.v1.DeploymentSpec" })
      .describe("Specification of the desired behavior of the Deployment."),
  ),
  status: opt(
    obj({ replicas: opt(int32), conditions: mapList(ConditionSchema, ["type"]) }).meta({ id: "test.apps.v1.DeploymentStatus" }),
  ),
}).describe("Deployment enables declarative updates for Pods and ReplicaSets.");

export const ScaleSchema = topLevel("test.autoscaling.v1.Scale", {
  spec: opt(obj({ replicas: opt(int32) }).meta({ id: "test.autoscaling.v1.ScaleSpec" })),
  status: opt(obj({ replicas: int32, selector: opt(str) }).meta({ id: "test.autoscaling.v1.ScaleStatus" })),
});

const scale = { specReplicasPath: ".spec.replicas", statusReplicasPath: ".status.replicas" };

export const APPS: GroupVersionDef = {
  group: "apps",
  version: "v1",
  kinds: [
    { kind: "Deployment", resource: "deployments", singular: "deployment", namespaced: true, schema: DeploymentSchema, status: true, scale },
  ],
};

export const PodSchema = topLevel("test.core.v1.Pod", { spec: opt(PodSpec), status: opt(obj({ phase: opt(str), podIP: opt(str) })) });
const NamespaceSchema = topLevel("test.core.v1.Namespace", { status: opt(obj({ phase: opt(str) })) });
const ConfigMapSchema = topLevel("test.core.v1.ConfigMap", { data: opt(stringMap), immutable: opt(bool) });
/** A kind whose schema has no id: published under the fallback definition name. */
const NoIdSchema = z.object({ apiVersion: opt(str), kind: opt(str), metadata: opt(ObjectMetaSchema), blob: anyJson });
const ReviewSchema = topLevel("test.core.v1.Review", { spec: obj({ user: str }) });

export const CORE: GroupVersionDef = {
  group: "",
  version: "v1",
  kinds: [
    { kind: "Pod", resource: "pods", singular: "pod", namespaced: true, schema: PodSchema, status: true },
    { kind: "Namespace", resource: "namespaces", singular: "namespace", namespaced: false, schema: NamespaceSchema, status: true },
    { kind: "ConfigMap", resource: "configmaps", singular: "configmap", namespaced: true, schema: ConfigMapSchema },
    { kind: "Endpoints", resource: "endpoints", singular: "endpoints", namespaced: true, schema: NoIdSchema },
    { kind: "Review", resource: "reviews", singular: "review", namespaced: false, schema: ReviewSchema, verbs: ["create"] },
  ],
};

/** ~10 workload-sized kinds sharing PodSpec, for the build-time measurement. */
export function bigGroupVersion(n = 10): GroupVersionDef {
  const kinds: KindDef[] = Array.from({ length: n }, (_, i) => ({
    kind: `Workload${i}`,
    resource: `workload${i}s`,
    singular: `workload${i}`,
    namespaced: true,
    status: true,
    scale,
    schema: topLevel(`test.big.v1.Workload${i}`, {
      spec: opt(
        obj({
          replicas: opt(int32),
          selector: LabelSelectorSchema,
          template: PodTemplateSpec,
          extra: opt(obj({ [`field${i}`]: opt(str) })),
        }).meta({ id: `test.big.v1.Workload${i}Spec` }),
      ),
      status: opt(obj({ replicas: opt(int32), conditions: mapList(ConditionSchema, ["type"]) })),
    }),
  }));
  return { group: "big.example.com", version: "v1", kinds };
}
