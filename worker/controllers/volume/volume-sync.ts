/**
 * syncVolume through the API: the in-tree deletion finalizer kept right, then the decision of volume-plan.ts —
 * a phase, an unbind, or the claim gone: Released and the reclaim policy (deleteVolumeOperation for Delete).
 */
import type { KubeObject } from "../../../schema/types";
import type { ControllerApi } from "../framework/api";
import { unboundVolume } from "./binding";
import { FINALIZER_PV_CONTROLLER } from "./constants";
import { volumeFinalizers } from "./provision";
import type { DeleteVolumeStorage } from "./storage";
import { decideVolume, mismatchMessages, reclaimAction } from "./volume-plan";
import { put, pvPath, updateVolumePhase } from "./writes";

type Obj = KubeObject;

const what = (volume: Obj) => `PUT persistentvolume ${volume.metadata?.name}`;

export async function syncVolume(api: ControllerApi, volume: Obj, deleteVolumeStorage: DeleteVolumeStorage): Promise<void> {
  let v = volume;
  const finalizers = volumeFinalizers(v);
  if (finalizers) v = await put(api, pvPath(v.metadata.name), { ...v, metadata: { ...v.metadata, finalizers } }, what(v));
  const ref = v.spec?.claimRef;
  const claim = ref?.uid ? await api.get(`/api/v1/namespaces/${ref.namespace}/persistentvolumeclaims/${ref.name}`) : undefined;
  const d = decideVolume(v, claim);
  switch (d.kind) {
    case "none":
      return;
    case "phase":
      await updateVolumePhase(api, v, d.phase);
      return;
    case "mismatch": {
      const [forVolume, forClaim] = mismatchMessages(v, d.claim);
      await api.event(v, "Warning", "VolumeMismatch", forVolume);
      await api.event(d.claim, "Warning", "VolumeMismatch", forClaim);
      return;
    }
    case "unbind": {
      const next = await put(api, pvPath(v.metadata.name), unboundVolume(v), what(v));
      await updateVolumePhase(api, next, "Available");
      return;
    }
    case "reclaim":
      // A Failed volume stays Failed (the user sees what went wrong) while the reclaim is retried.
      if (v.status?.phase !== "Released" && v.status?.phase !== "Failed") v = await updateVolumePhase(api, v, "Released");
      return reclaimVolume(api, v, deleteVolumeStorage);
  }
}

/** updateVolumePhaseWithEvent: the event only when the phase changes. */
async function failVolume(api: ControllerApi, volume: Obj, reason: string, message: string): Promise<void> {
  if (volume.status?.phase === "Failed") return;
  const next = await updateVolumePhase(api, volume, "Failed", message);
  await api.event(next, "Warning", reason, message);
}

/**
 * reclaimVolume. Delete (deleteVolumeOperation): the storage first — a failure marks the volume Failed and is
 * retried —, then the in-tree finalizer, then the PV object.
 */
async function reclaimVolume(api: ControllerApi, volume: Obj, deleteVolumeStorage: DeleteVolumeStorage): Promise<void> {
  const action = reclaimAction(volume);
  if (action.kind === "none" || action.kind === "external") return;
  if (action.kind === "fail") return failVolume(api, volume, action.reason, action.message);
  try {
    await deleteVolumeStorage(api.env, action.handle);
  } catch (e) {
    await failVolume(api, volume, "VolumeFailedDelete", e instanceof Error ? e.message : String(e));
    throw e;
  }
  const path = pvPath(volume.metadata.name);
  if ((volume.metadata?.finalizers ?? []).includes(FINALIZER_PV_CONTROLLER)) {
    const finalizers = volume.metadata.finalizers.filter((f: string) => f !== FINALIZER_PV_CONTROLLER);
    await api.expect(api.update(path, { ...volume, metadata: { ...volume.metadata, finalizers } }), what(volume), [404]);
  }
  await api.expect(api.delete(path), `DELETE persistentvolume ${volume.metadata.name}`, [404]);
}
