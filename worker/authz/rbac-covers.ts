/**
 * Whether one set of RBAC rules covers another (component-helpers/auth/rbac/validation Covers), and the
 * escalation message built from what is not covered (pkg/registry/rbac/validation ConfirmNoEscalation,
 * CompactRules, rbacv1helpers.CompactString). Pure functions.
 */
import type { UserInfo } from "../authn/user";
import { goQuote } from "../../schema/validation/field-errors";
import type { PolicyRule } from "./rbac";

/** `*` on everything: what setting an aggregationRule requires. */
export const FULL_AUTHORITY: PolicyRule[] = [
  { verbs: ["*"], apiGroups: ["*"], resources: ["*"] },
  { verbs: ["*"], nonResourceURLs: ["*"] },
];

const has = (list: string[] | undefined, v: string) => (list ?? []).includes(v);
const hasAll = (list: string[] | undefined, wanted: string[] | undefined) => (wanted ?? []).every((v) => has(list, v));

/**
 * BreakdownRule: one rule per (group, resource, verb[, name]) and per (URL, verb). Every atom is then either
 * wholly covered by one owner rule or not covered at all.
 */
export function breakdownRule(rule: PolicyRule): PolicyRule[] {
  const out: PolicyRule[] = [];
  for (const group of rule.apiGroups ?? []) {
    for (const resource of rule.resources ?? []) {
      for (const verb of rule.verbs ?? []) {
        if (rule.resourceNames?.length) {
          for (const name of rule.resourceNames) out.push({ apiGroups: [group], resources: [resource], verbs: [verb], resourceNames: [name] });
        } else {
          out.push({ apiGroups: [group], resources: [resource], verbs: [verb] });
        }
      }
    }
  }
  for (const url of rule.nonResourceURLs ?? []) for (const verb of rule.verbs ?? []) out.push({ nonResourceURLs: [url], verbs: [verb] });
  return out;
}

/** `*`, every one listed, or `res/sub` covered by `*∕sub`. */
function resourceCoversAll(owner: string[] | undefined, wanted: string[] | undefined): boolean {
  if (has(owner, "*") || hasAll(owner, wanted)) return true;
  return (wanted ?? []).every((path) => {
    if (has(owner, path)) return true;
    const slash = path.indexOf("/");
    return slash >= 0 && has(owner, `*/${path.slice(slash + 1)}`);
  });
}

const urlCovers = (owner: string, path: string) => owner === path || (owner.endsWith("*") && path.startsWith(owner.replace(/\*+$/, "")));

const urlsCoverAll = (owner: string[] | undefined, wanted: string[] | undefined) =>
  (wanted ?? []).every((path) => (owner ?? []).some((o) => urlCovers(o, path)));

/** ruleCovers: does one owner rule cover one atom of BreakdownRule? */
export function ruleCovers(owner: PolicyRule, atom: PolicyRule): boolean {
  const verbs = has(owner.verbs, "*") || hasAll(owner.verbs, atom.verbs);
  const groups = has(owner.apiGroups, "*") || hasAll(owner.apiGroups, atom.apiGroups);
  const names = atom.resourceNames?.length ? !owner.resourceNames?.length || hasAll(owner.resourceNames, atom.resourceNames) : !owner.resourceNames?.length;
  return verbs && groups && resourceCoversAll(owner.resources, atom.resources) && names && urlsCoverAll(owner.nonResourceURLs, atom.nonResourceURLs);
}

/** Covers: whether `owner` grants everything `servant` does, and the atoms it does not. */
export function covers(owner: PolicyRule[], servant: PolicyRule[]): { covered: boolean; missing: PolicyRule[] } {
  const missing = servant.flatMap(breakdownRule).filter((atom) => !owner.some((o) => ruleCovers(o, atom)));
  return { covered: missing.length === 0, missing };
}

/** CompactRules: atoms of one group and one resource (no names, no URLs) merged into one rule with all their verbs. */
export function compactRules(rules: PolicyRule[]): PolicyRule[] {
  const out: PolicyRule[] = [];
  const simple = new Map<string, PolicyRule>();
  for (const r of rules) {
    const isSimple = !r.resourceNames?.length && !r.nonResourceURLs?.length && r.apiGroups?.length === 1 && r.resources?.length === 1;
    if (!isSimple) {
      out.push(r);
      continue;
    }
    const key = `${r.apiGroups![0]}\u0000${r.resources![0]}`;
    const existing = simple.get(key);
    if (existing) existing.verbs = [...(existing.verbs ?? []), ...(r.verbs ?? [])];
    else simple.set(key, { apiGroups: [...r.apiGroups!], resources: [...r.resources!], verbs: [...(r.verbs ?? [])] });
  }
  return [...out, ...simple.values()];
}

/** Go's `%q` of a []string: `["a" "b"]`. */
export const goQuoteList = (list: string[] | undefined) => `[${(list ?? []).map(goQuote).join(" ")}]`;

/** CompactString: `{APIGroups:[""], Resources:["pods"], Verbs:["get"]}` (empty fields left out). */
export function compactString(r: PolicyRule): string {
  const parts: string[] = [];
  if (r.apiGroups?.length) parts.push(`APIGroups:${goQuoteList(r.apiGroups)}`);
  if (r.resources?.length) parts.push(`Resources:${goQuoteList(r.resources)}`);
  if (r.nonResourceURLs?.length) parts.push(`NonResourceURLs:${goQuoteList(r.nonResourceURLs)}`);
  if (r.resourceNames?.length) parts.push(`ResourceNames:${goQuoteList(r.resourceNames)}`);
  if (r.verbs?.length) parts.push(`Verbs:${goQuoteList(r.verbs)}`);
  return `{${parts.join(", ")}}`;
}

/**
 * ConfirmNoEscalation's error: `user "u" (groups=["a" "b"]) is attempting to grant RBAC permissions not
 * currently held:` and one sorted, de-duplicated line per compacted missing rule, then
 * `; resolution errors: [<errors>]` when the user's own rules could not all be resolved.
 */
export function escalationMessage(user: UserInfo, missing: PolicyRule[], resolutionError = ""): string {
  const lines = [...new Set(compactRules(missing).map(compactString))].sort();
  const msg = `user ${goQuote(user.username)} (groups=${goQuoteList(user.groups)}) is attempting to grant RBAC permissions not currently held:\n${lines.join("\n")}`;
  return resolutionError ? `${msg}; resolution errors: [${resolutionError}]` : msg;
}
