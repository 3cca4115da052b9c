/**
 * The ServiceAccount admission plugin's decisions (plugin/pkg/admission/serviceaccount): automounting the
 * projected API-access volume, the mirror-pod restrictions and the mountable-secrets check of service accounts
 * annotated `kubernetes.io/enforce-mountable-secrets: "true"`. Pure: pod specs in, messages or changes out.
 */
import type { KubeObject } from "../../schema/types";

type Obj = KubeObject;
const list = (v: unknown): Obj[] => (Array.isArray(v) ? v.map((x) => x ?? {}) : []);

export const DEFAULT_SERVICE_ACCOUNT = "default";
export const MIRROR_POD_ANNOTATION = "kubernetes.io/config.mirror";
export const ENFORCE_MOUNTABLE_SECRETS_ANNOTATION = "kubernetes.io/enforce-mountable-secrets";
/** Prefix of the generated API-access volume name (ServiceAccountVolumeName + "-"). */
export const TOKEN_VOLUME_PREFIX = "kube-api-access-";
export const DEFAULT_API_TOKEN_MOUNT_PATH = "/var/run/secrets/kubernetes.io/serviceaccount";
/** serviceaccount.WarnOnlyBoundTokenExpirationSeconds: one hour and seven seconds. */
export const BOUND_TOKEN_EXPIRATION_SECONDS = 3607;

export const isMirrorPod = (pod: Obj): boolean => Object.hasOwn(pod.metadata?.annotations ?? {}, MIRROR_POD_ANNOTATION);

/** TokenVolumeSource: token, the cluster CA (kube-root-ca.crt) and the namespace, mode 0644. */
export function tokenVolumeSource(): Obj {
  return {
    defaultMode: 0o644,
    sources: [
      { serviceAccountToken: { expirationSeconds: BOUND_TOKEN_EXPIRATION_SECONDS, path: "token" } },
      { configMap: { name: "kube-root-ca.crt", items: [{ key: "ca.crt", path: "ca.crt" }] } },
      { downwardAPI: { items: [{ path: "namespace", fieldRef: { apiVersion: "v1", fieldPath: "metadata.namespace" } }] } },
    ],
  };
}

/** shouldAutomount: the pod's automountServiceAccountToken wins, then the service account's, else true. */
export function shouldAutomount(pod: Obj, sa: Obj): boolean {
  if (typeof pod.spec?.automountServiceAccountToken === "boolean") return pod.spec.automountServiceAccountToken;
  if (typeof sa.automountServiceAccountToken === "boolean") return sa.automountServiceAccountToken;
  return true;
}

/**
 * mountServiceAccountToken: every init container and container without a mount at the default path gets a
 * read-only mount of the API-access volume; the volume is added when some container needs it and none with
 * the prefix exists. `newVolumeName` is called only when a name must be generated.
 */
export function mountServiceAccountToken(spec: Obj, newVolumeName: () => string): void {
  const existing = list(spec.volumes).find((v) => typeof v.name === "string" && v.name.startsWith(TOKEN_VOLUME_PREFIX));
  const name: string = existing?.name ?? newVolumeName();
  let needed = false;
  for (const c of [...list(spec.initContainers), ...list(spec.containers)]) {
    if (list(c.volumeMounts).some((m) => m.mountPath === DEFAULT_API_TOKEN_MOUNT_PATH)) continue;
    c.volumeMounts = [...list(c.volumeMounts), { name, readOnly: true, mountPath: DEFAULT_API_TOKEN_MOUNT_PATH }];
    needed = true;
  }
  if (needed && !existing) spec.volumes = [...list(spec.volumes), { name, projected: tokenVolumeSource() }];
}

/** The imagePullSecrets a pod without any gets from its service account. */
export const inheritedPullSecrets = (sa: Obj): Obj[] => list(sa.imagePullSecrets).map((s) => ({ name: s.name }));

const VOLUME_SECRET_REFS: [string, string][] = [
  ["azureFile", "secretName"], ["cephfs", "secretRef"], ["cinder", "secretRef"], ["flexVolume", "secretRef"],
  ["rbd", "secretRef"], ["scaleIO", "secretRef"], ["iscsi", "secretRef"], ["storageos", "secretRef"],
  ["csi", "nodePublishSecretRef"],
];

/** VisitPodSecretNames over all containers: does the pod reference any secret? */
export function referencesSecrets(spec: Obj): boolean {
  if (list(spec.imagePullSecrets).length) return true;
  for (const c of [...list(spec.initContainers), ...list(spec.containers), ...list(spec.ephemeralContainers)]) {
    if (list(c.envFrom).some((e) => e.secretRef)) return true;
    if (list(c.env).some((e) => e.valueFrom?.secretKeyRef)) return true;
  }
  for (const v of list(spec.volumes)) {
    if (v.secret || (v.projected && list(v.projected.sources).some((s) => s.secret))) return true;
    if (VOLUME_SECRET_REFS.some(([src, ref]) => v[src]?.[ref])) return true;
  }
  return false;
}

/** The refusal of a mirror pod (the kubelet's static pods may not use accounts, secrets or token projections). */
export function mirrorPodViolation(spec: Obj): string | undefined {
  if (spec.serviceAccountName) return "a mirror pod may not reference service accounts";
  if (referencesSecrets(spec)) return "a mirror pod may not reference secrets";
  if (list(spec.volumes).some((v) => list(v.projected?.sources).some((s) => s.serviceAccountToken))) {
    return "a mirror pod may not use ServiceAccountToken volume projections";
  }
  return undefined;
}

/** strconv.ParseBool's true spellings. */
export const enforcesMountableSecrets = (sa: Obj): boolean =>
  ["1", "t", "T", "true", "TRUE", "True"].includes(sa.metadata?.annotations?.[ENFORCE_MOUNTABLE_SECRETS_ANNOTATION]);

function envViolation(containers: Obj[], label: string, allowed: Set<string>, sa: string): string | undefined {
  for (const c of containers) {
    for (const e of list(c.env)) {
      const ref = e.valueFrom?.secretKeyRef?.name;
      if (ref !== undefined && !allowed.has(ref)) {
        return `${label} ${c.name} with envVar ${e.name} referencing secret.secretName="${ref}" is not allowed because service account ${sa} does not reference that secret`;
      }
    }
    for (const e of list(c.envFrom)) {
      const ref = e.secretRef?.name;
      if (ref !== undefined && !allowed.has(ref)) {
        return `${label} ${c.name} with envFrom referencing secret.secretName="${ref}" is not allowed because service account ${sa} does not reference that secret`;
      }
    }
  }
  return undefined;
}

/** limitSecretReferences: secret volumes, env and pull secrets must be listed by the service account. */
export function mountableSecretsViolation(sa: Obj, spec: Obj): string | undefined {
  const name = sa.metadata?.name ?? "";
  const mountable = new Set(list(sa.secrets).map((s) => s.name));
  for (const v of list(spec.volumes)) {
    const secret = v.secret?.secretName;
    if (v.secret && !mountable.has(secret)) {
      return `volume with secret.secretName="${secret ?? ""}" is not allowed because service account ${name} does not reference that secret`;
    }
  }
  const env = envViolation(list(spec.initContainers), "init container", mountable, name) ?? envViolation(list(spec.containers), "container", mountable, name);
  if (env) return env;
  const pull = new Set(list(sa.imagePullSecrets).map((s) => s.name));
  const i = list(spec.imagePullSecrets).findIndex((s) => !pull.has(s.name));
  if (i >= 0) {
    return `imagePullSecrets[${i}].name="${spec.imagePullSecrets[i].name ?? ""}" is not allowed because service account ${name} does not reference that imagePullSecret`;
  }
  return undefined;
}

/** limitEphemeralContainerSecretReferences, for updates of pods/ephemeralcontainers. */
export function ephemeralSecretsViolation(sa: Obj, spec: Obj): string | undefined {
  if (!enforcesMountableSecrets(sa)) return undefined;
  const mountable = new Set(list(sa.secrets).map((s) => s.name));
  return envViolation(list(spec.ephemeralContainers), "ephemeral container", mountable, sa.metadata?.name ?? "");
}
