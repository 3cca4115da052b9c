/**
 * node.k8s.io/v1 (k8s.io/api/node/v1): RuntimeClass. Validation follows pkg/apis/node/validation/validation.go
 * (ValidateRuntimeClass / ValidateRuntimeClassUpdate). No defaults.
 */
import { z } from "zod";
import { resourceList } from "./core-v1/common";
import { TolerationSchema } from "./core-v1/scheduling";
import { validateTolerations } from "./core-v1/scheduling-validation";
import { atomicList, obj, opt, str, stringMap, topLevel } from "./meta";
import type { FieldError, GroupVersionDef, KindDef, KubeObject } from "./types";
import { invalid } from "./validation/field-errors";
import { validateImmutableField } from "./validation/generic";
import { nameIsDNSLabel } from "./validation/names";
import { validateLabels, validateObjectMeta, validateObjectMetaUpdate } from "./validation/object-meta";
import { isValidQuantity, parseQuantity, QUANTITY_FORMAT_ERROR } from "./validation/quantity";

export const OverheadSchema = obj({
  podFixed: opt(resourceList).describe("fixed resources a pod of this class uses on top of its containers"),
}).meta({ id: "io.k8s.api.node.v1.Overhead" });

export const SchedulingSchema = obj({
  nodeSelector: opt(stringMap.meta({ "x-kubernetes-map-type": "atomic" })).describe("merged into the nodeSelector of pods using this class"),
  tolerations: atomicList(TolerationSchema).describe("appended to the tolerations of pods using this class"),
}).meta({ id: "io.k8s.api.node.v1.Scheduling" });

export const RuntimeClassSchema = topLevel("io.k8s.api.node.v1.RuntimeClass", {
  handler: opt(str).describe("the CRI handler (a DNS label) that runs pods of this class; immutable. Required."),
  overhead: opt(OverheadSchema),
  scheduling: opt(SchedulingSchema),
})
  .describe("RuntimeClass defines a class of container runtime supported in the cluster.");

export type RuntimeClass = z.infer<typeof RuntimeClassSchema>;

function validateOverhead(overhead: KubeObject): FieldError[] {
  const errs: FieldError[] = [];
  for (const [name, q] of Object.entries(overhead.podFixed ?? {})) {
    const path = `overhead.podFixed[${name}]`;
    if (!isValidQuantity(q)) errs.push(invalid(path, q, QUANTITY_FORMAT_ERROR));
    else if ((parseQuantity(q) ?? 0) < 0) errs.push(invalid(path, q, "must be greater than or equal to 0"));
  }
  return errs;
}

/** ValidateRuntimeClass, plus handler immutability on update. */
export function validateRuntimeClass(rc: KubeObject, old?: KubeObject): FieldError[] {
  const errs = old ? validateObjectMetaUpdate(rc.metadata, old.metadata) : validateObjectMeta(rc.metadata, { namespaced: false });
  const handler: string = rc.handler ?? "";
  for (const m of nameIsDNSLabel(handler, false)) errs.push(invalid("handler", handler, m));
  if (rc.overhead) errs.push(...validateOverhead(rc.overhead));
  if (rc.scheduling) {
    errs.push(...validateLabels(rc.scheduling.nodeSelector, "scheduling.nodeSelector"));
    errs.push(...validateTolerations(rc.scheduling.tolerations ?? [], "scheduling.tolerations"));
  }
  if (old) errs.push(...validateImmutableField(rc.handler, old.handler, "handler"));
  return errs;
}

const runtimeClassDef: KindDef = {
  kind: "RuntimeClass",
  resource: "runtimeclasses",
  singular: "runtimeclass",
  namespaced: false,
  schema: RuntimeClassSchema,
  validate: validateRuntimeClass,
};

export const nodeV1: GroupVersionDef = { group: "node.k8s.io", version: "v1", kinds: [runtimeClassDef] };
