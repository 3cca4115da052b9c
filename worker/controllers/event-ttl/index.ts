/**
 * Event TTL: Events are deleted an hour after their last write, as kube-apiserver's `--event-ttl` etcd lease
 * does upstream (there is no controller upstream; this loop stands in for the lease, with its own identity
 * `event-ttl-controller`, allowed to list and delete events).
 *
 * One key, `events`, swept by the cron resync: one LIST of every Event in the cluster (the events shard), a
 * DELETE per expired one (preconditions uid and resourceVersion: an Event written again since the LIST has
 * been renewed and stays). Writes wake nothing. The sweep asks to run again only when an Event expires before
 * the next cron run, so an idle cluster sets no alarm.
 */
import type { KubeObject } from "../../../schema/types";
import { controllerUser } from "../../internal-client";
import type { ControllerLoop } from "../framework/loop";
import { mapLimit } from "../framework/queue";
import { planEventExpiry, requeueAfterMs } from "./expiry";

export const EVENT_TTL_KEY = "events";
const DELETE_CONCURRENCY = 8;

export const eventTtlLoop: ControllerLoop = {
  name: "event-ttl",
  user: controllerUser("event-ttl-controller"),
  component: "event-ttl-controller",
  wakes: () => [],
  async sync(api, key) {
    if (key !== EVENT_TTL_KEY) return;
    const now = api.now().getTime();
    const plan = planEventExpiry(await api.list<KubeObject>("/api/v1/events"), now);
    await mapLimit(plan.expired, DELETE_CONCURRENCY, (ev) => {
      const { namespace, name, uid, resourceVersion } = ev.metadata;
      // 404: gone already; 409: written again since the LIST, so renewed.
      return api.expect(api.delete(`/api/v1/namespaces/${namespace}/events/${name}`, { preconditions: { uid, resourceVersion } }), `DELETE event ${namespace}/${name}`, [404, 409]);
    });
    const after = requeueAfterMs(plan.nextExpiry, now);
    return after === undefined ? {} : { requeueAfterMs: after };
  },
  resyncKeys: async () => [EVENT_TTL_KEY],
};
