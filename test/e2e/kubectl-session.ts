/**
 * Shared helpers for the kubectl end-to-end files: one real server per test file (harness.ts) and
 * assertion-carrying wrappers around `server.kubectl`, so each test reads as the commands a user types.
 *
 *   const kc = useKubectlServer();             // registers beforeAll/afterAll in the calling file
 *   const ns = await kc.namespace("create");   // a fresh namespace per test keeps tests independent
 *   await kc.ok(["-n", ns, "create", "configmap", "x"]);
 *   const cm = await kc.json(["-n", ns, "get", "cm", "x"]);
 */
import { afterAll, beforeAll, expect } from "vitest";
import { startServer, type KubectlOptions, type KubectlResult, type TestServer } from "./harness";

/** A stored Kubernetes object as `kubectl get -o json` prints it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export interface KubectlSession {
  /** The running server (valid inside tests, after beforeAll). */
  server(): TestServer;
  /** Runs kubectl; never asserts. */
  run(args: string[], opts?: KubectlOptions): Promise<KubectlResult>;
  /** Runs kubectl, requires exit code 0 and returns stdout. */
  ok(args: string[], opts?: KubectlOptions): Promise<string>;
  /** Runs kubectl, requires a non-zero exit code and returns the result. */
  fail(args: string[], opts?: KubectlOptions): Promise<KubectlResult>;
  /** `kubectl <args> -o json`, parsed. */
  json(args: string[], opts?: KubectlOptions): Promise<Json>;
  /** Creates a namespace with a unique name (`<prefix>-<n>`) and returns the name. */
  namespace(prefix?: string): Promise<string>;
}

/** Starts one server for the calling test file and returns helpers bound to it. */
export function useKubectlServer(): KubectlSession {
  let server: TestServer | undefined;
  let counter = 0;
  const stamp = Date.now().toString(36);
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await server?.stop();
  });
  const current = (): TestServer => {
    if (!server) throw new Error("kubectl session used outside a test (server not started)");
    return server;
  };
  const describeRun = (args: string[], res: KubectlResult) =>
    `kubectl ${args.join(" ")}\nexit: ${res.code}\nstdout: ${res.stdout}\nstderr: ${res.stderr}\nserver: ${current().logs().slice(-1500)}`;
  const session: KubectlSession = {
    server: current,
    run: (args, opts) => current().kubectl(args, opts),
    async ok(args, opts) {
      const res = await current().kubectl(args, opts);
      expect(res.code, describeRun(args, res)).toBe(0);
      return res.stdout;
    },
    async fail(args, opts) {
      const res = await current().kubectl(args, opts);
      expect(res.code, describeRun(args, res)).not.toBe(0);
      return res;
    },
    async json(args, opts) {
      return JSON.parse(await session.ok([...args, "-o", "json"], opts));
    },
    async namespace(prefix = "e2e") {
      const ns = `${prefix}-${stamp}-${counter++}`;
      await session.ok(["create", "namespace", ns]);
      return ns;
    },
  };
  return session;
}

/** Sleeps; for the few tests that must let a watcher start before acting. */
export const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));
