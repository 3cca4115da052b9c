/**
 * The image config (image-spec config.md) as the isolate runtime reads it: platform, `rootfs.diff_ids`, and
 * the process fields `Entrypoint`, `Cmd`, `Env`, `WorkingDir` — then the container's argv built from them and
 * the pod's `command`/`args` exactly as containerd's CRI plugin does (WithProcessArgs: `command` replaces
 * Entrypoint and drops the image's Cmd; `args` alone replaces Cmd), and the entry module that argv names. Pure.
 */
import type { Platform } from "./oci";
import type { Result } from "./rootfs";
import { resolveInRoot } from "./rootfs";

export interface ImageConfig {
  platform: Platform;
  entrypoint: string[];
  cmd: string[];
  /** `NAME=value` strings, in order (image-spec config `Env`). */
  env: string[];
  /** Absolute; `/` when the image leaves it empty (the runtime default). */
  workingDir: string;
  diffIds: string[];
}

/** Parses an image config blob (OCI or Docker, both `application/…+json` with the same fields). */
export function parseImageConfig(bytes: Uint8Array): Result<ImageConfig> {
  let doc: Record<string, unknown>;
  try {
    doc = JSON.parse(new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes));
  } catch {
    return { ok: false, reason: "image config is not valid JSON" };
  }
  if (typeof doc !== "object" || doc === null || Array.isArray(doc)) return { ok: false, reason: "image config is not a JSON object" };
  if (typeof doc.os !== "string" || typeof doc.architecture !== "string") return { ok: false, reason: "image config needs os and architecture" };
  const config = (doc.config ?? {}) as Record<string, unknown>;
  const rootfs = (doc.rootfs ?? {}) as Record<string, unknown>;
  const strings = (v: unknown, field: string): Result<string[]> =>
    v === undefined || v === null ? { ok: true, value: [] } : Array.isArray(v) && v.every((s) => typeof s === "string") ? { ok: true, value: v } : { ok: false, reason: `image config ${field} must be a list of strings` };
  const entrypoint = strings(config.Entrypoint, "Entrypoint");
  const cmd = strings(config.Cmd, "Cmd");
  const env = strings(config.Env, "Env");
  const diffIds = strings(rootfs.diff_ids, "rootfs.diff_ids");
  for (const r of [entrypoint, cmd, env, diffIds]) if (!r.ok) return r;
  if (config.WorkingDir !== undefined && typeof config.WorkingDir !== "string") return { ok: false, reason: "image config WorkingDir must be a string" };
  const workingDir = (config.WorkingDir as string | undefined) || "/";
  return {
    ok: true,
    value: {
      platform: { os: doc.os, architecture: doc.architecture, ...(typeof doc.variant === "string" ? { variant: doc.variant } : {}) },
      entrypoint: entrypoint.ok ? entrypoint.value : [],
      cmd: cmd.ok ? cmd.value : [],
      env: env.ok ? env.value : [],
      workingDir: workingDir.startsWith("/") ? workingDir : `/${workingDir}`,
      diffIds: diffIds.ok ? diffIds.value : [],
    },
  };
}

/** The pod's container fields that override the image's process (core/v1 Container `command`, `args`). */
export interface ContainerCommand {
  command?: string[];
  args?: string[];
}

/** containerd CRI WithProcessArgs: the argv a container runs, or empty when neither side gives one. */
export function containerArgv(image: Pick<ImageConfig, "entrypoint" | "cmd">, container: ContainerCommand = {}): string[] {
  const command = container.command ?? [];
  let args = container.args ?? [];
  if (command.length > 0) return [...command, ...args];
  if (args.length === 0) args = image.cmd;
  return [...image.entrypoint, ...args];
}

/**
 * Interpreters an argv may start with. `ENTRYPOINT ["node", "server.js"]` is how Node images are usually
 * written; the isolate runtime is the interpreter, so the module is the next argument.
 */
const JS_INTERPRETERS = new Set(["node", "nodejs", "bun"]);

export interface EntryModule {
  /** Root-relative module path (`index.js`, `app/main.mjs`): a key of the unpacked files. */
  module: string;
  /** The arguments after the module. */
  args: string[];
}

/**
 * The entry module a container runs: the first argv word (after a `node`/`bun` interpreter and its flags),
 * resolved against WorkingDir inside the image root (`..` stops at the root, as in the container's chroot).
 * A container with no argv fails as containerd fails it ("no command specified").
 */
export function entryModule(image: ImageConfig, container: ContainerCommand = {}): Result<EntryModule> {
  const argv = containerArgv(image, container);
  if (argv.length === 0 || argv[0] === "") return { ok: false, reason: "no command specified: set the image's Entrypoint or Cmd, or the container's command" };
  let i = 0;
  if (JS_INTERPRETERS.has(argv[0].slice(argv[0].lastIndexOf("/") + 1))) {
    i = 1;
    while (argv[i]?.startsWith("-")) i++; // interpreter flags (`node --enable-source-maps app.js`)
    if (i >= argv.length) return { ok: false, reason: `${JSON.stringify(argv.join(" "))} names no module to run` };
  }
  const word = argv[i];
  const module = resolveInRoot(image.workingDir, word);
  if (module === "" || word.endsWith("/")) return { ok: false, reason: `entry module ${JSON.stringify(word)} names a directory, not a module` };
  return { ok: true, value: { module, args: argv.slice(i + 1) } };
}

/** The image's `Env` as name/value pairs in order; an entry without `=` has an empty value (as docker reads it). */
export function imageEnv(image: Pick<ImageConfig, "env">): { name: string; value: string }[] {
  return image.env.map((kv) => {
    const eq = kv.indexOf("=");
    return eq < 0 ? { name: kv, value: "" } : { name: kv.slice(0, eq), value: kv.slice(eq + 1) };
  });
}
