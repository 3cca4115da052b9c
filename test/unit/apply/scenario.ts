/**
 * A tiny driver for ownership scenarios: a sequence of server-side applies and non-apply writes against
 * one object, as the API server would run them, ending in the object or the conflicts of a failed apply.
 */
import { applyConfiguration, type ApplyConflict, updateManagedFields } from "../../../worker/apply";
import { decodeFieldsV1 } from "../../../worker/apply/fields-v1";
import { pathToString } from "../../../worker/apply/field-set";
import type { ManagedFieldsEntry } from "../../../worker/apply/managers";
import { deploymentSchema, NOW, type Obj } from "./fixtures";

export type Step =
  | { apply: Obj; manager: string; force?: boolean; now?: string; subresource?: string }
  | { update: (live: Obj | undefined) => Obj; manager: string; now?: string; subresource?: string };

export interface Outcome {
  object?: Obj;
  conflicts?: ApplyConflict[];
  error?: string;
  /** Whether each successful apply changed the object. */
  changed: boolean[];
}

export function run(steps: Step[], initial?: Obj): Outcome {
  let obj = initial;
  const changed: boolean[] = [];
  for (const step of steps) {
    const now = step.now ?? NOW;
    if ("apply" in step) {
      const r = applyConfiguration(obj, step.apply, step.manager, {
        force: !!step.force,
        apiVersion: "apps/v1",
        schema: deploymentSchema,
        now,
        subresource: step.subresource,
      });
      if (!r.ok) return r.error ? { object: obj, error: r.error, changed } : { object: obj, conflicts: r.conflicts, changed };
      changed.push(r.changed);
      obj = r.object;
    } else {
      const next = step.update(obj === undefined ? undefined : structuredClone(obj));
      const mf = updateManagedFields(obj, next, step.manager, {
        operation: "Update",
        apiVersion: "apps/v1",
        schema: deploymentSchema,
        now,
        subresource: step.subresource,
      });
      const metadata = (next.metadata ??= {}) as Obj;
      if (mf.length) metadata.managedFields = mf;
      else delete metadata.managedFields;
      obj = next;
    }
  }
  return { object: obj, changed };
}

export function entries(obj: Obj | undefined): ManagedFieldsEntry[] {
  return ((obj?.metadata as Obj | undefined)?.managedFields as ManagedFieldsEntry[] | undefined) ?? [];
}

/** manager (with `/subresource` when set) → the field paths it owns. */
export function owners(obj: Obj | undefined): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const e of entries(obj)) {
    const d = decodeFieldsV1(e.fieldsV1);
    if (!d.ok) throw new Error(d.error);
    out[e.manager + (e.subresource ? `/${e.subresource}` : "")] = d.set.paths().map(pathToString);
  }
  return out;
}
