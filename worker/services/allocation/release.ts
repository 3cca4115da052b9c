/**
 * Giving values back after a stored Service change (ReleaseDeferred, committed with the write): what the old
 * Service held and the new one does not, or everything a deleted Service held. Only records the Service
 * itself (same uid) holds are deleted.
 */
import type { KubeObject } from "../../../schema/types";
import type { Env } from "../../env";
import { heldValues, releasedValues, type HeldValues } from "./plan";
import { releaseRecord, serviceRefOf } from "./records";

export async function releaseValues(env: Env, owner: KubeObject, values: HeldValues): Promise<void> {
  const ref = serviceRefOf(owner);
  await Promise.all([
    ...values.ips.map((ip) => releaseRecord(env, "ip", ip, ref)),
    ...values.nodePorts.map((p) => releaseRecord(env, "nodePort", String(p), ref)),
  ]);
}

/** After a stored change of a Service: MODIFIED releases what it dropped, DELETED everything it held. */
export async function releaseAfterServiceChange(env: Env, type: "ADDED" | "MODIFIED" | "DELETED", object: KubeObject, oldObject?: KubeObject): Promise<void> {
  if (type === "DELETED") return releaseValues(env, object, heldValues(object));
  if (type === "MODIFIED" && oldObject) return releaseValues(env, oldObject, releasedValues(oldObject, object));
}
