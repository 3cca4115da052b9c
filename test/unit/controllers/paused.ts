/** Runs `run` with one control loop paused (its keys queue up meanwhile), resuming it afterwards. */
import { expect } from "vitest";
import { post } from "../api/client";

export async function paused<T>(loop: string, run: () => Promise<T>): Promise<T> {
  expect((await post(`/admin/controllers/${loop}/pause`, {})).status).toBe(200);
  try {
    return await run();
  } finally {
    expect((await post(`/admin/controllers/${loop}/resume`, {})).status).toBe(200);
  }
}
