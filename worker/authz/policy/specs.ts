/**
 * The bootstrap policy's shapes: a role or binding as data, and the API object it becomes. Every bootstrap
 * object carries upstream's label `kubernetes.io/bootstrapping: rbac-defaults` and annotation
 * `rbac.authorization.kubernetes.io/autoupdate: "true"` (bootstrappolicy addDefaultMetadata).
 */
import type { KubeObject } from "../../../schema/types";
import type { PolicyRule } from "./rule";

export const RBAC_GROUP = "rbac.authorization.k8s.io";
export const RBAC_API_VERSION = `${RBAC_GROUP}/v1`;
export const BOOTSTRAP_LABEL = "kubernetes.io/bootstrapping";
export const AUTOUPDATE_ANNOTATION = "rbac.authorization.kubernetes.io/autoupdate";
export const AGGREGATE_TO = (role: "admin" | "edit" | "view") => `rbac.authorization.k8s.io/aggregate-to-${role}`;

export interface RoleSpec {
  name: string;
  /** Labels besides the bootstrapping one (aggregate-to-* for roles that feed an aggregated role). */
  labels?: Record<string, string>;
  rules?: PolicyRule[];
  /** For an aggregated ClusterRole: the label (value "true") its single clusterRoleSelector matches. */
  aggregateLabel?: string;
}

export interface Subject {
  kind: "User" | "Group" | "ServiceAccount";
  apiGroup?: string;
  name: string;
  namespace?: string;
}

export interface BindingSpec {
  name: string;
  roleRef: { kind: "ClusterRole" | "Role"; name: string };
  subjects: Subject[];
}

export const user = (name: string): Subject => ({ kind: "User", apiGroup: RBAC_GROUP, name });
export const group = (name: string): Subject => ({ kind: "Group", apiGroup: RBAC_GROUP, name });
/** A ServiceAccount subject: apiGroup "" is omitted, as Go's omitempty serializes it. */
export const serviceAccount = (namespace: string, name: string): Subject => ({ kind: "ServiceAccount", name, namespace });

/** upstream's addDefaultMetadata: the bootstrapping label and the autoupdate annotation. */
function defaultMetadata(name: string, namespace: string | undefined, labels: Record<string, string> = {}): KubeObject {
  const all: Record<string, string> = { ...labels, [BOOTSTRAP_LABEL]: "rbac-defaults" };
  return {
    name,
    ...(namespace ? { namespace } : {}),
    labels: Object.fromEntries(Object.entries(all).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
    annotations: { [AUTOUPDATE_ANNOTATION]: "true" },
  };
}

/**
 * The ClusterRole (or, with a namespace, Role) object of a spec, as bootstrap expects it to exist; members in
 * the Go struct's order (rules, then aggregationRule).
 */
export function roleObject(spec: RoleSpec, namespace?: string): KubeObject {
  const obj: KubeObject = {
    kind: namespace ? "Role" : "ClusterRole",
    apiVersion: RBAC_API_VERSION,
    metadata: defaultMetadata(spec.name, namespace, spec.labels),
  };
  if (spec.rules?.length) obj.rules = spec.rules.map((r) => structuredClone(r));
  if (spec.aggregateLabel) obj.aggregationRule = { clusterRoleSelectors: [{ matchLabels: { [spec.aggregateLabel]: "true" } }] };
  return obj;
}

/** The ClusterRoleBinding (or, with a namespace, RoleBinding) object of a spec. */
export function bindingObject(spec: BindingSpec, namespace?: string): KubeObject {
  const obj: KubeObject = {
    kind: namespace ? "RoleBinding" : "ClusterRoleBinding",
    apiVersion: RBAC_API_VERSION,
    metadata: defaultMetadata(spec.name, namespace),
  };
  if (spec.subjects.length) obj.subjects = spec.subjects.map((s) => ({ ...s }));
  obj.roleRef = { apiGroup: RBAC_GROUP, kind: spec.roleRef.kind, name: spec.roleRef.name };
  return obj;
}
