/**
 * The `simulated` runtime: KWOK-style lifecycle stages as data and one pure engine (see README.md).
 */
export {
  SELECTOR_OPERATORS,
  validateStage,
  type ExpressionFrom,
  type SelectorOperator,
  type SelectorRequirement,
  type Stage,
  type StageDelay,
  type StageEvent,
  type StageFinalizers,
  type StageNext,
  type StageSelector,
  type StageSpec,
  type StageValidation,
} from "./stage";
export { compileQuery, evaluateQuery, parseQuery, type Query, type QueryParseResult } from "./query";
export { chooseStage, matchingStages, requirementMatches, resourceMatches, selectorMatches, stageWeight } from "./match";
export { delayRange, durationFrom, parseGoDuration, stageDelayMs, type DelayRange } from "./delay";
export { formatTime, renderTemplate, renderText, validateTemplate, type RenderContext } from "./template";
export {
  applyOutcome,
  applyStage,
  nextFinalizers,
  planStage,
  step,
  type PlanResult,
  type RenderedEvent,
  type StageContext,
  type StageOutcome,
  type StagePlan,
  type StepOptions,
  type StepResult,
} from "./engine";
export { runTimeline, type Timeline, type TimelineEntry, type TimelineOptions } from "./timeline";
export { statusSchemaFor } from "./status-schema";
export {
  DEFAULT_POD_STAGES,
  POD_COMPLETE,
  POD_CREATE,
  POD_DELETE,
  POD_READY,
  SIMULATED_CONDITION_TYPE,
  SIMULATED_MESSAGE,
} from "./default-pod-stages";
export { DEFAULT_NODE_STAGES, NODE_INITIALIZE } from "./default-node-stages";
