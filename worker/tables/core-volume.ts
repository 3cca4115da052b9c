/** core/v1 PersistentVolume and PersistentVolumeClaim tables: upstream printPersistentVolume(Claim). */
import { arr, ageOf, nameOf, quantity, str } from "./format";
import { AGE_COLUMN, NAME_COLUMN, column, type KubeObject, type TableDef } from "./types";

/** The beta annotation that, when present, overrides spec.storageClassName (helper.GetPersistentVolume(Claim)Class). */
const BETA_STORAGE_CLASS_ANNOTATION = "volume.beta.kubernetes.io/storage-class";

const ACCESS_MODE_ABBREVIATIONS: [mode: string, short: string][] = [
  ["ReadWriteOnce", "RWO"],
  ["ReadOnlyMany", "ROX"],
  ["ReadWriteMany", "RWX"],
  ["ReadWriteOncePod", "RWOP"],
];

/** helper.GetAccessModesAsString: abbreviations in a fixed order (RWO, ROX, RWX, RWOP), joined by ",". */
export function accessModesString(modes: unknown): string {
  const set = new Set(arr<string>(modes));
  return ACCESS_MODE_ABBREVIATIONS.filter(([m]) => set.has(m))
    .map(([, s]) => s)
    .join(",");
}

function storageClass(obj: KubeObject): string {
  const annotations = obj.metadata?.annotations ?? {};
  if (BETA_STORAGE_CLASS_ANNOTATION in annotations) return str(annotations[BETA_STORAGE_CLASS_ANNOTATION]);
  return str(obj.spec?.storageClassName);
}

/** Phase, or "Terminating" once deletion has started. */
function phase(obj: KubeObject): string {
  return obj.metadata?.deletionTimestamp != null ? "Terminating" : str(obj.status?.phase);
}

const VAC_DESCRIPTION = "VolumeAttributesClass of the volume";

export const PERSISTENT_VOLUME_TABLE: TableDef = {
  columns: [
    NAME_COLUMN,
    column("Capacity", "string", "capacity is the description of the persistent volume's resources and capacity."),
    column("Access Modes", "string", "accessModes contains all ways the volume can be mounted."),
    column("Reclaim Policy", "string", "What happens to the volume when released from its claim."),
    column("Status", "string", "phase indicates if a volume is available, bound to a claim, or released by a claim."),
    column("Claim", "string", "claimRef is part of a bi-directional binding between PersistentVolume and PersistentVolumeClaim."),
    column("StorageClass", "string", "StorageClass of the pv"),
    column("VolumeAttributesClass", "string", VAC_DESCRIPTION),
    column("Reason", "string", "reason is a brief CamelCase string that describes any failure."),
    AGE_COLUMN,
    column("VolumeMode", "string", "Filesystem or Block.", 1),
  ],
  cells(pv, now) {
    const spec = pv.spec ?? {};
    const claim = spec.claimRef ? `${str(spec.claimRef.namespace)}/${str(spec.claimRef.name)}` : "";
    return [
      nameOf(pv),
      quantity(spec.capacity?.storage),
      accessModesString(spec.accessModes),
      str(spec.persistentVolumeReclaimPolicy),
      phase(pv),
      claim,
      storageClass(pv),
      str(spec.volumeAttributesClassName) || "<unset>",
      str(pv.status?.reason),
      ageOf(pv, now),
      str(spec.volumeMode) || "<unset>",
    ];
  },
};

export const PERSISTENT_VOLUME_CLAIM_TABLE: TableDef = {
  columns: [
    NAME_COLUMN,
    column("Status", "string", "phase represents the current phase of PersistentVolumeClaim."),
    column("Volume", "string", "volumeName is the binding reference to the PersistentVolume backing this claim."),
    column("Capacity", "string", "capacity represents the actual resources of the underlying volume."),
    column("Access Modes", "string", "accessModes contains the actual access modes the volume backing the PVC has."),
    column("StorageClass", "string", "StorageClass of the pvc"),
    column("VolumeAttributesClass", "string", VAC_DESCRIPTION),
    AGE_COLUMN,
    column("VolumeMode", "string", "volumeMode defines what type of volume is required by the claim.", 1),
  ],
  cells(pvc, now) {
    const spec = pvc.spec ?? {};
    const bound = str(spec.volumeName) !== "";
    return [
      nameOf(pvc),
      phase(pvc),
      str(spec.volumeName),
      // Capacity and access modes are only shown once the claim names its volume.
      bound ? quantity(pvc.status?.capacity?.storage) : "",
      bound ? accessModesString(pvc.status?.accessModes) : "",
      storageClass(pvc),
      str(spec.volumeAttributesClassName) || "<unset>",
      ageOf(pvc, now),
      str(spec.volumeMode) || "<unset>",
    ];
  },
};
