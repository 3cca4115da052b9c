/**
 * Which `apiVersion`/`kind` pairs the protobuf decoder understands, and the parsed schema they
 * resolve against.
 *
 * The kinds are those kubectl 1.32's generated typed clients POST/PUT as protobuf (KUBECTL.md §4):
 * the `kubectl create <kind>` subcommands, `autoscale`, `auth can-i` / `whoami`, `create token`,
 * plus a few siblings (ReplicaSet, DaemonSet, Scale, Eviction, DeleteOptions) that share the schema.
 */
import protobuf from "protobufjs";
import type { Type } from "protobufjs";
import { PROTO_SOURCES } from "./proto";

/** Proto package prefix of each API group (`""` is the core group; its package is `core`). */
const GROUP_PACKAGES: Readonly<Record<string, string>> = {
  "": "k8s.io.api.core",
  apps: "k8s.io.api.apps",
  batch: "k8s.io.api.batch",
  "rbac.authorization.k8s.io": "k8s.io.api.rbac",
  "authorization.k8s.io": "k8s.io.api.authorization",
  "authentication.k8s.io": "k8s.io.api.authentication",
  policy: "k8s.io.api.policy",
  "networking.k8s.io": "k8s.io.api.networking",
  "scheduling.k8s.io": "k8s.io.api.scheduling",
  autoscaling: "k8s.io.api.autoscaling",
  "certificates.k8s.io": "k8s.io.api.certificates",
  "meta.k8s.io": "k8s.io.apimachinery.pkg.apis.meta",
};

/** Kinds accepted as protobuf request bodies, by `apiVersion`. */
export const PROTOBUF_KINDS: Readonly<Record<string, readonly string[]>> = {
  v1: ["ConfigMap", "Secret", "Namespace", "ServiceAccount", "Service", "Pod", "ResourceQuota"],
  "apps/v1": ["Deployment", "ReplicaSet", "DaemonSet"],
  "batch/v1": ["Job", "CronJob"],
  "rbac.authorization.k8s.io/v1": ["Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding"],
  "authorization.k8s.io/v1": [
    "SelfSubjectAccessReview", "SelfSubjectRulesReview", "SubjectAccessReview", "LocalSubjectAccessReview",
  ],
  "authentication.k8s.io/v1": ["TokenRequest", "TokenReview", "SelfSubjectReview"],
  "policy/v1": ["PodDisruptionBudget", "Eviction"],
  "networking.k8s.io/v1": ["Ingress"],
  "scheduling.k8s.io/v1": ["PriorityClass"],
  "autoscaling/v1": ["HorizontalPodAutoscaler", "Scale"],
  "autoscaling/v2": ["HorizontalPodAutoscaler"],
  "certificates.k8s.io/v1": ["CertificateSigningRequest"],
  "meta.k8s.io/v1": ["DeleteOptions"],
};

let parsedRoot: protobuf.Root | undefined;

/**
 * The schema of every covered kind, parsed once per isolate on first use. `protobuf.parse` only builds
 * reflection objects (no code generation), so this is safe in workerd.
 */
export function protobufSchema(): protobuf.Root {
  if (!parsedRoot) {
    const root = new protobuf.Root();
    for (const source of PROTO_SOURCES) protobuf.parse(source, root, { keepCase: true });
    root.resolveAll();
    parsedRoot = root;
  }
  return parsedRoot;
}

/**
 * Option kinds that `metav1.AddToGroupVersion` registers in every group version, so a typed client
 * may label them with any apiVersion (e.g. `apps/v1` DeleteOptions on a DELETE body).
 */
const META_OPTION_KINDS: ReadonlySet<string> = new Set(["DeleteOptions"]);

/** Fully qualified message name (no leading dot) for a kind, or undefined if it is not covered. */
export function protobufMessageName(apiVersion: string, kind: string): string | undefined {
  if (!Object.hasOwn(PROTOBUF_KINDS, apiVersion)) return undefined;
  if (META_OPTION_KINDS.has(kind)) return `k8s.io.apimachinery.pkg.apis.meta.v1.${kind}`;
  if (!PROTOBUF_KINDS[apiVersion].includes(kind)) return undefined;
  const slash = apiVersion.lastIndexOf("/");
  const group = slash < 0 ? "" : apiVersion.slice(0, slash);
  const version = apiVersion.slice(slash + 1);
  return Object.hasOwn(GROUP_PACKAGES, group) ? `${GROUP_PACKAGES[group]}.${version}.${kind}` : undefined;
}

/** The reflected message type for a kind, or undefined if it is not covered. */
export function protobufMessageType(apiVersion: string, kind: string): Type | undefined {
  const name = protobufMessageName(apiVersion, kind);
  return name === undefined ? undefined : protobufSchema().lookupType(name);
}

/** The reflected type of any message by full name (used for the runtime.Unknown envelope). */
export function lookupMessageType(fullName: string): Type {
  return protobufSchema().lookupType(fullName);
}
