/**
 * The TTL-after-finished control loop (`ttl-after-finished`, as kube-controller-manager's
 * ttl-after-finished-controller): wakes on writes to finished Jobs with spec.ttlSecondsAfterFinished, deletes
 * them (foreground cascade, UID precondition) once the TTL expired, and asks to run again when it will.
 */
import type { KubeObject } from "../../../schema/types";
import { controllerUser } from "../../internal-client";
import type { ControllerApi } from "../framework/api";
import { keyOf, splitKey, type ControllerLoop, type SyncResult, type WrittenChange } from "../framework/loop";
import { cleanupDeleteOptions, decideTtl, needsCleanup } from "./ttl";

const jobPath = (ns: string, name: string) => `/apis/batch/v1/namespaces/${ns}/jobs/${name}`;

export function ttlWakes(change: WrittenChange): string[] {
  return change.resource === "batch/jobs" && change.type !== "DELETED" && needsCleanup(change.object) ? [keyOf(change.object)] : [];
}

export async function syncTtlAfterFinished(api: ControllerApi, key: string): Promise<SyncResult | void> {
  const { namespace, name } = splitKey(key);
  if (!namespace) return;
  const job = await api.get<KubeObject>(jobPath(namespace, name));
  if (!job) return;
  const d = decideTtl(job, api.now().getTime());
  if (d.kind === "error") throw new Error(d.message);
  if (d.kind === "wait") {
    if (d.skew) console.warn(`Found Job ${key} finished in the future. This is likely due to time skew in the cluster. Job cleanup will be deferred.`);
    return { requeueAfterMs: d.afterMs };
  }
  if (d.kind !== "delete") return;
  // 404: gone already; 409: the name now belongs to another Job (the UID precondition).
  await api.expect(api.delete(jobPath(namespace, name), cleanupDeleteOptions(job)), `DELETE ${key}`, [404, 409]);
}

export const ttlAfterFinishedLoop: ControllerLoop = {
  name: "ttl-after-finished",
  user: controllerUser("ttl-after-finished-controller"),
  component: "ttl-after-finished-controller",
  wakes: ttlWakes,
  sync: syncTtlAfterFinished,
  async resyncKeys(api) {
    return (await api.list("/apis/batch/v1/jobs")).filter(needsCleanup).map(keyOf);
  },
};
