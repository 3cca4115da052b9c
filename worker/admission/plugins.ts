/**
 * Admission plugins, in kube-apiserver's recommended order. Every write runs the mutating phase (after
 * defaulting, before validation) and then the validating phase (after the kind's validation, before storage);
 * deletes run the validating phase with `oldObject`. A plugin refuses by throwing an ApiError with upstream's
 * message (usually 403 Forbidden).
 */
import type { KubeObject } from "../../schema/types";
import type { ApiContext } from "../handlers/context";
import { NamespaceLifecycle } from "./namespace-lifecycle";
import { LimitRanger } from "./limit-ranger";
import { ServiceAccount } from "./service-account";
import { NodeRestriction } from "./node-restriction";
import { Priority } from "./priority";
import { DefaultTolerationSeconds } from "./default-toleration-seconds";
import { DefaultIngressClass } from "./default-ingress-class";
import { RBACEscalation } from "./rbac-escalation";
import { ResourceQuota } from "./resource-quota";
import { CERTIFICATE_PLUGINS } from "../certificates/admission";

export type Operation = "CREATE" | "UPDATE" | "DELETE" | "CONNECT";

export interface AdmissionAttributes {
  /** The request: env, registry entry (kind/resource), parsed path (namespace, name, subresource), user, verb. */
  ctx: ApiContext;
  operation: Operation;
  /** The object being written (mutable in the mutating phase); absent for DELETE. */
  object?: KubeObject;
  /** The stored object for UPDATE and DELETE. */
  oldObject?: KubeObject;
  /** A dry run must not change anything anywhere (quota usage included). */
  dryRun: boolean;
}

export interface AdmissionPlugin {
  name: string;
  mutate?(a: AdmissionAttributes): void | Promise<void>;
  validate?(a: AdmissionAttributes): void | Promise<void>;
}

/**
 * Upstream order: NamespaceLifecycle, LimitRanger, ServiceAccount, NodeRestriction, Priority, DefaultTolerationSeconds, …,
 * DefaultIngressClass, …,
 * ResourceQuota last. RBACEscalation is upstream's RBAC storage check (escalate/bind), run as a validating step.
 */
export const PLUGINS: AdmissionPlugin[] = [
  NamespaceLifecycle,
  LimitRanger,
  ServiceAccount,
  NodeRestriction,
  Priority,
  DefaultTolerationSeconds,
  DefaultIngressClass,
  ...CERTIFICATE_PLUGINS,
  RBACEscalation,
  ResourceQuota,
];

export async function runMutating(a: AdmissionAttributes, plugins: AdmissionPlugin[] = PLUGINS): Promise<void> {
  for (const p of plugins) if (p.mutate) await p.mutate(a);
}

export async function runValidating(a: AdmissionAttributes, plugins: AdmissionPlugin[] = PLUGINS): Promise<void> {
  for (const p of plugins) if (p.validate) await p.validate(a);
}
