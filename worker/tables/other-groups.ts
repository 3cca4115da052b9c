/**
 * Kinds of the smaller API groups, one upstream printer each: coordination.k8s.io Lease (printLease),
 * discovery.k8s.io EndpointSlice (printEndpointSlice), storage.k8s.io StorageClass (printStorageClass),
 * node.k8s.io RuntimeClass (printRuntimeClass), scheduling.k8s.io PriorityClass (printPriorityClass),
 * policy PodDisruptionBudget (printPodDisruptionBudget).
 */
import { arr, ageOf, int, listWithMore, nameOf, str } from "./format";
import { AGE_COLUMN, NAME_COLUMN, column, type KubeObject, type TableDef } from "./types";

export const LEASE_TABLE: TableDef = {
  columns: [NAME_COLUMN, column("Holder", "string", "holderIdentity contains the identity of the holder of a current lease."), AGE_COLUMN],
  cells: (l, now) => [nameOf(l), str(l.spec?.holderIdentity), ageOf(l, now)],
};

/** formatDiscoveryPorts: port numbers (or names, or "*"), at most 3, then " + N more..."; "<unset>" when none. */
export function endpointSlicePorts(ports: unknown): string {
  return listWithMore(arr(ports).map((p) => (typeof p?.port === "number" ? String(p.port) : p?.name != null ? str(p.name) : "*")));
}

/** formatDiscoveryEndpoints: every address of every endpoint, at most 3, then " + N more..."; "<unset>" when none. */
export function endpointSliceEndpoints(endpoints: unknown): string {
  return listWithMore(arr(endpoints).flatMap((e) => arr<string>(e?.addresses).map(str)));
}

export const ENDPOINT_SLICE_TABLE: TableDef = {
  columns: [
    NAME_COLUMN,
    column("AddressType", "string", "addressType specifies the type of address carried by this EndpointSlice."),
    column("Ports", "string", "ports specifies the list of network ports exposed by each endpoint in this slice."),
    column("Endpoints", "string", "endpoints is a list of unique endpoints in this slice."),
    AGE_COLUMN,
  ],
  cells: (es, now) => [nameOf(es), str(es.addressType), endpointSlicePorts(es.ports), endpointSliceEndpoints(es.endpoints), ageOf(es, now)],
};

/** storageutil.IsDefaultAnnotation: the GA or beta is-default-class annotation set to "true". */
function isDefaultStorageClass(sc: KubeObject): boolean {
  const a = sc.metadata?.annotations ?? {};
  return a["storageclass.kubernetes.io/is-default-class"] === "true" || a["storageclass.beta.kubernetes.io/is-default-class"] === "true";
}

export const STORAGE_CLASS_TABLE: TableDef = {
  columns: [
    NAME_COLUMN,
    column("Provisioner", "string", "provisioner indicates the type of the provisioner."),
    column("ReclaimPolicy", "string", "reclaimPolicy controls the reclaimPolicy for dynamically provisioned PersistentVolumes."),
    column("VolumeBindingMode", "string", "volumeBindingMode indicates how PersistentVolumeClaims should be provisioned and bound."),
    column("AllowVolumeExpansion", "string", "allowVolumeExpansion shows whether the storage class allow volume expand."),
    AGE_COLUMN,
  ],
  cells: (sc, now) => [
    isDefaultStorageClass(sc) ? `${nameOf(sc)} (default)` : nameOf(sc),
    str(sc.provisioner),
    str(sc.reclaimPolicy) || "Delete",
    str(sc.volumeBindingMode) || "Immediate",
    sc.allowVolumeExpansion === true,
    ageOf(sc, now),
  ],
};

export const RUNTIME_CLASS_TABLE: TableDef = {
  columns: [NAME_COLUMN, column("Handler", "string", "The CRI runtime handler."), AGE_COLUMN],
  cells: (rc, now) => [nameOf(rc), str(rc.handler), ageOf(rc, now)],
};

export const PRIORITY_CLASS_TABLE: TableDef = {
  columns: [
    NAME_COLUMN,
    column("Value", "integer", "value represents the integer value of this priority class."),
    column("Global-Default", "boolean", "Whether this is the default priority for pods without a priority class."),
    AGE_COLUMN,
    column("PreemptionPolicy", "string", "preemptionPolicy is the Policy for preempting pods with lower priority."),
  ],
  cells: (pc, now) => [nameOf(pc), int(pc.value), pc.globalDefault === true, ageOf(pc, now), str(pc.preemptionPolicy)],
};

/** intstr.IntOrString.String(), or "N/A" when unset. */
function intOrString(v: unknown): string {
  if (typeof v === "number") return String(Math.trunc(v));
  return typeof v === "string" ? v : "N/A";
}

export const POD_DISRUPTION_BUDGET_TABLE: TableDef = {
  columns: [
    NAME_COLUMN,
    column("Min Available", "string", "The minimum number of pods that must be available."),
    column("Max Unavailable", "string", "The maximum number of pods that may be unavailable."),
    column("Allowed Disruptions", "integer", "Calculated number of pods that may be disrupted at this time."),
    AGE_COLUMN,
  ],
  cells: (pdb, now) => [
    nameOf(pdb),
    intOrString(pdb.spec?.minAvailable),
    intOrString(pdb.spec?.maxUnavailable),
    int(pdb.status?.disruptionsAllowed),
    ageOf(pdb, now),
  ],
};
