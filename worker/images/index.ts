/**
 * Reading OCI images for the isolate runtime (README.md beside this file): manifest/index parsing and platform
 * choice (oci.ts), the image config and entry module (config.ts), layers to files with whiteouts (layers.ts,
 * rootfs.ts, tar.ts), files to Worker Loader modules (modules.ts). All pure except the stream reading in
 * layers.ts; every outcome is a `Result` value.
 */
export { containerArgv, entryModule, imageEnv, parseImageConfig, type ContainerCommand, type EntryModule, type ImageConfig } from "./config";
export { DEFAULT_MAX_IMAGE_BYTES, layerCompression, readLayerTar, sha256Digest, unpackLayers, type LayerBody, type UnpackOptions } from "./layers";
export { moduleKind, workerModules, type ModuleKind, type WorkerModules } from "./modules";
export { ISOLATE_PLATFORMS, formatPlatform, parseImageDocument, platformMatches, selectManifest, type Descriptor, type ImageDocument, type Platform } from "./oci";
export { applyLayer, normalizeLayerPath, resolveInRoot, rootFsFiles, type ImageFiles, type Result, type RootFs } from "./rootfs";
export { parseTar, type TarEntry } from "./tar";
