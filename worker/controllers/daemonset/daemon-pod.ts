/**
 * A DaemonSet's pods as pkg/controller/daemon/util (1.32) shapes them: the tolerations every daemon pod gets
 * (AddOrUpdateDaemonPodTolerations), the template with its revision label (CreatePodTemplate), the required node
 * affinity `metadata.name In [node]` that pins a pod to its node for the scheduler
 * (ReplaceDaemonSetPodNodeNameNodeAffinity), the node a pod is for (GetTargetNodeName), and whether a node should
 * run the daemon (NodeShouldRunDaemonPod, with the scheduler's own NodeAffinity and taint predicates).
 */
import type { KubeObject } from "../../../schema/types";
import { findUntoleratedTaint, requiredNodeAffinityMatches, type Taint, type Toleration } from "../../scheduler/common";

/** apps.DefaultDaemonSetUniqueLabelKey = ControllerRevisionHashLabelKey. */
export const CONTROLLER_REVISION_HASH_LABEL = "controller-revision-hash";
/** extensions.DaemonSetTemplateGenerationKey (legacy pods). */
export const TEMPLATE_GENERATION_LABEL = "pod-template-generation";
/** apps.DeprecatedTemplateGeneration: the v1beta1 templateGeneration kept as an annotation. */
export const TEMPLATE_GENERATION_ANNOTATION = "deprecated.daemonset.template.generation";

/** The tolerations AddOrUpdateDaemonPodTolerations adds, in its order; the last one only for hostNetwork pods. */
export const DAEMON_TOLERATIONS: readonly Toleration[] = [
  { key: "node.kubernetes.io/not-ready", operator: "Exists", effect: "NoExecute" },
  { key: "node.kubernetes.io/unreachable", operator: "Exists", effect: "NoExecute" },
  { key: "node.kubernetes.io/disk-pressure", operator: "Exists", effect: "NoSchedule" },
  { key: "node.kubernetes.io/memory-pressure", operator: "Exists", effect: "NoSchedule" },
  { key: "node.kubernetes.io/pid-pressure", operator: "Exists", effect: "NoSchedule" },
  { key: "node.kubernetes.io/unschedulable", operator: "Exists", effect: "NoSchedule" },
];
export const NETWORK_UNAVAILABLE_TOLERATION: Toleration = { key: "node.kubernetes.io/network-unavailable", operator: "Exists", effect: "NoSchedule" };

/** Toleration.MatchToleration: same key, operator, value and effect. */
const sameToleration = (a: Toleration, b: Toleration) =>
  (a.key ?? "") === (b.key ?? "") && (a.operator ?? "") === (b.operator ?? "") && (a.value ?? "") === (b.value ?? "") && (a.effect ?? "") === (b.effect ?? "");

const sameValue = (a: Toleration, b: Toleration) => sameToleration(a, b) && (a.tolerationSeconds ?? null) === (b.tolerationSeconds ?? null);

/** v1helper.AddOrUpdateTolerationInPodSpec: replaces a matching toleration (e.g. one with tolerationSeconds) or appends. */
export function addOrUpdateToleration(tolerations: readonly Toleration[], toleration: Toleration): Toleration[] {
  if (tolerations.some((t) => sameValue(t, toleration))) return [...tolerations];
  let updated = false;
  const out = tolerations.map((t) => {
    if (!sameToleration(t, toleration)) return t;
    updated = true;
    return { ...toleration };
  });
  return updated ? out : [...out, { ...toleration }];
}

/** AddOrUpdateDaemonPodTolerations on a pod spec (returns a new spec). */
export function withDaemonTolerations(spec: KubeObject): KubeObject {
  let tolerations: Toleration[] = [...(spec.tolerations ?? [])];
  for (const t of DAEMON_TOLERATIONS) tolerations = addOrUpdateToleration(tolerations, t);
  if (spec.hostNetwork) tolerations = addOrUpdateToleration(tolerations, NETWORK_UNAVAILABLE_TOLERATION);
  return { ...spec, tolerations };
}

/** GetTemplateGeneration: the deprecated annotation, when present and an integer. */
export function templateGeneration(ds: KubeObject): string | undefined {
  const v: unknown = ds.metadata?.annotations?.[TEMPLATE_GENERATION_ANNOTATION];
  return typeof v === "string" && /^-?\d+$/.test(v) ? String(BigInt(v)) : undefined;
}

/** CreatePodTemplate: a copy of the template with the daemon tolerations, generation and revision labels. */
export function daemonPodTemplate(ds: KubeObject, hash: string): KubeObject {
  const template: KubeObject = structuredClone(ds.spec?.template ?? {});
  const labels: Record<string, string> = { ...(template.metadata?.labels ?? {}) };
  const generation = templateGeneration(ds);
  if (generation !== undefined) labels[TEMPLATE_GENERATION_LABEL] = generation;
  if (hash) labels[CONTROLLER_REVISION_HASH_LABEL] = hash;
  return { ...template, metadata: { ...(template.metadata ?? {}), labels }, spec: withDaemonTolerations(template.spec ?? {}) };
}

/** ReplaceDaemonSetPodNodeNameNodeAffinity: the required node affinity becomes the single term `metadata.name In [node]`. */
export function pinToNode(affinity: KubeObject | undefined, nodeName: string): KubeObject {
  const required = { nodeSelectorTerms: [{ matchFields: [{ key: "metadata.name", operator: "In", values: [nodeName] }] }] };
  const a: KubeObject = structuredClone(affinity ?? {});
  const nodeAffinity: KubeObject = a.nodeAffinity ?? {};
  const current: KubeObject | undefined = nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution;
  nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution = current ? { ...current, nodeSelectorTerms: required.nodeSelectorTerms } : required;
  a.nodeAffinity = nodeAffinity;
  return a;
}

/** The pod the controller creates for `nodeName` from a daemonPodTemplate (PodControl.CreatePods with a controllerRef). */
export function daemonPodFor(ds: KubeObject, template: KubeObject, nodeName: string): KubeObject {
  const meta: KubeObject = template.metadata ?? {};
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      generateName: `${ds.metadata?.name}-`,
      labels: { ...(meta.labels ?? {}) },
      ...(meta.annotations ? { annotations: { ...meta.annotations } } : {}),
      ...(meta.finalizers ? { finalizers: [...meta.finalizers] } : {}),
      ownerReferences: [controllerRef(ds)],
    },
    spec: { ...structuredClone(template.spec ?? {}), affinity: pinToNode(template.spec?.affinity, nodeName) },
  };
}

/** metav1.NewControllerRef for a DaemonSet. */
export function controllerRef(ds: KubeObject): KubeObject {
  return { apiVersion: "apps/v1", kind: "DaemonSet", name: ds.metadata?.name, uid: ds.metadata?.uid, controller: true, blockOwnerDeletion: true };
}

/**
 * GetTargetNodeName: `spec.nodeName`, or for a pod not yet bound the single value of a `metadata.name In`
 * matchFields requirement of its required node affinity; undefined when neither names a node.
 */
export function targetNodeName(pod: KubeObject): string | undefined {
  if (pod.spec?.nodeName) return pod.spec.nodeName;
  const terms: KubeObject[] = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? [];
  for (const term of terms) {
    for (const f of term?.matchFields ?? []) {
      if (f?.key === "metadata.name" && f?.operator === "In") return f.values?.length === 1 ? f.values[0] : undefined;
    }
  }
  return undefined;
}

/** NewPod: the pod the controller would run on `nodeName`, for the predicates. */
export function simulatedDaemonPod(ds: KubeObject, nodeName: string): KubeObject {
  const template: KubeObject = ds.spec?.template ?? {};
  return { metadata: { ...(template.metadata ?? {}), namespace: ds.metadata?.namespace }, spec: { ...withDaemonTolerations(template.spec ?? {}), nodeName } };
}

export interface ShouldRun {
  /** The node should run a daemon pod if it has none. */
  shouldRun: boolean;
  /** A daemon pod already on the node may stay. */
  shouldContinueRunning: boolean;
}

const noExecute = (t: Taint) => t.effect === "NoExecute";
const noScheduleOrExecute = (t: Taint) => t.effect === "NoSchedule" || t.effect === "NoExecute";

/**
 * NodeShouldRunDaemonPod: the template's nodeName (if any) names this node, the required node affinity and
 * nodeSelector match, and every NoSchedule/NoExecute taint is tolerated (with the daemon tolerations). A pod
 * already running stays while only NoSchedule taints are untolerated.
 */
export function nodeShouldRunDaemonPod(node: KubeObject, ds: KubeObject): ShouldRun {
  const name: string = node.metadata?.name ?? "";
  const templateNodeName: string | undefined = ds.spec?.template?.spec?.nodeName;
  if (templateNodeName && templateNodeName !== name) return { shouldRun: false, shouldContinueRunning: false };
  const pod = simulatedDaemonPod(ds, name);
  if (!requiredNodeAffinityMatches(pod, node)) return { shouldRun: false, shouldContinueRunning: false };
  const taints: Taint[] = node.spec?.taints ?? [];
  if (findUntoleratedTaint(taints, pod.spec.tolerations, noScheduleOrExecute)) {
    return { shouldRun: false, shouldContinueRunning: !findUntoleratedTaint(taints, pod.spec.tolerations, noExecute) };
  }
  return { shouldRun: true, shouldContinueRunning: true };
}
