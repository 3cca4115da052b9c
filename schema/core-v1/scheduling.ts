/**
 * Scheduling constraints (core/v1): node selectors, (anti-)affinity, taints and tolerations, topology spread.
 * Lists are `+listType=atomic` upstream unless noted.
 */
import { z } from "zod";
import { atomicList, int32, int64, LabelSelectorSchema, opt, str, time } from "../meta";
import { def } from "./common";

export const NodeSelectorRequirementSchema = def(
  "NodeSelectorRequirement",
  {
    key: opt(str),
    operator: opt(str).describe("In, NotIn, Exists, DoesNotExist, Gt or Lt."),
    values: atomicList(str),
  },
  { required: ["key", "operator"] },
);

export const NodeSelectorTermSchema = def(
  "NodeSelectorTerm",
  {
    matchExpressions: atomicList(NodeSelectorRequirementSchema),
    matchFields: atomicList(NodeSelectorRequirementSchema),
  },
  { "x-kubernetes-map-type": "atomic" },
);

export const NodeSelectorSchema = def(
  "NodeSelector",
  { nodeSelectorTerms: atomicList(NodeSelectorTermSchema).describe("Terms are ORed.") },
  { "x-kubernetes-map-type": "atomic", required: ["nodeSelectorTerms"] },
);

export const PreferredSchedulingTermSchema = def(
  "PreferredSchedulingTerm",
  { preference: opt(NodeSelectorTermSchema), weight: opt(int32) },
  { required: ["weight", "preference"] },
);

export const NodeAffinitySchema = def("NodeAffinity", {
  preferredDuringSchedulingIgnoredDuringExecution: atomicList(PreferredSchedulingTermSchema),
  requiredDuringSchedulingIgnoredDuringExecution: opt(NodeSelectorSchema),
});

export const PodAffinityTermSchema = def(
  "PodAffinityTerm",
  {
    labelSelector: opt(LabelSelectorSchema),
    matchLabelKeys: atomicList(str),
    mismatchLabelKeys: atomicList(str),
    namespaceSelector: opt(LabelSelectorSchema),
    namespaces: atomicList(str),
    topologyKey: opt(str),
  },
  { required: ["topologyKey"] },
);

export const WeightedPodAffinityTermSchema = def(
  "WeightedPodAffinityTerm",
  { podAffinityTerm: opt(PodAffinityTermSchema), weight: opt(int32) },
  { required: ["weight", "podAffinityTerm"] },
);

const podAffinityShape = {
  preferredDuringSchedulingIgnoredDuringExecution: atomicList(WeightedPodAffinityTermSchema),
  requiredDuringSchedulingIgnoredDuringExecution: atomicList(PodAffinityTermSchema),
};

export const PodAffinitySchema = def("PodAffinity", podAffinityShape);
export const PodAntiAffinitySchema = def("PodAntiAffinity", podAffinityShape);

export const AffinitySchema = def(
  "Affinity",
  {
    nodeAffinity: opt(NodeAffinitySchema),
    podAffinity: opt(PodAffinitySchema),
    podAntiAffinity: opt(PodAntiAffinitySchema),
  },
  { description: "Node affinity, pod affinity and pod anti-affinity scheduling rules." },
);

export const TolerationSchema = def("Toleration", {
  effect: opt(str).describe("NoSchedule, PreferNoSchedule or NoExecute; empty matches all effects."),
  key: opt(str),
  operator: opt(str).describe("Exists or Equal (default)."),
  tolerationSeconds: opt(int64),
  value: opt(str),
});

export const TaintSchema = def(
  "Taint",
  { effect: opt(str), key: opt(str), timeAdded: opt(time), value: opt(str) },
  { required: ["key", "effect"] },
);

export const TopologySpreadConstraintSchema = def(
  "TopologySpreadConstraint",
  {
    labelSelector: opt(LabelSelectorSchema),
    matchLabelKeys: atomicList(str),
    maxSkew: opt(int32),
    minDomains: opt(int32),
    nodeAffinityPolicy: opt(str),
    nodeTaintsPolicy: opt(str),
    topologyKey: opt(str),
    whenUnsatisfiable: opt(str).describe("DoNotSchedule or ScheduleAnyway."),
  },
  { required: ["maxSkew", "topologyKey", "whenUnsatisfiable"] },
);

export type Toleration = z.infer<typeof TolerationSchema>;
