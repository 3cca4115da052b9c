/**
 * Small hand-written kind schemas for patch tests, carrying the upstream patch metadata that matters
 * (KUBECTL.md §7.5). Independent of the real schemas in schema/ so the patch engine is tested on its own.
 */
import { z } from "zod";
import { SchemaNode } from "../../../worker/patch/schema-node";

const mergeBy = (key: string, strategy = "merge") => ({
  "x-kubernetes-patch-merge-key": key,
  "x-kubernetes-patch-strategy": strategy,
});

const stringMap = z.record(z.string(), z.string());

const ObjectMeta = z
  .object({
    name: z.string().optional(),
    namespace: z.string().optional(),
    labels: stringMap.optional(),
    annotations: stringMap.optional(),
    finalizers: z.array(z.string()).meta({ "x-kubernetes-patch-strategy": "merge" }).optional(),
    ownerReferences: z
      .array(z.object({ apiVersion: z.string(), kind: z.string(), name: z.string(), uid: z.string() }))
      .meta(mergeBy("uid"))
      .optional(),
  })
  .meta({ id: "ObjectMeta" });

const EnvVar = z.object({ name: z.string(), value: z.string().optional() }).meta({ id: "EnvVar" });

const Container = z
  .object({
    name: z.string(),
    image: z.string().optional(),
    args: z.array(z.string()).optional(),
    env: z.array(EnvVar).meta(mergeBy("name")).optional(),
    ports: z
      .array(z.object({ containerPort: z.number(), protocol: z.string().optional(), name: z.string().optional() }))
      .meta({
        ...mergeBy("containerPort"),
        "x-kubernetes-list-type": "map",
        "x-kubernetes-list-map-keys": ["containerPort", "protocol"],
      })
      .optional(),
    volumeMounts: z.array(z.object({ name: z.string(), mountPath: z.string() })).meta(mergeBy("mountPath")).optional(),
  })
  .meta({ id: "Container" });

const Volume = z
  .object({
    name: z.string(),
    emptyDir: z.object({ medium: z.string().optional() }).optional(),
    configMap: z.object({ name: z.string().optional() }).optional(),
    secret: z.object({ secretName: z.string().optional() }).optional(),
  })
  .meta({ id: "Volume" });

const PodSpec = z
  .object({
    containers: z.array(Container).meta(mergeBy("name")),
    initContainers: z.array(Container).meta(mergeBy("name")).optional(),
    volumes: z.array(Volume).meta(mergeBy("name", "merge,retainKeys")).optional(),
    tolerations: z.array(z.object({ key: z.string().optional(), operator: z.string().optional() })).optional(),
    nodeSelector: stringMap.optional(),
  })
  .meta({ id: "PodSpec" });

const DeploymentStrategy = z
  .object({
    type: z.string().optional(),
    rollingUpdate: z
      .object({ maxSurge: z.union([z.number(), z.string()]).optional(), maxUnavailable: z.union([z.number(), z.string()]).optional() })
      .optional(),
  })
  .meta({ id: "DeploymentStrategy" });

export const DeploymentSchema = z.object({
  apiVersion: z.string().optional(),
  kind: z.string().optional(),
  metadata: ObjectMeta.optional(),
  spec: z
    .object({
      replicas: z.number().optional(),
      paused: z.boolean().optional(),
      strategy: DeploymentStrategy.meta({ "x-kubernetes-patch-strategy": "retainKeys" }).optional(),
      template: z.object({ metadata: ObjectMeta.optional(), spec: PodSpec }),
    })
    .optional(),
});

export const NodeSchema = z.object({
  metadata: ObjectMeta.optional(),
  spec: z.object({ unschedulable: z.boolean().optional(), podCIDR: z.string().optional() }).optional(),
});

/** The upstream strategicpatch test type `MergeItem`, reduced to the fields our cases use. */
const MergeItem: z.ZodType = z
  .object({
    name: z.string().optional(),
    value: z.string().optional(),
    other: z.string().optional(),
    get mergingList() {
      return z.array(MergeItem).meta(mergeBy("name")).optional();
    },
    get nonMergingList() {
      return z.array(MergeItem).optional();
    },
    mergingIntList: z.array(z.number()).meta({ "x-kubernetes-patch-strategy": "merge" }).optional(),
    nonMergingIntList: z.array(z.number()).optional(),
    simpleMap: stringMap.optional(),
    replacingItem: z.record(z.string(), z.any()).meta({ "x-kubernetes-patch-strategy": "replace" }).optional(),
    get retainKeysMap() {
      return z
        .object({ name: z.string().optional(), value: z.string().optional(), other: z.string().optional() })
        .meta({ "x-kubernetes-patch-strategy": "retainKeys" })
        .optional();
    },
    get retainKeysMergingList() {
      return z.array(MergeItem).meta(mergeBy("name", "merge,retainKeys")).optional();
    },
  })
  .meta({ id: "MergeItem" });

export const deploymentSchema = SchemaNode.fromJsonSchema(z.toJSONSchema(DeploymentSchema));
export const nodeSchema = SchemaNode.fromJsonSchema(z.toJSONSchema(NodeSchema));
export const mergeItemSchema = SchemaNode.fromJsonSchema(z.toJSONSchema(MergeItem, { unrepresentable: "any" }));
