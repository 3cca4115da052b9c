/**
 * What the store holds, read back through the API: a collection's items (name → resourceVersion) with the
 * list resourceVersion, and the watch events a collection produced after a resourceVersion. The fuzz
 * suites use these to check that a rejected write stored and bumped nothing and an accepted one stored
 * exactly what it answered.
 */
import { send, type FuzzRequest } from "./harness";

export interface CollectionState {
  /** The list's metadata.resourceVersion: the shard's revision when the list was read. */
  resourceVersion: string;
  /** Each item's name → its metadata.resourceVersion. */
  items: Record<string, string>;
}

export async function readCollection(collection: string): Promise<CollectionState> {
  const res = await send({ method: "GET", path: collection });
  if (res.status !== 200) throw new Error(`LIST ${collection} → ${res.status} ${res.text.slice(0, 300)}`);
  const items: Record<string, string> = {};
  for (const item of res.body.items) items[item.metadata.name] = item.metadata.resourceVersion;
  return { resourceVersion: res.body.metadata.resourceVersion, items };
}

export interface WatchEvent {
  type: string;
  name: string;
  resourceVersion: string;
}

/**
 * The events of `collection` after `resourceVersion`, up to and including the ADDED event of a sentinel
 * object that `createSentinel` writes once the watch is open: everything before the sentinel is what
 * happened in between, with no need to wait for "nothing more arrives". `resourceVersion` must not be
 * "0": from "0" a watch starts with synthetic ADDED events for every current object, in key order.
 */
export async function eventsSince(
  collection: string,
  resourceVersion: string,
  sentinel: { name: string; create: FuzzRequest },
  timeoutMs = 5_000,
): Promise<WatchEvent[]> {
  if (resourceVersion === "0") throw new Error("eventsSince needs a non-zero resourceVersion");
  const created = await send(sentinel.create);
  if (created.status !== 201) throw new Error(`sentinel create → ${created.status} ${created.text.slice(0, 300)}`);
  const res = await send({
    method: "GET",
    path: `${collection}?watch=true&resourceVersion=${resourceVersion}&allowWatchBookmarks=false&timeoutSeconds=30`,
    streamMs: timeoutMs,
    streamUntil: (text) => text.includes(`"name":${JSON.stringify(sentinel.name)}`) && text.endsWith("\n"),
  });
  if (res.status !== 200) throw new Error(`WATCH ${collection} → ${res.status} ${res.text.slice(0, 300)}`);
  const events: WatchEvent[] = [];
  for (const line of res.text.split("\n")) {
    if (!line) continue;
    const ev = JSON.parse(line);
    events.push({ type: ev.type, name: ev.object?.metadata?.name, resourceVersion: ev.object?.metadata?.resourceVersion });
    if (ev.type === "ADDED" && ev.object?.metadata?.name === sentinel.name) return events.slice(0, -1);
  }
  throw new Error(`the sentinel ${sentinel.name} never arrived on the watch of ${collection}; saw ${JSON.stringify(events)}`);
}
