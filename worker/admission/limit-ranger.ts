/**
 * The LimitRanger admission plugin (plugin/pkg/admission/limitranger): for pod creates, containers get the
 * default requests/limits of the namespace's LimitRanges (mutating) and every LimitRange's Container and Pod
 * bounds are enforced (validating); PersistentVolumeClaim creates and updates are held to the storage bounds.
 * Pod updates are skipped (containers' resources are immutable), as are subresources and objects already
 * being deleted. A violation is `pods "x" is forbidden: [minimum cpu usage per Container is 100m, …]`.
 * The LimitRanges are listed from the store on each admitted write (upstream reads an informer cache).
 */
import type { KubeObject } from "../../schema/types";
import { podQOSClass } from "../../schema/core-v1/pod-defaults";
import { listPrefix, storeFor } from "../storage";
import { internalError } from "../errors";
import { admissionForbidden } from "./admission-errors";
import type { AdmissionAttributes, AdmissionPlugin } from "./plugins";
import { aggregateMessage, applyContainerDefaults, claimLimitViolations, defaultLimitRangeItems, podLimitViolations } from "./limit-range-rules";

type Target = "pod" | "claim";

/** SupportsAttributes, plus the skip of objects marked for deletion. */
export function limitRangerTarget(a: Pick<AdmissionAttributes, "operation" | "oldObject" | "object"> & {
  group: string;
  kind: string;
  subresource?: string;
}): Target | undefined {
  if (a.subresource || !a.object || a.group !== "") return undefined;
  if (a.oldObject?.metadata?.deletionTimestamp) return undefined;
  if (a.kind === "Pod" && a.operation === "CREATE") return "pod";
  if (a.kind === "PersistentVolumeClaim" && (a.operation === "CREATE" || a.operation === "UPDATE")) return "claim";
  return undefined;
}

const targetOf = (a: AdmissionAttributes) =>
  limitRangerTarget({ ...a, group: a.ctx.entry.group, kind: a.ctx.entry.kind, subresource: a.ctx.req.subresource });

/** The namespace's LimitRanges, each as its defaulted items. */
async function limitRanges(a: AdmissionAttributes): Promise<KubeObject[][]> {
  const entry = a.ctx.registry.lookup("", "v1", "limitranges")!;
  const res = await storeFor(a.ctx.env, entry).list(listPrefix(entry, a.ctx.req.namespace));
  if (!res.ok) throw internalError(`listing limitranges failed: ${res.reason}`);
  return res.items.map((text) => defaultLimitRangeItems(JSON.parse(text)));
}

export const LimitRanger: AdmissionPlugin = {
  name: "LimitRanger",
  async mutate(a) {
    if (targetOf(a) !== "pod") return;
    const pod = a.object!;
    let changed = false;
    for (const items of await limitRanges(a)) changed = applyContainerDefaults(pod, items) || changed;
    // The pod strategy derives qosClass on create, after mutating admission: keep it in step with the defaults.
    if (changed && pod.status) pod.status.qosClass = podQOSClass(pod.spec ?? {});
  },
  async validate(a) {
    const target = targetOf(a);
    if (!target) return;
    for (const items of await limitRanges(a)) {
      const errs = target === "pod" ? podLimitViolations(a.object!, items) : claimLimitViolations(a.object!, items);
      if (errs.length) throw admissionForbidden(a, "validate", aggregateMessage(errs));
    }
  },
};
