import { env } from "cloudflare:test";
import type { StoreEvent } from "../../../durable-objects/store/types";
import { encodeForStore } from "../../../worker/storage";
export { encodeForStore };

let counter = 0;
/** A fresh Store shard per test (Durable Object storage is isolated per id). */
export function freshStore() {
  const e = env as unknown as import("../../../worker/env").Env;
  return e.STORE.get(e.STORE.idFromName(`test-${Date.now()}-${counter++}-${Math.random()}`));
}

/** Reads store events from a watch stream until `n` non-progress events arrived (or the stream ended). */
export async function readEvents(stream: ReadableStream<Uint8Array>, n: number, timeoutMs = 2000): Promise<StoreEvent[]> {
  const reader = stream.getReader();
  const out: StoreEvent[] = [];
  let buf = "";
  const dec = new TextDecoder();
  const deadline = Date.now() + timeoutMs;
  try {
    while (out.length < n && Date.now() < deadline) {
      const r = await Promise.race([
        reader.read(),
        new Promise<{ done: true; value: undefined }>((res) => setTimeout(() => res({ done: true, value: undefined }), deadline - Date.now())),
      ]);
      if (r.done) break;
      buf += dec.decode(r.value, { stream: true });
      let i;
      while ((i = buf.indexOf("\n")) >= 0) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 1);
        const ev = JSON.parse(line) as StoreEvent;
        if (ev.type !== "PROGRESS") out.push(ev);
      }
    }
  } finally {
    await reader.cancel().catch(() => {});
  }
  return out.slice(0, n);
}

export const cm = (name: string, data: Record<string, string> = {}, labels?: Record<string, string>) =>
  encodeForStore({
    kind: "ConfigMap",
    apiVersion: "v1",
    metadata: { name, namespace: "default", ...(labels ? { labels } : {}) },
    data,
  });
