/**
 * The data form of KWOK's `statusTemplate` (KWOK renders Go templates with `Now`, `NodeIP`, `PodIPWith`,
 * `range` and JSON reads of the object; we cannot run Go templates, so the language is this small):
 *
 * - A string may hold substitutions `{{ expr }}`:
 *     `{{ Now }}`       the injected clock as metav1.Time (RFC 3339, whole seconds, UTC);
 *     `{{ NodeIP }}`    the node's IP and `{{ PodIP }}` the pod's IP, both supplied by the caller;
 *     `{{ .a.b }}`      a query (query.ts) on the object;
 *     `{{ item.a }}`    a query on the current element of a `$each` (`{{ item }}` is the element itself).
 *   A string that is exactly one substitution takes the value's JSON type (a query giving several values
 *   gives a list); a missing value (nothing, or only null) omits the member instead of writing null — a
 *   literal `null` in the patch still deletes, as in a strategic merge patch — and an object left with no
 *   members by that is omitted too, and so is a non-empty list template that renders no elements. Inside longer strings values
 *   are interpolated as text (several values joined by spaces, as Go prints a []string; missing ones as "").
 * - `{ "$each": "<query>", "$item": <template> }` renders `$item` once per output of the query (which may
 *   start with `item` inside an outer `$each`). As a list element its results are spliced into the list;
 *   elsewhere it becomes a list. A query that fails gives no elements.
 * Everything else (keys, numbers, booleans, null, strategic merge directives such as `$setElementOrder/…`)
 * is copied as is.
 */
import type { JsonObject, JsonValue } from "../../patch/json";
import { evaluateQuery, parseQuery, type Query } from "./query";

/** What a stage's substitutions may read besides the object. */
export interface RenderContext {
  object: JsonObject;
  nowMs: number;
  nodeIP?: string;
  podIP?: string;
}

interface Scope extends RenderContext {
  item?: JsonValue;
}

const PLACEHOLDER = /\{\{(.*?)\}\}/g;
const WHOLE = /^\{\{(.*?)\}\}$/;

/** metav1.Time's JSON form: RFC 3339 at whole seconds in UTC. */
export function formatTime(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(".000Z", "Z");
}

type Expr = { kind: "now" | "nodeIP" | "podIP" } | { kind: "query"; on: "object" | "item"; query: Query };

/** Parses the inside of `{{ … }}`; a string is an error message. */
function parseExpr(raw: string): Expr | string {
  const s = raw.trim();
  if (s === "Now") return { kind: "now" };
  if (s === "NodeIP") return { kind: "nodeIP" };
  if (s === "PodIP") return { kind: "podIP" };
  let on: "object" | "item" = "object";
  let src = s;
  if (/^item(?![A-Za-z0-9_])/.test(s)) {
    on = "item";
    const rest = s.slice(4);
    src = rest === "" ? "." : rest.startsWith("[") ? `.${rest}` : rest;
  } else if (!s.startsWith(".")) {
    return `unknown substitution {{ ${s} }}: expected Now, NodeIP, PodIP, a query starting with '.' or item`;
  }
  const r = parseQuery(src);
  return r.ok ? { kind: "query", on, query: r.query } : r.message;
}

const exprCache = new Map<string, Expr | string>();

/** parseExpr, memoized (stages are rendered many times with the same expressions). */
function exprOf(raw: string): Expr | string {
  let e = exprCache.get(raw);
  if (e === undefined) {
    e = parseExpr(raw);
    if (exprCache.size > 1000) exprCache.clear();
    exprCache.set(raw, e);
  }
  return e;
}

/** The values of an expression: [] when missing. */
function valuesOf(raw: string, scope: Scope): JsonValue[] {
  const e = exprOf(raw);
  if (typeof e === "string") return [];
  switch (e.kind) {
    case "now":
      return [formatTime(scope.nowMs)];
    case "nodeIP":
      return scope.nodeIP ? [scope.nodeIP] : [];
    case "podIP":
      return scope.podIP ? [scope.podIP] : [];
    case "query": {
      const input = e.on === "item" ? scope.item : scope.object;
      return (evaluateQuery(e.query, input ?? null) ?? []).filter((v) => v !== null);
    }
  }
}

const asText = (v: JsonValue) => (typeof v === "string" ? v : JSON.stringify(v));

function renderString(s: string, scope: Scope): JsonValue | undefined {
  const whole = WHOLE.exec(s);
  if (whole && !whole[1].includes("}}")) {
    const vs = valuesOf(whole[1], scope);
    return vs.length === 0 ? undefined : vs.length === 1 ? vs[0] : vs;
  }
  return s.replace(PLACEHOLDER, (_, expr: string) => valuesOf(expr, scope).map(asText).join(" "));
}

const isEach = (v: unknown): v is { $each: string; $item: JsonValue } =>
  typeof v === "object" && v !== null && !Array.isArray(v) && Object.hasOwn(v, "$each");

function renderEach(each: { $each: string; $item: JsonValue }, scope: Scope): JsonValue[] {
  const items = valuesOf(each.$each, scope);
  const out: JsonValue[] = [];
  for (const item of items) {
    const v = renderValue(each.$item, { ...scope, item });
    if (v !== undefined) out.push(v);
  }
  return out;
}

function renderValue(t: JsonValue, scope: Scope): JsonValue | undefined {
  if (typeof t === "string") return renderString(t, scope);
  if (Array.isArray(t)) {
    const out: JsonValue[] = [];
    for (const el of t) {
      if (isEach(el)) out.push(...renderEach(el, scope));
      else {
        const v = renderValue(el, scope);
        if (v !== undefined) out.push(v);
      }
    }
    // A list whose every element went missing is missing (no `initContainerStatuses: []` without init containers).
    return t.length > 0 && out.length === 0 ? undefined : out;
  }
  if (t === null || typeof t !== "object") return t;
  if (isEach(t)) return renderEach(t, scope);
  const out: JsonObject = {};
  for (const [k, x] of Object.entries(t)) {
    const v = renderValue(x, scope);
    if (v !== undefined) Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
  }
  // An object all of whose members were missing values is itself missing (`[{ ip: "{{ PodIP }}" }]` → []).
  return Object.keys(t).length > 0 && Object.keys(out).length === 0 ? undefined : out;
}

/** Renders a status patch template against the object and context (pure; the template is not mutated). */
export function renderTemplate(template: JsonObject, ctx: RenderContext): JsonObject {
  return (renderValue(template, ctx) ?? {}) as JsonObject;
}

/** Renders a message string (every substitution interpolated as text). */
export function renderText(template: string, ctx: RenderContext): string {
  return template.replace(PLACEHOLDER, (_, expr: string) => valuesOf(expr, ctx).map(asText).join(" "));
}

function checkString(s: string, path: string, errs: string[]): void {
  const stripped = s.replace(PLACEHOLDER, (_, expr: string) => {
    const e = parseExpr(expr);
    if (typeof e === "string") errs.push(`${path}: Invalid value: ${JSON.stringify(s)}: ${e}`);
    return "";
  });
  if (stripped.includes("{{") || stripped.includes("}}")) errs.push(`${path}: Invalid value: ${JSON.stringify(s)}: unbalanced {{ }}`);
}

/** Validates a template (status patch or message): substitutions parse and `$each` is well formed. */
export function validateTemplate(t: unknown, path: string): string[] {
  const errs: string[] = [];
  const walk = (v: unknown, p: string): void => {
    if (typeof v === "string") return checkString(v, p, errs);
    if (Array.isArray(v)) return v.forEach((x, i) => walk(x, `${p}[${i}]`));
    if (typeof v !== "object" || v === null) return;
    if (isEach(v)) {
      const keys = Object.keys(v).sort().join(",");
      if (keys !== "$each,$item") errs.push(`${p}: Invalid value: a $each object has exactly the members $each and $item`);
      const e = typeof v.$each === "string" ? parseExpr(v.$each) : "must be a query";
      if (typeof e === "string") errs.push(`${p}.$each: Invalid value: ${JSON.stringify(v.$each)}: ${e}`);
      else if (e.kind !== "query") errs.push(`${p}.$each: Invalid value: ${JSON.stringify(v.$each)}: must be a query`);
      return walk(v.$item, `${p}.$item`);
    }
    for (const [k, x] of Object.entries(v)) walk(x, `${p}.${k}`);
  };
  walk(t, path);
  return errs;
}
