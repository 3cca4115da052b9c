/** Node's fs error shape: code, errno, syscall, path and the `<CODE>: <description>, <syscall> '<path>'` message. */
import { describe, expect, it } from "vitest";
import { fsError, toThrowable, type FsErrorCode, type FsSyscall } from "../../../../worker/kubelet/volumes/fs-errors";

describe("fsError", () => {
  it.each<[FsErrorCode, FsSyscall, string | undefined, string, number]>([
    ["ENOENT", "open", "/x", "ENOENT: no such file or directory, open '/x'", -2],
    ["EROFS", "open", "/data/x", "EROFS: read-only file system, open '/data/x'", -30],
    ["EISDIR", "read", undefined, "EISDIR: illegal operation on a directory, read", -21],
    ["ENOSPC", "write", undefined, "ENOSPC: no space left on device, write", -28],
    ["ENOTDIR", "scandir", "/data/a.txt", "ENOTDIR: not a directory, scandir '/data/a.txt'", -20],
    ["EISDIR", "unlink", "/data", "EISDIR: illegal operation on a directory, unlink '/data'", -21],
    ["EINVAL", "stat", "a\0b", "EINVAL: invalid argument, stat 'a\0b'", -22],
  ])("%s %s %s", (code, syscall, path, message, errno) => {
    expect(fsError(code, syscall, path)).toEqual({ code, errno, syscall, ...(path === undefined ? {} : { path }), message });
  });

  it("throws as an Error with Node's own properties", () => {
    const error = toThrowable(fsError("ENOENT", "open", "/x"));
    expect(error).toBeInstanceOf(Error);
    expect({ ...error, message: error.message }).toEqual({ code: "ENOENT", errno: -2, syscall: "open", path: "/x", message: "ENOENT: no such file or directory, open '/x'" });
  });
});
