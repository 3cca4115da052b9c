/**
 * The garbage collector's queue keys. Upstream keys its queues by graph node (an object's identity, uid
 * included); we keep no graph, so a key is either
 * - an object: `<group>/<resource>/<namespace>/<name>/<uid>` (namespace empty for cluster-scoped objects),
 *   reconciled as upstream's attemptToDelete / attemptToOrphan of that node, or
 * - a scan: `scan:<namespace>`, or `scan:*` for the whole cluster, which looks at every object with
 *   ownerReferences in that scope (what upstream's graph does when an owner's delete event arrives: its
 *   dependents are attempted). Deletions coalesce into one scan per namespace.
 */

export interface ObjectIdentity {
  group: string;
  resource: string;
  namespace?: string;
  name: string;
  uid: string;
}

export type GcKey = { type: "object"; id: ObjectIdentity } | { type: "scan"; namespace?: string };

const SCAN = "scan:";
const ALL = "*";

export function objectKey(id: ObjectIdentity): string {
  return [id.group, id.resource, id.namespace ?? "", id.name, id.uid].join("/");
}

/** The scan of a namespace's objects, or of every object when `namespace` is undefined. */
export function scanKey(namespace?: string): string {
  return SCAN + (namespace || ALL);
}

export function parseKey(key: string): GcKey | undefined {
  if (key.startsWith(SCAN)) {
    const ns = key.slice(SCAN.length);
    return ns === ALL ? { type: "scan" } : ns ? { type: "scan", namespace: ns } : undefined;
  }
  const parts = key.split("/");
  if (parts.length !== 5) return undefined;
  const [group, resource, namespace, name, uid] = parts;
  if (!resource || !name || !uid) return undefined;
  return { type: "object", id: { group, resource, ...(namespace ? { namespace } : {}), name, uid } };
}
