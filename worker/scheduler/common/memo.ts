/**
 * What upstream's NodeInfo keeps precomputed (a pod's requests, a node's Allocatable, the Requested sums),
 * memoized here by object identity instead: the scheduler never changes an object it read — an assumed pod is
 * a new copy, a node's pod list only grows during a pass (AssumePod) or is replaced (victims marked
 * terminating) — so a value derived once from an object holds as long as the object lives (for a pod list:
 * as long as it does not grow, and what it grew by is added on, ../filters/resource nodeTotals).
 */
/** `derive(obj)`, computed once per object (and per `derive`: each call site owns its cache). */
export function memoByObject<K extends object, V>(derive: (obj: K) => V): (obj: K) => V {
  const cache = new WeakMap<K, V>();
  return (obj) => {
    let v = cache.get(obj);
    if (v === undefined && !cache.has(obj)) {
      v = derive(obj);
      cache.set(obj, v);
    }
    return v as V;
  };
}
