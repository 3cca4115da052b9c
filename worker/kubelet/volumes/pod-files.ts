/**
 * The file operations of one container over its mounts, as Node's `fs/promises` answers them: a path is cleaned
 * and resolved to its mount (container-path.ts); writable volumes go to their VolumeDO, data volumes are read
 * from the props; writes to a read-only mount are EROFS, paths outside every mount ENOENT (there is no image
 * root file system to fall back on), mount points and the directories leading to them are directories. Outcomes
 * are FsResult values; pod-volumes.ts throws them at the RPC edge.
 */
import { Buffer } from "node:buffer";
import { cleanContainerPath, mountTable, resolveContainerPath, type ContainerPath, type Mount, type PodVolumesProps } from "./container-path";
import { dataList, dataRead, dataStat } from "./data-volume";
import { fileBytes } from "./file-chunks";
import { fsError, fsFail, type FsResult, type FsSyscall } from "./fs-errors";
import type { VolumeEntry, VolumeResult, VolumeStat } from "./volume-tree";

/** The VolumeDO's RPC surface as PodFiles uses it (a `DurableObjectStub<VolumeDO>`, or the FileStore in tests). */
export interface VolumeStore {
  read(path: string): Promise<VolumeResult<Uint8Array>>;
  write(path: string, data: Uint8Array | string): Promise<VolumeResult<VolumeStat>>;
  append(path: string, data: Uint8Array | string): Promise<VolumeResult<VolumeStat>>;
  list(dir: string): Promise<VolumeResult<VolumeEntry[]>>;
  stat(path: string): Promise<VolumeResult<VolumeStat>>;
  delete(path: string): Promise<VolumeResult<null>>;
}

export type OpenVolume = (handle: string) => VolumeStore;

/** `stat` as PodVolumes answers it (a plain value: Node's Stats methods do not cross RPC). */
export interface PodFileStat {
  type: "file" | "directory";
  size: number;
  mtimeMs: number;
}

/** `readFile`'s second argument as Node takes it: an encoding name or `{ encoding }`; none = bytes. */
export type ReadFileOptions = string | { encoding?: string | null } | null | undefined;

type Located = { ok: true; at: ContainerPath } | { ok: false; error: ReturnType<typeof fsError> };

/** A volume's refusal as Node reports it: read(2)/write(2) errors name no path (`EISDIR: …, read`, `ENOSPC: …, write`). */
function fromVolume<T>(result: VolumeResult<unknown> & { ok: false }, syscall: FsSyscall, path: string, reading = false): FsResult<T> {
  if (result.code === "ENOSPC") return fsFail("ENOSPC", "write");
  if (result.code === "EISDIR" && reading) return fsFail("EISDIR", "read");
  return fsFail(result.code, syscall, path);
}

/** A mount point, or a directory leading to one: a directory whatever its volume holds. */
const isMountDir = (at: ContainerPath): boolean => at.mountChildren.length > 0 || at.mount?.mount.mountPath === at.path;

const encodingOf = (options: ReadFileOptions): string | null | undefined => (typeof options === "object" && options !== null ? options.encoding : options);

/** One container's files. */
export class PodFiles {
  readonly #table: Mount[];

  constructor(
    props: PodVolumesProps,
    private readonly open: OpenVolume,
  ) {
    this.#table = mountTable(props);
  }

  #locate(path: unknown, syscall: FsSyscall): Located {
    const clean = cleanContainerPath(path);
    if (clean === null) return { ok: false, error: fsError("EINVAL", syscall, typeof path === "string" ? path : undefined) };
    return { ok: true, at: resolveContainerPath(clean, this.#table) };
  }

  /** The file's bytes, or its text in `encoding` (any Buffer encoding: `utf8`, `base64`, `hex`, …). */
  async readFile(path: unknown, options?: ReadFileOptions): Promise<FsResult<string | Uint8Array>> {
    const encoding = encodingOf(options);
    if (encoding != null && !Buffer.isEncoding(encoding)) return fsFail("EINVAL", "open", String(path));
    const loc = this.#locate(path, "open");
    if (!loc.ok) return loc;
    const { at } = loc;
    if (isMountDir(at)) return fsFail("EISDIR", "read");
    if (!at.mount) return fsFail("ENOENT", "open", at.path);
    const { source } = at.mount.mount;
    const read = source.kind === "data" ? dataRead(source.files, at.mount.volumePath) : await this.open(source.handle).read(at.mount.volumePath);
    if (!read.ok) return fromVolume(read, "open", at.path, true);
    const bytes = typeof read.value === "string" ? Buffer.from(read.value, "utf8") : read.value;
    if (encoding == null) return { ok: true, value: typeof read.value === "string" ? new Uint8Array(bytes) : read.value };
    return { ok: true, value: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString(encoding as BufferEncoding) };
  }

  /** Creates or replaces a file (text as UTF-8), and the directories above it within the volume. */
  writeFile(path: unknown, data: unknown): Promise<FsResult<null>> {
    return this.#write(path, data, "write");
  }

  /** Appends to a file, creating it when missing. */
  appendFile(path: unknown, data: unknown): Promise<FsResult<null>> {
    return this.#write(path, data, "append");
  }

  async #write(path: unknown, data: unknown, mode: "write" | "append"): Promise<FsResult<null>> {
    const loc = this.#locate(path, "open");
    if (!loc.ok) return loc;
    const { at } = loc;
    const bytes = fileBytes(data);
    if (bytes === null) return fsFail("EINVAL", "write");
    if (isMountDir(at)) return fsFail("EISDIR", "open", at.path);
    if (!at.mount) return fsFail("ENOENT", "open", at.path);
    const { source } = at.mount.mount;
    if (source.kind === "data" || source.readOnly) return fsFail("EROFS", "open", at.path);
    const store = this.open(source.handle);
    const out = mode === "append" ? await store.append(at.mount.volumePath, bytes) : await store.write(at.mount.volumePath, bytes);
    return out.ok ? { ok: true, value: null } : fromVolume(out, "open", at.path);
  }

  /** The names in a directory, sorted; mount points below it included. */
  async readdir(path: unknown): Promise<FsResult<string[]>> {
    const loc = this.#locate(path, "scandir");
    if (!loc.ok) return loc;
    const { at } = loc;
    if (!at.mount) return at.mountChildren.length > 0 ? { ok: true, value: at.mountChildren } : fsFail("ENOENT", "scandir", at.path);
    const listed = await this.#list(at.mount.mount, at.mount.volumePath);
    let names: string[];
    if (listed.ok) names = listed.value.map((e) => e.name);
    else if (listed.code === "ENOENT" && isMountDir(at)) names = [];
    else return fromVolume(listed, "scandir", at.path);
    return { ok: true, value: [...new Set([...names, ...at.mountChildren])].sort() };
  }

  /** Removes a file; directories go with their last file. */
  async unlink(path: unknown): Promise<FsResult<null>> {
    const loc = this.#locate(path, "unlink");
    if (!loc.ok) return loc;
    const { at } = loc;
    if (isMountDir(at)) return fsFail("EISDIR", "unlink", at.path);
    if (!at.mount) return fsFail("ENOENT", "unlink", at.path);
    const { source } = at.mount.mount;
    if (source.kind === "data" || source.readOnly) return fsFail("EROFS", "unlink", at.path);
    const out = await this.open(source.handle).delete(at.mount.volumePath);
    return out.ok ? { ok: true, value: null } : fromVolume(out, "unlink", at.path);
  }

  /** A file's or directory's size and mtime (a directory's size: the bytes under it). */
  async stat(path: unknown): Promise<FsResult<PodFileStat>> {
    const loc = this.#locate(path, "stat");
    if (!loc.ok) return loc;
    const { at } = loc;
    const mountPoint = isMountDir(at);
    if (!at.mount) return mountPoint ? { ok: true, value: { type: "directory", size: 0, mtimeMs: 0 } } : fsFail("ENOENT", "stat", at.path);
    const { source } = at.mount.mount;
    const st = source.kind === "data" ? dataStat(source.files, at.mount.volumePath) : await this.open(source.handle).stat(at.mount.volumePath);
    if (st.ok) return { ok: true, value: { type: st.value.dir ? "directory" : "file", size: st.value.size, mtimeMs: st.value.mtime } };
    if (st.code === "ENOENT" && mountPoint) return { ok: true, value: { type: "directory", size: 0, mtimeMs: 0 } };
    return fromVolume(st, "stat", at.path);
  }

  #list(mount: Mount, dir: string): Promise<VolumeResult<VolumeEntry[]>> | VolumeResult<VolumeEntry[]> {
    return mount.source.kind === "data" ? dataList(mount.source.files, dir) : this.open(mount.source.handle).list(dir);
  }
}
