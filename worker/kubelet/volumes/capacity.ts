/**
 * A volume's capacity: the bytes its files may take (a PersistentVolume's `spec.capacity.storage`, an emptyDir's
 * `sizeLimit`; none = unlimited). A write that would take the volume past it fails with ENOSPC, as a full tmpfs
 * (emptyDir `medium: Memory` is sized by sizeLimit) or block device answers write(2); the kubelet's eviction of
 * pods over an emptyDir sizeLimit is not modelled. A write that shrinks a file always fits, so a volume whose
 * limit was lowered below its usage can still be cleaned up. Pure.
 */
import { volumeFail, type VolumeResult } from "./volume-tree";

/** What a volume holds and may hold. */
export interface VolumeUsage {
  /** Total size of its files. */
  bytes: number;
  files: number;
  /** Capacity in bytes, or null for none. */
  limit: number | null;
}

/** The volume's bytes once a file of `oldSize` bytes (0 when new) becomes `newSize` bytes; ENOSPC past the limit. */
export function checkCapacity(usage: Pick<VolumeUsage, "bytes" | "limit">, oldSize: number, newSize: number): VolumeResult<number> {
  const bytes = usage.bytes - oldSize + newSize;
  if (usage.limit !== null && bytes > usage.limit && newSize > oldSize) {
    return volumeFail("ENOSPC", `no space left on volume: ${newSize - oldSize} more bytes would make ${bytes}, over its limit of ${usage.limit}`);
  }
  return { ok: true, value: bytes };
}

/** A capacity as setLimit takes it: a non-negative whole number of bytes, or null for none. */
export function volumeLimit(bytes: unknown): VolumeResult<number | null> {
  if (bytes === null || bytes === undefined) return { ok: true, value: null };
  if (typeof bytes === "number" && Number.isSafeInteger(bytes) && bytes >= 0) return { ok: true, value: bytes };
  return volumeFail("EINVAL", `volume limit must be a non-negative whole number of bytes or null, not ${JSON.stringify(bytes)}`);
}
