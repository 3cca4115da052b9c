/**
 * The shape of a volume's file tree, shared by the VolumeDO store and the plain-data mounts (configMap, secret,
 * downwardAPI, projected): files are keyed by a volume-relative path (`logs/a.txt`, no leading `/`; `""` is the
 * root) and directories are implied by the files under them (an empty directory does not exist, except the
 * root). Which operation a path's kind refuses, and with which errno, follows the Linux syscalls Node's fs calls:
 * open(2) on a directory for reading is EISDIR, a component that is a file is ENOTDIR, unlink(2) of a directory is
 * EISDIR (Linux, not POSIX's EPERM). Pure.
 */
import { normalizeLayerPath } from "../../images/rootfs";

/** Error codes a volume answers (EROFS is the mount's business, not the volume's). */
export type VolumeErrorCode = "ENOENT" | "EISDIR" | "ENOTDIR" | "ENOSPC" | "EINVAL";

/** A volume operation's outcome, as the VolumeDO answers it over RPC. */
export type VolumeResult<T> = { ok: true; value: T } | { ok: false; code: VolumeErrorCode; reason: string };

/** One stored file. */
export interface VolumeFile {
  path: string;
  size: number;
  /** Last modification, ms since the epoch. */
  mtime: number;
}

/** An entry of a directory listing; a directory's size is the bytes of the files under it, its mtime their latest. */
export interface VolumeEntry {
  name: string;
  size: number;
  mtime: number;
  dir: boolean;
}

export type VolumeStat = Omit<VolumeEntry, "name">;

/** What a path is in a volume: a file, a directory, nothing, or below a file (a component is not a directory). */
export type PathKind = "file" | "dir" | "missing" | "under-file";

export type VolumeOp = "read" | "write" | "append" | "list" | "delete" | "stat";

export const volumeFail = <T>(code: VolumeErrorCode, reason: string): VolumeResult<T> => ({ ok: false, code, reason });

/**
 * A path inside a volume, root-relative: leading slashes are dropped (`/a//b/` → `a/b`, `/` → the root `""`);
 * `..` components and NUL are refused (EINVAL) rather than resolved, so no path leaves the volume.
 */
export function volumePath(path: unknown): VolumeResult<string> {
  if (typeof path !== "string") return volumeFail("EINVAL", `volume path must be a string, not ${typeof path}`);
  const norm = normalizeLayerPath(path.replace(/^\/+/, ""));
  return norm.ok ? { ok: true, value: norm.value } : volumeFail("EINVAL", norm.reason.replace("the image root", "the volume"));
}

/** The directories above a path, outermost first: `a/b/c` → [`a`, `a/b`]. */
export function parentDirs(path: string): string[] {
  const parts = path.split("/");
  return parts.slice(1).map((_, i) => parts.slice(0, i + 1).join("/"));
}

/**
 * The key range holding everything under a directory, for an ordered (binary-collated) index: `dir/` ≤ key <
 * `dir0` (`0` follows `/` in ASCII); the root's range is unbounded.
 */
export function descendantRange(dir: string): { lower: string; upper: string | null } {
  return dir === "" ? { lower: "", upper: null } : { lower: `${dir}/`, upper: `${dir}0` };
}

export const isUnder = (dir: string, path: string): boolean => dir === "" || path.startsWith(`${dir}/`);

/** What `path` is among `files` (every file of the volume, or at least those on and under `path` and above it). */
export function pathKind(files: readonly VolumeFile[], path: string): PathKind {
  if (path === "") return "dir";
  if (files.some((f) => f.path === path)) return "file";
  if (files.some((f) => isUnder(path, f.path))) return "dir";
  const parents = new Set(parentDirs(path));
  return files.some((f) => parents.has(f.path)) ? "under-file" : "missing";
}

const REFUSALS: Readonly<Record<VolumeOp, Partial<Record<PathKind, VolumeErrorCode>>>> = {
  read: { dir: "EISDIR", missing: "ENOENT", "under-file": "ENOTDIR" },
  write: { dir: "EISDIR", "under-file": "ENOTDIR" },
  append: { dir: "EISDIR", "under-file": "ENOTDIR" },
  list: { file: "ENOTDIR", missing: "ENOENT", "under-file": "ENOTDIR" },
  delete: { dir: "EISDIR", missing: "ENOENT", "under-file": "ENOTDIR" },
  stat: { missing: "ENOENT", "under-file": "ENOTDIR" },
};

const KIND_TEXT: Readonly<Record<PathKind, string>> = { file: "is a file", dir: "is a directory", missing: "does not exist", "under-file": "is below a file" };

/** Whether `op` may go ahead on a path of that kind: null, or the refusal (write/append create missing files). */
export function refusal<T>(op: VolumeOp, kind: PathKind, path: string): VolumeResult<T> | null {
  const code = REFUSALS[op][kind];
  return code === undefined ? null : volumeFail(code, `${op} ${JSON.stringify(`/${path}`)}: the path ${KIND_TEXT[kind]}`);
}

/** The immediate children of `dir` among `files` (files under it), by name: files as they are, subdirectories summed. */
export function childrenOf(dir: string, files: readonly VolumeFile[]): VolumeEntry[] {
  const prefix = dir === "" ? "" : `${dir}/`;
  const children = new Map<string, VolumeEntry>();
  for (const f of files) {
    if (!f.path.startsWith(prefix) || f.path === dir) continue;
    const rest = f.path.slice(prefix.length);
    const slash = rest.indexOf("/");
    const name = slash < 0 ? rest : rest.slice(0, slash);
    const seen = children.get(name);
    if (slash < 0) children.set(name, { name, size: f.size, mtime: f.mtime, dir: false });
    else children.set(name, { name, size: (seen?.size ?? 0) + f.size, mtime: Math.max(seen?.mtime ?? 0, f.mtime), dir: true });
  }
  return [...children.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** A directory's stat from the files under it: their total size and latest mtime (0 for an empty root). */
export function dirStat(files: readonly VolumeFile[]): VolumeStat {
  return { dir: true, size: files.reduce((n, f) => n + f.size, 0), mtime: files.reduce((m, f) => Math.max(m, f.mtime), 0) };
}
