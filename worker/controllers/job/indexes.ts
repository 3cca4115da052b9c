/**
 * Completion indexes of Indexed Jobs (pkg/controller/job indexed_job_utils.go): ordered intervals and their
 * status form ("0-2,4", with two adjacent indexes written "5,6"), the indexes still to start, and the active pods
 * to remove for repeated, missing or out-of-range indexes.
 */
import { compareForDeletion, completionIndex, UNKNOWN_INDEX, type Pod } from "./pod-state";

export interface Interval {
  first: number;
  last: number;
}

/** Sorted, non-overlapping, non-adjacent intervals. */
export type Intervals = Interval[];

/** merge: the union of two ordered interval lists. */
export function mergeIntervals(a: Intervals, b: Intervals): Intervals {
  const out: Intervals = [];
  const push = (iv: Interval) => {
    const last = out[out.length - 1];
    if (!last || iv.first > last.last + 1) out.push({ ...iv });
    else if (last.last < iv.last) last.last = iv.last;
  };
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) push(a[i].first < b[j].first ? a[i++] : b[j++]);
  while (i < a.length) push(a[i++]);
  while (j < b.length) push(b[j++]);
  return out;
}

/** withOrderedIndexes: the intervals plus `indexes` (ascending). */
export function withIndexes(intervals: Intervals, indexes: number[]): Intervals {
  return mergeIntervals(intervals, indexes.map((ix) => ({ first: ix, last: ix })));
}

export function totalIndexes(intervals: Intervals): number {
  return intervals.reduce((n, iv) => n + iv.last - iv.first + 1, 0);
}

export function hasIndex(intervals: Intervals, ix: number): boolean {
  return intervals.some((iv) => iv.first <= ix && ix <= iv.last);
}

/** orderedIntervals.String. */
export function formatIntervals(intervals: Intervals): string {
  return intervals.map((iv) => (iv.last === iv.first ? `${iv.first}` : `${iv.first}${iv.last === iv.first + 1 ? "," : "-"}${iv.last}`)).join(",");
}

/** parseIndexesFromString: corrupt items are skipped, indexes at or past `completions` dropped. */
export function parseIntervals(s: string | undefined, completions: number): Intervals {
  if (!s) return [];
  const out: Intervals = [];
  for (const item of s.split(",")) {
    const limits = item.split("-");
    if (!/^[+-]?[0-9]+$/.test(limits[0])) continue;
    const first = Number(limits[0]);
    if (first >= completions) break;
    let last = first;
    if (limits.length > 1) {
      if (!/^[+-]?[0-9]+$/.test(limits[1])) continue;
      last = Math.min(Number(limits[1]), completions - 1);
    }
    const prev = out[out.length - 1];
    if (prev && prev.last === first - 1) prev.last = last;
    else out.push({ first, last });
  }
  return out;
}

/** The set of valid completion indexes of `pods`, ascending. */
export function indexesOf(pods: Pod[]): number[] {
  return [...new Set(pods.map(completionIndex).filter((ix) => ix !== UNKNOWN_INDEX))].sort((x, y) => x - y);
}

/** firstPendingIndexes: the lowest `count` indexes below `completions` not in `nonPending`. */
export function firstPendingIndexes(nonPending: Intervals, count: number, completions: number): number[] {
  const out: number[] = [];
  if (count <= 0) return out;
  let candidate = 0;
  for (const iv of nonPending) {
    for (; candidate < completions && out.length < count && candidate < iv.first; candidate++) out.push(candidate);
    if (candidate < iv.last + 1) candidate = iv.last + 1;
  }
  for (; candidate < completions && out.length < count; candidate++) out.push(candidate);
  return out;
}

/**
 * appendDuplicatedIndexPodsForRemoval: pods without an index or with one at or past `completions` are removed,
 * and of each repeated index all but the pod that sorts last for deletion (the most advanced) are removed.
 */
export function duplicatedIndexPodsForRemoval(pods: Pod[], completions: number): { remove: Pod[]; keep: Pod[] } {
  const remove: Pod[] = [];
  const keep: Pod[] = [];
  const byIndex = new Map<number, Pod[]>();
  for (const p of pods) {
    const ix = completionIndex(p);
    if (ix === UNKNOWN_INDEX || ix >= completions) remove.push(p);
    else byIndex.set(ix, [...(byIndex.get(ix) ?? []), p]);
  }
  for (const ix of [...byIndex.keys()].sort((x, y) => x - y)) {
    const same = [...byIndex.get(ix)!].sort(compareForDeletion);
    remove.push(...same.slice(0, -1));
    keep.push(same[same.length - 1]);
  }
  return { remove, keep };
}
