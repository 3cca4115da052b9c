/**
 * Node indexes and the addresses derived from them. Upstream the node IPAM controller hands each Node a
 * `spec.podCIDR` from `--cluster-cidr` in `--node-cidr-mask-size` blocks and frees it when the Node goes
 * (pkg/controller/nodeipam/ipam/range_allocator.go); here the kubelets' allocation is an index per node name,
 * kept by the caller, from which the addresses follow:
 *
 * - cluster CIDR 10.224.0.0/11: 8192 `/24` pod CIDRs (253 pods each, see ../status/pod-cidr). Block
 *   `(index + 5120) mod 8192` is used, so node 0 gets 10.244.0.0/24 (the familiar flannel default), nodes
 *   0..3071 run up to 10.255.255.0/24 and nodes 3072..8191 continue at 10.224.0.0/24 up to 10.243.255.0/24;
 *   the range stays clear of the usual service CIDR 10.96.0.0/12;
 * - node InternalIPs from 172.16.0.0/12: node `i` is 172.16.0.0 + i + 1 (node 0 → 172.16.0.1, node 255 →
 *   172.16.1.0), so every index has an address and the network address is never one.
 *
 * Indexes are stable per name: a node keeps its index while it stays in the list, a new node takes the lowest
 * free one, so adding or removing a node never renumbers the others.
 */
import { formatIP, parseIP } from "../status/ip-address";

/** The most nodes (indexes 0..MAX_NODES-1): the /24 blocks in CLUSTER_CIDR. */
export const MAX_NODES = 8192;
/** The pod network all node pod CIDRs are carved from (kube-controller-manager --cluster-cidr). */
export const CLUSTER_CIDR = "10.224.0.0/11";
/** The network node InternalIPs are taken from. */
export const NODE_NETWORK = "172.16.0.0/12";

const CLUSTER_BASE = parseIP("10.224.0.0")!.value;
const NODE_BASE = parseIP("172.16.0.0")!.value;
const BLOCK_OFFSET = 5120;

const validIndex = (i: unknown): i is number => typeof i === "number" && Number.isInteger(i) && i >= 0 && i < MAX_NODES;

/**
 * The index of every name in `names` (duplicates count once): the index `existing` holds for it when that is
 * valid and not already taken, else the lowest free index. Names of `existing` missing from `names` give their
 * index back (a draining node must stay in `names` until its pods are gone). Beyond MAX_NODES names the rest
 * get none and are left out (a valid pool configuration never has that many).
 */
export function assignNodeIndexes(existing: Readonly<Record<string, number>>, names: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  const used = new Set<number>();
  const pending: string[] = [];
  for (const name of new Set(names)) {
    const held = Object.hasOwn(existing, name) ? existing[name] : undefined;
    if (validIndex(held) && !used.has(held)) {
      out[name] = held;
      used.add(held);
    } else {
      pending.push(name);
    }
  }
  let next = 0;
  for (const name of pending) {
    while (used.has(next)) next++;
    if (next >= MAX_NODES) break;
    out[name] = next;
    used.add(next++);
  }
  return out;
}

/** The node's `spec.podCIDR` for its index; undefined outside 0..MAX_NODES-1. */
export function podCidrFor(index: number): string | undefined {
  if (!validIndex(index)) return undefined;
  const block = BigInt((index + BLOCK_OFFSET) % MAX_NODES);
  return `${formatIP({ family: 4, value: CLUSTER_BASE + (block << 8n) })}/24`;
}

/** The node's InternalIP for its index; undefined outside 0..MAX_NODES-1. */
export function nodeIPFor(index: number): string | undefined {
  if (!validIndex(index)) return undefined;
  return formatIP({ family: 4, value: NODE_BASE + BigInt(index) + 1n });
}

/** The index whose pod CIDR is `cidr` (podCidrFor's inverse); undefined for any other CIDR. */
export function nodeIndexOfPodCidr(cidr: string): number | undefined {
  const slash = cidr.indexOf("/");
  const ip = slash > 0 && cidr.slice(slash + 1) === "24" ? parseIP(cidr.slice(0, slash)) : undefined;
  if (!ip || ip.family !== 4 || ip.value < CLUSTER_BASE || (ip.value - CLUSTER_BASE) & 0xffn) return undefined;
  const block = Number((ip.value - CLUSTER_BASE) >> 8n);
  if (block >= MAX_NODES) return undefined;
  const index = (block - BLOCK_OFFSET + MAX_NODES) % MAX_NODES;
  return podCidrFor(index) === cidr ? index : undefined;
}
