/**
 * Scheduler scoring (pkg/scheduler/framework/plugins, 1.32 default profile): per-plugin raw scores and their
 * normalization to 0..MaxNodeScore, the weighted sum, and host selection with an injected tie-break.
 */
export { defaultNormalizeScore, MAX_NODE_SCORE, MIN_NODE_SCORE, type NodeScore } from "./node-score";
export {
  clusterSnapshot,
  DEFAULT_MEMORY_REQUEST,
  DEFAULT_MILLI_CPU_REQUEST,
  isScalarResourceName,
  matchNodeSelectorTerm,
  parseNodeSelectorTerm,
  podRequests,
  resourceAmount,
  toleratesTaint,
  type ClusterSnapshot,
  type NodeInfo,
  type ParsedNodeSelectorTerm,
} from "../common";
export {
  DEFAULT_HARD_POD_AFFINITY_WEIGHT,
  interPodAffinityPreScore,
  interPodAffinityScore,
  normalizeInterPodAffinityScores,
  type InterPodAffinityPreScoreState,
  type TopologyScore,
} from "./inter-pod-affinity";
export {
  normalizePodTopologySpreadScores,
  podTopologySpreadPreScore,
  podTopologySpreadScore,
  scoreForCount,
  topologyNormalizingWeight,
  type PodTopologySpreadPreScoreState,
} from "./pod-topology-spread";
export { allocatableAmount, nodeRequestedAmount } from "./node-resources";
export {
  DEFAULT_RESOURCE_SPECS,
  balancedAllocationScore,
  balancedResourceScore,
  leastAllocatedScore,
  leastRequestedScore,
  podRequestList,
  type ResourceSpec,
} from "./resource-allocation";
export {
  nodeAffinityScore,
  normalizeNodeAffinityScores,
  preferredNodeAffinityTerms,
  type WeightedTerm,
} from "./node-affinity";
export {
  countIntolerableTaintsPreferNoSchedule,
  normalizeTaintTolerationScores,
  preferNoScheduleTolerations,
} from "./taint-toleration";
export {
  DEFAULT_SCORE_PLUGIN_WEIGHTS,
  runScorePlugins,
  type NodePluginScores,
  type PluginScore,
  type PreScoreStatus,
  type ScorePlugin,
  type ScoreResult,
} from "./run-score-plugins";
export { NUMBER_OF_HIGHEST_SCORED_NODES_TO_REPORT, mathRandomInt, selectHost, type RandomInt } from "./select-host";
export {
  DEFAULT_SCORE_PLUGINS,
  interPodAffinityPlugin,
  nodeAffinityPlugin,
  nodeResourcesBalancedAllocationPlugin,
  nodeResourcesFitPlugin,
  podTopologySpreadPlugin,
  prioritizeAndSelectHost,
  taintTolerationPlugin,
  type PrioritizeResult,
} from "./default-plugins";
