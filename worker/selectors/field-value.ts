/**
 * The value a field selector compares against, as the per-kind `*ToSelectableFields` / `GetAttrs`
 * functions in kubernetes/pkg/registry build their fields.Set: every selectable field is a string, a
 * missing field is "" (fields.Set.Get), and a few fields are converted rather than read verbatim.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

/** Fields whose upstream value is not the JSON value at the same path. */
const CONVERTED = new Map<string, (obj: Json) => string>(Object.entries({
  // Pod: strconv.FormatBool(spec.hostNetwork) — "false" when unset.
  "spec.hostNetwork": (o: Json) => String(o?.spec?.hostNetwork === true),
  // Node: fmt.Sprint(spec.unschedulable).
  "spec.unschedulable": (o: Json) => String(o?.spec?.unschedulable === true),
  // Pod: status.podIPs[0].ip (v1 status.podIP mirrors it; older writers set only podIP).
  "status.podIP": (o: Json) => str(o?.status?.podIPs?.[0]?.ip) || str(o?.status?.podIP),
  // Event: source.component, falling back to reportingComponent (events.k8s.io reportingController).
  source: (o: Json) => str(o?.source?.component) || str(o?.reportingComponent),
  // ReplicaSet / ReplicationController: strconv.Itoa(status.replicas).
  "status.replicas": (o: Json) => String(num(o?.status?.replicas)),
  // Job: strconv.Itoa(status.succeeded), selected under the name status.successful.
  "status.successful": (o: Json) => String(num(o?.status?.succeeded)),
}));

const str = (v: unknown): string => (typeof v === "string" ? v : "");
const num = (v: unknown): number => (typeof v === "number" ? v : 0);

/**
 * The string value of field selector `field` on `obj`: a dotted path into the object (`spec.nodeName`,
 * `involvedObject.kind`, `metadata.name`), with upstream's conversions for the fields above; strings as
 * is, numbers and booleans printed, anything missing or structured is "".
 */
export function fieldValue(obj: unknown, field: string): string {
  const convert = CONVERTED.get(field);
  if (convert) return convert(obj);
  let cur: Json = obj;
  for (const part of field.split(".")) {
    if (cur === null || typeof cur !== "object" || Array.isArray(cur)) return "";
    if (!Object.prototype.hasOwnProperty.call(cur, part)) return "";
    cur = cur[part];
  }
  if (typeof cur === "string") return cur;
  if (typeof cur === "number" || typeof cur === "boolean") return String(cur);
  return "";
}
