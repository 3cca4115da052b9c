/**
 * Event tables: core/v1 Event (upstream printEvent) and events.k8s.io/v1 Event, which upstream serves from
 * the same storage and therefore prints with the same columns. events.k8s.io fields stand for their
 * core/v1 equivalents (regarding → involvedObject, note → message, deprecatedSource → source,
 * deprecatedFirstTimestamp / deprecatedLastTimestamp / deprecatedCount → firstTimestamp / lastTimestamp / count).
 */
import { translateTimestampSince, parseTimestamp } from "./duration";
import { int, nameOf, str } from "./format";
import { column, type KubeObject, type TableDef } from "./types";

/** The fields printEvent reads, in core/v1 terms. */
interface EventView {
  name: string;
  type: string;
  reason: string;
  message: string;
  involvedObject: KubeObject;
  source: KubeObject;
  reportingController: string;
  reportingInstance: string;
  firstTimestamp: unknown;
  lastTimestamp: unknown;
  eventTime: unknown;
  count: number;
  series?: KubeObject;
}

/**
 * Reads either shape: upstream converts both to one internal Event, and the field names of the two
 * versions do not collide, so an object is read through whichever names it carries.
 */
function eventView(e: KubeObject): EventView {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const pick = (a: any, b: any): any => (a === undefined || a === null ? b : a);
  return {
    name: nameOf(e),
    type: str(e.type),
    reason: str(e.reason),
    message: str(pick(e.note, e.message)),
    involvedObject: pick(e.regarding, e.involvedObject) ?? {},
    source: pick(e.deprecatedSource, e.source) ?? {},
    // core/v1 spells the reporting controller `reportingComponent`.
    reportingController: str(pick(e.reportingController, e.reportingComponent)),
    reportingInstance: str(e.reportingInstance),
    firstTimestamp: pick(e.deprecatedFirstTimestamp, e.firstTimestamp),
    lastTimestamp: pick(e.deprecatedLastTimestamp, e.lastTimestamp),
    eventTime: e.eventTime,
    count: int(pick(e.deprecatedCount, e.count)),
    series: e.series ?? undefined,
  };
}

/** formatEventSource: "component[, host]", each falling back to reportingController / reportingInstance. */
function formatSource(v: EventView): string {
  const component = str(v.source.component) || v.reportingController;
  const host = str(v.source.host) || v.reportingInstance;
  return host ? `${component}, ${host}` : component;
}

function eventCells(v: EventView, now: Date): unknown[] {
  let first = translateTimestampSince(v.firstTimestamp, now);
  if (parseTimestamp(v.firstTimestamp) === undefined) first = translateTimestampSince(v.eventTime, now);
  let last = parseTimestamp(v.lastTimestamp) === undefined ? first : translateTimestampSince(v.lastTimestamp, now);
  let count = v.count;
  if (v.series) {
    last = translateTimestampSince(v.series.lastObservedTime, now);
    count = int(v.series.count);
  } else if (count === 0) {
    count = 1; // singleton events carry no count in the events.k8s.io API
  }
  const kind = str(v.involvedObject.kind).toLowerCase();
  const target = v.involvedObject.name ? `${kind}/${str(v.involvedObject.name)}` : kind;
  return [
    last,
    v.type,
    v.reason,
    target,
    str(v.involvedObject.fieldPath),
    formatSource(v),
    v.message.trim(),
    first,
    count,
    v.name,
  ];
}

const EVENT_COLUMNS = [
  column("Last Seen", "string", "The time at which the most recent occurrence of this event was recorded."),
  column("Type", "string", "Type of this event (Normal, Warning), new types could be added in the future"),
  column("Reason", "string", "A short, machine understandable reason for the event."),
  column("Object", "string", "The object that this event is about."),
  column("Subobject", "string", "The sub-object (fieldPath) of the involved object, e.g. spec.containers{name}.", 1),
  column("Source", "string", "The component reporting this event. Should be a short machine understandable string.", 1),
  column("Message", "string", "A human-readable description of the status of this operation."),
  column("First Seen", "string", "The time at which the event was first recorded.", 1),
  column("Count", "string", "The number of times this event has occurred.", 1),
  column("Name", "string", "Name must be unique within a namespace.", 1, "name"),
];

/** core/v1 and events.k8s.io/v1 Event. */
export const EVENT_TABLE: TableDef = {
  columns: EVENT_COLUMNS,
  cells: (e, now) => eventCells(eventView(e), now),
};
