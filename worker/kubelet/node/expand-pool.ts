/**
 * A validated pool configuration turned into one entry per node, defaults applied: what one kubelet is told
 * about the node it runs (its --hostname-override, --node-labels, --register-with-taints and machine size).
 */
import { DEFAULT_CAPACITY, poolNamePrefix, type NodePoolConfig, type NodeShapeConfig, type TaintConfig } from "./pool-config";

/** One node of the configuration. Its index (pod CIDR, InternalIP) comes from ./node-index, kept by the caller. */
export interface NodeSpecConfig {
  name: string;
  /** The pool it belongs to; undefined for an entry of `nodes`. */
  pool?: string;
  /** Its ordinal within the pool (the suffix of its name); undefined for an entry of `nodes`. */
  ordinal?: number;
  /** DEFAULT_CAPACITY overlaid with the configured entries. */
  capacity: Record<string, string>;
  labels: Record<string, string>;
  taints: TaintConfig[];
  region?: string;
  zone?: string;
  instanceType?: string;
}

/** Every configured node: pools in order (ordinals ascending), then the single nodes. */
export function expandNodePool(pool: NodePoolConfig): NodeSpecConfig[] {
  const out: NodeSpecConfig[] = [];
  for (const p of pool.pools) {
    const prefix = poolNamePrefix(p);
    for (let ordinal = 0; ordinal < p.count; ordinal++) out.push(nodeSpec(`${prefix}${ordinal}`, p, p.name, ordinal));
  }
  for (const n of pool.nodes) out.push(nodeSpec(n.name, n));
  return out;
}

function nodeSpec(name: string, shape: NodeShapeConfig, pool?: string, ordinal?: number): NodeSpecConfig {
  return {
    name,
    ...(pool === undefined ? {} : { pool, ordinal }),
    capacity: { ...DEFAULT_CAPACITY, ...shape.capacity },
    labels: { ...shape.labels },
    taints: (shape.taints ?? []).map((t) => ({ key: t.key, ...(t.value ? { value: t.value } : {}), effect: t.effect })),
    ...(shape.region === undefined ? {} : { region: shape.region }),
    ...(shape.zone === undefined ? {} : { zone: shape.zone }),
    ...(shape.instanceType === undefined ? {} : { instanceType: shape.instanceType }),
  };
}
