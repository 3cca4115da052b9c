/**
 * Builds a single-layer OCI image (image-spec v1.1) from a folder of ES modules, deterministically: the layer
 * is writeTar's reproducible tar gzipped with fixed settings (Node's gzip writes mtime 0), the config and
 * manifest are JSON with a fixed key order and no timestamps, so one folder gives one manifest digest on the
 * same Node version. The platform is `js/wasm` (worker/images/oci.ts ISOLATE_PLATFORMS says why).
 */
import { createHash } from "node:crypto";
import { existsSync, lstatSync, readFileSync, readdirSync } from "node:fs";
import { join, posix, relative, sep } from "node:path";
import { gzipSync } from "node:zlib";
import { writeTar } from "./tar-writer.mjs";

export const OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
export const OCI_INDEX = "application/vnd.oci.image.index.v1+json";
export const OCI_CONFIG = "application/vnd.oci.image.config.v1+json";
export const OCI_LAYER_GZIP = "application/vnd.oci.image.layer.v1.tar+gzip";
/** The platform of an ES-module image: Go's GOOS/GOARCH pair for a JavaScript host. */
export const IMAGE_PLATFORM = { os: "js", architecture: "wasm" };
const ENTRY_EXTENSIONS = /\.(?:m|c)?js$/;

/** @param {Uint8Array | string} data */
export const sha256 = (data) => `sha256:${createHash("sha256").update(data).digest("hex")}`;

/**
 * The folder's files and directories as tar entries: regular files 0644, or 0755 when any execute bit is
 * set; directories 0755. Symlinks and special files are refused (an image built from a folder should not
 * depend on what a link points at on the build machine).
 * @param {string} dir
 * @returns {import("./tar-writer.mjs").TarInput[]}
 */
export function readFolder(dir) {
  /** @type {import("./tar-writer.mjs").TarInput[]} */
  const entries = [];
  const walk = (/** @type {string} */ at) => {
    for (const dirent of readdirSync(at, { withFileTypes: true })) {
      const full = join(at, dirent.name);
      const path = relative(dir, full).split(sep).join("/");
      if (dirent.isDirectory()) {
        entries.push({ path, type: "dir", mode: 0o755 });
        walk(full);
      } else if (dirent.isFile()) {
        const executable = (lstatSync(full).mode & 0o111) !== 0;
        entries.push({ path, type: "file", mode: executable ? 0o755 : 0o644, data: readFileSync(full) });
      } else {
        throw new Error(`${full}: only regular files and directories can go into an image (symlinks are not followed)`);
      }
    }
  };
  walk(dir);
  if (!entries.some((e) => e.type === "file")) throw new Error(`${dir} has no files`);
  return entries;
}

/**
 * The entry module: `explicit` if given, else package.json's `main`, else `index.js`, else `index.mjs`.
 * It must be a file of the folder with a JavaScript extension.
 * @param {string} dir
 * @param {string | undefined} explicit
 * @returns {string} root-relative path, e.g. `index.js`
 */
export function chooseEntrypoint(dir, explicit) {
  let entry = explicit;
  if (entry === undefined && existsSync(join(dir, "package.json"))) {
    const main = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")).main;
    if (typeof main === "string" && main !== "") entry = main;
  }
  entry ??= ["index.js", "index.mjs"].find((f) => existsSync(join(dir, f)));
  if (entry === undefined) throw new Error(`${dir}: no entry module: pass --entrypoint, set "main" in package.json, or add index.js / index.mjs`);
  const path = posix.normalize(entry.replace(/^\/+/, ""));
  if (path.startsWith("../") || path === "..") throw new Error(`entrypoint ${entry} is outside ${dir}`);
  if (!existsSync(join(dir, path)) || !lstatSync(join(dir, path)).isFile()) throw new Error(`entrypoint ${entry} is not a file in ${dir}`);
  if (!ENTRY_EXTENSIONS.test(path)) throw new Error(`entrypoint ${entry} is not a JavaScript module (.js, .mjs or .cjs)`);
  return path;
}

/**
 * @typedef {object} BuiltImage
 * @property {Map<string, Uint8Array>} blobs  digest → bytes: the layer and the config
 * @property {Uint8Array} manifest  the manifest's exact bytes
 * @property {string} manifestDigest
 * @property {object} config  the image config document
 */

/**
 * The image for some tar entries and an entry module.
 * @param {import("./tar-writer.mjs").TarInput[]} entries
 * @param {string} entrypoint root-relative module path
 * @returns {BuiltImage}
 */
export function buildImage(entries, entrypoint) {
  const tar = writeTar(entries);
  const layer = gzipSync(tar, { level: 9 });
  const config = {
    ...IMAGE_PLATFORM,
    config: { Entrypoint: [entrypoint], WorkingDir: "/" },
    rootfs: { type: "layers", diff_ids: [sha256(tar)] },
    history: [{ created_by: "npm run image", comment: "ES modules for the kube-edge isolate runtime" }],
  };
  const configBytes = Buffer.from(JSON.stringify(config));
  const blobs = new Map([
    [sha256(layer), new Uint8Array(layer)],
    [sha256(configBytes), new Uint8Array(configBytes)],
  ]);
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: OCI_MANIFEST,
      config: { mediaType: OCI_CONFIG, digest: sha256(configBytes), size: configBytes.length },
      layers: [{ mediaType: OCI_LAYER_GZIP, digest: sha256(layer), size: layer.length }],
    }),
  );
  return { blobs, manifest: new Uint8Array(manifest), manifestDigest: sha256(manifest), config };
}
