import type { StoreDO } from "../durable-objects/store/store-do";

/** Bindings of the Worker (wrangler.toml, secrets). */
export interface Env {
  STORE: DurableObjectNamespace<StoreDO>;
  /** The cluster-admin bearer token (a generated local secret; `wrangler secret put ADMIN_TOKEN` in production). */
  ADMIN_TOKEN: string;
  /** Interval between watch bookmarks in milliseconds (default 30 s). */
  WATCH_BOOKMARK_MS?: string;
}
