/**
 * A StatefulSet pod's stable identity, pure, as pkg/controller/statefulset/stateful_set_utils.go: the ordinal in
 * its name (`<set>-<ordinal>`), the ordinal range (`spec.ordinals.start` up to `start + replicas - 1`), the
 * identity labels, hostname and subdomain, the claims of `volumeClaimTemplates` (`<template>-<set>-<ordinal>`)
 * mounted as volumes, and the pod built from the template at a revision.
 */
import type { KubeObject } from "../../../schema/types";
import { newControllerRef, type ParentKind } from "../history";

export const STATEFULSET_KIND: ParentKind = { apiVersion: "apps/v1", kind: "StatefulSet" };
export const POD_KIND: ParentKind = { apiVersion: "v1", kind: "Pod" };

/** apps.StatefulSetPodNameLabel. */
export const POD_NAME_LABEL = "statefulset.kubernetes.io/pod-name";
/** apps.PodIndexLabel (PodIndexLabel, on by default since 1.28). */
export const POD_INDEX_LABEL = "apps.kubernetes.io/pod-index";
/** apps.StatefulSetRevisionLabel (= apps.ControllerRevisionHashLabelKey). */
export const REVISION_LABEL = "controller-revision-hash";

const STATEFUL_POD = /^(.*)-([0-9]+)$/;
const INT32_MAX = 2 ** 31 - 1;

/** getParentNameAndOrdinal: the set name and ordinal a pod name carries (`""`, -1 when it carries none). */
export function parentAndOrdinal(podName: string): { parent: string; ordinal: number } {
  const m = STATEFUL_POD.exec(podName);
  if (!m) return { parent: "", ordinal: -1 };
  const n = Number(m[2]);
  return { parent: m[1], ordinal: Number.isSafeInteger(n) && n <= INT32_MAX ? n : -1 };
}

export const ordinalOf = (pod: KubeObject): number => parentAndOrdinal(pod.metadata?.name ?? "").ordinal;

/** isMemberOf: the pod's name says it belongs to `set`. */
export const isMemberOf = (set: KubeObject, pod: KubeObject): boolean => parentAndOrdinal(pod.metadata?.name ?? "").parent === set.metadata?.name;

export const startOrdinal = (set: KubeObject): number => set.spec?.ordinals?.start ?? 0;
export const endOrdinal = (set: KubeObject): number => startOrdinal(set) + (set.spec?.replicas ?? 1) - 1;

export function inOrdinalRange(pod: KubeObject, set: KubeObject): boolean {
  const o = ordinalOf(pod);
  return o >= startOrdinal(set) && o <= endOrdinal(set);
}

export const podName = (set: KubeObject, ordinal: number): string => `${set.metadata?.name}-${ordinal}`;

/** getPersistentVolumeClaimName: `<template>-<set>-<ordinal>`. */
export const claimName = (set: KubeObject, template: KubeObject, ordinal: number): string => `${template.metadata?.name}-${set.metadata?.name}-${ordinal}`;

export const claimTemplates = (set: KubeObject): KubeObject[] => set.spec?.volumeClaimTemplates ?? [];

export const podRevision = (pod: KubeObject): string => pod.metadata?.labels?.[REVISION_LABEL] ?? "";

/** identityMatches: name, namespace and the pod-name label fit the set. */
export function identityMatches(set: KubeObject, pod: KubeObject): boolean {
  const name = pod.metadata?.name ?? "";
  const { parent, ordinal } = parentAndOrdinal(name);
  return (
    ordinal >= 0 &&
    parent === set.metadata?.name &&
    name === podName(set, ordinal) &&
    pod.metadata?.namespace === set.metadata?.namespace &&
    pod.metadata?.labels?.[POD_NAME_LABEL] === name
  );
}

/** storageMatches: every claim template is mounted as a volume of that name using the pod's claim. */
export function storageMatches(set: KubeObject, pod: KubeObject): boolean {
  const ordinal = ordinalOf(pod);
  if (ordinal < 0) return false;
  const volumes = new Map<string, KubeObject>(((pod.spec?.volumes ?? []) as KubeObject[]).map((v) => [v.name, v]));
  return claimTemplates(set).every((t) => volumes.get(t.metadata?.name)?.persistentVolumeClaim?.claimName === claimName(set, t, ordinal));
}

/**
 * getPersistentVolumeClaims: the claims of the pod with `ordinal`, one per template, in template order, labelled
 * with the template's labels and the selector's matchLabels.
 */
export function claimsFor(set: KubeObject, ordinal: number): { template: string; claim: KubeObject }[] {
  return claimTemplates(set).map((t) => {
    const meta: KubeObject = { ...(t.metadata ?? {}) };
    for (const f of ["creationTimestamp", "resourceVersion", "uid", "generation", "managedFields", "selfLink"]) delete meta[f];
    const claim: KubeObject = {
      apiVersion: "v1",
      kind: "PersistentVolumeClaim",
      metadata: {
        ...meta,
        name: claimName(set, t, ordinal),
        namespace: set.metadata?.namespace,
        labels: { ...(t.metadata?.labels ?? {}), ...(set.spec?.selector?.matchLabels ?? {}) },
      },
      spec: structuredClone(t.spec ?? {}),
    };
    return { template: t.metadata?.name, claim };
  });
}

/** updateStorage: the pod's volumes with one per claim template first, then its other volumes. */
export function withStorage(set: KubeObject, pod: KubeObject): KubeObject[] {
  const claims = claimsFor(set, ordinalOf(pod));
  const names = new Set(claims.map((c) => c.template));
  return [
    ...claims.map(({ template, claim }) => ({ name: template, persistentVolumeClaim: { claimName: claim.metadata.name } })),
    ...((pod.spec?.volumes ?? []) as KubeObject[]).filter((v) => !names.has(v.name)),
  ];
}

/** updateIdentity: the pod with its name, namespace and identity labels set for `set`. */
export function withIdentity(set: KubeObject, pod: KubeObject): KubeObject {
  const ordinal = ordinalOf(pod);
  const name = podName(set, ordinal);
  const labels = { ...(pod.metadata?.labels ?? {}), [POD_NAME_LABEL]: name, [POD_INDEX_LABEL]: String(ordinal) };
  return { ...pod, metadata: { ...pod.metadata, name, namespace: set.metadata?.namespace, labels } };
}

/**
 * newStatefulSetPod: the pod of `ordinal` from `set`'s template (controller.GetPodFromTemplate: template labels,
 * annotations and finalizers, generateName `<set>-`, the controller reference), with its identity, hostname and
 * subdomain (set on creation only) and its claim volumes.
 */
export function newStatefulSetPod(set: KubeObject, ordinal: number): KubeObject {
  const template: KubeObject = set.spec?.template ?? {};
  const tm: KubeObject = template.metadata ?? {};
  const name = podName(set, ordinal);
  const metadata: KubeObject = {
    name,
    generateName: `${set.metadata?.name}-`,
    namespace: set.metadata?.namespace,
    labels: { ...(tm.labels ?? {}) },
    ownerReferences: [newControllerRef(set, STATEFULSET_KIND)],
  };
  if (tm.annotations) metadata.annotations = { ...tm.annotations };
  if (tm.finalizers?.length) metadata.finalizers = [...tm.finalizers];
  const spec: KubeObject = structuredClone(template.spec ?? {});
  spec.hostname = name;
  if (set.spec?.serviceName) spec.subdomain = set.spec.serviceName;
  const pod = withIdentity(set, { apiVersion: "v1", kind: "Pod", metadata, spec });
  const volumes = withStorage(set, pod);
  if (volumes.length) pod.spec.volumes = volumes;
  return pod;
}

/**
 * newVersionedStatefulSetPod: ordinals below the partition (RollingUpdate) are built from the current
 * revision, the rest from the update revision; the pod is labelled with its revision's name.
 */
export function newVersionedStatefulSetPod(currentSet: KubeObject, updateSet: KubeObject, currentRevision: string, updateRevision: string, ordinal: number): KubeObject {
  const strategy: KubeObject = currentSet.spec?.updateStrategy ?? {};
  const start = startOrdinal(currentSet);
  const atCurrent =
    (strategy.type === "RollingUpdate" && !strategy.rollingUpdate && ordinal < start + (currentSet.status?.currentReplicas ?? 0)) ||
    (strategy.rollingUpdate != null && ordinal < start + (strategy.rollingUpdate.partition ?? 0));
  const pod = newStatefulSetPod(atCurrent ? currentSet : updateSet, ordinal);
  pod.metadata.labels[REVISION_LABEL] = atCurrent ? currentRevision : updateRevision;
  return pod;
}
