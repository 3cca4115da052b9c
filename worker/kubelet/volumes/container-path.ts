/**
 * Paths as a container sees them and the mounts they fall in. A path is made absolute from `/` (an isolate has no
 * working directory) and cleaned lexically as path.posix.resolve does (`.`, `..`, `//`; `..` at the root stays
 * there). A path belongs to the mount with the longest mountPath that contains it on a component boundary (the
 * kernel's mount lookup: `/data` holds `/data/x`, not `/database`); mounts below a path show up in its listing as
 * directories, as mount points do. Pure.
 */
import { absolutePath } from "../pod-env/container-mounts";
import { volumePath } from "./volume-tree";

/** A writable-volume mount (spec.containers[].volumeMounts[] of an emptyDir or a PVC). */
export interface VolumeMount {
  /** The VolumeDO's name (handles.ts). */
  handle: string;
  readOnly: boolean;
  /** volumeMounts[].subPath: the directory of the volume mounted instead of its root. */
  subPath?: string;
}

/** PodVolumes' props: one container's mounts. */
export interface PodVolumesProps {
  /** mountPath → the volume mounted there. */
  mounts: Record<string, VolumeMount>;
  /** mountPath → file → text: the read-only data volumes (configMap, secret, downwardAPI, projected), as env.KUBE.volumes. */
  data?: Record<string, Record<string, string>>;
}

export type MountSource = { kind: "volume"; handle: string; readOnly: boolean } | { kind: "data"; files: Readonly<Record<string, string>> };

export interface Mount {
  mountPath: string;
  source: MountSource;
  /** The volume path the mount point shows (subPath, or the root `""`). */
  root: string;
}

/** A path in a container: its cleaned form, the mount holding it (and the path inside the volume), and the mount points below it. */
export interface ContainerPath {
  path: string;
  mount: { mount: Mount; volumePath: string } | null;
  /** Names of the directories below `path` that lead to other mounts (`/a` with `/a/b/c` mounted → `b`). */
  mountChildren: string[];
}

/** `path` absolute and clean, or null when it is not a string or holds NUL. */
export function cleanContainerPath(path: unknown): string | null {
  if (typeof path !== "string" || path.includes("\0")) return null;
  return absolutePath(path);
}

const contains = (mountPath: string, path: string): boolean => mountPath === "/" || path === mountPath || path.startsWith(`${mountPath}/`);

/** The mounts of the props, longest mountPath first; a writable volume wins over data on the same path; bad entries are skipped. */
export function mountTable(props: PodVolumesProps): Mount[] {
  const byPath = new Map<string, Mount>();
  for (const [mountPath, files] of Object.entries(props.data ?? {})) {
    const at = cleanContainerPath(mountPath);
    if (at !== null) byPath.set(at, { mountPath: at, source: { kind: "data", files }, root: "" });
  }
  for (const [mountPath, m] of Object.entries(props.mounts ?? {})) {
    const at = cleanContainerPath(mountPath);
    const root = volumePath(m.subPath ?? "");
    if (at !== null && root.ok && typeof m.handle === "string") byPath.set(at, { mountPath: at, source: { kind: "volume", handle: m.handle, readOnly: m.readOnly === true }, root: root.value });
  }
  return [...byPath.values()].sort((a, b) => b.mountPath.length - a.mountPath.length || (a.mountPath < b.mountPath ? -1 : 1));
}

/** Where `path` (already clean) is: the innermost mount containing it, and the mount points below it. */
export function resolveContainerPath(path: string, table: readonly Mount[]): ContainerPath {
  const holder = table.find((m) => contains(m.mountPath, path));
  const prefix = path === "/" ? "/" : `${path}/`;
  const below = new Set<string>();
  for (const m of table) if (m.mountPath.startsWith(prefix) && m.mountPath !== path) below.add(m.mountPath.slice(prefix.length).split("/")[0]);
  if (!holder) return { path, mount: null, mountChildren: [...below].sort() };
  const inside = path.slice(holder.mountPath === "/" ? 1 : holder.mountPath.length + 1);
  const volumePath = [holder.root, inside].filter((s) => s !== "").join("/");
  return { path, mount: { mount: holder, volumePath }, mountChildren: [...below].sort() };
}
