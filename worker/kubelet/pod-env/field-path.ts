/**
 * Downward API field references (pkg/fieldpath, pods.ConvertDownwardAPIFieldLabel and the kubelet's
 * podFieldSelectorRuntimeValue). Volume files read `metadata.*` only; environment variables also read the
 * spec and status fields the kubelet answers itself.
 */
import { goQuote } from "../../../schema/validation/field-errors";
import { isQualifiedName } from "../../../schema/validation/names";
import { isObj, str, type Got, type Pod } from "./types";

/** fieldpath.SplitMaybeSubscriptedPath: `metadata.labels['k']` → [`metadata.labels`, `k`]. */
export function splitSubscriptedPath(fieldPath: string): { path: string; subscript: string } | undefined {
  if (!fieldPath.endsWith("']")) return undefined;
  const s = fieldPath.slice(0, -2);
  const at = s.indexOf("['");
  if (at <= 0) return undefined;
  return { path: s.slice(0, at), subscript: s.slice(at + 2) };
}

/** fieldpath.FormatMap: `key="value"` lines sorted by key, values Go-quoted. */
export function formatMap(m: Record<string, string>): string {
  return Object.keys(m)
    .sort()
    .map((k) => `${k}=${goQuote(m[k])}`)
    .join("\n");
}

const stringMap = (v: unknown): Record<string, string> => (isObj(v) ? (v as Record<string, string>) : {});

/**
 * fieldpath.ExtractFieldPathAsString over a pod: `metadata.name|namespace|uid|labels|annotations`, and one label
 * or annotation by subscript (the key checked as a qualified name; annotation keys lower-cased for the check).
 */
export function extractFieldPathAsString(pod: Pod, fieldPath: string): Got<string> {
  const meta = isObj(pod.metadata) ? pod.metadata : {};
  const sub = splitSubscriptedPath(fieldPath);
  if (sub) {
    const map = sub.path === "metadata.annotations" ? "annotations" : sub.path === "metadata.labels" ? "labels" : undefined;
    if (!map) return { ok: false, message: `fieldPath ${goQuote(fieldPath)} does not support subscript` };
    const errs = isQualifiedName(map === "annotations" ? sub.subscript.toLowerCase() : sub.subscript);
    if (errs.length) return { ok: false, message: `invalid key subscript in ${fieldPath}: ${errs.join(";")}` };
    return { ok: true, value: str(stringMap(meta[map])[sub.subscript]) };
  }
  switch (fieldPath) {
    case "metadata.annotations":
      return { ok: true, value: formatMap(stringMap(meta.annotations)) };
    case "metadata.labels":
      return { ok: true, value: formatMap(stringMap(meta.labels)) };
    case "metadata.name":
      return { ok: true, value: str(meta.name) };
    case "metadata.namespace":
      return { ok: true, value: str(meta.namespace) };
    case "metadata.uid":
      return { ok: true, value: str(meta.uid) };
  }
  return { ok: false, message: `unsupported fieldPath: ${fieldPath}` };
}

const DOWNWARD_API_FIELD_LABELS = new Set([
  "metadata.annotations",
  "metadata.labels",
  "metadata.name",
  "metadata.namespace",
  "metadata.uid",
  "spec.nodeName",
  "spec.restartPolicy",
  "spec.serviceAccountName",
  "spec.schedulerName",
  "status.phase",
  "status.hostIP",
  "status.hostIPs",
  "status.podIP",
  "status.podIPs",
]);

/**
 * pods.ConvertDownwardAPIFieldLabel for `v1`: the field labels an env fieldRef may name (`spec.host` is the old
 * spelling of `spec.nodeName`). An empty apiVersion is read as `v1`, the API server's default.
 */
export function convertDownwardAPIFieldLabel(apiVersion: string, label: string): Got<string> {
  if (apiVersion !== "v1" && apiVersion !== "") return { ok: false, message: `unsupported pod version: ${apiVersion}` };
  const sub = splitSubscriptedPath(label);
  if (sub) {
    if (sub.path === "metadata.annotations" || sub.path === "metadata.labels") return { ok: true, value: label };
    return { ok: false, message: `field label does not support subscript: ${label}` };
  }
  if (DOWNWARD_API_FIELD_LABELS.has(label)) return { ok: true, value: label };
  if (label === "spec.host") return { ok: true, value: "spec.nodeName" };
  return { ok: false, message: `field label not supported: ${label}` };
}

/** What the kubelet knows of the pod's placement, beyond the pod object. */
export interface PodPlacement {
  /** Used for `spec.nodeName` only when the pod object carries none. */
  nodeName?: string;
  hostIP?: string;
  hostIPs?: string[];
  podIP?: string;
  /** In the node's IP family preference (the kubelet's sortPodIPs); the first one is the pod IP. */
  podIPs?: string[];
}

/**
 * podFieldSelectorRuntimeValue: `spec.nodeName`, `spec.serviceAccountName`, `status.hostIP(s)` and
 * `status.podIP(s)` from the kubelet's own knowledge (lists joined with `,`); everything else through
 * ExtractFieldPathAsString, so `spec.restartPolicy`, `spec.schedulerName` and `status.phase` fail there as
 * they do upstream.
 */
export function podFieldValue(pod: Pod, ref: { apiVersion?: string; fieldPath?: string }, at: PodPlacement): Got<string> {
  const label = convertDownwardAPIFieldLabel(str(ref.apiVersion), str(ref.fieldPath));
  if (!label.ok) return label;
  const podIPs = at.podIPs ?? (at.podIP ? [at.podIP] : []);
  const hostIPs = at.hostIPs?.length ? at.hostIPs : at.hostIP ? [at.hostIP] : [];
  switch (label.value) {
    case "spec.nodeName":
      return { ok: true, value: str(pod.spec?.nodeName) || str(at.nodeName) };
    case "spec.serviceAccountName":
      return { ok: true, value: str(pod.spec?.serviceAccountName) };
    case "status.hostIP":
      return { ok: true, value: hostIPs[0] ?? "" };
    case "status.hostIPs":
      return { ok: true, value: hostIPs.join(",") };
    case "status.podIP":
      return { ok: true, value: podIPs[0] ?? at.podIP ?? "" };
    case "status.podIPs":
      return { ok: true, value: podIPs.join(",") };
  }
  return extractFieldPathAsString(pod, label.value);
}
