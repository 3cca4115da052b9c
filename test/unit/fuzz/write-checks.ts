/**
 * The store-side half of the write contract, shared by every fuzz suite that sends writes:
 * - a rejected (or dry-run) write stores nothing and bumps nothing: the collection lists the same items
 *   before and after, and either the list resourceVersion is unchanged or a watch from the earlier
 *   resourceVersion shows no event in the collection;
 * - an accepted create stores exactly one new item, at the resourceVersion it answered, and a GET returns
 *   what the create returned.
 */
import { expect } from "vitest";
import { send, type FuzzRequest, type FuzzResponse, type StatusTally } from "./harness";
import { describeExchange } from "./repro";
import { exchange } from "./runner";
import { eventsSince, readCollection, type CollectionState } from "./world";

export interface WriteTarget {
  /** The collection the write may change, e.g. `/api/v1/namespaces/x/configmaps`. */
  collection: string;
  /** A request creating a valid object named `name` in the collection (used as a watch sentinel). */
  sentinel(name: string): FuzzRequest;
}

export interface WriteOutcome {
  response: FuzzResponse;
  /** The name of the object the write stored, if it stored one. */
  created?: string;
}

let sentinels = 0;

/** Sends `request` and checks the store agrees with the answer (see the module contract). */
export async function checkedWrite(
  tally: StatusTally,
  property: string,
  request: FuzzRequest,
  target: WriteTarget,
  opts: { dryRun?: boolean } = {},
): Promise<WriteOutcome> {
  const before = await readCollection(target.collection);
  const response = await exchange(tally, property, request);
  const after = await readCollection(target.collection);
  const repro = () => describeExchange({ request, response });
  const createdNew = response.status === 201 && !opts.dryRun;
  if (!createdNew) {
    await expectNothingWritten(before, after, target, repro);
    return { response };
  }
  const name: string = response.body?.metadata?.name;
  expect(typeof name, `201 without metadata.name\n${repro()}`).toBe("string");
  expect(after.items, `the store does not hold exactly the created object\n${repro()}`).toEqual({
    ...before.items,
    [name]: response.body.metadata.resourceVersion,
  });
  const got = await send({ method: "GET", path: `${target.collection}/${encodeURIComponent(name)}` });
  expect(got.status, `GET after create\n${repro()}`).toBe(200);
  expect(got.body, `GET differs from the create response\n${repro()}`).toEqual(response.body);
  return { response, created: name };
}

export async function expectNothingWritten(
  before: CollectionState,
  after: CollectionState,
  target: WriteTarget,
  repro: () => string,
): Promise<void> {
  expect(after.items, `a rejected/dry-run write changed the collection\n${repro()}`).toEqual(before.items);
  if (after.resourceVersion === before.resourceVersion) return;
  // Something else in the shard moved (another collection); the watch says whether it was us.
  const name = `zz-sentinel-${(sentinels++).toString(36)}`;
  const events = await eventsSince(target.collection, before.resourceVersion, { name, create: target.sentinel(name) });
  expect(events, `a rejected/dry-run write produced watch events\n${repro()}`).toEqual([]);
}

/**
 * Sends a write addressed to one existing object (PUT or PATCH) and checks the store agrees: a success
 * (200, or 201 when an apply created it) is what a GET returns afterwards and touched only that object; a
 * failure (or a dry run) left the object and its collection exactly as they were.
 */
export async function checkedObjectWrite(
  tally: StatusTally,
  property: string,
  request: FuzzRequest,
  target: WriteTarget & { name: string },
  opts: { dryRun?: boolean } = {},
): Promise<FuzzResponse> {
  const objectPath = `${target.collection}/${encodeURIComponent(target.name)}`;
  const beforeObject = await send({ method: "GET", path: objectPath });
  const before = await readCollection(target.collection);
  const response = await exchange(tally, property, request);
  const after = await readCollection(target.collection);
  const afterObject = await send({ method: "GET", path: objectPath });
  const repro = () => describeExchange({ request, response });
  const ok = response.status === 200 || response.status === 201;
  if (!ok || opts.dryRun) {
    expect(afterObject.status, `object status changed\n${repro()}`).toBe(beforeObject.status);
    expect(afterObject.body, `a rejected/dry-run write changed the object\n${repro()}`).toEqual(beforeObject.body);
    await expectNothingWritten(before, after, target, repro);
    return response;
  }
  expect(afterObject.status, `GET after a successful write\n${repro()}`).toBe(200);
  expect(afterObject.body, `GET differs from the write's response\n${repro()}`).toEqual(response.body);
  const meta = response.body.metadata;
  expect(meta.name, `an update renamed the object\n${repro()}`).toBe(target.name);
  if (beforeObject.status === 200) {
    // Identity and system fields survive every update (rest.BeforeUpdate: uid/creationTimestamp are reset
    // to the stored values; a different uid in the body is a precondition → 409).
    const old = beforeObject.body.metadata;
    expect([meta.namespace, meta.uid, meta.creationTimestamp], `an update changed identity fields\n${repro()}`).toEqual([old.namespace, old.uid, old.creationTimestamp]);
    expect(Number(meta.resourceVersion), `resourceVersion went backwards\n${repro()}`).toBeGreaterThanOrEqual(Number(old.resourceVersion));
  }
  const rv: string = response.body.metadata.resourceVersion;
  expect(after.items, `the write touched other objects\n${repro()}`).toEqual({ ...before.items, [target.name]: rv });
  return response;
}
