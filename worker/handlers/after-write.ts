/**
 * Work that follows a stored change at once (the event-driven half of the controllers that this stage runs
 * inline: ClusterRole aggregation, a new namespace's default ServiceAccount, quota usage, CSR signing).
 * Hooks run after the store acknowledged the write and before the response (a hook may hand slower work to
 * the invocation's `waitUntil`, as the namespace controller does); each filters on the resource first, so
 * writes nobody follows pay nothing. A hook's failure is logged, never turned into the write's
 * failure (the cron resync repairs what a hook missed).
 */
import type { KubeObject } from "../../schema/types";
import type { ApiContext } from "./context";
import { aggregationAfterWrite } from "../authz/aggregation";
import { namespaceDefaultsAfterWrite } from "../admission/namespace-defaults";
import { quotaAfterWrite } from "../admission/resource-quota";
import { csrSigningAfterWrite } from "../certificates/signer";
import { namespaceControllerAfterWrite } from "../controllers/namespace";
import { controllersAfterWrite } from "../controllers/framework/wake";
import { serviceAllocationAfterWrite } from "../services/allocation";

export interface WrittenChange {
  type: "ADDED" | "MODIFIED" | "DELETED";
  /** The object as stored (as returned), or the last state for DELETED. */
  object: KubeObject;
  /** MODIFIED: the object before the write. */
  oldObject?: KubeObject;
}

export type AfterWriteHook = (ctx: ApiContext, change: WrittenChange) => Promise<void>;

/**
 * The hooks, read at call time: the hook modules import the handlers (through the internal client), so a
 * list built when this module loads could hold bindings not yet initialised when a hook module loads first.
 */
const afterWriteHooks = (): AfterWriteHook[] => [aggregationAfterWrite, namespaceDefaultsAfterWrite, quotaAfterWrite, csrSigningAfterWrite, namespaceControllerAfterWrite, serviceAllocationAfterWrite, controllersAfterWrite];

export async function afterWrite(ctx: ApiContext, type: WrittenChange["type"], storedText: string, oldObject?: KubeObject): Promise<void> {
  let object: KubeObject | undefined;
  for (const hook of afterWriteHooks()) {
    try {
      object ??= JSON.parse(storedText) as KubeObject;
      await hook(ctx, { type, object, ...(type === "MODIFIED" && oldObject ? { oldObject } : {}) });
    } catch (e) {
      console.error(`after-write hook failed for ${ctx.entry.resource}`, e);
    }
  }
}
