/**
 * PodVolumes: a container's volumes as an RPC entrypoint of the main Worker, handed to the container's isolate as
 * `env.VOLUMES` (README.md beside this file). Its props name the container's mounts; the files of writable
 * volumes live in VolumeDOs (durable-objects/volume), so a recreated pod reading the same claim sees what an
 * earlier one wrote. Like PodNetwork it is reached as `ctx.exports.PodVolumes({ props })`, since an isolate can
 * only be given bindings, not the kubelet's objects. Failures reject with an Error carrying Node's `code`,
 * `errno`, `syscall` and `path` (fs-errors.ts): own properties of errors cross workerd RPC.
 */
import { WorkerEntrypoint } from "cloudflare:workers";
import type { Env } from "../../env";
import type { PodVolumesProps } from "./container-path";
import { toThrowable, type FsResult } from "./fs-errors";
import { PodFiles, type PodFileStat, type ReadFileOptions } from "./pod-files";

function unwrap<T>(result: FsResult<T>): T {
  if (!result.ok) throw toThrowable(result.error);
  return result.value;
}

/** The volumes entrypoint; the main Worker must export it (worker/index.ts) as `PodVolumes`. */
export class PodVolumes extends WorkerEntrypoint<Env, PodVolumesProps> {
  #files(): PodFiles {
    return new PodFiles(this.ctx.props ?? { mounts: {} }, (handle) => this.env.VOLUMES.getByName(handle));
  }

  /** `fs.promises.readFile`: bytes, or text with an encoding (`'utf8'`, `{ encoding: 'base64' }`, …). */
  async readFile(path: string, options?: ReadFileOptions): Promise<string | Uint8Array> {
    return unwrap(await this.#files().readFile(path, options));
  }

  /** `fs.promises.writeFile`: text (UTF-8) or bytes; parent directories are created. */
  async writeFile(path: string, data: string | Uint8Array | ArrayBuffer | ArrayBufferView): Promise<void> {
    unwrap(await this.#files().writeFile(path, data));
  }

  /** `fs.promises.appendFile`. */
  async appendFile(path: string, data: string | Uint8Array | ArrayBuffer | ArrayBufferView): Promise<void> {
    unwrap(await this.#files().appendFile(path, data));
  }

  /** `fs.promises.readdir`: names, sorted. */
  async readdir(path: string): Promise<string[]> {
    return unwrap(await this.#files().readdir(path));
  }

  /** `fs.promises.unlink`. */
  async unlink(path: string): Promise<void> {
    unwrap(await this.#files().unlink(path));
  }

  /** `fs.promises.stat`, as `{ type: 'file' | 'directory', size, mtimeMs }`. */
  async stat(path: string): Promise<PodFileStat> {
    return unwrap(await this.#files().stat(path));
  }

  /** Whether the path exists (`fs.existsSync`). */
  async exists(path: string): Promise<boolean> {
    return (await this.#files().stat(path)).ok;
  }
}

/** `ctx.exports.PodVolumes({ props })` when the main Worker exports `PodVolumes`; null (no volumes API) otherwise. */
export function podVolumesBinding(exports: unknown, props: PodVolumesProps): Fetcher<PodVolumes> | null {
  const factory = (exports as { PodVolumes?: (options: { props: PodVolumesProps }) => Fetcher<PodVolumes> } | undefined)?.PodVolumes;
  return typeof factory === "function" ? factory({ props }) : null;
}
