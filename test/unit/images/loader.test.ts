/**
 * The whole image → isolate path the kubelet will use, in workerd with the real Worker Loader binding: a folder
 * of modules tarred by the image tool's writer, unpacked (worker/images/layers), turned into Worker Loader
 * modules (worker/images/modules) with the entry the image config names, loaded into an isolate of its own and
 * answering HTTP — JSON and text modules and relative imports across folders included. A module that throws
 * while loading fails the call, as a crashing container would.
 */
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { Env } from "../../../worker/env";
import { entryModule, parseImageConfig } from "../../../worker/images/config";
import { unpackLayers } from "../../../worker/images/layers";
import { workerModules } from "../../../worker/images/modules";
import { enc, writeTar } from "./helpers";

const E = env as unknown as Env;

function layer(files: Record<string, string>): ReadableStream<Uint8Array> {
  const tar = writeTar(Object.entries(files).map(([path, text]) => ({ path, type: "file" as const, mode: 0o644, data: enc(text) })));
  return new Blob([tar]).stream();
}

async function load(name: string, files: Record<string, string>, entrypoint: string[]) {
  const config = parseImageConfig(enc(JSON.stringify({ architecture: "wasm", os: "js", config: { Entrypoint: entrypoint, WorkingDir: "/" }, rootfs: { type: "layers", diff_ids: [] } })));
  if (!config.ok) throw new Error(config.reason);
  const entry = entryModule(config.value, {});
  if (!entry.ok) throw new Error(entry.reason);
  const unpacked = await unpackLayers([layer(files)]);
  if (!unpacked.ok) throw new Error(unpacked.reason);
  const modules = workerModules(unpacked.value, entry.value.module);
  if (!modules.ok) throw new Error(modules.reason);
  return E.LOADER.get(name, () => ({ compatibilityDate: "2026-08-01", ...modules.value, globalOutbound: null }));
}

describe("an image's modules in an isolate of their own", () => {
  it("serves HTTP from the entry module the config names", async () => {
    const worker = await load("loader-test-hello", {
      "src/server.mjs": "import { greeting } from './lib/greeting.js';\nimport config from '../config.json';\nimport banner from '../banner.txt';\nexport default { fetch(req) { return new Response(`${greeting} ${config.port} ${banner.trim()} ${new URL(req.url).pathname}`); } };\n",
      "src/lib/greeting.js": "export const greeting = 'hello';\n",
      "config.json": '{"port":8080}',
      "banner.txt": "from an image\n",
    }, ["src/server.mjs"]);
    const res = await worker.getEntrypoint().fetch("http://pod.invalid/path");
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("hello 8080 from an image /path");
  });

  it("fails the call when the entry module throws while loading", async () => {
    const worker = await load("loader-test-crash", { "index.js": "throw new Error('boom at load');\nexport default {};\n" }, ["index.js"]);
    await expect(worker.getEntrypoint().fetch("http://pod.invalid/")).rejects.toThrow(/boom at load/);
  });
});
