/**
 * corev1.ResourceList helpers of k8s.io/apiserver/pkg/quota/v1 (resources.go): Add, SubtractWithNonNegativeResult,
 * Mask, RemoveZeros, LessThanOrEqual, Equals, IsNegative, plus conversion from and to the wire form.
 */
import { addQty, cmpQty, formatQty, parseQty, subQty, ZERO, type Quantity } from "./quantity";

export type ResourceList = Map<string, Quantity>;

/** The wire form (`{"pods": "2", "requests.cpu": "500m"}`); entries that do not parse are left out. */
export function fromWire(wire: unknown): ResourceList {
  const out: ResourceList = new Map();
  if (!wire || typeof wire !== "object" || Array.isArray(wire)) return out;
  for (const [k, v] of Object.entries(wire)) {
    const q = parseQty(v);
    if (q) out.set(k, q);
  }
  return out;
}

/** The wire form in canonical quantities, keys sorted (as Go's map encoding). */
export function toWire(list: ResourceList): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of [...list.keys()].sort()) out[k] = formatQty(list.get(k)!);
  return out;
}

export function add(a: ResourceList, b: ResourceList): ResourceList {
  const out: ResourceList = new Map();
  for (const [k, v] of a) out.set(k, b.has(k) ? addQty(v, b.get(k)!) : v);
  for (const [k, v] of b) if (!out.has(k)) out.set(k, v);
  return out;
}

/** a − b per key, never below zero; keys only in b become zero. */
export function subtractNonNegative(a: ResourceList, b: ResourceList): ResourceList {
  const out: ResourceList = new Map();
  for (const [k, v] of a) {
    const d = b.has(k) ? subQty(v, b.get(k)!) : v;
    out.set(k, d.nanos > 0n ? d : ZERO);
  }
  for (const k of b.keys()) if (!out.has(k)) out.set(k, ZERO);
  return out;
}

/** Only the entries named in `names`. */
export function mask(list: ResourceList, names: Iterable<string>): ResourceList {
  const keep = new Set(names);
  return new Map([...list].filter(([k]) => keep.has(k)));
}

export const removeZeros = (list: ResourceList): ResourceList => new Map([...list].filter(([, v]) => v.nanos !== 0n));

/** Whether every entry of `a` that `b` also names is ≤ b's; and the names that are not. */
export function lessThanOrEqual(a: ResourceList, b: ResourceList): { ok: boolean; exceeded: string[] } {
  const exceeded = [...b].filter(([k, limit]) => a.has(k) && cmpQty(a.get(k)!, limit) > 0).map(([k]) => k);
  return { ok: exceeded.length === 0, exceeded };
}

/** Same names with equal values (formats aside). */
export function equals(a: ResourceList, b: ResourceList): boolean {
  if (a.size !== b.size) return false;
  for (const [k, v] of a) if (!b.has(k) || cmpQty(v, b.get(k)!) !== 0) return false;
  return true;
}

export const negativeNames = (list: ResourceList): string[] => [...list].filter(([, v]) => v.nanos < 0n).map(([k]) => k);

/** `a=1,b=2`, sorted by name (the admission plugin's prettyPrint). */
export function prettyPrint(list: ResourceList): string {
  return [...list.keys()].sort().map((k) => `${k}=${formatQty(list.get(k)!)}`).join(",");
}

/** Sorted, comma-joined names (prettyPrintResourceNames). */
export const prettyPrintNames = (names: Iterable<string>): string => [...new Set(names)].sort().join(",");
