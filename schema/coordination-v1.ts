/**
 * coordination.k8s.io/v1 (k8s.io/api/coordination/v1): Lease, used for leader election and node heartbeats.
 * Validation follows pkg/apis/coordination/validation/validation.go (ValidateLease / ValidateLeaseSpec).
 */
import { z } from "zod";
import { int32, microTime, obj, opt, str, topLevel } from "./meta";
import type { FieldError, GroupVersionDef, KindDef, KubeObject } from "./types";
import { forbidden, invalid, notSupported } from "./validation/field-errors";
import { isQualifiedName } from "./validation/names";
import { validateObjectMeta, validateObjectMetaUpdate } from "./validation/object-meta";

export const LeaseSpecSchema = obj({
  holderIdentity: opt(str).describe("identity of the current holder of the lease"),
  leaseDurationSeconds: opt(int32).describe("how long candidates wait, after the last renewTime, to force-acquire the lease"),
  acquireTime: opt(microTime),
  renewTime: opt(microTime),
  leaseTransitions: opt(int32),
  strategy: opt(str).describe("coordinated leader election strategy (alpha); e.g. OldestEmulationVersion"),
  preferredHolder: opt(str).describe("a more optimal holder; only with strategy"),
}).meta({ id: "io.k8s.api.coordination.v1.LeaseSpec" });

export const LeaseSchema = topLevel("io.k8s.api.coordination.v1.Lease", {
  spec: opt(LeaseSpecSchema).describe("the specification of the Lease"),
}).describe("Lease defines a lease concept.");

export type Lease = z.infer<typeof LeaseSchema>;

/** Kubernetes-defined lease strategies (coordination.CoordinatedLeaseStrategy). */
const LEASE_STRATEGIES = ["OldestEmulationVersion"];

/** ValidateLeaseSpec. The strategy path is `spec.strategy.strategy`, as upstream builds it. */
export function validateLeaseSpec(spec: KubeObject, path = "spec"): FieldError[] {
  const errs: FieldError[] = [];
  if (typeof spec.leaseDurationSeconds === "number" && spec.leaseDurationSeconds <= 0) {
    errs.push(invalid(`${path}.leaseDurationSeconds`, spec.leaseDurationSeconds, "must be greater than 0"));
  }
  if (typeof spec.leaseTransitions === "number" && spec.leaseTransitions < 0) {
    errs.push(invalid(`${path}.leaseTransitions`, spec.leaseTransitions, "must be greater than or equal to 0"));
  }
  if (typeof spec.strategy === "string") {
    const fld = `${path}.strategy.strategy`;
    if (!spec.strategy.includes("/")) {
      if (!LEASE_STRATEGIES.includes(spec.strategy)) errs.push(notSupported(fld, spec.strategy, LEASE_STRATEGIES));
    } else {
      for (const m of isQualifiedName(spec.strategy)) errs.push(invalid(fld, spec.strategy, m));
    }
  }
  if (spec.preferredHolder && !spec.strategy) {
    errs.push(forbidden(`${path}.preferredHolder`, "may only be specified if `strategy` is defined"));
  }
  return errs;
}

const leaseDef: KindDef = {
  kind: "Lease",
  resource: "leases",
  singular: "lease",
  namespaced: true,
  schema: LeaseSchema,
  validate: (o, old) => [
    ...(old ? validateObjectMetaUpdate(o.metadata, old.metadata) : validateObjectMeta(o.metadata, { namespaced: true })),
    ...validateLeaseSpec(o.spec ?? {}),
  ],
};

export const coordinationV1: GroupVersionDef = { group: "coordination.k8s.io", version: "v1", kinds: [leaseDef] };
