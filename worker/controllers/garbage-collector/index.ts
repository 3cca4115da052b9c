/**
 * The garbage collector (kube-controller-manager's `garbage-collector-controller`, identity
 * generic-garbage-collector): deletes objects whose owners are gone, orphans the dependents of owners deleted
 * with `orphan`, and deletes the dependents of owners deleted in the foreground before them.
 *
 * Keys and wakes: ./keys and ./wakes. The cron resync is one cluster scan (`scan:*`): a LIST of every
 * followed resource (33 at the time of writing), after which an object costs a request only when an owner it
 * names was not listed alive (a GET per such owner) or when it must be deleted or patched. An idle cluster
 * therefore pays 33 LISTs a minute, and sets no alarm.
 */
import { registry } from "../../../schema/registry";
import { controllerUser } from "../../internal-client";
import type { ControllerLoop } from "../framework/loop";
import { kindIndexOf } from "./kinds";
import { parseKey, scanKey } from "./keys";
import { GcContext } from "./operations";
import { scan, syncObject } from "./sync";
import { garbageCollectorWakes } from "./wakes";

export const garbageCollectorLoop: ControllerLoop = {
  name: "garbage-collector",
  user: controllerUser("generic-garbage-collector"),
  component: "garbage-collector-controller",
  wakes: (change) => garbageCollectorWakes(change, kindIndexOf(registry)),
  async sync(api, key) {
    const parsed = parseKey(key);
    if (!parsed) return;
    const ctx = new GcContext(api, kindIndexOf(api.registry));
    if (parsed.type === "scan") await scan(ctx, parsed.namespace);
    else await syncObject(ctx, parsed.id);
  },
  resyncKeys: async () => [scanKey()],
};
