/**
 * The PV controller's queue keys and which stored writes wake them. Upstream runs a claim queue and a volume
 * queue (pv_controller_base.go) and finds new matches for pending claims on its 15 s resync; here one loop keys
 * `claim:<namespace>/<name>` and `volume:<name>`, and `claims:pending` (every claim not bound yet) is woken by what
 * can let a pending claim bind: a volume becoming Available, a StorageClass written.
 */
import type { KubeObject } from "../../../schema/types";
import type { WrittenChange } from "../framework/loop";

export const PENDING_CLAIMS_KEY = "claims:pending";
const CLAIM = "claim:";
const VOLUME = "volume:";

export const claimKey = (namespace: string, name: string): string => `${CLAIM}${namespace}/${name}`;
export const volumeKey = (name: string): string => `${VOLUME}${name}`;

export type BinderKey =
  | { kind: "claim"; namespace: string; name: string }
  | { kind: "volume"; name: string }
  | { kind: "pending-claims" };

export function parseBinderKey(key: string): BinderKey | undefined {
  if (key === PENDING_CLAIMS_KEY) return { kind: "pending-claims" };
  if (key.startsWith(VOLUME)) return key.length > VOLUME.length ? { kind: "volume", name: key.slice(VOLUME.length) } : undefined;
  if (!key.startsWith(CLAIM)) return undefined;
  const rest = key.slice(CLAIM.length);
  const i = rest.indexOf("/");
  return i > 0 && i < rest.length - 1 ? { kind: "claim", namespace: rest.slice(0, i), name: rest.slice(i + 1) } : undefined;
}

/** The claims a pod uses: persistentVolumeClaim volumes and the `<pod>-<volume>` claims of ephemeral ones. */
function podClaims(pod: KubeObject): string[] {
  const ns = pod.metadata?.namespace;
  const out: string[] = [];
  for (const v of (pod.spec?.volumes ?? []) as KubeObject[]) {
    if (v.persistentVolumeClaim?.claimName) out.push(claimKey(ns, v.persistentVolumeClaim.claimName));
    else if (v.ephemeral) out.push(claimKey(ns, `${pod.metadata?.name}-${v.name}`));
  }
  return out;
}

/**
 * - a claim written: itself; deleted: the volume it was bound to (now Released);
 * - a volume written: itself and the claim its claimRef names (a provisioned volume is bound by the claim's
 *   sync); an Available volume without a claim: the pending claims; deleted: its claim (now Lost);
 * - a StorageClass written: the pending claims;
 * - a pod created or scheduled: the claims it uses (a WaitForFirstConsumer claim has a consumer now).
 */
export function volumeBinderWakes(change: WrittenChange): string[] {
  const obj = change.object;
  const m = obj.metadata ?? {};
  const deleted = change.type === "DELETED";
  switch (change.resource) {
    case "/persistentvolumeclaims":
      if (!deleted) return [claimKey(m.namespace, m.name)];
      return obj.spec?.volumeName ? [volumeKey(obj.spec.volumeName)] : [];
    case "/persistentvolumes": {
      const keys = deleted ? [] : [volumeKey(m.name)];
      const ref = obj.spec?.claimRef;
      if (ref?.namespace && ref?.name) keys.push(claimKey(ref.namespace, ref.name));
      else if (!deleted && obj.status?.phase === "Available") keys.push(PENDING_CLAIMS_KEY);
      return keys;
    }
    case "storage.k8s.io/storageclasses":
      return deleted ? [] : [PENDING_CLAIMS_KEY];
    case "/pods": {
      const scheduled = change.type === "MODIFIED" && !!obj.spec?.nodeName && change.oldObject?.spec?.nodeName !== obj.spec.nodeName;
      return change.type === "ADDED" || scheduled ? podClaims(obj) : [];
    }
    default:
      return [];
  }
}
