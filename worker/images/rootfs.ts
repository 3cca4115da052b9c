/**
 * An image's root filesystem built from its layers in order, as image-spec layer.md § "Applying Changesets"
 * says and containerd's archive.Apply (with its overlay-style whiteout handling) does: a layer's whiteouts
 * (`.wh.<name>` hides `<name>`, `.wh..wh..opq` hides everything a lower layer put in that directory) apply to
 * lower layers only; then its entries are added, a file replacing a lower directory (and the reverse) as a
 * rename would. Paths are confined to the root: absolute and `..` entries reject the layer (containerd refuses
 * "path escapes from parent"). Pure.
 */
import type { TarEntry } from "./tar";

/** A node of the root filesystem, keyed by its normalised path (`lib/a.js`, no leading `/`). */
export type FsNode = { kind: "file"; data: Uint8Array; mode: number } | { kind: "dir" } | { kind: "symlink"; target: string };
export type RootFs = Map<string, FsNode>;

/** What a module loader sees: every regular file (and every file reachable through a symlink) → its bytes. */
export type ImageFiles = Map<string, Uint8Array>;

export type Result<T> = { ok: true; value: T } | { ok: false; reason: string };

const WHITEOUT = ".wh.";
const OPAQUE = ".wh..wh..opq";
/** Linux's MAXSYMLINKS: how many links one lookup may follow. */
const MAX_SYMLINK_HOPS = 40;

/**
 * A tar entry name as a root-relative path: `./a//b/` → `a/b`, `./` → `` (the root). Absolute paths and `..`
 * components are refused rather than cleaned, since a layer carrying them is malformed or hostile.
 */
export function normalizeLayerPath(name: string): Result<string> {
  if (name.includes("\0")) return { ok: false, reason: `path ${JSON.stringify(name)} contains NUL` };
  if (name.startsWith("/")) return { ok: false, reason: `absolute path ${JSON.stringify(name)} in layer` };
  const parts = name.split("/").filter((p) => p !== "" && p !== ".");
  if (parts.includes("..")) return { ok: false, reason: `path ${JSON.stringify(name)} escapes the image root` };
  return { ok: true, value: parts.join("/") };
}

/** Applies one layer's entries on top of `lower` (which is not modified); returns the new root filesystem. */
export function applyLayer(lower: RootFs, entries: TarEntry[]): Result<RootFs> {
  const fs: RootFs = new Map(lower);
  const additions: { path: string; entry: TarEntry }[] = [];
  for (const entry of entries) {
    const norm = normalizeLayerPath(entry.name);
    if (!norm.ok) return norm;
    const path = norm.value;
    const slash = path.lastIndexOf("/");
    const dir = slash < 0 ? "" : path.slice(0, slash);
    const base = path.slice(slash + 1);
    if (base === OPAQUE) removeUnder(fs, dir);
    else if (base.startsWith(WHITEOUT)) removeTree(fs, join(dir, base.slice(WHITEOUT.length)));
    else if (path !== "") additions.push({ path, entry });
  }
  for (const { path, entry } of additions) {
    const node = toNode(fs, entry);
    if (!node.ok) return node;
    if (node.value === undefined) continue;
    ensureParents(fs, path);
    const existing = fs.get(path);
    if (existing && (existing.kind === "dir") !== (node.value.kind === "dir")) removeTree(fs, path);
    if (!(existing?.kind === "dir" && node.value.kind === "dir")) fs.set(path, node.value);
  }
  return { ok: true, value: fs };
}

function toNode(fs: RootFs, entry: TarEntry): Result<FsNode | undefined> {
  switch (entry.type) {
    case "file":
      return { ok: true, value: { kind: "file", data: entry.data, mode: entry.mode } };
    case "dir":
      return { ok: true, value: { kind: "dir" } };
    case "symlink":
      return { ok: true, value: { kind: "symlink", target: entry.linkname } };
    case "hardlink": {
      // A hard link names an earlier archive member (or a lower layer's file) by its archive path.
      const target = normalizeLayerPath(entry.linkname);
      if (!target.ok) return target;
      const node = fs.get(target.value);
      if (node?.kind !== "file") return { ok: false, reason: `hard link ${JSON.stringify(entry.name)} to missing file ${JSON.stringify(entry.linkname)}` };
      return { ok: true, value: node };
    }
    case "other":
      return { ok: true, value: undefined };
  }
}

/** Every ancestor becomes a directory; a lower file or symlink in the way is replaced. */
function ensureParents(fs: RootFs, path: string): void {
  const parts = path.split("/");
  for (let i = 1; i < parts.length; i++) {
    const dir = parts.slice(0, i).join("/");
    const node = fs.get(dir);
    if (node?.kind !== "dir") fs.set(dir, { kind: "dir" });
  }
}

/** Removes `path` and everything beneath it. */
function removeTree(fs: RootFs, path: string): void {
  fs.delete(path);
  removeUnder(fs, path);
}

/** Removes everything beneath directory `dir` (`` = the root), keeping `dir` itself. */
function removeUnder(fs: RootFs, dir: string): void {
  const prefix = dir === "" ? "" : `${dir}/`;
  for (const key of [...fs.keys()]) if (key.startsWith(prefix) && key !== dir) fs.delete(key);
}

const join = (dir: string, name: string) => (dir === "" ? name : `${dir}/${name}`);

/**
 * `target` resolved from directory `dir` (both root-relative; an absolute target starts at the root), `..`
 * stopping at the root as it does inside a container's chroot.
 */
export function resolveInRoot(dir: string, target: string): string {
  const parts = target.startsWith("/") ? [] : dir.split("/").filter(Boolean);
  for (const p of target.split("/")) {
    if (p === "" || p === ".") continue;
    if (p === "..") parts.pop();
    else parts.push(p);
  }
  return parts.join("/");
}

/** The symlink-free path `path` refers to, or undefined for a loop or too many hops. */
function realPath(fs: RootFs, path: string, hops = 0): string | undefined {
  const parts = path.split("/").filter(Boolean);
  let real = "";
  for (let i = 0; i < parts.length; i++) {
    const next = join(real, parts[i]);
    const node = fs.get(next);
    if (node?.kind === "symlink") {
      if (hops >= MAX_SYMLINK_HOPS) return undefined;
      const rest = parts.slice(i + 1).join("/");
      const target = resolveInRoot(real, node.target);
      return realPath(fs, rest ? join(target, rest) : target, hops + 1);
    }
    real = next;
  }
  return real;
}

/**
 * The files of a root filesystem. A symlink to a file appears as a copy of that file under the link's path;
 * a symlink to a directory exposes that directory's regular files under the link (one level: links inside
 * are not followed again; a link to the root or to its own ancestor is not expanded); dangling and looping
 * links are left out.
 */
export function rootFsFiles(fs: RootFs): ImageFiles {
  const files: ImageFiles = new Map();
  for (const [path, node] of fs) if (node.kind === "file") files.set(path, node.data);
  for (const [path, node] of fs) {
    if (node.kind !== "symlink") continue;
    const real = realPath(fs, path);
    if (real === undefined) continue;
    const target = fs.get(real);
    if (target?.kind === "file") files.set(path, target.data);
    else if (target?.kind === "dir" && !`${path}/`.startsWith(`${real}/`)) {
      const prefix = `${real}/`;
      for (const [p, n] of fs) if (n.kind === "file" && p.startsWith(prefix)) files.set(`${path}/${p.slice(prefix.length)}`, n.data);
    }
  }
  return new Map([...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
