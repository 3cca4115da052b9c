/**
 * VolumeDO: the storage of one volume, named by its handle (worker/kubelet/volumes/handles.ts): a provisioned
 * PersistentVolume (`pvc-<claim uid>`) or one pod's emptyDir (`emptydir/<pod uid>/<volume name>`). A thin RPC
 * shell over FileStore (file-store.ts); pods reach it through the PodVolumes entrypoint, never directly.
 */
import { DurableObject } from "cloudflare:workers";
import type { Env } from "../../worker/env";
import type { VolumeUsage } from "../../worker/kubelet/volumes/capacity";
import type { VolumeEntry, VolumeResult, VolumeStat } from "../../worker/kubelet/volumes/volume-tree";
import { FileStore } from "./file-store";

export class VolumeDO extends DurableObject<Env> {
  readonly #files: FileStore;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.#files = new FileStore(ctx.storage);
  }

  /** A file's bytes; ENOENT, EISDIR, ENOTDIR, EINVAL (a path with `..`). */
  read(path: string): VolumeResult<Uint8Array> {
    return this.#files.read(path);
  }

  /** Creates or replaces a file (text as UTF-8), and the directories above it; ENOSPC past the limit. */
  write(path: string, data: Uint8Array | string): VolumeResult<VolumeStat> {
    return this.#files.write(path, data, Date.now(), "replace");
  }

  /** Appends to a file, creating it when missing. */
  append(path: string, data: Uint8Array | string): VolumeResult<VolumeStat> {
    return this.#files.write(path, data, Date.now(), "append");
  }

  /** A directory's children by name (`""` or `/` is the root). */
  list(dir: string): VolumeResult<VolumeEntry[]> {
    return this.#files.list(dir);
  }

  stat(path: string): VolumeResult<VolumeStat> {
    return this.#files.stat(path);
  }

  /** Removes a file (directories go with their last file). */
  delete(path: string): VolumeResult<null> {
    return this.#files.delete(path);
  }

  usage(): VolumeUsage {
    return this.#files.usage();
  }

  /** The volume's capacity in bytes (null: none); writes that would go past it answer ENOSPC. */
  setLimit(bytes: number | null): VolumeResult<VolumeUsage> {
    return this.#files.setLimit(bytes);
  }

  /** Deletes everything the volume holds (its PersistentVolume or emptyDir is gone). */
  destroy(): Promise<void> {
    return this.#files.destroy();
  }
}
