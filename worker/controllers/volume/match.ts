/**
 * Which PersistentVolume a claim may have: the volume index of the PV controller (pkg/controller/volume/
 * persistentvolume/index.go findBestMatchForClaim, allPossibleMatchingAccessModes) over k8s.io/component-helpers/
 * storage/volume FindMatchingVolume, and checkVolumeSatisfyClaim for a claim that names its volume. Pure.
 */
import type { KubeObject } from "../../../schema/types";
import { parseQuantity } from "../../../schema/validation/quantity";
import { labelSelectorFromObject, matchLabels } from "../../selectors";
import { ANN_BETA_STORAGE_CLASS } from "./constants";

type Obj = KubeObject;

/** v1helper.GetAccessModesAsString's order. */
const ACCESS_MODE_ORDER = ["ReadWriteOnce", "ReadOnlyMany", "ReadWriteMany", "ReadWriteOncePod"];

/** GetPersistentVolumeClaimClass: the beta annotation wins over spec.storageClassName; "" for none. */
export function claimClass(claim: Obj): string {
  const beta = claim.metadata?.annotations?.[ANN_BETA_STORAGE_CLASS];
  if (typeof beta === "string") return beta;
  return typeof claim.spec?.storageClassName === "string" ? claim.spec.storageClassName : "";
}

/** PersistentVolumeClaimHasClass: the user chose a class (an explicit "" included). */
export function claimHasClass(claim: Obj): boolean {
  return claim.metadata?.annotations?.[ANN_BETA_STORAGE_CLASS] !== undefined || typeof claim.spec?.storageClassName === "string";
}

/** GetPersistentVolumeClass. */
export function volumeClass(volume: Obj): string {
  const beta = volume.metadata?.annotations?.[ANN_BETA_STORAGE_CLASS];
  if (typeof beta === "string") return beta;
  return typeof volume.spec?.storageClassName === "string" ? volume.spec.storageClassName : "";
}

/** IsVolumeBoundToClaim: pre-bound or bound to this claim (name and namespace; the UID when the ref has one). */
export function isVolumeBoundToClaim(volume: Obj, claim: Obj): boolean {
  const ref = volume.spec?.claimRef;
  if (!ref) return false;
  if (ref.name !== claim.metadata?.name || ref.namespace !== claim.metadata?.namespace) return false;
  return !ref.uid || ref.uid === claim.metadata?.uid;
}

/** CheckAccessModes: the volume offers every mode the claim asks for. */
export function checkAccessModes(claim: Obj, volume: Obj): boolean {
  const offered = new Set<string>(volume.spec?.accessModes ?? []);
  return ((claim.spec?.accessModes ?? []) as string[]).every((m) => offered.has(m));
}

/** CheckVolumeModeMismatches (an unset mode is Filesystem). */
export function volumeModeMismatch(claim: Obj, volume: Obj): boolean {
  return (claim.spec?.volumeMode ?? "Filesystem") !== (volume.spec?.volumeMode ?? "Filesystem");
}

const requested = (claim: Obj): number => parseQuantity(claim.spec?.resources?.requests?.storage) ?? 0;
const capacity = (volume: Obj): number => parseQuantity(volume.spec?.capacity?.storage) ?? 0;

/** The claim's class for matching: its own, else `assumedClass` (the default class it is being given). */
const classFor = (claim: Obj, assumedClass?: string) => (claimHasClass(claim) ? claimClass(claim) : (assumedClass ?? ""));

/**
 * FindMatchingVolume over one access-mode group: a volume pre-bound (or provisioned) for the claim wins; else the
 * smallest Available, unclaimed volume of the claim's class, selector and volume mode that is big enough.
 * `delayBinding` (WaitForFirstConsumer, no node chosen) only returns a pre-bound volume.
 */
export function findMatchingVolume(claim: Obj, volumes: readonly Obj[], delayBinding: boolean, assumedClass?: string): Obj | undefined {
  const want = requested(claim);
  const cls = classFor(claim, assumedClass);
  const selector = claim.spec?.selector ? labelSelectorFromObject(claim.spec.selector) : undefined;
  let smallest: Obj | undefined;
  for (const volume of volumes) {
    const bound = isVolumeBoundToClaim(volume, claim);
    if (volume.spec?.claimRef && !bound) continue;
    const size = capacity(volume);
    if (size < want) continue;
    if (volumeModeMismatch(claim, volume)) continue;
    if (volume.metadata?.deletionTimestamp) continue;
    if (bound) return volume;
    if (delayBinding) continue;
    if (volume.status?.phase !== "Available") continue;
    if (selector && !(selector.ok && matchLabels(selector.requirements, volume.metadata?.labels ?? {}))) continue;
    if (volumeClass(volume) !== cls) continue;
    if (!smallest || capacity(smallest) > size) smallest = volume;
  }
  return smallest;
}

/** GetAccessModesAsString: the distinct modes in upstream's fixed order. */
function modesKey(modes: readonly string[] | undefined): string {
  const set = new Set(modes ?? []);
  return [...ACCESS_MODE_ORDER.filter((m) => set.has(m)), ...[...set].filter((m) => !ACCESS_MODE_ORDER.includes(m)).sort()].join(",");
}

/**
 * findBestMatchForClaim: volumes are grouped by their set of access modes; the groups offering every mode the
 * claim asks for are searched with the fewest modes first (what the user asked for, as closely as possible).
 * Within a group volumes are taken in name order (upstream's index order is unspecified).
 */
export function findBestMatchForClaim(claim: Obj, volumes: readonly Obj[], delayBinding: boolean, assumedClass?: string): Obj | undefined {
  const groups = new Map<string, Obj[]>();
  for (const v of [...volumes].sort((a, b) => String(a.metadata?.name).localeCompare(String(b.metadata?.name)))) {
    const key = modesKey(v.spec?.accessModes);
    groups.set(key, [...(groups.get(key) ?? []), v]);
  }
  const wanted: string[] = claim.spec?.accessModes ?? [];
  const candidates = [...groups.keys()]
    .map((key) => ({ key, modes: key ? key.split(",") : [] }))
    .filter((g) => wanted.every((m) => g.modes.includes(m)))
    .sort((a, b) => a.modes.length - b.modes.length || a.key.localeCompare(b.key));
  for (const g of candidates) {
    const found = findMatchingVolume(claim, groups.get(g.key)!, delayBinding, assumedClass);
    if (found) return found;
  }
  return undefined;
}

/** checkVolumeSatisfyClaim: why the volume a claim names cannot be bound to it, or undefined when it can. */
export function checkVolumeSatisfyClaim(volume: Obj, claim: Obj): string | undefined {
  if (volume.metadata?.deletionTimestamp) return `the volume is marked for deletion "${volume.metadata?.name}"`;
  if (Math.ceil(capacity(volume)) < Math.ceil(requested(claim))) return "requested PV is too small";
  if (volumeClass(volume) !== claimClass(claim)) return "storageClassName does not match";
  if (volumeModeMismatch(claim, volume)) return "incompatible volumeMode";
  if (!checkAccessModes(claim, volume)) return "incompatible accessMode";
  return undefined;
}
