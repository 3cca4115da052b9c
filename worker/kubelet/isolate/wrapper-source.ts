/**
 * The modules the runtime adds to a container's code (JavaScript source run inside the isolate). Their names
 * sit under `__kube_edge/`, which container-code.ts refuses in images. The entry is imported dynamically on the
 * first call, after the console module has replaced `console`, so a throw while it loads is a value the
 * `Container` entrypoint returns (kubelet: the container crashed) and top-level console output is captured.
 * The wire values these return are typed in outcomes.ts.
 */

export const WRAPPER_DIR = "__kube_edge/";
export const WRAPPER_MAIN = `${WRAPPER_DIR}main.js`;
export const WRAPPER_CONSOLE = `${WRAPPER_DIR}console.js`;
/** The entrypoint class the wrapper exports (`stub.getEntrypoint(CONTAINER_ENTRYPOINT)`). */
export const CONTAINER_ENTRYPOINT = "Container";

/** Bounds of the in-isolate log buffer: oldest lines go first (counted as dropped); long lines are cut. */
export const LOG_BUFFER_MAX_LINES = 5000;
export const LOG_BUFFER_MAX_CHARS = 1 << 20;
export const LOG_LINE_MAX_CHARS = 16 * 1024;
/** kubecontainer.MaxContainerTerminationMessageLength. */
export const TERMINATION_MESSAGE_MAX_CHARS = 4 * 1024;

/**
 * Console capture: log/info/debug → stdout, warn/error → stderr, one `{ts, stream, text}` per line of output,
 * formatted roughly as Node's util.format (`%s %d %i %f %j %o %O %c %%` when the first argument is a string
 * and more follow; strings as they are, errors by their stack, other values as JSON). The isolate's clock
 * reads 0 while a module loads, so top-level lines take the time of the call that loaded the entry.
 */
export const CONSOLE_SOURCE = `
const MAX_LINES = ${LOG_BUFFER_MAX_LINES}, MAX_CHARS = ${LOG_BUFFER_MAX_CHARS}, MAX_LINE = ${LOG_LINE_MAX_CHARS};
const buffer = [];
let chars = 0;
let dropped = 0;
let clock = 0;

export function setClock(ms) {
  clock = ms;
}

function json(value) {
  const seen = new WeakSet();
  try {
    return JSON.stringify(value, (key, v) => {
      if (typeof v === "bigint") return v.toString() + "n";
      if (typeof v === "function") return "[Function: " + (v.name || "(anonymous)") + "]";
      if (typeof v === "symbol") return v.toString();
      if (v instanceof Error) return v.stack || String(v);
      if (v !== null && typeof v === "object") {
        if (seen.has(v)) return "[Circular]";
        seen.add(v);
      }
      return v;
    });
  } catch {
    return String(value);
  }
}

export function inspect(value) {
  switch (typeof value) {
    case "string": return value;
    case "undefined": return "undefined";
    case "bigint": return value.toString() + "n";
    case "symbol": return value.toString();
    case "function": return "[Function: " + (value.name || "(anonymous)") + "]";
    case "object":
      if (value === null) return "null";
      if (value instanceof Error) return value.stack || String(value);
      if (value instanceof Map) return "Map(" + value.size + ") " + json(Object.fromEntries(value));
      if (value instanceof Set) return "Set(" + value.size + ") " + json([...value]);
      return json(value) ?? String(value);
    default: return String(value);
  }
}

function placeholder(spec, value) {
  switch (spec) {
    case "s": return inspect(value);
    case "d": return typeof value === "bigint" ? value + "n" : typeof value === "object" ? "NaN" : String(Number(value));
    case "i": return typeof value === "bigint" ? value + "n" : typeof value === "object" ? "NaN" : String(parseInt(value));
    case "f": return typeof value === "symbol" ? "NaN" : String(parseFloat(value));
    case "j": return json(value) ?? "undefined";
    case "o": case "O": return inspect(value);
    case "c": return "";
  }
}

export function format(args) {
  if (args.length === 0) return "";
  let i = 0;
  const parts = [];
  if (typeof args[0] === "string" && args.length > 1) {
    const first = args[0];
    let text = "";
    let last = 0;
    i = 1;
    for (let j = 0; j < first.length - 1; j++) {
      if (first[j] !== "%") continue;
      const spec = first[j + 1];
      if (spec === "%") { text += first.slice(last, j) + "%"; last = j + 2; j++; continue; }
      if (i >= args.length || !"sdifjoOc".includes(spec)) continue;
      text += first.slice(last, j) + placeholder(spec, args[i++]);
      last = j + 2;
      j++;
    }
    parts.push(text + first.slice(last));
  }
  for (; i < args.length; i++) parts.push(inspect(args[i]));
  return parts.join(" ");
}

export function record(stream, text) {
  const ts = Date.now() || clock;
  for (let line of String(text).split(/\\r?\\n/)) {
    if (line.length > MAX_LINE) line = line.slice(0, MAX_LINE);
    buffer.push({ ts, stream, text: line });
    chars += line.length;
  }
  let drop = 0;
  while (buffer.length - drop > MAX_LINES || chars > MAX_CHARS) chars -= buffer[drop++].text.length;
  if (drop > 0) { buffer.splice(0, drop); dropped += drop; }
}

export function drain() {
  const lines = buffer.splice(0);
  const out = { lines, dropped };
  chars = 0;
  dropped = 0;
  return out;
}

const STREAMS = { log: "stdout", info: "stdout", debug: "stdout", warn: "stderr", error: "stderr" };
for (const [method, stream] of Object.entries(STREAMS)) console[method] = (...args) => record(stream, format(args));
`;

/** The wrapper main module for an image whose entry module is `mainModule` (a root-relative module name). */
export function wrapperMainSource(mainModule: string): string {
  return `
import { WorkerEntrypoint } from "cloudflare:workers";
import { drain, inspect, record, setClock } from "./console.js";

const MAX_MESSAGE = ${TERMINATION_MESSAGE_MAX_CHARS};
let loading;

function errorInfo(e) {
  const name = e instanceof Error ? e.name : typeof e;
  const own = e !== null && typeof e === "object" && typeof e.message === "string" ? e.message : undefined;
  const message = own ?? (exitCodeOf(e) === undefined ? inspect(e) : "");
  return { name, message: message.slice(0, MAX_MESSAGE) };
}

function uncaught(e) {
  record("stderr", "Uncaught " + (e instanceof Error ? e.stack || String(e) : inspect(e)));
}

function load() {
  setClock(Date.now());
  loading ??= import(${JSON.stringify(`../${mainModule}`)}).then(
    (module) => ({ ok: true, entry: module.default ?? module }),
    (e) => { uncaught(e); return { ok: false, error: errorInfo(e) }; },
  );
  return loading;
}

function has(entry, name) {
  if (typeof entry === "function" && entry.prototype && typeof entry.prototype[name] === "function") return true;
  return entry !== null && (typeof entry === "object" || typeof entry === "function") && typeof entry[name] === "function";
}

function handler(entry, name, ctx, env) {
  if (typeof entry === "function" && entry.prototype && typeof entry.prototype[name] === "function") {
    const instance = new entry(ctx, env);
    return instance[name].bind(instance);
  }
  return has(entry, name) ? entry[name].bind(entry) : undefined;
}

function exitCodeOf(e) {
  return e !== null && typeof e === "object" && typeof e.exitCode === "number" ? e.exitCode : undefined;
}

function returned(value) {
  if (value === undefined || value === null) {
    const code = globalThis.process?.exitCode;
    return typeof code === "number" ? code : null;
  }
  return typeof value === "number" ? value : { type: typeof value };
}

const text = (v) => (v === undefined || v === null ? "" : typeof v === "string" ? v : inspect(v));

export class ${CONTAINER_ENTRYPOINT} extends WorkerEntrypoint {
  async describe() {
    const loaded = await load();
    if (!loaded.ok) return { kind: "load-failed", error: loaded.error };
    const e = loaded.entry;
    return { kind: "entry", fetch: has(e, "fetch"), run: has(e, "run"), exec: has(e, "exec") };
  }

  async run() {
    const loaded = await load();
    if (!loaded.ok) return { kind: "load-failed", error: loaded.error, logs: drain() };
    const run = handler(loaded.entry, "run", this.ctx, this.env);
    if (!run) return { kind: "no-entry", logs: drain() };
    try {
      const value = await run(this.env, this.ctx);
      return { kind: "returned", value: returned(value), logs: drain() };
    } catch (e) {
      const exitCode = exitCodeOf(e);
      if (exitCode === undefined) uncaught(e);
      return { kind: "threw", exitCode: exitCode ?? null, error: errorInfo(e), logs: drain() };
    }
  }

  async exec(command) {
    const loaded = await load();
    if (!loaded.ok) return { kind: "load-failed", error: loaded.error };
    const exec = handler(loaded.entry, "exec", this.ctx, this.env);
    if (!exec) return { kind: "no-entry" };
    try {
      const r = (await exec(this.env, command, this.ctx)) ?? {};
      return { kind: "returned", stdout: text(r.stdout), stderr: text(r.stderr), exitCode: typeof r.exitCode === "number" ? r.exitCode : null };
    } catch (e) {
      return { kind: "threw", exitCode: exitCodeOf(e) ?? null, error: errorInfo(e) };
    }
  }

  drainLogs() {
    return drain();
  }

  async fetch(request) {
    const loaded = await load();
    if (!loaded.ok) throw new Error(loaded.error.name + ": " + loaded.error.message);
    const fetch = handler(loaded.entry, "fetch", this.ctx, this.env);
    if (!fetch) return new Response("the container serves no HTTP: its entry module's default export has no fetch\\n", { status: 502 });
    try {
      const response = await fetch(request, this.env, this.ctx);
      if (response instanceof Response) return response;
      record("stderr", "fetch returned " + inspect(response) + ", not a Response");
    } catch (e) {
      uncaught(e);
    }
    return new Response("Internal Server Error\\n", { status: 500 });
  }
}

export default ${CONTAINER_ENTRYPOINT};
`;
}
