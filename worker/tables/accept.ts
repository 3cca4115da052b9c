/**
 * Table content negotiation: does an Accept header ask for a meta.k8s.io Table, and in which version?
 * kubectl's human-readable `get` sends (KUBECTL.md §5.1)
 *   application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json
 */
import type { TableVersion } from "./build-table";

/** Media types a plain (non-Table) response can satisfy; an entry naming one of these ends the search. */
const PLAIN_MEDIA_TYPES = new Set([
  "application/json",
  "application/yaml",
  "application/vnd.kubernetes.protobuf",
  "application/*",
  "*/*",
]);

interface AcceptEntry {
  mediaType: string;
  params: Map<string, string>;
  q: number;
  index: number;
}

function parseEntry(raw: string, index: number): AcceptEntry {
  const [type, ...rest] = raw.split(";");
  const params = new Map<string, string>();
  for (const p of rest) {
    const eq = p.indexOf("=");
    if (eq < 0) continue;
    params.set(p.slice(0, eq).trim().toLowerCase(), p.slice(eq + 1).trim().replace(/^"(.*)"$/, "$1"));
  }
  const q = params.has("q") ? Number(params.get("q")) : 1;
  return { mediaType: type.trim().toLowerCase(), params, q: Number.isFinite(q) ? q : 0, index };
}

/**
 * The Table version the client prefers, or `undefined` when its preferred acceptable entry is not a Table.
 *
 * Entries are taken in order of preference (q descending, then header order) and the first acceptable one
 * wins: `application/json;as=Table;g=meta.k8s.io;v=v1|v1beta1` → that version; a Table entry we cannot
 * serve (other version or group, non-JSON) is skipped; any other servable entry (plain JSON, YAML,
 * protobuf, wildcards, PartialObjectMetadata) → `undefined`. Entries with q=0 are never acceptable.
 */
export function tableAcceptVersion(accept: string | null | undefined): TableVersion | undefined {
  if (!accept) return undefined;
  const entries = accept
    .split(",")
    .filter((s) => s.trim() !== "")
    .map(parseEntry)
    .filter((e) => e.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const e of entries) {
    const as = e.params.get("as");
    if (as === "Table") {
      const v = e.params.get("v");
      if (e.mediaType === "application/json" && e.params.get("g") === "meta.k8s.io" && (v === "v1" || v === "v1beta1")) {
        return v;
      }
      continue;
    }
    if (PLAIN_MEDIA_TYPES.has(e.mediaType)) return undefined;
  }
  return undefined;
}
