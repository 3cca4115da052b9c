/**
 * Which kubelets a stored pod change concerns: the node the pod is bound to (and the one it was bound to, for a
 * change that moved it — which only a delete and re-create can do). A kubelet learns of its pods from these
 * pokes, as upstream's kubelet does from its watch on `spec.nodeName=<node>`; it lists them itself when it
 * starts.
 */
import type { WrittenChange } from "../../controllers/framework/loop";

/** The poke target of a node's kubelet in the shared pokes of a pass (beside the loops' names). */
export const KUBELET_TARGET_PREFIX = "kubelet:";

/** Node name → pod keys (`namespace/name`) to sync; pure. */
export function kubeletWakes(change: WrittenChange): Map<string, string[]> {
  const out = new Map<string, string[]>();
  if (change.resource !== "/pods") return out;
  const key = `${change.object.metadata?.namespace}/${change.object.metadata?.name}`;
  for (const pod of [change.object, change.oldObject]) {
    const node = pod?.spec?.nodeName;
    if (typeof node === "string" && node && !out.has(node)) out.set(node, [key]);
  }
  return out;
}

/**
 * Nodes found to have no kubelet here (a Node registered by something else, as KWOK or a test does), remembered
 * for a moment so a burst of pod writes does not call an empty object each time. A kubelet started meanwhile
 * lists its pods itself, so a skipped poke delays nothing it would not find.
 */
const NO_KUBELET_TTL_MS = 2_000;
const noKubelet = new Map<string, number>();

export function knownWithoutKubelet(node: string, nowMs: number): boolean {
  const until = noKubelet.get(node);
  if (until === undefined) return false;
  if (until > nowMs) return true;
  noKubelet.delete(node);
  return false;
}

export function rememberWithoutKubelet(node: string, nowMs: number): void {
  if (noKubelet.size > 10_000) noKubelet.clear();
  noKubelet.set(node, nowMs + NO_KUBELET_TTL_MS);
}
