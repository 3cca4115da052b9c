/**
 * File system errors as Node reports them (libuv's `uv_errname`/`uv_strerror`, Node's `UVException`): a `code`,
 * a negative `errno` (Linux values), the `syscall` and the `path`, and the message
 * `<CODE>: <description>, <syscall> '<path>'` (e.g. `ENOENT: no such file or directory, open '/x'`). Pure: the
 * errors are values until the RPC edge (pod-volumes.ts) throws them.
 */

/** The codes a volume operation can end with. */
export type FsErrorCode = "ENOENT" | "EISDIR" | "ENOTDIR" | "EROFS" | "ENOSPC" | "EINVAL";

/** Node's `fs` syscall names, as they appear in messages: `readFile` opens (`open`), `readdir` is `scandir`. */
export type FsSyscall = "open" | "read" | "write" | "scandir" | "unlink" | "stat";

/** What an error carries across RPC: own properties of a thrown Error survive (workerd RPC), as Node's do. */
export interface FsErrorInfo {
  code: FsErrorCode;
  errno: number;
  syscall: FsSyscall;
  path?: string;
  message: string;
}

export type FsResult<T> = { ok: true; value: T } | { ok: false; error: FsErrorInfo };

/** Linux errno values (asm-generic/errno-base.h), negated as libuv reports them. */
export const FS_ERRNO: Readonly<Record<FsErrorCode, number>> = { ENOENT: -2, ENOTDIR: -20, EISDIR: -21, EINVAL: -22, ENOSPC: -28, EROFS: -30 };

/** libuv's uv_strerror texts. */
export const FS_DESCRIPTION: Readonly<Record<FsErrorCode, string>> = {
  ENOENT: "no such file or directory",
  ENOTDIR: "not a directory",
  EISDIR: "illegal operation on a directory",
  EINVAL: "invalid argument",
  ENOSPC: "no space left on device",
  EROFS: "read-only file system",
};

/** An error as Node's fs reports it; `path` is left out of the message (as Node does for `read`/`write`) when absent. */
export function fsError(code: FsErrorCode, syscall: FsSyscall, path?: string): FsErrorInfo {
  const where = path === undefined ? syscall : `${syscall} '${path}'`;
  return { code, errno: FS_ERRNO[code], syscall, ...(path === undefined ? {} : { path }), message: `${code}: ${FS_DESCRIPTION[code]}, ${where}` };
}

export const fsFail = <T>(code: FsErrorCode, syscall: FsSyscall, path?: string): FsResult<T> => ({ ok: false, error: fsError(code, syscall, path) });

/** The Error a rejected RPC call carries: message, `code`, `errno`, `syscall`, `path` (`name` stays `Error`, as Node's). */
export function toThrowable(info: FsErrorInfo): Error {
  return Object.assign(new Error(info.message), { code: info.code, errno: info.errno, syscall: info.syscall, ...(info.path === undefined ? {} : { path: info.path }) });
}
