/**
 * Per-file teardown for the workerd project: when the file's writes woke any control loop, wait until the loops
 * are quiet (scheduler/settle.ts) — a loop still reconciling when the file's runtime closes fails the run with
 * "Closing rpc while resolve was pending". Files that never woke a loop (pure tests) pay nothing.
 */
import { env, listDurableObjectIds } from "cloudflare:test";
import { afterAll } from "vitest";
import type { Env } from "../../worker/env";
import { settleControllers } from "./scheduler/settle";

afterAll(async () => {
  const ids = await listDurableObjectIds((env as unknown as Env).CONTROLLERS);
  if (ids.length) await settleControllers(20_000, 300);
}, 30_000);
