/**
 * Pure watch-event decisions: what a watcher with a selector sees for one store change (an object that leaves
 * the selector is DELETED for that watcher; one that enters it is ADDED — upstream's cacher semantics).
 */
import { matchesFilter, type ObjectFilter } from "../selectors";
import type { StoreEvent } from "../../durable-objects/store/types";

export type WatchEventType = "ADDED" | "MODIFIED" | "DELETED";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function visibleEvent(ev: StoreEvent, filter: ObjectFilter): { type: WatchEventType; object: any } | undefined {
  const empty = !filter.labels?.length && !filter.fields?.length;
  const now = ev.object;
  if (ev.type === "ADDED") return empty || matchesFilter(filter, now!) ? { type: "ADDED", object: now } : undefined;
  if (ev.type === "DELETED") return empty || matchesFilter(filter, now!) ? { type: "DELETED", object: now } : undefined;
  if (ev.type !== "MODIFIED") return undefined;
  if (empty) return { type: "MODIFIED", object: now };
  const isIn = matchesFilter(filter, now!);
  const wasIn = ev.prev ? matchesFilter(filter, ev.prev) : false;
  if (isIn && wasIn) return { type: "MODIFIED", object: now };
  if (isIn) return { type: "ADDED", object: now };
  if (wasIn) return { type: "DELETED", object: now };
  return undefined;
}

/** Splits a byte stream of newline-delimited JSON into parsed values. */
export class LineDecoder {
  private buffer = "";
  private readonly decoder = new TextDecoder();

  push(chunk: Uint8Array): unknown[] {
    this.buffer += this.decoder.decode(chunk, { stream: true });
    const out: unknown[] = [];
    let nl: number;
    while ((nl = this.buffer.indexOf("\n")) >= 0) {
      const line = this.buffer.slice(0, nl);
      this.buffer = this.buffer.slice(nl + 1);
      if (line.trim()) out.push(JSON.parse(line));
    }
    return out;
  }
}
