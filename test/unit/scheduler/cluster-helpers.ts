/** Builders for the cluster-wide scheduler plugin tests (InterPodAffinity, PodTopologySpread): nodes, pods, terms, snapshots. */
import type { KubeObject } from "../../../schema/types";
import { clusterSnapshot, type ClusterSnapshot, type SpreadWorkloads } from "../../../worker/scheduler/common";
import { runPreFilters, type FilterFn, type FilterResult } from "../../../worker/scheduler/filters";

export const HOSTNAME = "kubernetes.io/hostname";

/** st.MakeNode().Name(name).Label(…): labels as given (no implicit hostname label). */
export const node = (name: string, labels: Record<string, string> = {}, spec: KubeObject = {}): KubeObject => ({
  apiVersion: "v1",
  kind: "Node",
  metadata: { name, labels },
  spec,
  status: { allocatable: { cpu: "4", memory: "8Gi", pods: "110" } },
});

export interface PodOptions {
  ns?: string;
  labels?: Record<string, string>;
  node?: string;
  affinity?: KubeObject;
  spread?: KubeObject[];
  spec?: KubeObject;
  metadata?: KubeObject;
}

/** st.MakePod(): namespace "default" unless given. */
export const pod = (name: string, o: PodOptions = {}): KubeObject => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name, namespace: o.ns ?? "default", uid: `uid-${name}`, ...(o.labels ? { labels: o.labels } : {}), ...o.metadata },
  spec: {
    containers: [{ name: "c", image: "x" }],
    ...(o.node ? { nodeName: o.node } : {}),
    ...(o.affinity ? { affinity: o.affinity } : {}),
    ...(o.spread ? { topologySpreadConstraints: o.spread } : {}),
    ...o.spec,
  },
});

/** Label selectors: matchExpressions shorthands. */
export const inSel = (key: string, ...values: string[]) => ({ matchExpressions: [{ key, operator: "In", values }] });
export const notInSel = (key: string, ...values: string[]) => ({ matchExpressions: [{ key, operator: "NotIn", values }] });
export const existsSel = (key: string) => ({ matchExpressions: [{ key, operator: "Exists" }] });

/** v1.PodAffinityTerm. */
export const term = (labelSelector: KubeObject | undefined, topologyKey: string, extra: KubeObject = {}): KubeObject => ({
  ...(labelSelector ? { labelSelector } : {}),
  topologyKey,
  ...extra,
});

/** v1.WeightedPodAffinityTerm. */
export const weighted = (weight: number, t: KubeObject): KubeObject => ({ weight, podAffinityTerm: t });

/** spec.affinity with required / preferred pod (anti-)affinity. */
export function affinity(a: { req?: KubeObject[]; anti?: KubeObject[]; pref?: KubeObject[]; antiPref?: KubeObject[] }): KubeObject {
  const out: KubeObject = {};
  if (a.req || a.pref) {
    out.podAffinity = {
      ...(a.req ? { requiredDuringSchedulingIgnoredDuringExecution: a.req } : {}),
      ...(a.pref ? { preferredDuringSchedulingIgnoredDuringExecution: a.pref } : {}),
    };
  }
  if (a.anti || a.antiPref) {
    out.podAntiAffinity = {
      ...(a.anti ? { requiredDuringSchedulingIgnoredDuringExecution: a.anti } : {}),
      ...(a.antiPref ? { preferredDuringSchedulingIgnoredDuringExecution: a.antiPref } : {}),
    };
  }
  return out;
}

/** v1.TopologySpreadConstraint. */
export const spread = (
  maxSkew: number,
  topologyKey: string,
  whenUnsatisfiable: "DoNotSchedule" | "ScheduleAnyway",
  labelSelector?: KubeObject,
  extra: KubeObject = {},
): KubeObject => ({ maxSkew, topologyKey, whenUnsatisfiable, ...(labelSelector ? { labelSelector } : {}), ...extra });

/** A Namespace object. */
export const namespace = (name: string, labels: Record<string, string> = {}): KubeObject => ({ metadata: { name, labels } });

/** The snapshot; `namespaces` default to "default" with no labels. */
export const cluster = (
  nodes: KubeObject[],
  pods: KubeObject[] = [],
  namespaces: KubeObject[] = [namespace("default")],
  workloads?: SpreadWorkloads,
): ClusterSnapshot => clusterSnapshot(nodes, pods, namespaces, workloads);

/** Outcome per node name: "ok", or the reasons with "!" appended when unresolvable. */
export function filterEach(p: KubeObject, c: ClusterSnapshot, filter: FilterFn): Record<string, string> {
  const pre = runPreFilters(p, c);
  if (!pre.ok) throw new Error(`PreFilter failed: ${pre.message}`);
  return Object.fromEntries(c.nodes.map((info) => [info.node.metadata.name, show(filter(p, info, pre.state))]));
}

export const show = (r: FilterResult): string => (r.ok ? "ok" : r.reasons.join(", ") + (r.unresolvable ? " !" : ""));
