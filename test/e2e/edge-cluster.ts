/**
 * For end-to-end suites on a cluster with real kubelets: kubectl that must succeed, polling, and images of
 * ES modules built and pushed to the built-in registry with `npm run image` (scripts/image.mjs).
 */
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { expect } from "vitest";
import type { TestServer } from "./harness";
import { runCommand } from "./run-command";

const ROOT = resolve(fileURLToPath(new URL(".", import.meta.url)), "..", "..");
const NODE = existsSync(join(ROOT, "node_modules", ".bin", "node")) ? join(ROOT, "node_modules", ".bin", "node") : process.execPath;

/** A node pool of `count` nodes `edge-node-0…`, as the server's NODE_POOL var. */
export const nodePoolVars = (count: number) => ({ KUBE_EDGE_VARS: JSON.stringify({ NODE_POOL: JSON.stringify({ pools: [{ name: "edge", count, namePrefix: "edge-node-" }] }) }) });

export async function kubectlOk(server: TestServer, args: string[]): Promise<string> {
  const r = await server.kubectl(args);
  expect(r.code, `kubectl ${args.join(" ")}: ${r.stderr}\n${server.logs()}`).toBe(0);
  return r.stdout;
}

/** Polls `check` until it returns a value (not undefined) or throws after `timeoutMs`. */
export async function eventually<T>(server: TestServer, what: string, check: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const v = await check();
      if (v !== undefined) return v;
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`timed out waiting for ${what}: ${String(last ?? "")}\n${server.logs()}`);
}

/** Writes `files` under `work`, pushes them as image `name` to the server's registry; returns the image reference. */
export async function pushImage(server: TestServer, work: string, name: string, files: Record<string, string>): Promise<string> {
  const dir = join(work, name.replace(/[/:]/g, "_"));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  const ca = join(work, "ca.crt");
  writeFileSync(ca, server.caPem);
  const push = await runCommand(NODE, [join(ROOT, "scripts", "image.mjs"), dir, name, "--server", server.url, "--token", server.token, "--ca", ca], { cwd: ROOT, timeoutMs: 90_000 });
  expect(push.code, push.stderr).toBe(0);
  return `127.0.0.1:${server.port}/${name}`;
}
