/**
 * The stage engine: KWOK's stage controller loop (sigs.k8s.io/kwok/pkg/kwok/controllers/stage_controller.go)
 * as pure functions. A caller (the kubelet Durable Object, for pods whose runtime is `simulated`) does:
 *   1. `planStage(object, stages, now, random, previousPlan)` whenever it observes the object → a plan
 *      `{stage, dueAtMs}` to keep (and arm an alarm for), or none;
 *   2. at `dueAtMs`, `planStage` again (the stage must still match; the plan is kept), then
 *      `applyStage(object, stage, ctx)` → the writes: a strategic merge patch to the status subresource, the
 *      new finalizer list, a delete, an Event;
 *   3. if the stage says `immediateNextStage`, plan on the result at once (`step` does 1–3 in one call).
 */
import { applyStrategicMergePatch, type SchemaNode } from "../../patch";
import { cloneJson, type JsonObject } from "../../patch/json";
import { stageDelayMs } from "./delay";
import { chooseStage, matchingStages } from "./match";
import type { Stage } from "./stage";
import { renderTemplate, renderText, type RenderContext } from "./template";
import { statusSchemaFor } from "./status-schema";

/** A chosen stage and when it is due (milliseconds since the epoch). Store it; pass it back as `previous`. */
export interface StagePlan {
  stage: string;
  dueAtMs: number;
}

export type PlanResult = { kind: "none" } | { kind: "planned"; stage: Stage; dueAtMs: number };

/**
 * Chooses the object's next stage (weighted, `random` in [0, 1)) and its due time `nowMs + delay`. While the
 * stage of `previous` still matches, that plan is kept unchanged — no new draw of weights or jitter — so a
 * level-triggered caller may call this on every pass. Returns none when no stage matches.
 */
export function planStage(
  object: JsonObject,
  stages: readonly Stage[],
  nowMs: number,
  random: () => number,
  previous?: StagePlan,
): PlanResult {
  const candidates = matchingStages(object, stages);
  if (previous) {
    const kept = candidates.find((s) => s.metadata.name === previous.stage);
    if (kept) return { kind: "planned", stage: kept, dueAtMs: previous.dueAtMs };
  }
  const stage = chooseStage(candidates, object, random);
  if (!stage) return { kind: "none" };
  return { kind: "planned", stage, dueAtMs: nowMs + stageDelayMs(stage, object, nowMs, random) };
}

/** The values a stage's substitutions read besides the object: the injected clock and the IPs. */
export interface StageContext {
  nowMs: number;
  nodeIP?: string;
  podIP?: string;
}

export interface RenderedEvent {
  type: "Normal" | "Warning";
  reason: string;
  message: string;
}

/** What applying a stage writes. Nothing is written for members that are undefined. */
export interface StageOutcome {
  stage: string;
  /** Strategic merge patch for the status subresource (`{}` never appears: undefined instead). */
  statusPatch?: JsonObject;
  /** The complete new `metadata.finalizers`, when the stage changes it. */
  finalizers?: string[];
  /** Delete the object (a pod: the kubelet's final delete, grace period 0). */
  delete: boolean;
  /** An Event about the object (involvedObject = the object). */
  event?: RenderedEvent;
  immediateNextStage: boolean;
}

/** KWOK's finalizer step: `empty` clears, then `remove`, then `add` what is missing (appended, in order). */
export function nextFinalizers(current: readonly string[], f: NonNullable<Stage["spec"]["next"]["finalizers"]>): string[] {
  const removed = new Set((f.remove ?? []).map((x) => x.value));
  const out = f.empty ? [] : current.filter((x) => !removed.has(x));
  for (const { value } of f.add ?? []) if (!out.includes(value)) out.push(value);
  return out;
}

/** Renders a stage's `next` against the object: the writes it asks for (pure). */
export function applyStage(object: JsonObject, stage: Stage, ctx: StageContext): StageOutcome {
  const next = stage.spec.next;
  const rctx: RenderContext = { object, ...ctx };
  const out: StageOutcome = { stage: stage.metadata.name, delete: next.delete === true, immediateNextStage: stage.spec.immediateNextStage === true };
  if (next.statusPatch) {
    const patch = renderTemplate(next.statusPatch, rctx);
    if (Object.keys(patch).length > 0) out.statusPatch = patch;
  }
  if (next.finalizers) {
    const meta = (object.metadata ?? {}) as JsonObject;
    const current = Array.isArray(meta.finalizers) ? meta.finalizers.filter((x): x is string => typeof x === "string") : [];
    const updated = nextFinalizers(current, next.finalizers);
    if (updated.length !== current.length || updated.some((x, i) => x !== current[i])) out.finalizers = updated;
  }
  if (next.event) {
    out.event = { type: next.event.type, reason: next.event.reason, message: renderText(next.event.message ?? "", rctx) };
  }
  return out;
}

/**
 * The object as the API would hold it after the outcome's writes (status merged with the kind's patch
 * metadata, see status-schema.ts). `deleted` is true for a delete; the object is then its last state.
 */
export function applyOutcome(object: JsonObject, outcome: StageOutcome, schema?: SchemaNode): { object: JsonObject; deleted: boolean } {
  const result = cloneJson(object);
  if (outcome.statusPatch) {
    const kind = typeof object.kind === "string" ? object.kind : undefined;
    const merged = applyStrategicMergePatch((object.status ?? {}) as JsonObject, outcome.statusPatch, schema ?? statusSchemaFor(kind));
    if (!merged.ok) throw new Error(`stage ${outcome.stage}: status patch does not apply: ${merged.error.message}`);
    result.status = merged.value;
  }
  if (outcome.finalizers) {
    const meta = { ...((result.metadata ?? {}) as JsonObject) };
    if (outcome.finalizers.length) meta.finalizers = outcome.finalizers;
    else delete meta.finalizers;
    result.metadata = meta;
  }
  return { object: result, deleted: outcome.delete };
}

export interface StepOptions {
  ctx: StageContext;
  random: () => number;
  /** The plan kept from an earlier observation. */
  plan?: StagePlan;
  /** Status patch metadata; defaults to the object kind's (status-schema.ts). */
  schema?: SchemaNode;
  /** Bound on stages applied in one step (a cycle of immediate stages would otherwise never end). */
  maxStages?: number;
}

export interface StepResult {
  object: JsonObject;
  deleted: boolean;
  /** The outcomes applied at `ctx.nowMs`, in order (empty: nothing was due). */
  applied: StageOutcome[];
  /** The object after each applied outcome (parallel to `applied`). */
  states: JsonObject[];
  /** The plan for the resulting object (none after a delete or when nothing matches). */
  next: PlanResult;
}

/**
 * Applies the due stage, then, while the applied stage says `immediateNextStage`, plans on the result and
 * applies that too if it is already due. Nothing due → the object unchanged and the pending plan.
 */
export function step(object: JsonObject, stages: readonly Stage[], opts: StepOptions): StepResult {
  const now = opts.ctx.nowMs;
  const applied: StageOutcome[] = [];
  const states: JsonObject[] = [];
  let current = object;
  let plan = planStage(current, stages, now, opts.random, opts.plan);
  const max = opts.maxStages ?? 16;
  while (plan.kind === "planned" && plan.dueAtMs <= now && applied.length < max) {
    const outcome = applyStage(current, plan.stage, opts.ctx);
    applied.push(outcome);
    const r = applyOutcome(current, outcome, opts.schema);
    current = r.object;
    states.push(current);
    if (r.deleted) return { object: current, deleted: true, applied, states, next: { kind: "none" } };
    plan = planStage(current, stages, now, opts.random);
    if (!outcome.immediateNextStage) break;
  }
  return { object: current, deleted: false, applied, states, next: plan };
}
