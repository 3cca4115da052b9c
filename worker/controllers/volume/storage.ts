/**
 * The storage behind a volume our provisioner made: the VolumeDO named by the PV's CSI volumeHandle
 * (durable-objects/volume). Deleting it is the in-tree deleter's Delete().
 */
import { VolumeDO } from "../../../durable-objects/volume/volume-do";
import type { Env } from "../../env";

/** Removes a volume's storage; a throw is the deleter's error (VolumeFailedDelete, retried). */
export type DeleteVolumeStorage = (env: Env, handle: string) => Promise<void>;

interface Destroyable {
  destroy(): Promise<void>;
}

/** `VOLUMES.get(idFromName(handle)).destroy()`, when the binding exists and VolumeDO has that method. */
export const destroyVolumeObject: DeleteVolumeStorage = async (env, handle) => {
  const volumes = env.VOLUMES;
  if (!volumes || typeof (VolumeDO.prototype as Partial<Destroyable>).destroy !== "function") return;
  const stub = volumes.get(volumes.idFromName(handle)) as unknown as Destroyable;
  await stub.destroy();
};
