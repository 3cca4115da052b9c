/**
 * Checks recorded watch streams against the store's committed changes: the guarantees etcd's robustness suite
 * names for watch (ordered, unique, atomic, reliable, resumable, bookmarkable; etcd-io/etcd tests/robustness),
 * as the Kubernetes watch API promises them (a watch from resourceVersion N delivers every change after N, in
 * order, exactly once; a BOOKMARK at N says every change up to N has been sent).
 */

/** A watch event as recorded by a client. */
export interface WatchRecord {
  type: "ADDED" | "MODIFIED" | "DELETED" | "BOOKMARK";
  key: string;
  rv: string;
  value?: string;
}

/** One watcher's stream, possibly across reconnects: each segment starts at `fromRv` (the resourceVersion it asked for, "" = from a fresh list at listRv) and lists the records it got until it ended. */
export interface WatchSegment {
  fromRv: string;
  records: WatchRecord[];
  /** why it ended */
  end: "closed" | "error" | "killed" | "expired";
}

/** Ground truth: the store's committed changes on the watched resource in revision order (built by the caller from the acknowledged writes plus a final LIST, or from a watch from rv 0 after the run). */
export interface Change {
  type: "ADDED" | "MODIFIED" | "DELETED";
  key: string;
  rv: string;
  value?: string;
}

export interface WatchCheck {
  ok: boolean;
  violations: string[];
}

const MAX_VIOLATIONS = 100;
const SHOWN_CHANGES = 5;

/**
 * Ordered: rv strictly increasing within a watcher (bookmarks non-decreasing). Unique: no (key,rv) twice across
 * segments of one watcher. Reliable: the events of a watcher from its first fromRv to its last non-bookmark event
 * equal exactly the subsequence of `truth` in that window (no gaps); resumable: a segment starting at fromRv
 * continues with the first change after fromRv. Atomic per revision: one change per rv (our store: one key per
 * revision). Bookmarkable: a BOOKMARK's rv is ≥ every event rv before it and no later event has rv ≤ it. A 410
 * Expired segment is allowed to end a watcher (the caller relists).
 *
 * Also: a BOOKMARK at N means every change up to N was delivered (the window extends to the last bookmark), and a
 * segment after an expired one starts a new watcher (its list is the caller's). `truth` must hold every change
 * in the window; a segment from "" starts at its first event (its list revision is not recorded).
 */
export function checkWatch(segments: WatchSegment[], truth: Change[]): WatchCheck {
  const t = indexTruth(truth);
  const violations = [...t.violations, ...checkSegments(segments, t)];
  return verdict(violations);
}

/** `checkWatch` for every watcher against one truth; violations are prefixed with the watcher's index. */
export function checkWatchers(watchers: WatchSegment[][], truth: Change[]): WatchCheck {
  const t = indexTruth(truth);
  const violations = [...t.violations];
  watchers.forEach((segments, i) => violations.push(...checkSegments(segments, t).map((v) => `watcher ${i}: ${v}`)));
  return verdict(violations);
}

interface Truth {
  changes: Change[];
  revs: number[];
  /** revision → index in `changes` */
  index: Map<number, number>;
  violations: string[];
}

const REVISION = /^[0-9]+$/;
const parseRv = (rv: string) => (REVISION.test(rv) ? Number(rv) : NaN);

function indexTruth(changes: Change[]): Truth {
  const violations: string[] = [];
  const revs = changes.map((c) => parseRv(c.rv));
  const index = new Map<number, number>();
  revs.forEach((rv, i) => {
    if (Number.isNaN(rv)) violations.push(`truth: ${show(changes[i]!)} has no revision`);
    else if (i > 0 && rv === revs[i - 1]) violations.push(`truth: two changes at revision ${rv} (atomic: one change per revision)`);
    else if (i > 0 && rv < revs[i - 1]!) violations.push(`truth: revision ${rv} after ${revs[i - 1]} (not in revision order)`);
    else index.set(rv, i);
  });
  return { changes, revs, index, violations };
}

/** Index of the first change after revision `rv`. */
function firstAfter(t: Truth, rv: number): number {
  let lo = 0;
  let hi = t.revs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (t.revs[mid]! <= rv) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Splits at expired segments: the caller relists, so what follows is a new watcher. */
function checkSegments(segments: WatchSegment[], t: Truth): string[] {
  const out: string[] = [];
  let start = 0;
  segments.forEach((s, i) => {
    if (s.end !== "expired" && i < segments.length - 1) return;
    out.push(...checkRun(segments.slice(start, i + 1), start, t));
    start = i + 1;
  });
  return out;
}

/** One watcher from its first segment to an expiry or its end. */
function checkRun(segments: WatchSegment[], offset: number, t: Truth): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  let lastEvent = { rv: -Infinity, key: "" };
  let lastBookmark = -Infinity;
  /** index in truth of the change the watcher must receive next; undefined until a fresh-list segment's first event */
  let next: number | undefined;
  segments.forEach((seg, n) => {
    const where = `segment ${offset + n} (from ${seg.fromRv === "" ? "a list" : seg.fromRv})`;
    const from = seg.fromRv === "" ? NaN : parseRv(seg.fromRv);
    if (seg.fromRv !== "" && Number.isNaN(from)) out.push(`${where}: fromRv is not a revision`);
    if (Number.isNaN(from)) next = undefined;
    else {
      const resume = firstAfter(t, from);
      if (next !== undefined && resume > next) out.push(`${where}: resuming there skips ${showChanges(t, next, resume)}`);
      next = next === undefined ? resume : Math.max(next, resume);
    }
    for (const r of seg.records) {
      const rv = parseRv(r.rv);
      if (Number.isNaN(rv)) {
        out.push(`${where}: ${r.type} ${r.key} has no revision (${JSON.stringify(r.rv)})`);
        continue;
      }
      if (r.type === "BOOKMARK") {
        const before = Math.max(lastEvent.rv, lastBookmark);
        if (rv < before) out.push(`${where}: BOOKMARK at ${rv} after revision ${before} (bookmarks must not go back)`);
        if (next !== undefined && next < t.revs.length && t.revs[next]! <= rv) {
          out.push(`${where}: BOOKMARK at ${rv} before ${showChanges(t, next, firstAfter(t, rv))} was delivered`);
          next = firstAfter(t, rv);
        }
        if (next === undefined) next = firstAfter(t, rv);
        lastBookmark = Math.max(lastBookmark, rv);
        continue;
      }
      const id = `${r.key}@${rv}`;
      if (seen.has(id)) {
        out.push(`${where}: ${r.type} ${id} delivered twice (unique)`);
        continue;
      }
      seen.add(id);
      if (rv === lastEvent.rv) out.push(`${where}: ${id} and ${lastEvent.key}@${rv} share a revision (atomic: one change per revision)`);
      else if (rv < lastEvent.rv) out.push(`${where}: ${id} after revision ${lastEvent.rv} (ordered)`);
      else if (rv <= lastBookmark) out.push(`${where}: ${id} after BOOKMARK at ${lastBookmark} (bookmarkable)`);
      else if (rv <= from) out.push(`${where}: ${id} is not after the resourceVersion the segment asked for (resumable)`);
      if (rv <= lastEvent.rv || rv <= lastBookmark || rv <= from) continue;
      lastEvent = { rv, key: r.key };
      const idx = t.index.get(rv);
      if (idx === undefined) {
        out.push(`${where}: ${r.type} ${id} is not a committed change`);
        continue;
      }
      const want = t.changes[idx]!;
      const valueDiffers = r.value !== undefined && want.value !== undefined && r.value !== want.value;
      if (want.key !== r.key || want.type !== r.type || valueDiffers) out.push(`${where}: got ${show(r)}, committed ${show(want)}`);
      if (next !== undefined && idx > next) out.push(`${where}: missed ${showChanges(t, next, idx)} before ${id} (reliable)`);
      next = idx + 1;
    }
  });
  return out;
}

function show(c: Change | WatchRecord): string {
  return `${c.type} ${c.key}@${c.rv}${c.value !== undefined ? `=${JSON.stringify(c.value)}` : ""}`;
}

function showChanges(t: Truth, from: number, to: number): string {
  const shown = t.changes.slice(from, Math.min(to, from + SHOWN_CHANGES)).map(show).join(", ");
  return to - from > SHOWN_CHANGES ? `${shown} (+${to - from - SHOWN_CHANGES} more)` : shown;
}

function verdict(violations: string[]): WatchCheck {
  if (violations.length <= MAX_VIOLATIONS) return { ok: violations.length === 0, violations };
  return { ok: false, violations: [...violations.slice(0, MAX_VIOLATIONS), `… and ${violations.length - MAX_VIOLATIONS} more`] };
}
