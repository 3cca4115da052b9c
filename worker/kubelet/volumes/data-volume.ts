/**
 * The read-only data volumes (configMap, secret, downwardAPI, projected) as a file tree: the plain
 * `{ [file]: text }` the kubelet hands a container as `env.KUBE.volumes[mountPath]` (item paths may hold
 * directories: `items[].path: conf/app.conf`). Answers as the VolumeDO does. Pure.
 */
import { childrenOf, dirStat, pathKind, refusal, volumePath, type VolumeEntry, type VolumeFile, type VolumeResult, type VolumeStat } from "./volume-tree";

/** The files of a data volume; items whose path is not a clean relative path are left out. */
export function dataFiles(files: Readonly<Record<string, string>>): { file: VolumeFile; text: string }[] {
  const out: { file: VolumeFile; text: string }[] = [];
  for (const [name, text] of Object.entries(files)) {
    const p = volumePath(name);
    if (p.ok && p.value !== "" && typeof text === "string") out.push({ file: { path: p.value, size: new TextEncoder().encode(text).length, mtime: 0 }, text });
  }
  return out;
}

export function dataRead(files: Readonly<Record<string, string>>, path: string): VolumeResult<string> {
  const all = dataFiles(files);
  const refused = refusal<string>("read", pathKind(all.map((f) => f.file), path), path);
  return refused ?? { ok: true, value: all.find((f) => f.file.path === path)!.text };
}

export function dataList(files: Readonly<Record<string, string>>, dir: string): VolumeResult<VolumeEntry[]> {
  const all = dataFiles(files).map((f) => f.file);
  return refusal<VolumeEntry[]>("list", pathKind(all, dir), dir) ?? { ok: true, value: childrenOf(dir, all) };
}

export function dataStat(files: Readonly<Record<string, string>>, path: string): VolumeResult<VolumeStat> {
  const all = dataFiles(files).map((f) => f.file);
  const kind = pathKind(all, path);
  const refused = refusal<VolumeStat>("stat", kind, path);
  if (refused) return refused;
  const file = all.find((f) => f.path === path);
  return { ok: true, value: file ? { dir: false, size: file.size, mtime: file.mtime } : dirStat(all.filter((f) => path === "" || f.path.startsWith(`${path}/`))) };
}
