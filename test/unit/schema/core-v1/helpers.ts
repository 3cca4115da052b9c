/** Test helpers: run a manifest through what the API server does (decode, default, validate). */
import { parse } from "yaml";
import { coreV1 } from "../../../../schema/core-v1";
import type { FieldError, KindDef, KubeObject } from "../../../../schema/types";

export const kindDef = (kind: string): KindDef => {
  const def = coreV1.kinds.find((k) => k.kind === kind);
  if (!def) throw new Error(`no KindDef for ${kind}`);
  return def;
};

export const load = (yaml: string): KubeObject => parse(yaml);

/** Schema issues (decode-level rejections) as `path: message` strings. */
export function schemaIssues(kind: string, obj: unknown): string[] {
  const r = kindDef(kind).schema.safeParse(obj);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
}

/** Decode (schema), put in `default` if namespaced, default, then validate; returns the object and errors. */
export function admit(kind: string, obj: KubeObject, old?: KubeObject): { obj: KubeObject; issues: string[]; errors: FieldError[] } {
  const def = kindDef(kind);
  const issues = schemaIssues(kind, obj);
  if (def.namespaced) obj.metadata = { namespace: "default", ...(obj.metadata ?? {}) };
  def.default?.(obj);
  return { obj, issues, errors: def.validate?.(obj, old) ?? [] };
}

/** A created-and-stored copy of an object (defaulted), to use as `old` in update tests. */
export function stored(kind: string, yaml: string): KubeObject {
  const { obj, issues, errors } = admit(kind, load(yaml));
  if (issues.length || errors.length) throw new Error(`fixture not admissible: ${JSON.stringify({ issues, errors })}`);
  obj.metadata = { ...obj.metadata, uid: "u-1", resourceVersion: "1", creationTimestamp: "2025-01-01T00:00:00Z" };
  return obj;
}

export const clone = <T>(x: T): T => structuredClone(x);
