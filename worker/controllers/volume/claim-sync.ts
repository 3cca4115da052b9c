/**
 * syncClaim through the API: reads the claim's world, decides (claim-plan.ts) and writes as the PV controller
 * does — bind() in its four steps (volume, volume status, claim, claim status), each skipped when already done.
 */
import type { KubeObject } from "../../../schema/types";
import type { ControllerApi } from "../framework/api";
import { claimBoundToVolume, claimWithStatus, volumeBoundToClaim } from "./binding";
import { decideClaim, type ClaimDecision, type ClaimWorld } from "./claim-plan";
import { isDelayBindingClass } from "./classes";
import { ANN_BIND_COMPLETED } from "./constants";
import { claimWithProvisioner, provisionedVolume, provisionedVolumeName } from "./provision";
import type { DeleteVolumeStorage } from "./storage";
import { CLASSES, put, pvcPath, pvPath, PVS, updateVolumePhase } from "./writes";

type Obj = KubeObject;

const claimKeyOf = (claim: Obj) => `${claim.metadata?.namespace}/${claim.metadata?.name}`;

async function updateClaimStatus(api: ControllerApi, claim: Obj, phase: string, volume?: Obj): Promise<Obj> {
  const next = claimWithStatus(claim, phase, volume);
  return next ? put(api, `${pvcPath(claim)}/status`, next, `PUT persistentvolumeclaim ${claimKeyOf(claim)} status`) : claim;
}

/** bind: volume first (claimRef, then phase Bound), then the claim (volumeName, then status Bound). */
export async function bind(api: ControllerApi, volume: Obj, claim: Obj): Promise<void> {
  let v = volume;
  const bound = volumeBoundToClaim(v, claim);
  if (bound) v = await put(api, pvPath(v.metadata.name), bound, `PUT persistentvolume ${v.metadata.name}`);
  v = await updateVolumePhase(api, v, "Bound");
  let c = claim;
  const named = claimBoundToVolume(c, v);
  if (named) c = await put(api, pvcPath(c), named, `PUT persistentvolumeclaim ${claimKeyOf(c)}`);
  await updateClaimStatus(api, c, "Bound", v);
}

/** What syncClaim reads: every PV, and for a claim not bound yet the classes and (WaitForFirstConsumer) the pods. */
export async function claimWorld(api: ControllerApi, claim: Obj): Promise<ClaimWorld> {
  const unbound = claim.metadata?.annotations?.[ANN_BIND_COMPLETED] === undefined;
  const [volumes, classes] = await Promise.all([api.list(PVS), unbound ? api.list(CLASSES) : Promise.resolve([])]);
  const pods = unbound && classes.some(isDelayBindingClass) ? await api.list(`/api/v1/namespaces/${claim.metadata?.namespace}/pods`) : [];
  return { volumes, classes, pods };
}

export async function syncClaim(api: ControllerApi, claim: Obj, deleteVolumeStorage: DeleteVolumeStorage): Promise<void> {
  const world = await claimWorld(api, claim);
  await apply(api, claim, world, decideClaim(claim, world), deleteVolumeStorage);
}

async function apply(api: ControllerApi, claim: Obj, world: ClaimWorld, d: ClaimDecision, deleteVolumeStorage: DeleteVolumeStorage): Promise<void> {
  switch (d.kind) {
    case "bind":
      return bind(api, d.volume, claim);
    case "assign-default-class": {
      const next = structuredClone(claim);
      next.spec.storageClassName = d.className;
      const res = await api.update(pvcPath(claim), next);
      // 422: an API without RetroactiveDefaultStorageClass's update rule; go on with the class assumed.
      if (res.status === 422) return apply(api, claim, world, decideClaim(claim, world, d.className), deleteVolumeStorage);
      await api.expect(Promise.resolve(res), `PUT persistentvolumeclaim ${claimKeyOf(claim)}`);
      return;
    }
    case "provision":
      return provision(api, claim, d, deleteVolumeStorage);
    case "external": {
      const c = await setClaimProvisioner(api, claim, d.provisioner);
      const msg =
        `Waiting for a volume to be created either by the external provisioner '${d.provisioner}' or manually by the system administrator. ` +
        "If volume creation is delayed, please verify that the provisioner is running and correctly registered.";
      await api.event(c, "Normal", "ExternalProvisioning", msg);
      return;
    }
    case "provisioning-failed":
      await api.event(claim, "Warning", "ProvisioningFailed", d.message);
      return;
    case "pending":
      if (d.event) await api.event(claim, d.event.type, d.event.reason, d.event.message);
      await updateClaimStatus(api, claim, "Pending");
      return;
    case "retry":
      await api.event(claim, d.event.type, d.event.reason, d.event.message);
      throw new Error(d.error);
    case "lost": {
      if (claim.status?.phase === "Lost") return;
      const c = await updateClaimStatus(api, claim, "Lost");
      await api.event(c, d.event.type, d.event.reason, d.event.message);
      return;
    }
  }
}

async function setClaimProvisioner(api: ControllerApi, claim: Obj, provisioner: string): Promise<Obj> {
  const next = claimWithProvisioner(claim, provisioner);
  return next ? put(api, pvcPath(claim), next, `PUT persistentvolumeclaim ${claimKeyOf(claim)}`) : claim;
}

/**
 * provisionClaimOperation: annotate the claim, then save the PV unless it exists (its deterministic name makes a
 * second pass a no-op); the PV's write wakes the claim, whose next sync binds it.
 */
async function provision(api: ControllerApi, claim: Obj, d: Extract<ClaimDecision, { kind: "provision" }>, deleteVolumeStorage: DeleteVolumeStorage): Promise<void> {
  if (claim.spec?.dataSource || claim.spec?.dataSourceRef) {
    const msg = `Failed to provision volume with StorageClass "${d.className}": ${d.provisioner} does not support volume data sources`;
    await api.event(claim, "Warning", "ProvisioningFailed", msg);
    return;
  }
  const c = await setClaimProvisioner(api, claim, d.provisioner);
  const name = provisionedVolumeName(c);
  if (await api.get(pvPath(name))) return;
  const pv = provisionedVolume(c, d.storageClass, d.className);
  const res = await api.create(PVS, pv);
  if (res.status === 409) return;
  if (res.status === 201) {
    await api.event(c, "Normal", "ProvisioningSucceeded", `Successfully provisioned volume ${name} using ${d.provisioner}`);
    return;
  }
  const why = res.body?.message ?? `status ${res.status}`;
  await api.event(c, "Warning", "ProvisioningFailed", `Error creating provisioned PV object for claim ${claimKeyOf(c)}: ${why}. Deleting the volume.`);
  try {
    await deleteVolumeStorage(api.env, pv.spec.csi.volumeHandle);
  } catch (e) {
    await api.event(c, "Warning", "ProvisioningCleanupFailed", `Error cleaning provisioned volume for claim ${claimKeyOf(c)}: ${String(e)}. Please delete manually.`);
  }
  throw new Error(`provisioning ${claimKeyOf(c)}: ${why}`);
}
