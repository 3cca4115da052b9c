/**
 * The paths the PV controller reads and writes, and its writes that must succeed (a conflict or a refusal throws:
 * the key is retried with back-off, as upstream retries a failed save on the next sync).
 */
import type { KubeObject } from "../../../schema/types";
import { rfc3339 } from "../../handlers/context";
import type { ControllerApi } from "../framework/api";
import { volumeWithPhase } from "./binding";

type Obj = KubeObject;

export const PVS = "/api/v1/persistentvolumes";
export const CLASSES = "/apis/storage.k8s.io/v1/storageclasses";
export const pvPath = (name: string) => `${PVS}/${name}`;
export const pvcPath = (claim: Obj) => `/api/v1/namespaces/${claim.metadata?.namespace}/persistentvolumeclaims/${claim.metadata?.name}`;

/** A PUT that must succeed (a conflict retries the key with back-off); the stored object. */
export async function put(api: ControllerApi, path: string, obj: Obj, what: string): Promise<Obj> {
  return (await api.expect(api.update(path, obj), what)).body;
}

/** updateVolumePhase: the volume as stored after the write (or as it was, when already in `phase`). */
export async function updateVolumePhase(api: ControllerApi, volume: Obj, phase: string, message = ""): Promise<Obj> {
  const next = volumeWithPhase(volume, phase, message, rfc3339(api.now()));
  return next ? put(api, `${pvPath(volume.metadata.name)}/status`, next, `PUT persistentvolume ${volume.metadata.name} status`) : volume;
}

