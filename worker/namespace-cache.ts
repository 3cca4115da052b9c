/**
 * Namespaces recently seen Active, per isolate, for the NamespaceLifecycle admission check on creates.
 * Upstream's admission plugin reads an informer cache, so a create racing a namespace deletion can slip in
 * within the informer's lag; this cache has the same contract with a bounded lag (TTL). Missing and
 * terminating namespaces are never cached: those answers always come from the store.
 */
const TTL_MS = 1000;
const active = new Map<string, number>();

export function isKnownActive(ns: string, now = Date.now()): boolean {
  const until = active.get(ns);
  if (until === undefined) return false;
  if (until < now) {
    active.delete(ns);
    return false;
  }
  return true;
}

export function rememberActive(ns: string, now = Date.now()): void {
  if (active.size > 10_000) active.clear();
  active.set(ns, now + TTL_MS);
}

export function forgetNamespace(ns: string): void {
  active.delete(ns);
}
