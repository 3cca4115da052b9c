/**
 * A small Deployment-shaped schema with upstream's patch metadata, built with zod the way schema/*
 * modules are (nullish optional fields, strict objects, extensions via `.meta`), and object builders.
 */
import { z } from "zod";
import { SchemaNode } from "../../../worker/patch/schema-node";

const opt = <T extends z.ZodType>(s: T) => s.nullish();
const stringMap = z.record(z.string(), z.string());
const mapList = <T extends z.ZodType>(item: T, keys: string[]) =>
  opt(
    z.array(item).meta({
      "x-kubernetes-list-type": "map",
      "x-kubernetes-list-map-keys": keys,
      "x-kubernetes-patch-merge-key": keys[0],
      "x-kubernetes-patch-strategy": "merge",
    }),
  );
/** A list keyed by its patch merge key only (containers, env): what most core lists declare. */
const mergeList = <T extends z.ZodType>(item: T, key: string) =>
  opt(z.array(item).meta({ "x-kubernetes-patch-merge-key": key, "x-kubernetes-patch-strategy": "merge" }));
const atomicList = <T extends z.ZodType>(item: T) => opt(z.array(item).meta({ "x-kubernetes-list-type": "atomic" }));

const ObjectMeta = z
  .strictObject({
    name: opt(z.string()),
    namespace: opt(z.string()),
    uid: opt(z.string()),
    resourceVersion: opt(z.string()),
    generation: opt(z.number()),
    creationTimestamp: opt(z.string()),
    labels: opt(stringMap),
    annotations: opt(stringMap),
    finalizers: opt(z.array(z.string()).meta({ "x-kubernetes-list-type": "set", "x-kubernetes-patch-strategy": "merge" })),
    managedFields: atomicList(z.any()),
  })
  .meta({ id: "ObjectMeta" });

const ContainerPort = z.strictObject({
  containerPort: z.number().int(),
  name: opt(z.string()),
  protocol: opt(z.string()),
});

const Container = z
  .strictObject({
    name: z.string(),
    image: opt(z.string()),
    args: atomicList(z.string()),
    ports: mapList(ContainerPort, ["containerPort", "protocol"]),
    env: mergeList(z.strictObject({ name: z.string(), value: opt(z.string()) }), "name"),
    resources: opt(z.strictObject({ limits: opt(stringMap), requests: opt(stringMap) })),
  })
  .meta({ id: "Container" });

const LabelSelector = z
  .strictObject({ matchLabels: opt(stringMap), matchExpressions: atomicList(z.any()) })
  .meta({ id: "LabelSelector", "x-kubernetes-map-type": "atomic" });

const DeploymentSpec = z.strictObject({
  replicas: opt(z.number().int()),
  paused: opt(z.boolean()),
  selector: opt(LabelSelector),
  strategy: opt(z.strictObject({ type: opt(z.string()), rollingUpdate: opt(z.strictObject({ maxSurge: opt(z.union([z.number(), z.string()])) })) })),
  template: opt(
    z.strictObject({
      metadata: opt(ObjectMeta),
      spec: opt(z.strictObject({ containers: mergeList(Container, "name"), nodeSelector: opt(stringMap), dnsPolicy: opt(z.string()) })),
    }),
  ),
});

export const DeploymentSchema = z.strictObject({
  apiVersion: opt(z.string()),
  kind: opt(z.string()),
  metadata: opt(ObjectMeta),
  spec: opt(DeploymentSpec),
  status: opt(z.strictObject({ replicas: opt(z.number()), readyReplicas: opt(z.number()) })),
});

export const deploymentSchema = SchemaNode.fromJsonSchema(
  z.toJSONSchema(DeploymentSchema, { unrepresentable: "any", io: "input" }) as Record<string, unknown>,
);

export type Obj = Record<string, unknown>;

export interface ContainerSpec {
  name: string;
  image?: string;
  args?: string[];
  ports?: Obj[];
  env?: Obj[];
}

/** A Deployment `web` with the given spec fields (and `app: web` labels). */
export function deployment(spec: Obj = {}, extra: Obj = {}): Obj {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "web", namespace: "default", ...((extra.metadata as Obj) ?? {}) },
    spec,
    ...Object.fromEntries(Object.entries(extra).filter(([k]) => k !== "metadata")),
  };
}

/** `spec.template.spec.containers` wrapped into a Deployment spec. */
export function withContainers(containers: ContainerSpec[], spec: Obj = {}): Obj {
  return { ...spec, template: { spec: { containers } } };
}

export const NOW = "2024-05-01T10:00:00Z";
export const LATER = "2024-05-01T11:00:00Z";
