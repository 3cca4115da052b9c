/**
 * Waiting for the namespace controller, which empties a deleted namespace in the background
 * (NAMESPACE_CLEANUP_DELAY_MS after the DELETE returned; 200 ms in the workerd test bindings).
 */
import { expect, vi } from "vitest";
import { get } from "../api/client";

/** Bound of a wait: the delay plus one pass on a loaded machine. */
export const NAMESPACE_WAIT = { timeout: 10_000, interval: 100 };

/** Waits until namespace `ns` is gone (404). */
export async function namespaceGone(ns: string): Promise<void> {
  await vi.waitFor(async () => {
    const res = await get(`/api/v1/namespaces/${ns}`);
    expect(res.status, `namespace ${ns} still there: ${res.text}`).toBe(404);
  }, NAMESPACE_WAIT);
}

/**
 * Waits until a pass of the controller over the terminating namespace `ns` recorded its deletion conditions
 * (it writes them once it deleted what it could), and returns the namespace as it then is.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function namespaceControllerRan(ns: string): Promise<any> {
  return vi.waitFor(async () => {
    const res = await get(`/api/v1/namespaces/${ns}`);
    expect(res.status, res.text).toBe(200);
    const types = (res.body.status?.conditions ?? []).map((c: { type: string }) => c.type);
    expect(types, `no deletion conditions on ${ns} yet`).toContain("NamespaceContentRemaining");
    return res.body;
  }, NAMESPACE_WAIT);
}
