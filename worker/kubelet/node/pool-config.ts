/**
 * The node pool configuration: which nodes this cluster's kubelets register. One JSON format serves the
 * `NODE_POOL` environment variable and the ConfigMap `kube-system/node-pool` (key `pool.json`):
 *
 * ```json
 * {"pools": [{"name": "edge", "count": 3, "namePrefix": "edge-node-", "capacity": {"cpu": "4"},
 *             "labels": {"k": "v"}, "taints": [{"key": "k", "value": "v", "effect": "NoSchedule"}],
 *             "region": "weur", "zone": "weur-1", "instanceType": "isolate-small"}],
 *  "nodes": [{"name": "extra-1", "capacity": {"memory": "16Gi"}}]}
 * ```
 *
 * Validation is strict (unknown fields refused) and every problem is reported with its field path, in the
 * shape of upstream's field.ErrorList (`pools[0].count: Invalid value: 6000: must be between 0 and 5000,
 * inclusive`). The rules are those the objects they turn into must pass: node names are DNS-1123 subdomains
 * (ValidateNode), labels and taints as ValidateLabels / validateNodeTaints, capacities parse as Quantities.
 */
import type { FieldError } from "../../../schema/types";
import { validateTaints } from "../../../schema/core-v1/scheduling-validation";
import { child, duplicate, inclusiveRange, index, invalid, IS_NEGATIVE, key, notSupported, required } from "../../../schema/validation/field-errors";
import { isDNS1123Label, isDNS1123Subdomain, isQualifiedName, isValidLabelValue } from "../../../schema/validation/names";
import { validateLabels } from "../../../schema/validation/object-meta";
import { parseExactQuantity } from "../../../schema/validation/quantity-exact";
import { MAX_NODES } from "./node-index";

/** v1.Taint as the configuration writes it. */
export interface TaintConfig {
  key: string;
  value?: string;
  effect: string;
}

/** What a pool and a single node may both say about the nodes they describe. */
export interface NodeShapeConfig {
  /** Resource name → quantity; missing entries take DEFAULT_CAPACITY's. */
  capacity?: Record<string, string>;
  labels?: Record<string, string>;
  /** Registered with the node (kubelet --register-with-taints); never reconciled afterwards. */
  taints?: TaintConfig[];
  /** topology.kubernetes.io/region */
  region?: string;
  /** topology.kubernetes.io/zone */
  zone?: string;
  /** node.kubernetes.io/instance-type */
  instanceType?: string;
}

export interface PoolConfig extends NodeShapeConfig {
  name: string;
  /** 0..MAX_POOL_COUNT nodes named `<namePrefix><i>`. */
  count: number;
  /** Defaults to `<name>-`. */
  namePrefix?: string;
}

export interface SingleNodeConfig extends NodeShapeConfig {
  name: string;
}

export interface NodePoolConfig {
  pools: PoolConfig[];
  nodes: SingleNodeConfig[];
}

export type NodePoolParse = { ok: true; pool: NodePoolConfig } | { ok: false; message: string; errors: FieldError[] };

/** The most nodes one pool may hold. */
export const MAX_POOL_COUNT = 5000;

/** What a node offers when the configuration does not say: a modest machine, upstream's default pod limit. */
export const DEFAULT_CAPACITY: Readonly<Record<string, string>> = Object.freeze({
  cpu: "4",
  memory: "8Gi",
  pods: "110",
  "ephemeral-storage": "10Gi",
});

/** The name the pool's nodes share before their ordinal. */
export const poolNamePrefix = (pool: Pick<PoolConfig, "name" | "namePrefix">): string => pool.namePrefix ?? `${pool.name}-`;

const SHAPE_FIELDS = ["capacity", "labels", "taints", "region", "zone", "instanceType"];
const POOL_FIELDS = ["name", "count", "namePrefix", ...SHAPE_FIELDS];
const NODE_FIELDS = ["name", ...SHAPE_FIELDS];
const TOP_FIELDS = ["pools", "nodes"];
const TAINT_FIELDS = ["key", "value", "effect"];

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => v !== null && typeof v === "object" && !Array.isArray(v);

/**
 * Parse and validate a node pool document. Undefined, empty or blank text is the empty configuration (zero
 * nodes); `{}` is too. Every error is collected, not just the first.
 */
export function parseNodePool(text: string | undefined): NodePoolParse {
  if (text === undefined || text.trim() === "") return { ok: true, pool: { pools: [], nodes: [] } };
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    const error = invalid("", text.length > 64 ? `${text.slice(0, 64)}…` : text, `not JSON: ${(e as Error).message}`);
    return fail([error]);
  }
  if (!isObject(doc)) return fail([invalid("", doc, "must be a JSON object")]);
  const errs = unknownFields(doc, "", TOP_FIELDS);
  const pools = listAt(doc, "pools", errs).map((p, i) => validatePool(p, index("pools", i), errs));
  const nodes = listAt(doc, "nodes", errs).map((n, i) => validateNode(n, index("nodes", i), errs));
  if (errs.length === 0) errs.push(...crossChecks(pools as PoolConfig[], nodes as SingleNodeConfig[]));
  return errs.length ? fail(errs) : { ok: true, pool: { pools: pools as PoolConfig[], nodes: nodes as SingleNodeConfig[] } };
}

function fail(errors: FieldError[]): NodePoolParse {
  return { ok: false, errors, message: errors.map((e) => (e.field ? `${e.field}: ${e.message}` : e.message)).join("; ") };
}

function unknownFields(obj: Json, path: string, allowed: string[]): FieldError[] {
  return Object.keys(obj)
    .filter((k) => !allowed.includes(k))
    .map((k) => notSupported(child(path, k), k, allowed));
}

function listAt(doc: Json, field: string, errs: FieldError[]): unknown[] {
  const v = doc[field];
  if (v === undefined || v === null) return [];
  if (Array.isArray(v)) return v;
  errs.push(invalid(field, v, "must be a list"));
  return [];
}

function validatePool(raw: unknown, path: string, errs: FieldError[]): PoolConfig | undefined {
  if (!isObject(raw)) return void errs.push(invalid(path, raw, "must be an object"));
  errs.push(...unknownFields(raw, path, POOL_FIELDS));
  const name = stringAt(raw, path, "name", errs, true);
  if (name !== undefined) errs.push(...isDNS1123Label(name).map((m) => invalid(child(path, "name"), name, m)));
  const count = raw.count;
  if (typeof count !== "number" || !Number.isInteger(count)) {
    errs.push(count === undefined ? required(child(path, "count")) : invalid(child(path, "count"), count, "must be an integer"));
  } else if (count < 0 || count > MAX_POOL_COUNT) {
    errs.push(invalid(child(path, "count"), count, inclusiveRange(0, MAX_POOL_COUNT)));
  }
  const namePrefix = stringAt(raw, path, "namePrefix", errs, false);
  if (name !== undefined && typeof count === "number" && count > 0) {
    const longest = `${poolNamePrefix({ name, namePrefix })}${count - 1}`;
    const field = child(path, namePrefix === undefined ? "name" : "namePrefix");
    errs.push(...isDNS1123Subdomain(longest).map((m) => invalid(field, longest, `node name ${m}`)));
  }
  return { ...(raw as unknown as PoolConfig), ...validateShape(raw, path, errs) };
}

function validateNode(raw: unknown, path: string, errs: FieldError[]): SingleNodeConfig | undefined {
  if (!isObject(raw)) return void errs.push(invalid(path, raw, "must be an object"));
  errs.push(...unknownFields(raw, path, NODE_FIELDS));
  const name = stringAt(raw, path, "name", errs, true);
  if (name !== undefined) errs.push(...isDNS1123Subdomain(name).map((m) => invalid(child(path, "name"), name, m)));
  return { ...(raw as unknown as SingleNodeConfig), ...validateShape(raw, path, errs) };
}

function stringAt(obj: Json, path: string, field: string, errs: FieldError[], isRequired: boolean): string | undefined {
  const v = obj[field];
  if (v === undefined) {
    if (isRequired) errs.push(required(child(path, field)));
    return undefined;
  }
  if (typeof v === "string" && (v !== "" || !isRequired)) return v;
  errs.push(v === "" ? required(child(path, field)) : invalid(child(path, field), v, "must be a string"));
  return undefined;
}

function validateShape(raw: Json, path: string, errs: FieldError[]): NodeShapeConfig {
  const shape: NodeShapeConfig = {};
  const capacity = mapAt(raw, path, "capacity", errs);
  if (capacity) {
    for (const [name, value] of Object.entries(capacity)) {
      const at = key(child(path, "capacity"), name);
      errs.push(...isQualifiedName(name).map((m) => invalid(at, name, m)));
      const q = typeof value === "string" || typeof value === "number" ? parseExactQuantity(value) : undefined;
      if (!q) errs.push(invalid(at, value, "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"));
      else if (q.nanos < 0n) errs.push(invalid(at, value, IS_NEGATIVE));
    }
    shape.capacity = Object.fromEntries(Object.entries(capacity).map(([k, v]) => [k, String(v)]));
  }
  const labels = mapAt(raw, path, "labels", errs);
  if (labels) {
    const bad = Object.entries(labels).filter(([, v]) => typeof v !== "string");
    errs.push(...bad.map(([k, v]) => invalid(key(child(path, "labels"), k), v, "must be a string")));
    if (bad.length === 0) errs.push(...validateLabels(labels as Record<string, string>, child(path, "labels")));
  }
  if (raw.taints !== undefined) {
    const at = child(path, "taints");
    if (!Array.isArray(raw.taints)) errs.push(invalid(at, raw.taints, "must be a list"));
    else {
      raw.taints.forEach((t, i) => {
        if (!isObject(t)) errs.push(invalid(index(at, i), t, "must be an object"));
        else errs.push(...unknownFields(t, index(at, i), TAINT_FIELDS));
      });
      if (raw.taints.every(isObject)) errs.push(...validateTaints(raw.taints, at));
    }
  }
  for (const field of ["region", "zone", "instanceType"] as const) {
    const v = stringAt(raw, path, field, errs, false);
    if (v !== undefined) errs.push(...isValidLabelValue(v).map((m) => invalid(child(path, field), v, m)));
  }
  return shape;
}

function mapAt(raw: Json, path: string, field: string, errs: FieldError[]): Json | undefined {
  const v = raw[field];
  if (v === undefined) return undefined;
  if (isObject(v)) return v;
  errs.push(invalid(child(path, field), v, "must be an object"));
  return undefined;
}

/** Pool names unique, node names unique across pools and single nodes, at most MAX_NODES nodes in all. */
function crossChecks(pools: PoolConfig[], nodes: SingleNodeConfig[]): FieldError[] {
  const errs: FieldError[] = [];
  const poolNames = new Set<string>();
  pools.forEach((p, i) => {
    if (poolNames.has(p.name)) errs.push(duplicate(child(index("pools", i), "name"), p.name));
    poolNames.add(p.name);
  });
  const owner = new Map<string, string>();
  const reported = new Set<string>();
  const claim = (name: string, path: string) => {
    const first = owner.get(name);
    if (first === undefined) return void owner.set(name, path);
    // Two overlapping pools clash on every ordinal: one error per pair of fields says it.
    if (reported.has(`${path} ${first}`)) return;
    reported.add(`${path} ${first}`);
    errs.push(invalid(path, name, `duplicate node name (also named by ${first})`));
  };
  let total = nodes.length;
  pools.forEach((p, i) => {
    total += p.count;
    const prefix = poolNamePrefix(p);
    for (let n = 0; n < p.count; n++) claim(`${prefix}${n}`, child(index("pools", i), "name"));
  });
  nodes.forEach((n, i) => claim(n.name, child(index("nodes", i), "name")));
  if (total > MAX_NODES) errs.push(invalid("", total, `at most ${MAX_NODES} nodes in all`));
  return errs;
}
