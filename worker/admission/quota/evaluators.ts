/**
 * The evaluators of pkg/quota/v1/evaluator/core (services, persistentvolumeclaims, the legacy object-count
 * aliases) and generic object counting for every other resource (`count/<resource>.<group>`), plus the
 * resources quota ignores (pkg/quota/v1/install: virtual resources and events).
 */
import type { KubeObject } from "../../../schema/types";
import { count, roundUpToUnit, cmpQty, ZERO, type Quantity } from "./quantity";
import { fromWire, type ResourceList } from "./resource-list";
import { noConstraints, noScope, objectCountName, type Evaluator, type QuotaRequest } from "./evaluator";
import { podEvaluator } from "./pod-evaluator";

/** Resources quota never counts (install.DefaultIgnoredResources). */
const IGNORED = new Set([
  "/bindings",
  "/componentstatuses",
  "/events",
  "events.k8s.io/events",
  "authentication.k8s.io/tokenreviews",
  "authentication.k8s.io/selfsubjectreviews",
  "authorization.k8s.io/subjectaccessreviews",
  "authorization.k8s.io/selfsubjectaccessreviews",
  "authorization.k8s.io/localsubjectaccessreviews",
  "authorization.k8s.io/selfsubjectrulesreviews",
]);

export const isIgnoredResource = (group: string, resource: string): boolean => IGNORED.has(`${group}/${resource}`);

/** generic.NewObjectCountEvaluator: one of each created object, under `count/…` and an optional legacy alias. */
export function objectCountEvaluator(group: string, resource: string, alias?: string): Evaluator {
  const names = alias ? [objectCountName(group, resource), alias] : [objectCountName(group, resource)];
  return {
    group,
    resource,
    handles: (a: QuotaRequest) => a.operation === "CREATE",
    matchingResources: (input) => input.filter((n) => names.includes(n)),
    matchesScope: noScope,
    usage: () => new Map(names.map((n) => [n, count(1)])),
    constraints: noConstraints,
  };
}

const SERVICE_RESOURCES = [objectCountName("", "services"), "services", "services.nodeports", "services.loadbalancers"];

/** Service usage: one service; node ports of NodePort/LoadBalancer services; one load balancer. */
export function serviceUsage(svc: KubeObject): ResourceList {
  const ports = Array.isArray(svc.spec?.ports) ? (svc.spec.ports as KubeObject[]) : [];
  let nodePorts: Quantity = ZERO;
  let lbs: Quantity = ZERO;
  if (svc.spec?.type === "NodePort") nodePorts = count(ports.length);
  if (svc.spec?.type === "LoadBalancer") {
    // With allocateLoadBalancerNodePorts=false only explicitly requested node ports count (ServiceLBNodePortControl).
    nodePorts = count(svc.spec.allocateLoadBalancerNodePorts === false ? ports.filter((p) => p?.nodePort).length : ports.length);
    lbs = count(1);
  }
  return new Map([
    [objectCountName("", "services"), count(1)],
    ["services", count(1)],
    ["services.loadbalancers", lbs],
    ["services.nodeports", nodePorts],
  ]);
}

export const serviceEvaluator: Evaluator = {
  group: "",
  resource: "services",
  // Updates too: a service's type can change.
  handles: (a) => a.operation === "CREATE" || a.operation === "UPDATE",
  matchingResources: (input) => input.filter((n) => SERVICE_RESOURCES.includes(n)),
  matchesScope: noScope,
  usage: serviceUsage,
  constraints: noConstraints,
};

const PVC_COUNT = objectCountName("", "persistentvolumeclaims");
const PVC_RESOURCES = ["persistentvolumeclaims", "requests.storage"];
const STORAGE_CLASS_SUFFIX = ".storageclass.storage.k8s.io/";

/** storagehelpers.GetPersistentVolumeClaimClass: the beta annotation wins over spec.storageClassName. */
export function claimClass(pvc: KubeObject): string {
  const ann = pvc.metadata?.annotations?.["volume.beta.kubernetes.io/storage-class"];
  if (typeof ann === "string") return ann;
  return typeof pvc.spec?.storageClassName === "string" ? pvc.spec.storageClassName : "";
}

/** The storage a claim is charged: its request in whole bytes, or the allocated size when larger. */
function claimStorage(pvc: KubeObject): Quantity | undefined {
  const req = fromWire(pvc.spec?.resources?.requests).get("storage");
  if (!req) return undefined;
  const allocated = fromWire(pvc.status?.allocatedResources).get("storage");
  return roundUpToUnit(allocated && cmpQty(allocated, req) > 0 ? allocated : req);
}

export function pvcUsage(pvc: KubeObject): ResourceList {
  const out: ResourceList = new Map([
    ["persistentvolumeclaims", count(1)],
    [PVC_COUNT, count(1)],
  ]);
  const cls = claimClass(pvc);
  if (cls) out.set(`${cls}${STORAGE_CLASS_SUFFIX}persistentvolumeclaims`, count(1));
  const storage = claimStorage(pvc);
  if (storage) {
    out.set("requests.storage", storage);
    if (cls) out.set(`${cls}${STORAGE_CLASS_SUFFIX}requests.storage`, storage);
  }
  return out;
}

export const pvcEvaluator: Evaluator = {
  group: "",
  resource: "persistentvolumeclaims",
  handles: (a) => !a.subresource && (a.operation === "CREATE" || a.operation === "UPDATE"),
  matchingResources: (input) =>
    input.filter(
      (n) => n === PVC_COUNT || PVC_RESOURCES.includes(n) || PVC_RESOURCES.some((r) => n.endsWith(STORAGE_CLASS_SUFFIX + r)),
    ),
  // VolumeAttributesClass scopes need a feature gate that is off by default in 1.32.
  matchesScope: noScope,
  usage: pvcUsage,
  constraints: noConstraints,
};

/** Core resources whose object counts also answer to their pre-`count/` names. */
const LEGACY_ALIASES: Record<string, string> = {
  configmaps: "configmaps",
  resourcequotas: "resourcequotas",
  replicationcontrollers: "replicationcontrollers",
  secrets: "secrets",
};

const SPECIAL: Record<string, Evaluator> = { pods: podEvaluator, services: serviceEvaluator, persistentvolumeclaims: pvcEvaluator };

/** The evaluator of a resource (every namespaced resource can be counted), or undefined when quota ignores it. */
export function evaluatorFor(group: string, resource: string): Evaluator | undefined {
  if (isIgnoredResource(group, resource)) return undefined;
  if (group === "" && SPECIAL[resource]) return SPECIAL[resource];
  return objectCountEvaluator(group, resource, group === "" ? LEGACY_ALIASES[resource] : undefined);
}
