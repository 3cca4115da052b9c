/**
 * syncService's decision (pkg/controller/endpoint/endpoints_controller.go, 1.32) as a pure plan: the Endpoints
 * named as the Service, with its labels (plus the headless label without a cluster IP), the repacked subsets, the
 * last-change trigger time and the over-capacity annotation. Nothing is written when the subsets (pod
 * resourceVersions aside), the labels and the capacity annotation already agree.
 */
import type { KubeObject } from "../../../schema/types";
import { goJson } from "../history";
import { HEADLESS_LABEL, isServiceIPSet, LAST_CHANGE_TRIGGER_TIME } from "../endpointslice/pod-endpoints";
import { desiredSubsets, MAX_CAPACITY, OVER_CAPACITY_ANNOTATION, truncateSubsets } from "./subsets";

export type EndpointsPlan = { action: "none" } | { action: "create" | "update"; endpoints: KubeObject };

/** Subsets compared as semantic equality does: empty lists as absent, targetRef resourceVersions ignored. */
export function normalizeSubsets(subsets: readonly KubeObject[] | undefined): unknown {
  const address = (a: KubeObject) => {
    const out: KubeObject = { ...a };
    if (out.targetRef) {
      const { resourceVersion: _rv, ...ref } = out.targetRef;
      out.targetRef = ref;
    }
    return out;
  };
  return (subsets ?? []).map((s) => ({
    addresses: (s.addresses ?? []).map(address),
    notReadyAddresses: (s.notReadyAddresses ?? []).map(address),
    ports: s.ports ?? [],
  }));
}

const sameLabels = (a: Record<string, string> | undefined, b: Record<string, string> | undefined) => goJson(a ?? {}) === goJson(b ?? {});

/** capacityAnnotationSetCorrectly: within capacity and no over-capacity annotation. */
export function capacityAnnotationSetCorrectly(annotations: Record<string, string> | undefined, subsets: readonly KubeObject[] | undefined): boolean {
  const n = (subsets ?? []).reduce((sum, s) => sum + (s.addresses ?? []).length + (s.notReadyAddresses ?? []).length, 0);
  if (n > MAX_CAPACITY) return false;
  return !(annotations && OVER_CAPACITY_ANNOTATION in annotations);
}

/**
 * The write that brings `current` (undefined: none yet) in line with the Service and its pods. `triggerTime` is
 * the RFC3339 time to publish, or undefined to clear the annotation.
 */
export function planEndpoints(svc: KubeObject, pods: readonly KubeObject[], current: KubeObject | undefined, triggerTime: string | undefined): EndpointsPlan {
  const subsets = desiredSubsets(svc, pods);
  const base: KubeObject = current ?? { apiVersion: "v1", kind: "Endpoints", metadata: { name: svc.metadata?.name, namespace: svc.metadata?.namespace, labels: svc.metadata?.labels } };
  const currentLabels: Record<string, string> = { ...(base.metadata?.labels ?? {}) };
  delete currentLabels[HEADLESS_LABEL];
  if (
    current &&
    goJson(normalizeSubsets(current.subsets)) === goJson(normalizeSubsets(subsets)) &&
    sameLabels(currentLabels, svc.metadata?.labels) &&
    capacityAnnotationSetCorrectly(current.metadata?.annotations, current.subsets)
  ) {
    return { action: "none" };
  }
  const annotations: Record<string, string> = { ...(base.metadata?.annotations ?? {}) };
  if (triggerTime) annotations[LAST_CHANGE_TRIGGER_TIME] = triggerTime;
  else delete annotations[LAST_CHANGE_TRIGGER_TIME];
  const truncated = truncateSubsets(subsets);
  if (truncated.truncated) annotations[OVER_CAPACITY_ANNOTATION] = "truncated";
  else delete annotations[OVER_CAPACITY_ANNOTATION];
  const labels: Record<string, string> = { ...(svc.metadata?.labels ?? {}) };
  if (!isServiceIPSet(svc)) labels[HEADLESS_LABEL] = "";
  else delete labels[HEADLESS_LABEL];
  const endpoints: KubeObject = {
    ...base,
    apiVersion: "v1",
    kind: "Endpoints",
    metadata: { ...base.metadata, labels, annotations },
    subsets: truncated.subsets,
  };
  return { action: current ? "update" : "create", endpoints };
}
