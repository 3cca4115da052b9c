/**
 * Keeps `kill -9` of the runner from leaving workerd behind. Miniflare spawns workerd as a child; if the
 * node process is SIGKILLed, workerd is re-parented and keeps the port and the Durable Object files, so
 * the next `npm start` fails with "address in use". A tiny detached shell watches our pid and SIGKILLs the
 * child processes we had when it was started once we are gone (kill -9 is what the edge does to a
 * runtime too, and the store's durability does not depend on a clean stop). Linux-only
 * (`/proc/<pid>/task/<tid>/children`); a no-op elsewhere.
 */
import { spawn } from "node:child_process";
import { readFileSync, readdirSync } from "node:fs";

/** @returns {number[]} pids of this process's direct children */
export function childPids() {
  try {
    return readdirSync("/proc/self/task").flatMap((tid) =>
      readFileSync(`/proc/self/task/${tid}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number),
    );
  } catch {
    return [];
  }
}

/**
 * Starts the watcher for the current child processes.
 * @returns {() => void} stops the watcher (call on a clean shutdown, after the children have exited)
 */
export function guardChildren() {
  const pids = childPids();
  if (pids.length === 0) return () => {};
  // "Gone" includes a zombie: an init that does not reap (containers) leaves us in state Z forever.
  const status = `/proc/${process.pid}/status`;
  const script = `while grep -q '^State:[[:space:]]*[^Z]' ${status} 2>/dev/null; do sleep 1; done; kill -9 ${pids.join(" ")} 2>/dev/null`;
  const watcher = spawn("sh", ["-c", script], { detached: true, stdio: "ignore" });
  watcher.on("error", () => {});
  watcher.unref();
  return () => {
    try {
      watcher.kill("SIGKILL");
    } catch {
      // already gone
    }
  };
}
