/**
 * The query language of stage selectors, delays and status patches: the small subset of jq that KWOK's
 * default stages use for `matchExpressions[].key` and `expressionFrom` (KWOK evaluates them with gojq,
 * sigs.k8s.io/kwok/pkg/utils/expression.Query). Written by hand: a full jq is far more than stages need.
 *
 * Grammar (whitespace allowed around `|` and inside `select(...)`):
 *   query   := stage ( '|' stage )*
 *   stage   := path | 'select(' path ( '==' | '!=' ) literal ')'
 *   path    := '.' | ( '.' name | '.'? '[' bracket ']' )+        name := [A-Za-z_][A-Za-z0-9_]*
 *   bracket := '' (iterate) | integer (index, negative counts from the end) | "key" | 'key'
 *   literal := "string" | 'string' | number | true | false | null
 * Also `."quoted key"`. Examples: `.metadata.annotations["kwok.x-k8s.io/delay"]`, `.spec.containers[0].image`,
 * `.metadata.ownerReferences.[].kind`, `.status.conditions.[] | select(.type == "Ready") | .status`.
 *
 * Evaluation follows jq: a query maps one input to a list of outputs. `.name` / `[n]` on `null` (a missing
 * field) give `null`; on any other non-container they are an error. Iteration (`[]`) yields array elements
 * or object values. Our one reading beyond jq: iterating `null` (a missing list) yields nothing instead of
 * jq's "cannot iterate over null", so `.status.conditions.[] | …` NotIn / DoesNotExist holds on an object
 * without conditions — what KWOK's node-initialize stage relies on for a status-less Node.
 */
import type { JsonPrimitive, JsonValue } from "../../patch/json";

export type PathSegment = { kind: "field"; name: string } | { kind: "index"; index: number } | { kind: "iterate" };

export type QueryStage =
  | { kind: "path"; segments: PathSegment[] }
  | { kind: "select"; segments: PathSegment[]; op: "==" | "!="; value: JsonPrimitive };

export interface Query {
  source: string;
  stages: QueryStage[];
}

export type QueryParseResult = { ok: true; query: Query } | { ok: false; message: string };

class Cursor {
  pos = 0;
  constructor(readonly src: string) {}
  get done(): boolean {
    return this.pos >= this.src.length;
  }
  peek(n = 0): string {
    return this.src[this.pos + n] ?? "";
  }
  skipSpace(): void {
    while (/\s/.test(this.peek())) this.pos++;
  }
  eat(s: string): boolean {
    if (!this.src.startsWith(s, this.pos)) return false;
    this.pos += s.length;
    return true;
  }
  fail(what: string): never {
    throw new QuerySyntaxError(`invalid query ${JSON.stringify(this.src)}: ${what} at offset ${this.pos}`);
  }
}

class QuerySyntaxError extends Error {}

function readQuoted(c: Cursor): string {
  const quote = c.peek();
  const start = c.pos;
  c.pos++;
  while (!c.done && c.peek() !== quote) c.pos += c.peek() === "\\" ? 2 : 1;
  if (c.done) c.fail("unterminated string");
  c.pos++;
  const body = c.src.slice(start + 1, c.pos - 1);
  if (quote === "'") return body.replace(/\\(['\\])/g, "$1");
  try {
    return JSON.parse(`"${body}"`) as string;
  } catch {
    return c.fail("invalid string escape");
  }
}

function readBracket(c: Cursor, out: PathSegment[]): void {
  c.pos++; // '['
  c.skipSpace();
  if (c.eat("]")) return void out.push({ kind: "iterate" });
  if (c.peek() === '"' || c.peek() === "'") out.push({ kind: "field", name: readQuoted(c) });
  else {
    const m = /^-?\d+/.exec(c.src.slice(c.pos));
    if (!m) c.fail("expected ], an integer or a quoted key after [");
    c.pos += m[0].length;
    out.push({ kind: "index", index: Number(m[0]) });
  }
  c.skipSpace();
  if (!c.eat("]")) c.fail("expected ]");
}

function readPath(c: Cursor): PathSegment[] {
  const out: PathSegment[] = [];
  if (c.peek() !== ".") c.fail("a path must start with '.'");
  for (;;) {
    if (c.peek() === "[") {
      if (out.length === 0 && c.src[c.pos - 1] !== ".") c.fail("expected '.'");
      readBracket(c, out);
      continue;
    }
    if (c.peek() !== ".") break;
    c.pos++;
    const ch = c.peek();
    if (ch === "[") readBracket(c, out);
    else if (ch === '"' || ch === "'") out.push({ kind: "field", name: readQuoted(c) });
    else {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(c.src.slice(c.pos));
      if (m) {
        c.pos += m[0].length;
        out.push({ kind: "field", name: m[0] });
      } else if (out.length > 0 || !(c.done || /[\s|)]/.test(ch))) c.fail("expected a field name");
    }
  }
  return out;
}

function readLiteral(c: Cursor): JsonPrimitive {
  const ch = c.peek();
  if (ch === '"' || ch === "'") return readQuoted(c);
  for (const [word, value] of [["true", true], ["false", false], ["null", null]] as const) if (c.eat(word)) return value;
  const m = /^-?\d+(\.\d+)?([eE][+-]?\d+)?/.exec(c.src.slice(c.pos));
  if (!m) c.fail("expected a literal (string, number, true, false or null)");
  c.pos += m[0].length;
  return Number(m[0]);
}

function readStage(c: Cursor): QueryStage {
  c.skipSpace();
  if (c.eat("select(")) {
    c.skipSpace();
    const segments = readPath(c);
    c.skipSpace();
    const op = c.eat("==") ? "==" : c.eat("!=") ? "!=" : c.fail("expected == or != in select()");
    c.skipSpace();
    const value = readLiteral(c);
    c.skipSpace();
    if (!c.eat(")")) c.fail("expected )");
    return { kind: "select", segments, op, value };
  }
  return { kind: "path", segments: readPath(c) };
}

/** Parses a query; the error message names the offset of the first problem. */
export function parseQuery(source: string): QueryParseResult {
  const c = new Cursor(source);
  try {
    const stages = [readStage(c)];
    for (c.skipSpace(); !c.done; c.skipSpace()) {
      if (!c.eat("|")) c.fail("unexpected character");
      stages.push(readStage(c));
    }
    return { ok: true, query: { source, stages } };
  } catch (e) {
    if (e instanceof QuerySyntaxError) return { ok: false, message: e.message };
    throw e;
  }
}

const cache = new Map<string, Query | null>();

/** The parsed query of `source` (memoized), or undefined when it does not parse. */
export function compileQuery(source: string): Query | undefined {
  let q = cache.get(source);
  if (q === undefined) {
    const r = parseQuery(source);
    q = r.ok ? r.query : null;
    if (cache.size > 1000) cache.clear();
    cache.set(source, q);
  }
  return q ?? undefined;
}

const isObject = (v: unknown): v is Record<string, JsonValue> => typeof v === "object" && v !== null && !Array.isArray(v);

/** One path segment applied to one value; undefined = a jq error. */
function applySegment(seg: PathSegment, v: JsonValue): JsonValue[] | undefined {
  switch (seg.kind) {
    case "field":
      if (v === null) return [null];
      return isObject(v) ? [Object.hasOwn(v, seg.name) ? v[seg.name] : null] : undefined;
    case "index":
      if (v === null) return [null];
      if (!Array.isArray(v)) return undefined;
      return [v[seg.index < 0 ? v.length + seg.index : seg.index] ?? null];
    case "iterate":
      if (v === null) return [];
      if (Array.isArray(v)) return v;
      return isObject(v) ? Object.values(v) : undefined;
  }
}

function applyPath(segments: PathSegment[], input: JsonValue): JsonValue[] | undefined {
  let values: JsonValue[] = [input];
  for (const seg of segments) {
    const next: JsonValue[] = [];
    for (const v of values) {
      const r = applySegment(seg, v);
      if (r === undefined) return undefined;
      next.push(...r);
    }
    values = next;
  }
  return values;
}

/** jq equality of a value with a literal (numbers by value, nothing else coerced). */
const equalsLiteral = (v: JsonValue, lit: JsonPrimitive) => v === lit;

/**
 * Runs `query` on `input`: the list of outputs, or undefined when jq would raise an error (KWOK then treats
 * the requirement as not matching).
 */
export function evaluateQuery(query: Query, input: JsonValue | undefined): JsonValue[] | undefined {
  let values: JsonValue[] = [input ?? null];
  for (const stage of query.stages) {
    const next: JsonValue[] = [];
    for (const v of values) {
      const r = applyPath(stage.segments, v);
      if (r === undefined) return undefined;
      if (stage.kind === "path") next.push(...r);
      else for (const x of r) if (equalsLiteral(x, stage.value) === (stage.op === "==")) next.push(v);
    }
    values = next;
  }
  return values;
}
