/**
 * `$(VAR)` expansion (third_party/forked/golang/expansion) and its kubelet uses: container command and args
 * (kubecontainer.ExpandContainerCommandAndArgs) and volume mount subPathExpr (ExpandContainerVolumeMounts).
 *
 * Rules matched: `$(NAME)` is replaced by the mapping's value, or left as written when the name is unknown;
 * `$$` is an escaped `$`; a `$` before any other character, an unterminated `$(`, and a trailing `$` are kept
 * as written. Expansion is one pass: a substituted value is never expanded again.
 */
import type { EnvVar, Got } from "./types";

/** A name → value lookup; `undefined` means unknown. */
export type Mapping = (name: string) => string | undefined;

/** expansion.MappingFuncFor: the first context holding the name wins. */
export function mappingFor(...contexts: (ReadonlyMap<string, string> | Record<string, string>)[]): Mapping {
  return (name) => {
    for (const ctx of contexts) {
      if (ctx instanceof Map) {
        if (ctx.has(name)) return ctx.get(name);
      } else if (Object.hasOwn(ctx, name)) {
        return (ctx as Record<string, string>)[name];
      }
    }
    return undefined;
  };
}

/** expansion.Expand. */
export function expand(input: string, mapping: Mapping): string {
  let out = "";
  let checkpoint = 0;
  for (let cursor = 0; cursor < input.length; cursor++) {
    if (input[cursor] !== "$" || cursor + 1 >= input.length) continue;
    out += input.slice(checkpoint, cursor);
    const next = input[cursor + 1];
    let advance = 1;
    if (next === "$") {
      out += "$";
    } else if (next === "(") {
      const close = input.indexOf(")", cursor + 2);
      if (close < 0) {
        out += "$(";
      } else {
        const name = input.slice(cursor + 2, close);
        out += mapping(name) ?? `$(${name})`;
        advance = close - cursor;
      }
    } else {
      out += `$${next}`;
    }
    cursor += advance;
    checkpoint = cursor + 1;
  }
  return out + input.slice(checkpoint);
}

/** envVarsToMap: later entries win. */
export const envMap = (env: readonly EnvVar[]): Map<string, string> => new Map(env.map((e) => [e.name, e.value]));

/** ExpandContainerCommandAndArgs: `command` and `args` expanded against the container's final environment. */
export function commandAndArgs(
  container: { command?: unknown; args?: unknown },
  env: readonly EnvVar[],
): { command: string[]; args: string[] } {
  const mapping = mappingFor(envMap(env));
  const each = (v: unknown) => (Array.isArray(v) ? v.map((s) => expand(String(s), mapping)) : []);
  return { command: each(container.command), args: each(container.args) };
}

/**
 * ExpandContainerVolumeMounts: `subPathExpr` expanded against the container's environment; a reference to an
 * unknown or empty variable fails with `missing value for A, B` (sorted names).
 */
export function expandSubPathExpr(expr: string, env: readonly EnvVar[]): Got<string> {
  const vars = envMap(env);
  const missing = new Set<string>();
  const value = expand(expr, (name) => {
    const v = vars.get(name);
    if (!v) missing.add(name);
    return v ?? "";
  });
  if (missing.size) return { ok: false, message: `missing value for ${[...missing].sort().join(", ")}` };
  return { ok: true, value };
}
