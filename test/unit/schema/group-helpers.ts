/** Test helpers for the non-core groups: run a manifest through decode (schema), defaulting and validation. */
import { parse } from "yaml";
import type { FieldError, GroupVersionDef, KindDef, KubeObject } from "../../../schema/types";

export const load = (yaml: string): KubeObject => parse(yaml);

export function kindOf(gv: GroupVersionDef, kind: string): KindDef {
  const def = gv.kinds.find((k) => k.kind === kind);
  if (!def) throw new Error(`no KindDef ${kind} in ${gv.group}/${gv.version}`);
  return def;
}

/** Decode-level issues (what the API server turns into 400s) as `path: message` strings. */
export function schemaIssues(def: KindDef, obj: unknown): string[] {
  const r = def.schema.safeParse(obj);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
}

/** `field: message`, the way kubectl prints a cause. */
export const causes = (errs: FieldError[]): string[] => errs.map((e) => `${e.field}: ${e.message}`);

/**
 * What a create does: decode, server-set metadata (namespace, uid, generateName resolved), default, validate.
 * With `old`, what an update does (server-owned metadata carried over from `old`).
 */
export function admit(def: KindDef, obj: KubeObject, old?: KubeObject): { obj: KubeObject; issues: string[]; errors: string[] } {
  const issues = schemaIssues(def, obj);
  const meta: KubeObject = (obj.metadata ??= {});
  if (def.namespaced) meta.namespace ??= "default";
  if (old) {
    meta.uid = old.metadata?.uid;
    meta.creationTimestamp = old.metadata?.creationTimestamp;
  } else {
    meta.uid ??= "0b9a6a4c-6e4f-4a8e-9c1e-1f2d3c4b5a69";
  }
  def.default?.(obj);
  return { obj, issues, errors: causes(def.validate?.(obj, old) ?? []) };
}

/** A created object as the store would hold it, for update tests; throws if the fixture is not admissible. */
export function stored(def: KindDef, yaml: string): KubeObject {
  const { obj, issues, errors } = admit(def, load(yaml));
  if (issues.length || errors.length) throw new Error(`fixture not admissible: ${JSON.stringify({ issues, errors })}`);
  obj.metadata.creationTimestamp = "2025-01-01T00:00:00Z";
  obj.metadata.resourceVersion = "1";
  return obj;
}

export const clone = <T>(x: T): T => structuredClone(x);

/** Applies `edit` to a copy of `old` (with the user's view: no status) and admits it as an update. */
export function update(def: KindDef, old: KubeObject, edit: (o: KubeObject) => void) {
  const next = clone(old);
  edit(next);
  return admit(def, next, old);
}
