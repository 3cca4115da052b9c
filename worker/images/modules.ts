/**
 * An image's files as Worker Loader modules (`WorkerLoaderWorkerCode.modules` / `mainModule`): every file is
 * a module under its root-relative path, so `import "./lib/a.js"` from `index.js` resolves as it would on
 * disk. The kind comes from the extension, as workerd's module rules and Node's loader decide it: `.js`/`.mjs`
 * ES modules (kube-edge images are ES-module images, so `.js` is never CommonJS), `.cjs` CommonJS, `.json`
 * JSON, `.wasm` WebAssembly; any other file is text when it is UTF-8 and bytes (`data`) when it is not. Pure.
 */
import type { ImageFiles, Result } from "./rootfs";

export type ModuleKind = "js" | "cjs" | "json" | "wasm" | "text" | "data";

export interface WorkerModules {
  mainModule: string;
  modules: Record<string, WorkerLoaderModule>;
}

const BY_EXTENSION: Record<string, ModuleKind> = { js: "js", mjs: "js", cjs: "cjs", json: "json", wasm: "wasm" };
const strictUtf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });

/** The module kind of a file by its extension, and for other files by whether its bytes are UTF-8 text. */
export function moduleKind(path: string, bytes: Uint8Array): ModuleKind {
  const base = path.slice(path.lastIndexOf("/") + 1);
  const dot = base.lastIndexOf(".");
  const kind = dot > 0 ? BY_EXTENSION[base.slice(dot + 1).toLowerCase()] : undefined;
  if (kind) return kind;
  try {
    strictUtf8.decode(bytes);
    return "text";
  } catch {
    return "data";
  }
}

/** Whether a module kind can be a Worker's main module. */
const ENTRY_KINDS = new Set<ModuleKind>(["js", "cjs"]);

/**
 * The Worker Loader modules for an image's files with `entry` (from config.ts entryModule) as the main
 * module. Fails when the entry is missing or not JavaScript, or a `.json` file does not parse (workerd would
 * refuse to load the Worker anyway; saying which file is clearer).
 */
export function workerModules(files: ImageFiles, entry: string): Result<WorkerModules> {
  const main = files.get(entry);
  if (!main) return { ok: false, reason: `entry module ${JSON.stringify(entry)} is not in the image` };
  if (!ENTRY_KINDS.has(moduleKind(entry, main))) return { ok: false, reason: `entry module ${JSON.stringify(entry)} is not JavaScript (.js, .mjs or .cjs)` };
  const modules: Record<string, WorkerLoaderModule> = {};
  for (const [path, bytes] of files) {
    const module = toModule(path, bytes);
    if (!module.ok) return module;
    modules[path] = module.value;
  }
  return { ok: true, value: { mainModule: entry, modules } };
}

function toModule(path: string, bytes: Uint8Array): Result<WorkerLoaderModule> {
  const kind = moduleKind(path, bytes);
  switch (kind) {
    case "js":
      return { ok: true, value: { js: text(bytes) } };
    case "cjs":
      return { ok: true, value: { cjs: text(bytes) } };
    case "text":
      return { ok: true, value: { text: text(bytes) } };
    case "wasm":
      return { ok: true, value: { wasm: bytes } };
    case "data":
      return { ok: true, value: { data: bytes.slice().buffer } };
    case "json":
      try {
        return { ok: true, value: { json: JSON.parse(text(bytes)) } };
      } catch {
        return { ok: false, reason: `${path} is not valid JSON` };
      }
  }
}

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
