/**
 * events.k8s.io/v1 Event ⇄ core/v1 Event. Upstream stores both API versions as one resource (the core
 * `events`), converting with pkg/apis/events/v1/conversion.go: regarding ⇄ involvedObject, note ⇄ message,
 * reportingController ⇄ reportingComponent, deprecatedSource/FirstTimestamp/LastTimestamp/Count ⇄
 * source/firstTimestamp/lastTimestamp/count. Everything else keeps its name.
 */
import type { KubeObject } from "./types";

/** [events.k8s.io/v1 name, core/v1 name] for every renamed field. */
const RENAMES: [string, string][] = [
  ["regarding", "involvedObject"],
  ["note", "message"],
  ["reportingController", "reportingComponent"],
  ["deprecatedSource", "source"],
  ["deprecatedFirstTimestamp", "firstTimestamp"],
  ["deprecatedLastTimestamp", "lastTimestamp"],
  ["deprecatedCount", "count"],
];

function rename(obj: KubeObject, pairs: [string, string][], apiVersion: string): KubeObject {
  const out: KubeObject = {};
  const map = new Map(pairs);
  for (const [k, v] of Object.entries(obj)) out[map.get(k) ?? k] = v;
  out.apiVersion = apiVersion;
  return out;
}

export function eventToCore(e: KubeObject): KubeObject {
  return rename(e, RENAMES, "v1");
}

export function eventFromCore(c: KubeObject): KubeObject {
  return rename(c, RENAMES.map(([a, b]) => [b, a]), "events.k8s.io/v1");
}

/** An events.k8s.io/v1 field selector label as the stored (core) field. */
export function eventFieldToCore(field: string): string {
  for (const [from, to] of RENAMES) {
    if (field === from) return to;
    if (field.startsWith(from + ".")) return to + field.slice(from.length);
  }
  return field;
}
