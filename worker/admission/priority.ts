/**
 * The Priority admission plugin (plugin/pkg/admission/priority, 1.32). Mutating, for pod creates: resolve
 * spec.priority and spec.preemptionPolicy from spec.priorityClassName — or from the global default
 * PriorityClass (the lowest-valued one if several), recording its name, or priority 0 and PreemptLowerPriority
 * when there is none; an unknown class, or a priority / preemptionPolicy given that differs from the class's, is
 * 403 Forbidden. Pod updates keep the stored priority and preemptionPolicy when the update omits them.
 * Validating, for PriorityClass writes: only one class may be the global default. Subresources are skipped.
 * The classes are read from the store per admitted write (upstream reads an informer cache).
 */
import type { KubeObject } from "../../schema/types";
import { internalError } from "../errors";
import { listPrefix, objectKey, storeFor } from "../storage";
import { admissionForbidden } from "./admission-errors";
import type { AdmissionAttributes, AdmissionPlugin } from "./plugins";

/** scheduling.DefaultPriorityWhenNoDefaultClassExists. */
export const DEFAULT_PRIORITY_WHEN_NO_DEFAULT_CLASS_EXISTS = 0;
const PREEMPT_LOWER_PRIORITY = "PreemptLowerPriority";

/** getDefaultPriorityClass: the globalDefault class with the lowest value (several can exist after a race). */
export function defaultPriorityClass(classes: KubeObject[]): KubeObject | undefined {
  let found: KubeObject | undefined;
  for (const pc of classes) if (pc?.globalDefault && (found === undefined || found.value > pc.value)) found = pc;
  return found;
}

export type PriorityResolution =
  | { ok: true; priorityClassName?: string; priority: number; preemptionPolicy?: string }
  | { ok: false; forbidden: string };

/**
 * admitPod on create: what spec.priorityClassName / priority / preemptionPolicy become. `named` is the class
 * the pod names (undefined: not found); `classes` are all classes, consulted when the pod names none.
 */
export function resolvePodPriority(spec: KubeObject, named: KubeObject | undefined, classes: KubeObject[]): PriorityResolution {
  let priority: number;
  let policy: string | undefined;
  let className: string | undefined;
  if (!spec.priorityClassName) {
    const pc = defaultPriorityClass(classes);
    className = pc?.metadata?.name;
    priority = pc ? pc.value : DEFAULT_PRIORITY_WHEN_NO_DEFAULT_CLASS_EXISTS;
    policy = pc ? (pc.preemptionPolicy ?? undefined) : PREEMPT_LOWER_PRIORITY;
  } else {
    if (!named) return { ok: false, forbidden: `no PriorityClass with name ${spec.priorityClassName} was found` };
    priority = named.value;
    policy = named.preemptionPolicy ?? undefined;
  }
  if (spec.priority != null && spec.priority !== priority) {
    return {
      ok: false,
      forbidden: `the integer value of priority (${spec.priority}) must not be provided in pod spec; priority admission controller computed ${priority} from the given PriorityClass name`,
    };
  }
  if (policy !== undefined && spec.preemptionPolicy != null && spec.preemptionPolicy !== policy) {
    return {
      ok: false,
      forbidden: `the string value of PreemptionPolicy (${spec.preemptionPolicy}) must not be provided in pod spec; priority admission controller computed ${policy} from the given PriorityClass name`,
    };
  }
  return { ok: true, ...(className ? { priorityClassName: className } : {}), priority, ...(policy !== undefined ? { preemptionPolicy: policy } : {}) };
}

/** validatePriorityClass: a class becoming the global default while another one is. */
export function globalDefaultConflict(pc: KubeObject, operation: string, classes: KubeObject[]): string | undefined {
  if (!pc?.globalDefault) return undefined;
  const current = defaultPriorityClass(classes);
  if (!current) return undefined;
  if (operation === "CREATE" || current.metadata?.name !== pc.metadata?.name) {
    return `PriorityClass ${current.metadata?.name} is already marked as default. Only one default can exist`;
  }
  return undefined;
}

function classesEntry(a: AdmissionAttributes) {
  return a.ctx.registry.lookup("scheduling.k8s.io", "v1", "priorityclasses")!;
}

async function listClasses(a: AdmissionAttributes): Promise<KubeObject[]> {
  const entry = classesEntry(a);
  const res = await storeFor(a.ctx.env, entry).list(listPrefix(entry));
  if (!res.ok) throw internalError(`failed to get default priority class: ${res.reason}`);
  return res.items.map((text) => JSON.parse(text) as KubeObject);
}

async function getClass(a: AdmissionAttributes, name: string): Promise<KubeObject | undefined> {
  const entry = classesEntry(a);
  const res = await storeFor(a.ctx.env, entry).get(objectKey(entry, undefined, name));
  return res.ok ? (JSON.parse(res.value) as KubeObject) : undefined;
}

const isTarget = (a: AdmissionAttributes, group: string, resource: string): boolean =>
  a.ctx.entry.group === group && a.ctx.entry.resource === resource && !a.ctx.req.subresource && !!a.object;

export const Priority: AdmissionPlugin = {
  name: "Priority",
  async mutate(a) {
    if (!isTarget(a, "", "pods")) return;
    const spec = (a.object!.spec ??= {});
    if (a.operation === "UPDATE") {
      const old = a.oldObject?.spec ?? {};
      if (spec.priority == null && old.priority != null) spec.priority = old.priority;
      if (spec.preemptionPolicy == null && old.preemptionPolicy != null) spec.preemptionPolicy = old.preemptionPolicy;
      return;
    }
    if (a.operation !== "CREATE") return;
    const named = spec.priorityClassName ? await getClass(a, spec.priorityClassName) : undefined;
    const classes = spec.priorityClassName ? [] : await listClasses(a);
    const resolved = resolvePodPriority(spec, named, classes);
    if (!resolved.ok) throw admissionForbidden(a, "mutate", resolved.forbidden);
    if (resolved.priorityClassName) spec.priorityClassName = resolved.priorityClassName;
    spec.priority = resolved.priority;
    if (resolved.preemptionPolicy !== undefined) spec.preemptionPolicy = resolved.preemptionPolicy;
  },
  async validate(a) {
    if (!isTarget(a, "scheduling.k8s.io", "priorityclasses")) return;
    if ((a.operation !== "CREATE" && a.operation !== "UPDATE") || !a.object!.globalDefault) return;
    const conflict = globalDefaultConflict(a.object!, a.operation, await listClasses(a));
    if (conflict) throw admissionForbidden(a, "validate", conflict);
  },
};
