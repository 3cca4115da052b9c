/**
 * Test-file teardown (test/unit/settle-setup.ts runs it after every file that woke a loop): wait until the
 * control loops are quiet — nothing due within 5 s, no Event waiting to be written, and no reconcile finished for
 * `quietMs` (a pass still running shows up as a count that moves) — so a file does not end mid-reconcile.
 */
import { get } from "../api/client";
import type { Obj } from "../controllers/kwok";

const QUIET_MS = 1_000;

export async function settleControllers(timeoutMs = 15_000, quietMs = QUIET_MS): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = "";
  let quietSince = Date.now();
  while (Date.now() < deadline) {
    const res = await get("/admin/controllers");
    const loops: Obj[] = res.status === 200 ? res.body.loops : [];
    const idle = loops.every((l) => (l.paused || l.nextDue === null || l.nextDue > Date.now() + 5_000) && !l.eventsWaiting);
    const progress = JSON.stringify(loops.map((l) => [l.loop, l.syncs, l.alarmsFired]));
    if (!idle || progress !== last) quietSince = Date.now();
    last = progress;
    if (Date.now() - quietSince >= quietMs) return;
    await new Promise((r) => setTimeout(r, 200));
  }
}
