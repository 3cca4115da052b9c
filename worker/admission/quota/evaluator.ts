/**
 * The quota evaluator contract (k8s.io/apiserver/pkg/quota/v1 Evaluator) and what every evaluator shares:
 * object-count names, scope selectors of a quota, generic.Matches.
 */
import type { KubeObject } from "../../../schema/types";
import type { Operation } from "../plugins";
import { fromWire, type ResourceList } from "./resource-list";

/** One scope requirement of a quota: `spec.scopes` entries are `Exists` (ScopedResourceSelectorRequirement). */
export interface ScopeRequirement {
  scopeName: string;
  operator: string;
  values?: string[];
}

export interface QuotaRequest {
  operation: Operation;
  subresource?: string;
  object?: KubeObject;
  oldObject?: KubeObject;
}

export interface Evaluator {
  group: string;
  resource: string;
  /** Whether the request can change usage at all (Handles). */
  handles(a: QuotaRequest): boolean;
  /** The quota resource names (of `names`) this evaluator measures (MatchingResources). */
  matchingResources(names: string[]): string[];
  /** Whether the object falls in a scope; evaluators without scopes answer false (MatchesNoScopeFunc). */
  matchesScope(scope: ScopeRequirement, obj: KubeObject): boolean;
  /** The object's usage (Usage). `now` decides whether a deleting pod is still charged. */
  usage(obj: KubeObject, now: Date): ResourceList;
  /** An error message when the object lacks what the quota's `required` resources demand (Constraints). */
  constraints(required: string[], obj: KubeObject): string | undefined;
}

/** generic.ObjectCountQuotaResourceNameFor: `count/<resource>` (core) or `count/<resource>.<group>`. */
export const objectCountName = (group: string, resource: string): string =>
  group ? `count/${resource}.${group}` : `count/${resource}`;

/** The group and resource of a `count/…` quota name, or undefined for any other name. */
export function parseObjectCountName(name: string): { group: string; resource: string } | undefined {
  if (!name.startsWith("count/")) return undefined;
  const rest = name.slice("count/".length);
  const dot = rest.indexOf(".");
  return dot < 0 ? { group: "", resource: rest } : { group: rest.slice(dot + 1), resource: rest.slice(0, dot) };
}

/** getScopeSelectorsFromQuota: `spec.scopes` as Exists requirements, then `spec.scopeSelector.matchExpressions`. */
export function quotaScopes(quota: KubeObject): ScopeRequirement[] {
  const scopes: ScopeRequirement[] = ((quota.spec?.scopes ?? []) as string[]).map((s) => ({ scopeName: s, operator: "Exists" }));
  const exprs = (quota.spec?.scopeSelector?.matchExpressions ?? []) as ScopeRequirement[];
  return [...scopes, ...exprs.map((e) => ({ scopeName: e.scopeName, operator: e.operator, values: e.values ?? [] }))];
}

/** The enforced limits: `status.hard` (kept equal to `spec.hard` by the controller). */
export const hardOf = (quota: KubeObject): ResourceList => fromWire(quota.status?.hard);

/** generic.Matches: the quota names a resource the evaluator measures and the object is in all its scopes. */
export function quotaMatches(ev: Evaluator, quota: KubeObject, obj: KubeObject): boolean {
  if (ev.matchingResources([...hardOf(quota).keys()]).length === 0) return false;
  return quotaScopes(quota).every((s) => ev.matchesScope(s, obj));
}

export const noScope = (): boolean => false;
export const noConstraints = (): undefined => undefined;
