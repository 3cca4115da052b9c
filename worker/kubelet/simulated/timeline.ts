/**
 * Runs an object through its stages on an injected clock, as a kubelet would with one alarm per due time:
 * observe at `startMs`, sleep until the plan is due, `step`, observe again. Used by the golden tests and
 * by anyone who wants to see what a stage list does to an object without a cluster.
 */
import type { SchemaNode } from "../../patch";
import type { JsonObject } from "../../patch/json";
import { step, type StageOutcome } from "./engine";
import type { Stage } from "./stage";

export interface TimelineEntry {
  atMs: number;
  outcome: StageOutcome;
  /** The object right after this outcome. */
  object: JsonObject;
}

export interface TimelineOptions {
  startMs: number;
  /** Stop before anything due after this time. */
  untilMs: number;
  random: () => number;
  nodeIP?: string;
  podIP?: string;
  schema?: SchemaNode;
  /** Bound on applied stages (default 64). */
  maxStages?: number;
}

export interface Timeline {
  entries: TimelineEntry[];
  object: JsonObject;
  deleted: boolean;
  /** When the next pending stage is due (after `untilMs`), if any. */
  pendingAtMs?: number;
}

export function runTimeline(object: JsonObject, stages: readonly Stage[], opts: TimelineOptions): Timeline {
  const entries: TimelineEntry[] = [];
  const max = opts.maxStages ?? 64;
  const ctx = (nowMs: number) => ({ nowMs, nodeIP: opts.nodeIP, podIP: opts.podIP });
  let now = opts.startMs;
  let current = object;
  // The first observation plans; every later plan comes from the step that changed the object.
  let r = step(current, stages, { ctx: ctx(now), random: opts.random, schema: opts.schema });
  for (;;) {
    r.applied.forEach((outcome, i) => entries.push({ atMs: now, outcome, object: r.states[i] }));
    current = r.object;
    if (r.deleted) return { entries, object: current, deleted: true };
    if (r.next.kind === "none") return { entries, object: current, deleted: false };
    if (r.next.dueAtMs > opts.untilMs || entries.length >= max) {
      return { entries, object: current, deleted: false, pendingAtMs: r.next.dueAtMs };
    }
    now = Math.max(now, r.next.dueAtMs);
    const plan = { stage: r.next.stage.metadata.name, dueAtMs: r.next.dueAtMs };
    r = step(current, stages, { ctx: ctx(now), random: opts.random, schema: opts.schema, plan });
  }
}
