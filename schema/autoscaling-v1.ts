/**
 * autoscaling/v1 Scale (k8s.io/api/autoscaling/v1): the body of the `scale` subresource of deployments,
 * replicasets and statefulsets. Not a registry kind: the scale handler reads and writes it through the
 * owning kind's `KindDef.scale` paths.
 */
import { z } from "zod";
import { int32, obj, opt, str, topLevel } from "./meta";

export const ScaleSpecSchema = obj({
  replicas: opt(int32).describe("desired number of instances for the scaled object."),
}).meta({ id: "io.k8s.api.autoscaling.v1.ScaleSpec" });

export const ScaleStatusSchema = obj({
  replicas: int32.describe("actual number of observed instances of the scaled object."),
  selector: opt(str).describe(
    "label query over pods that should match the replicas count, serialized as a string " +
      "(labels.Selector.String(), e.g. `app=web,tier in (a,b)`).",
  ),
}).meta({ id: "io.k8s.api.autoscaling.v1.ScaleStatus" });

export const ScaleSchema = topLevel("io.k8s.api.autoscaling.v1.Scale", {
  spec: opt(ScaleSpecSchema).describe("defines the behavior of the scale."),
  status: opt(ScaleStatusSchema).describe("the current status of the scale; read-only."),
}).describe("Scale represents a scaling request for a resource.");

export type Scale = z.infer<typeof ScaleSchema>;
