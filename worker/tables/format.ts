/**
 * Cell formatters shared by several printers, each matching the upstream helper it is named after
 * (k8s.io/apimachinery labels / metav1 helpers and pkg/printers/internalversion/printers.go).
 */
import { translateTimestampSince } from "./duration";
import type { KubeObject } from "./types";

/** metadata.name, "" when absent. */
export function nameOf(obj: KubeObject): string {
  return str(obj?.metadata?.name);
}

/** The Age cell: translateTimestampSince(metadata.creationTimestamp). */
export function ageOf(obj: KubeObject, now: Date): string {
  return translateTimestampSince(obj?.metadata?.creationTimestamp, now);
}

/** A string field, "" when absent (Go's zero value). */
export function str(v: unknown): string {
  if (v === undefined || v === null) return "";
  return typeof v === "string" ? v : String(v);
}

/** An integer field, 0 when absent (Go's zero value). */
export function int(v: unknown): number {
  return typeof v === "number" && Number.isFinite(v) ? Math.trunc(v) : 0;
}

/** An array field, [] when absent. */
export function arr<T = KubeObject>(v: unknown): T[] {
  return Array.isArray(v) ? (v as T[]) : [];
}

/** The number of keys of a map field, 0 when absent. */
export function countKeys(v: unknown): number {
  return v && typeof v === "object" ? Object.keys(v).length : 0;
}

/** labels.Set.String(): `k=v` pairs sorted by key, joined by ",". */
export function labelSetString(m: unknown): string {
  if (!m || typeof m !== "object") return "";
  return Object.keys(m)
    .sort()
    .map((k) => `${k}=${str((m as Record<string, unknown>)[k])}`)
    .join(",");
}

/** labels.FormatLabels: the label set, or "<none>" when empty. */
export function formatLabels(m: unknown): string {
  return labelSetString(m) || "<none>";
}

const SELECTOR_OPS: Record<string, string> = { In: "in", NotIn: "notin", Exists: "exists", DoesNotExist: "!" };

/**
 * metav1.LabelSelectorAsSelector(sel).String(): requirements sorted by key; matchLabels as `k=v`,
 * `In`/`NotIn` as `k in (a,b)` with sorted values, `Exists` as `k`, `DoesNotExist` as `!k`.
 * A nil selector (labels.Nothing) and an empty one (labels.Everything) both print "".
 * Returns `undefined` where upstream returns an error (unknown operator, wrong value count).
 */
export function labelSelectorString(sel: unknown): string | undefined {
  if (!sel || typeof sel !== "object") return "";
  const s = sel as KubeObject;
  const reqs: { key: string; text: string }[] = [];
  for (const key of Object.keys(s.matchLabels ?? {})) {
    reqs.push({ key, text: `${key}=${str(s.matchLabels[key])}` });
  }
  for (const expr of arr(s.matchExpressions)) {
    const key = str(expr.key);
    const op = SELECTOR_OPS[str(expr.operator)];
    const values = arr<string>(expr.values).map(str);
    if (op === undefined) return undefined;
    if (op === "in" || op === "notin") {
      if (values.length === 0) return undefined;
      reqs.push({ key, text: `${key} ${op} (${[...values].sort().join(",")})` });
    } else {
      if (values.length !== 0) return undefined;
      reqs.push({ key, text: op === "!" ? `!${key}` : key });
    }
  }
  return reqs
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map((r) => r.text)
    .join(",");
}

/** metav1.FormatLabelSelector: the selector string, "<none>" when empty, "<error>" when invalid. */
export function formatLabelSelector(sel: unknown): string {
  const s = labelSelectorString(sel);
  if (s === undefined) return "<error>";
  return s || "<none>";
}

/** layoutContainerCells: container names and images, each joined by ",". */
export function layoutContainerCells(containers: unknown): [names: string, images: string] {
  const list = arr(containers);
  return [list.map((c) => str(c.name)).join(","), list.map((c) => str(c.image)).join(",")];
}

/** listWithMoreString: the first `max` items, "<items> + N more...", or "<unset>" when empty. */
export function listWithMore(items: string[], max = 3): string {
  if (items.length > max) return `${items.slice(0, max).join(",")} + ${items.length - max} more...`;
  return items.join(",") || "<unset>";
}

/** printBoolPtr: "True" / "False", "<unset>" when absent. */
export function boolPtr(v: unknown): string {
  if (typeof v !== "boolean") return "<unset>";
  return v ? "True" : "False";
}

/** The controller owner reference (metav1.GetControllerOf), if any. */
export function controllerOf(obj: KubeObject): KubeObject | undefined {
  return arr(obj?.metadata?.ownerReferences).find((r) => r?.controller === true);
}

/**
 * resource.Quantity cell text, printed as stored. Upstream prints Quantity.String(), the canonical form
 * ("1024Mi" → "1Gi"); that matches only if the store canonicalizes quantities on write, as the apiserver
 * does. An absent quantity is Go's zero Quantity, "0".
 */
export function quantity(v: unknown): string {
  if (typeof v === "number") return String(v);
  return typeof v === "string" && v !== "" ? v : "0";
}
