/**
 * NodeResourcesFit's LeastAllocated scoring strategy and NodeResourcesBalancedAllocation, as
 * pkg/scheduler/framework/plugins/noderesources (resource_allocation.go, least_allocated.go,
 * balanced_allocation.go) compute them in 1.32. Neither plugin has a NormalizeScore: the raw score is already in
 * 0..MaxNodeScore.
 */
import type { KubeObject } from "../../../schema/types";
import { MAX_NODE_SCORE } from "./node-score";
import type { NodeInfo } from "../common/node-info";
import { isScalarResourceName, podRequests, resourceAmount } from "../common/pod-requests";
import { allocatableAmount, nodeRequestedAmount } from "./node-resources";

/** config.ResourceSpec. */
export interface ResourceSpec {
  name: string;
  weight: number;
}

/**
 * The default NodeResourcesFit scoringStrategy.resources and NodeResourcesBalancedAllocationArgs.resources
 * (pkg/scheduler/apis/config/v1/defaults.go): cpu and memory, weight 1 each.
 */
export const DEFAULT_RESOURCE_SPECS: readonly ResourceSpec[] = [
  { name: "cpu", weight: 1 },
  { name: "memory", weight: 1 },
];

/**
 * resourceAllocationScorer.calculatePodResourceRequestList: the incoming pod's request per resource. `useRequested`
 * false (NodeResourcesFit) applies the 100m / 200Mi defaults to containers without a cpu / memory request;
 * BalancedAllocation (`useRequested` true) reads the requests as written.
 */
export function podRequestList(pod: KubeObject, resources: readonly ResourceSpec[], useRequested: boolean): bigint[] {
  const reqs = podRequests(pod, !useRequested);
  return resources.map((r) => resourceAmount(reqs, r.name));
}

/**
 * calculateResourceAllocatableRequest: [allocatable, requested-including-this-pod] for one resource; [0, 0] bypasses
 * the resource (a scalar resource the pod does not request, or one the node does not offer). cpu and memory read
 * NonZeroRequested unless `useRequested`; every other resource reads Requested.
 */
function allocatableRequest(info: NodeInfo, name: string, podRequest: bigint, useRequested: boolean): [bigint, bigint] {
  if (podRequest === 0n && isScalarResourceName(name)) return [0n, 0n];
  if (name === "cpu" || name === "memory") {
    return [allocatableAmount(info.node, name) ?? 0n, nodeRequestedAmount(info, name, !useRequested) + podRequest];
  }
  if (name === "ephemeral-storage") {
    return [allocatableAmount(info.node, name) ?? 0n, nodeRequestedAmount(info, name, false) + podRequest];
  }
  if (isScalarResourceName(name)) {
    const alloc = allocatableAmount(info.node, name);
    if (alloc !== undefined) return [alloc, nodeRequestedAmount(info, name, false) + podRequest];
  }
  return [0n, 0n];
}

function allocationVectors(info: NodeInfo, resources: readonly ResourceSpec[], podReqs: bigint[], useRequested: boolean) {
  const requested: bigint[] = [];
  const allocatable: bigint[] = [];
  resources.forEach((r, i) => {
    const [alloc, req] = allocatableRequest(info, r.name, podReqs[i], useRequested);
    allocatable.push(alloc);
    requested.push(alloc === 0n ? 0n : req);
  });
  return { requested, allocatable };
}

/** leastRequestedScore: unused capacity on a 0..MaxNodeScore scale, 0 when over-committed or capacity is 0. */
export function leastRequestedScore(requested: bigint, capacity: bigint): bigint {
  if (capacity === 0n || requested > capacity) return 0n;
  return ((capacity - requested) * BigInt(MAX_NODE_SCORE)) / capacity;
}

/**
 * Below this capacity the scores are computed in plain numbers, exactly: (capacity - requested) * MaxNodeScore
 * is an integer far below 2^53, and a quotient that is not an integer lies at least 1/capacity (≥ 2^-40) from
 * one, far more than a division's rounding error at ≤ 100 (2^-47). Larger capacities take the bigint path.
 */
const NUMBER_PATH_LIMIT = 2n ** 40n;

/** leastRequestedScore as a number (integer result), in plain numbers when the capacity allows. */
function leastRequested(requested: bigint, capacity: bigint): number {
  if (capacity >= NUMBER_PATH_LIMIT || requested >= NUMBER_PATH_LIMIT) return Number(leastRequestedScore(requested, capacity));
  const c = Number(capacity);
  const r = Number(requested);
  if (c === 0 || r > c) return 0;
  return Math.floor(((c - r) * MAX_NODE_SCORE) / c);
}

/**
 * The default resources (cpu and memory, weight 1 each) without the generic path's vectors: what every pod of
 * the default profile is scored with, on every feasible node. Same results as the generic path.
 */
function leastAllocatedCpuMemory(podReqs: bigint[], info: NodeInfo): number {
  const cpu = allocatableAmount(info.node, "cpu") ?? 0n;
  const memory = allocatableAmount(info.node, "memory") ?? 0n;
  let score = 0;
  let weights = 0;
  if (cpu !== 0n) {
    score += leastRequested(nodeRequestedAmount(info, "cpu", true) + podReqs[0], cpu);
    weights++;
  }
  if (memory !== 0n) {
    score += leastRequested(nodeRequestedAmount(info, "memory", true) + podReqs[1], memory);
    weights++;
  }
  return weights === 0 ? 0 : Math.floor(score / weights);
}

function balancedCpuMemory(podReqs: bigint[], info: NodeInfo): number {
  const cpu = allocatableAmount(info.node, "cpu") ?? 0n;
  const memory = allocatableAmount(info.node, "memory") ?? 0n;
  if (cpu === 0n || memory === 0n) return balancedAllocationScoreOf(podReqs, info, DEFAULT_RESOURCE_SPECS);
  const fCpu = Math.min(Number(nodeRequestedAmount(info, "cpu", false) + podReqs[0]) / Number(cpu), 1);
  const fMemory = Math.min(Number(nodeRequestedAmount(info, "memory", false) + podReqs[1]) / Number(memory), 1);
  return Math.trunc((1 - Math.abs((fCpu - fMemory) / 2)) * MAX_NODE_SCORE);
}

/**
 * NodeResourcesFit Score with the LeastAllocated strategy: the weighted mean (integer division) of
 * leastRequestedScore over the resources the node offers. `podReqs` is podRequestList(pod, resources, false),
 * computed once per pod as upstream's PreScore does.
 */
export function leastAllocatedScore(
  podReqs: bigint[],
  info: NodeInfo,
  resources: readonly ResourceSpec[] = DEFAULT_RESOURCE_SPECS,
): number {
  if (resources === DEFAULT_RESOURCE_SPECS) return leastAllocatedCpuMemory(podReqs, info);
  const { requested, allocatable } = allocationVectors(info, resources, podReqs, false);
  let nodeScore = 0n;
  let weightSum = 0n;
  resources.forEach((r, i) => {
    if (allocatable[i] === 0n) return;
    nodeScore += leastRequestedScore(requested[i], allocatable[i]) * BigInt(r.weight);
    weightSum += BigInt(r.weight);
  });
  return weightSum === 0n ? 0 : Number(nodeScore / weightSum);
}

/**
 * balancedResourceScorer: each offered resource's requested/allocatable fraction (capped at 1) as float64; with two
 * fractions std = |f0 - f1| / 2, with more the population standard deviation, with fewer 0; score =
 * int64((1 - std) * MaxNodeScore), truncated.
 */
export function balancedResourceScore(requested: bigint[], allocatable: bigint[]): number {
  const fractions: number[] = [];
  let total = 0;
  requested.forEach((req, i) => {
    if (allocatable[i] === 0n) return;
    const fraction = Math.min(Number(req) / Number(allocatable[i]), 1);
    total += fraction;
    fractions.push(fraction);
  });
  let std = 0;
  if (fractions.length === 2) {
    std = Math.abs((fractions[0] - fractions[1]) / 2);
  } else if (fractions.length > 2) {
    const mean = total / fractions.length;
    let sum = 0;
    for (const f of fractions) sum += (f - mean) * (f - mean);
    std = Math.sqrt(sum / fractions.length);
  }
  return Math.trunc((1 - std) * MAX_NODE_SCORE);
}

/**
 * NodeResourcesBalancedAllocation Score (1.32: no best-effort skip — that arrived in 1.33): uses the pod's and the
 * node's requests as written (useRequested), no non-zero defaults. `podReqs` is podRequestList(pod, resources, true).
 */
export function balancedAllocationScore(
  podReqs: bigint[],
  info: NodeInfo,
  resources: readonly ResourceSpec[] = DEFAULT_RESOURCE_SPECS,
): number {
  return resources === DEFAULT_RESOURCE_SPECS ? balancedCpuMemory(podReqs, info) : balancedAllocationScoreOf(podReqs, info, resources);
}

function balancedAllocationScoreOf(podReqs: bigint[], info: NodeInfo, resources: readonly ResourceSpec[]): number {
  const { requested, allocatable } = allocationVectors(info, resources, podReqs, true);
  return balancedResourceScore(requested, allocatable);
}
