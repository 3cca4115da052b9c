/**
 * helper.DefaultSelector (pkg/scheduler/framework/plugins/helper/spread.go, 1.32): the label selector that
 * PodTopologySpread's system default constraints count pods with — the selectors of the services selecting the pod,
 * merged, plus the selector of its controlling ReplicationController, ReplicaSet or StatefulSet.
 */
import type { KubeObject } from "../../../schema/types";
import { labelSelectorFromObject, matchLabels, type LabelRequirement } from "../../selectors";
import { sortByKey } from "../../selectors/label-requirement";
import { podNamespace } from "./affinity-term";
import type { SpreadWorkloads } from "./snapshot";

/** labels.Set.AsSelector(): one `=` requirement per entry, sorted by key. */
const setAsSelector = (set: Record<string, string>): LabelRequirement[] =>
  sortByKey(Object.entries(set).map(([key, value]) => ({ key, operator: "=" as const, values: [String(value)] })));

const inNamespace = (objects: readonly KubeObject[], ns: string) => objects.filter((o) => podNamespace(o) === ns);

/** GetPodServices: services of the pod's namespace with a non-nil selector that matches the pod's labels. */
export function podServices(pod: KubeObject, services: readonly KubeObject[]): KubeObject[] {
  return inNamespace(services, podNamespace(pod)).filter((svc) => {
    const selector = svc?.spec?.selector;
    return selector != null && matchLabels(setAsSelector(selector), pod?.metadata?.labels);
  });
}

/** metav1.GetControllerOf: the first ownerReference with `controller: true`. */
const controllerOf = (pod: KubeObject): KubeObject | undefined =>
  (pod?.metadata?.ownerReferences ?? []).find((ref: KubeObject) => ref?.controller === true);

/**
 * DefaultSelector: an empty result means "no default spreading" (selector.Empty()). Controllers are looked up by
 * name in the pod's namespace, and only as upstream's GroupVersionKinds: v1 ReplicationController, apps/v1 ReplicaSet
 * and apps/v1 StatefulSet.
 */
export function defaultSpreadSelector(pod: KubeObject, workloads: SpreadWorkloads): LabelRequirement[] {
  const ns = podNamespace(pod);
  let labelSet: Record<string, string> = {};
  for (const svc of podServices(pod, workloads.services)) labelSet = { ...labelSet, ...svc.spec.selector };
  let selector = setAsSelector(labelSet);
  const owner = controllerOf(pod);
  if (!owner) return selector;
  const byName = (objects: readonly KubeObject[]) => inNamespace(objects, ns).find((o) => o?.metadata?.name === owner.name);
  const gvk = `${owner.apiVersion}/${owner.kind}`;
  if (gvk === "v1/ReplicationController") {
    const rc = byName(workloads.replicationControllers);
    if (rc) selector = setAsSelector({ ...labelSet, ...(rc.spec?.selector ?? {}) });
  } else if (gvk === "apps/v1/ReplicaSet" || gvk === "apps/v1/StatefulSet") {
    const controller = byName(gvk === "apps/v1/ReplicaSet" ? workloads.replicaSets : workloads.statefulSets);
    const other = controller ? labelSelectorFromObject(controller.spec?.selector) : undefined;
    if (other?.ok && other.requirements !== null) selector = sortByKey([...selector, ...other.requirements]);
  }
  return selector;
}
