/**
 * A small PolicyRule builder for the bootstrap policy data, behaving like upstream's
 * `rbacv1helpers.NewRule(verbs...).Groups(...).Resources(...).Names(...).RuleOrDie()`: every list comes out
 * sorted, so the data can be written in upstream's source order and still equal its testdata.
 *
 * Lists are given as arrays or as one space-separated string (`"get list watch"`); the core group is `""`.
 */
import type { KubeObject } from "../../../schema/types";

export interface PolicyRule {
  verbs: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}

export type Words = string | readonly string[];

/** `""` is the core group alone; any other string is split on spaces. */
const words = (w: Words): string[] => (typeof w === "string" ? (w === "" ? [""] : w.split(" ")) : [...w]);
const sorted = (w: Words): string[] => words(w).sort();

export const READ = "get list watch";
export const WRITE = "create update patch delete deletecollection";
export const READ_WRITE = `${READ} ${WRITE}`;
export const READ_UPDATE = "get list watch update patch";

export const CORE = "";
export const EVENTS_GROUP = "events.k8s.io";

/** A resource rule (upstream: NewRule(verbs).Groups(groups).Resources(resources)[.Names(names)]). */
export function rule(verbs: Words, groups: Words, resources: Words, names?: Words): PolicyRule {
  const r: PolicyRule = { verbs: sorted(verbs), apiGroups: sorted(groups), resources: sorted(resources) };
  if (names !== undefined) r.resourceNames = sorted(names);
  return r;
}

/** A non-resource rule (upstream: NewRule(verbs).URLs(urls)). */
export function urls(verbs: Words, nonResourceURLs: Words): PolicyRule {
  return { verbs: sorted(verbs), nonResourceURLs: sorted(nonResourceURLs) };
}

/** Upstream's eventsRule(): events in both event APIs, create/update/patch. */
export const eventsRule = (): PolicyRule => rule("create update patch", [CORE, EVENTS_GROUP], "events");

const FIELDS = ["verbs", "apiGroups", "resources", "resourceNames", "nonResourceURLs"] as const;

/**
 * A rule as stored (a decoded object's rule): only PolicyRule's members, in its field order, empty lists
 * omitted (Go's `omitempty`).
 */
export function normalizeRule(r: KubeObject | PolicyRule): PolicyRule {
  const out: Record<string, string[]> = {};
  for (const f of FIELDS) {
    const v = (r as Record<string, unknown>)[f];
    if (Array.isArray(v) && v.length) out[f] = v.map(String);
  }
  out.verbs ??= [];
  return out as unknown as PolicyRule;
}

/** equality.Semantic.DeepEqual of two PolicyRules: member lists compared in order, nil equal to empty. */
export function sameRule(a: KubeObject | PolicyRule, b: KubeObject | PolicyRule): boolean {
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  return FIELDS.every((f) => sameList(x[f], y[f]));
}

/** Semantic equality of two rule lists (order matters, as upstream compares them). */
export function sameRules(a: readonly (KubeObject | PolicyRule)[] | undefined, b: readonly (KubeObject | PolicyRule)[] | undefined): boolean {
  const x = a ?? [];
  const y = b ?? [];
  return x.length === y.length && x.every((r, i) => sameRule(r, y[i]));
}

function sameList(a: unknown, b: unknown): boolean {
  const x = Array.isArray(a) ? a : [];
  const y = Array.isArray(b) ? b : [];
  return x.length === y.length && x.every((v, i) => v === y[i]);
}
