/**
 * The LimitRanger admission plugin's decisions (plugin/pkg/admission/limitranger): default container
 * requests/limits from a LimitRange's Container item (PodMutateLimitFunc, with the annotation
 * `kubernetes.io/limit-ranger`), and the min / max / maxLimitRequestRatio checks for Container, Pod and
 * PersistentVolumeClaim items (PodValidateLimitFunc, PersistentVolumeClaimValidateLimitFunc), with upstream's
 * messages. Pure: objects in, changed objects and messages out.
 */
import type { KubeObject } from "../../schema/types";
import {
  addExact,
  canonicalQuantity,
  compareExact,
  MAX_MILLI_VALUE,
  parseExactQuantity,
  quantityMilliValue,
  quantityValue,
  ZERO_QUANTITY,
  type Quantity,
} from "../../schema/validation/quantity-exact";

type Obj = KubeObject;
type ResourceList = Record<string, unknown>;
const list = (v: unknown): Obj[] => (Array.isArray(v) ? v.map((x) => x ?? {}) : []);
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

export const LIMIT_RANGER_ANNOTATION = "kubernetes.io/limit-ranger";

/**
 * SetDefaults_LimitRangeItem for Container items: default ← max, defaultRequest ← default, defaultRequest ← min.
 * Applied to the LimitRanges read by the plugin, so a stored LimitRange without its defaults behaves as upstream.
 */
export function defaultLimitRangeItems(lr: Obj): Obj[] {
  return list(lr.spec?.limits).map((item) => {
    if (item.type !== "Container") return item;
    const out = { ...item, default: { ...(item.default ?? {}) }, defaultRequest: { ...(item.defaultRequest ?? {}) } };
    for (const [k, v] of Object.entries((item.max ?? {}) as ResourceList)) if (!(k in out.default)) out.default[k] = v;
    for (const [k, v] of Object.entries(out.default)) if (!(k in out.defaultRequest)) out.defaultRequest[k] = v;
    for (const [k, v] of Object.entries((item.min ?? {}) as ResourceList)) if (!(k in out.defaultRequest)) out.defaultRequest[k] = v;
    return out;
  });
}

/** defaultContainerResourceRequirements + mergePodResourceRequirements: fills what containers leave unset. */
export function applyContainerDefaults(pod: Obj, items: Obj[]): boolean {
  const requests: ResourceList = {};
  const limits: ResourceList = {};
  for (const item of items) {
    if (item.type !== "Container") continue;
    Object.assign(requests, item.defaultRequest ?? {});
    Object.assign(limits, item.default ?? {});
  }
  const notes: string[] = [];
  const merge = (c: Obj, prefix: string) => {
    const setRequests = fill(c, "requests", requests);
    const setLimits = fill(c, "limits", limits);
    if (setRequests.length) notes.push(`${setRequests.sort().join(", ")} request for ${prefix} ${c.name ?? ""}`);
    if (setLimits.length) notes.push(`${setLimits.sort().join(", ")} limit for ${prefix} ${c.name ?? ""}`);
  };
  list(pod.spec?.containers).forEach((c) => merge(c, "container"));
  list(pod.spec?.initContainers).forEach((c) => merge(c, "init container"));
  if (!notes.length) return false;
  const meta = (pod.metadata ??= {});
  meta.annotations = { ...(meta.annotations ?? {}), [LIMIT_RANGER_ANNOTATION]: `LimitRanger plugin set: ${notes.join("; ")}` };
  return true;
}

function fill(c: Obj, field: "requests" | "limits", defaults: ResourceList): string[] {
  const set: string[] = [];
  for (const [k, v] of Object.entries(defaults)) {
    const resources = (c.resources = isObj(c.resources) ? c.resources : {});
    const current = (resources[field] = isObj(resources[field]) ? resources[field] : {});
    if (k in current) continue;
    current[k] = v;
    set.push(k);
  }
  return set;
}

interface Observed {
  requests: Map<string, Quantity>;
  limits: Map<string, Quantity>;
}

function resourceMap(m: unknown): Map<string, Quantity> {
  const out = new Map<string, Quantity>();
  if (!isObj(m)) return out;
  for (const [k, v] of Object.entries(m)) {
    const q = parseExactQuantity(v);
    if (q) out.set(k, q);
  }
  return out;
}

/** requestLimitEnforcedValues: milli-precision when nothing overflows, else whole units. */
function common(req: Quantity | undefined, lim: Quantity | undefined, enforced: Quantity): [bigint, bigint, bigint] {
  const qs = [req ?? ZERO_QUANTITY, lim ?? ZERO_QUANTITY, enforced];
  const milli = qs.every((q) => quantityValue(q) <= MAX_MILLI_VALUE);
  const [a, b, c] = qs.map(milli ? quantityMilliValue : quantityValue);
  return [a, b, c];
}

const str = canonicalQuantity;

function minConstraint(type: string, name: string, enforced: Quantity, o: Observed): string | undefined {
  const req = o.requests.get(name);
  const lim = o.limits.get(name);
  const [r, l, e] = common(req, lim, enforced);
  if (!req) return `minimum ${name} usage per ${type} is ${str(enforced)}.  No request is specified`;
  if (r < e) return `minimum ${name} usage per ${type} is ${str(enforced)}, but request is ${str(req)}`;
  if (lim && l < e) return `minimum ${name} usage per ${type} is ${str(enforced)}, but limit is ${str(lim)}`;
  return undefined;
}

function maxConstraint(type: string, name: string, enforced: Quantity, o: Observed): string | undefined {
  const req = o.requests.get(name);
  const lim = o.limits.get(name);
  const [r, l, e] = common(req, lim, enforced);
  if (!lim) return `maximum ${name} usage per ${type} is ${str(enforced)}.  No limit is specified`;
  if (l > e) return `maximum ${name} usage per ${type} is ${str(enforced)}, but limit is ${str(lim)}`;
  if (req && r > e) return `maximum ${name} usage per ${type} is ${str(enforced)}, but request is ${str(req)}`;
  return undefined;
}

/** maxRequestConstraint: PVC max, checked against the request only. */
function maxRequestConstraint(type: string, name: string, enforced: Quantity, o: Observed): string | undefined {
  const req = o.requests.get(name);
  const [r, , e] = common(req, undefined, enforced);
  if (!req) return `maximum ${name} usage per ${type} is ${str(enforced)}.  No request is specified`;
  if (r > e) return `maximum ${name} usage per ${type} is ${str(enforced)}, but request is ${str(req)}`;
  return undefined;
}

function ratioConstraint(type: string, name: string, enforced: Quantity, o: Observed): string | undefined {
  const req = o.requests.get(name);
  const lim = o.limits.get(name);
  const [r, l] = common(req, lim, enforced);
  if (!req || r === 0n) return `${name} max limit to request ratio per ${type} is ${str(enforced)}, but no request is specified or request is 0`;
  if (!lim || l === 0n) return `${name} max limit to request ratio per ${type} is ${str(enforced)}, but no limit is specified or limit is 0`;
  const display = Number(l) / Number(r);
  let observed = display;
  let max = Number(quantityValue(enforced));
  if (quantityValue(enforced) <= MAX_MILLI_VALUE) {
    observed *= 1000;
    max = Number(quantityMilliValue(enforced));
  }
  if (observed > max) return `${name} max limit to request ratio per ${type} is ${str(enforced)}, but provided ratio is ${display.toFixed(6)}`;
  return undefined;
}

type Check = (type: string, name: string, enforced: Quantity, o: Observed) => string | undefined;

function checkAll(item: Obj, o: Observed, checks: [string, Check][]): string[] {
  const errs: string[] = [];
  for (const [field, check] of checks) {
    for (const [name, enforced] of resourceMap(item[field])) {
      const e = check(item.type, name, enforced, o);
      if (e) errs.push(e);
    }
  }
  return errs;
}

const POD_CHECKS: [string, Check][] = [["min", minConstraint], ["max", maxConstraint], ["maxLimitRequestRatio", ratioConstraint]];
const PVC_CHECKS: [string, Check][] = [["min", minConstraint], ["max", maxRequestConstraint]];

const containerObserved = (c: Obj): Observed => ({ requests: resourceMap(c.resources?.requests), limits: resourceMap(c.resources?.limits) });

/** PodValidateLimitFunc: every violated bound of one LimitRange, in item order. */
export function podLimitViolations(pod: Obj, items: Obj[]): string[] {
  const errs: string[] = [];
  for (const item of items) {
    if (item.type === "Container") {
      for (const c of [...list(pod.spec?.containers), ...list(pod.spec?.initContainers)]) {
        errs.push(...checkAll(item, containerObserved(c), POD_CHECKS));
      }
    } else if (item.type === "Pod") {
      errs.push(...checkAll(item, { requests: podTotal(pod, "requests"), limits: podTotal(pod, "limits") }, POD_CHECKS));
    }
  }
  return errs;
}

/** PersistentVolumeClaimValidateLimitFunc: storage requests against PersistentVolumeClaim items. */
export function claimLimitViolations(pvc: Obj, items: Obj[]): string[] {
  const observed = { requests: resourceMap(pvc.spec?.resources?.requests), limits: new Map<string, Quantity>() };
  return items.filter((i) => i.type === "PersistentVolumeClaim").flatMap((i) => checkAll(i, observed, PVC_CHECKS));
}

/**
 * podRequests / podLimits: the sum over containers and sidecars (restartable init containers), or the largest
 * init container (plus the sidecars started before it) when that is more.
 */
export function podTotal(pod: Obj, field: "requests" | "limits"): Map<string, Quantity> {
  const total = new Map<string, Quantity>();
  for (const c of list(pod.spec?.containers)) addInto(total, resourceMap(c.resources?.[field]));
  const sidecars = new Map<string, Quantity>();
  const initMax = new Map<string, Quantity>();
  for (const c of list(pod.spec?.initContainers)) {
    const own = resourceMap(c.resources?.[field]);
    let effective: Map<string, Quantity>;
    if (c.restartPolicy === "Always") {
      addInto(total, own);
      addInto(sidecars, own);
      effective = sidecars;
    } else {
      effective = new Map();
      addInto(effective, own);
      addInto(effective, sidecars);
    }
    maxInto(initMax, effective);
  }
  maxInto(total, initMax);
  return total;
}

function addInto(into: Map<string, Quantity>, add: Map<string, Quantity>): void {
  for (const [k, q] of add) into.set(k, into.has(k) ? addExact(into.get(k)!, q) : q);
}

function maxInto(into: Map<string, Quantity>, other: Map<string, Quantity>): void {
  for (const [k, q] of other) if (!into.has(k) || compareExact(q, into.get(k)!) > 0) into.set(k, q);
}

/** utilerrors.NewAggregate(...).Error(): one message as is, several (deduplicated) in brackets. */
export function aggregateMessage(errs: string[]): string {
  const unique = [...new Set(errs)];
  return unique.length === 1 ? unique[0] : `[${unique.join(", ")}]`;
}
