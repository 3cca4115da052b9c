/**
 * The persistent volume controller as a control loop (`persistentvolume-binder`, kube-controller-manager's
 * persistentvolume-binder-controller; pkg/controller/volume/persistentvolume): binds claims to volumes,
 * provisions volumes of our provisioner, and reclaims volumes whose claims are gone.
 */
import { controllerUser } from "../../internal-client";
import type { ControllerApi } from "../framework/api";
import type { ControllerLoop } from "../framework/loop";
import { syncClaim } from "./claim-sync";
import { ANN_BIND_COMPLETED, PV_CONTROLLER_COMPONENT } from "./constants";
import { destroyVolumeObject, type DeleteVolumeStorage } from "./storage";
import { syncVolume } from "./volume-sync";
import { claimKey, parseBinderKey, volumeBinderWakes, volumeKey } from "./wakes";
import { PVS } from "./writes";

export interface VolumeBinderDeps {
  /** Removes a deleted volume's storage (the lead's VolumeDO by default). */
  deleteVolumeStorage: DeleteVolumeStorage;
}

const CLAIMS = "/api/v1/persistentvolumeclaims";

/** Reconciles one key: a claim, a volume, or every claim not bound yet (one at a time; errors retried together). */
export async function syncVolumeBinderKey(api: ControllerApi, key: string, deps: VolumeBinderDeps): Promise<void> {
  const k = parseBinderKey(key);
  if (!k) return;
  if (k.kind === "volume") {
    const volume = await api.get(`${PVS}/${k.name}`);
    if (volume) await syncVolume(api, volume, deps.deleteVolumeStorage);
    return;
  }
  if (k.kind === "claim") {
    const claim = await api.get(`/api/v1/namespaces/${k.namespace}/persistentvolumeclaims/${k.name}`);
    if (claim) await syncClaim(api, claim, deps.deleteVolumeStorage);
    return;
  }
  const pending = (await api.list(CLAIMS)).filter((c) => c.metadata?.annotations?.[ANN_BIND_COMPLETED] === undefined);
  let failure: unknown;
  for (const claim of pending) {
    try {
      await syncClaim(api, claim, deps.deleteVolumeStorage);
    } catch (e) {
      failure ??= e;
    }
  }
  if (failure) throw failure;
}

export function newVolumeBinderLoop(deps: VolumeBinderDeps): ControllerLoop {
  return {
    name: "persistentvolume-binder",
    user: controllerUser("persistent-volume-binder"),
    component: PV_CONTROLLER_COMPONENT,
    wakes: volumeBinderWakes,
    sync: (api, key) => syncVolumeBinderKey(api, key, deps),
    async resyncKeys(api) {
      const [claims, volumes] = await Promise.all([api.list(CLAIMS), api.list(PVS)]);
      return [...claims.map((c) => claimKey(c.metadata?.namespace, c.metadata?.name)), ...volumes.map((v) => volumeKey(v.metadata?.name))];
    },
  };
}

export const volumeBinderLoop: ControllerLoop = newVolumeBinderLoop({ deleteVolumeStorage: destroyVolumeObject });
