/**
 * Cheap checks that keep hostile YAML away from the `yaml` package, whose cost on some 3 MiB inputs is
 * seconds to minutes of CPU (measured with yaml 2.9: 3 MiB of `[` ≈ 18 s before it overflows its stack; a
 * million `*a` aliases ≈ 5 s before maxAliasCount stops it) — CPU that a single-threaded isolate takes away
 * from every other request it serves.
 *
 * - A YAML body that is JSON (kubectl's server-side apply sends JSON as application/apply-patch+yaml) is
 *   parsed as JSON: YAML 1.2 is a superset of JSON, and JSON.parse is linear and fast.
 * - `scanYaml` is one linear pass over the text that finds how deeply flow collections (`[`, `{`) nest and
 *   how many alias nodes (`*name`) there are, outside quoted scalars and comments. It over-approximates in
 *   block scalars (a `*.tmp` glob counts as an alias), so its thresholds are far beyond real manifests.
 *
 * Upstream (sigs.k8s.io/yaml on go-yaml) refuses nesting beyond 10,000 levels ("exceeded max depth") and
 * excessive aliasing ("yaml: document contains excessive aliasing"); the same words are used here.
 */

/** More alias nodes than this is refused before parsing (maxAliasCount is 100 uses per anchor). */
export const MAX_YAML_ALIASES = 10_000;

export interface YamlShape {
  /** The deepest nesting of flow collections. */
  flowDepth: number;
  /** Alias nodes (`*name` at the start of a token). */
  aliases: number;
}

const SPACE = 32;
const TAB = 9;
const LF = 10;
const CR = 13;
const HASH = 35;
const DQUOTE = 34;
const SQUOTE = 39;
const BACKSLASH = 92;
const STAR = 42;
const COMMA = 44;
const COLON = 58;
const LBRACKET = 91;
const RBRACKET = 93;
const LBRACE = 123;
const RBRACE = 125;

const isSpace = (c: number) => c === SPACE || c === TAB || c === LF || c === CR;
const isFlowIndicator = (c: number) => c === LBRACKET || c === RBRACKET || c === LBRACE || c === RBRACE || c === COMMA;

/**
 * One pass over `text`, stopping early once `stopAt` is exceeded (depth or aliases) — the answer is then
 * already "too much". Inside flow collections every bracket opens or closes one (plain scalars cannot hold
 * them there); outside, a bracket opens a collection only at the start of a token.
 */
export function scanYaml(text: string, stopAt: YamlShape = { flowDepth: Infinity, aliases: Infinity }): YamlShape {
  let depth = 0;
  let flowDepth = 0;
  let aliases = 0;
  let prev = LF;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    const tokenStart = isSpace(prev) || (depth > 0 && (prev === LBRACKET || prev === LBRACE || prev === COMMA || prev === COLON));
    if (c === HASH && isSpace(prev)) {
      while (i < n && text.charCodeAt(i) !== LF) i++;
      prev = LF;
      continue;
    }
    if ((c === DQUOTE || c === SQUOTE) && tokenStart) {
      i = endOfQuoted(text, i, c);
      prev = c;
      continue;
    }
    if (c === LBRACKET || c === LBRACE) {
      if (depth > 0 || tokenStart) {
        depth++;
        if (depth > flowDepth) {
          flowDepth = depth;
          if (flowDepth > stopAt.flowDepth) break;
        }
      }
    } else if ((c === RBRACKET || c === RBRACE) && depth > 0) {
      depth--;
    } else if (c === STAR && tokenStart && i + 1 < n) {
      const next = text.charCodeAt(i + 1);
      if (!isSpace(next) && !isFlowIndicator(next)) {
        aliases++;
        if (aliases > stopAt.aliases) break;
      }
    }
    prev = c;
  }
  return { flowDepth, aliases };
}

/** The index of the quote closing the scalar opened at `start` (or the end of the text). */
function endOfQuoted(text: string, start: number, quote: number): number {
  const n = text.length;
  for (let i = start + 1; i < n; i++) {
    const c = text.charCodeAt(i);
    if (quote === DQUOTE && c === BACKSLASH) i++;
    else if (c === quote) {
      // '' inside a single-quoted scalar is an escaped quote.
      if (quote === SQUOTE && text.charCodeAt(i + 1) === SQUOTE) i++;
      else return i;
    }
  }
  return n;
}

/** Why `text` must not reach the YAML parser, or undefined. */
export function yamlRefusal(text: string, maxDepth: number): string | undefined {
  const shape = scanYaml(text, { flowDepth: maxDepth, aliases: MAX_YAML_ALIASES });
  if (shape.flowDepth > maxDepth) return `yaml: exceeded max depth of ${maxDepth}`;
  if (shape.aliases > MAX_YAML_ALIASES) return "error converting YAML to JSON: yaml: document contains excessive aliasing";
  return undefined;
}

/** The value of `text` when it is one JSON object or array, else undefined (then it is YAML proper). */
export function parseIfJson(text: string): { value: unknown } | undefined {
  let i = 0;
  while (i < text.length && isSpace(text.charCodeAt(i))) i++;
  const first = text.charCodeAt(i);
  if (first !== LBRACE && first !== LBRACKET) return undefined;
  try {
    return { value: JSON.parse(text) };
  } catch {
    return undefined;
  }
}
