/**
 * A LIST larger than one store answer may carry (an RPC result is capped at 32 MiB; the API reads the store in
 * 16 MiB pages at one revision): 18 ConfigMaps of ~1 MB each (the ConfigMap limit is 1 MiB) come back whole, and a client's own `limit`
 * and continue token still mean what they mean.
 */
import { describe, expect, it } from "vitest";
import { freshNamespace, get, post } from "./client";

describe("a LIST over several store pages", () => {
  it("returns every item, and pages as the client asked", async () => {
    const ns = await freshNamespace("big");
    const blob = "x".repeat(1_000_000);
    for (let i = 0; i < 18; i++) {
      const res = await post(`/api/v1/namespaces/${ns}/configmaps`, { apiVersion: "v1", kind: "ConfigMap", metadata: { name: `cm-${String(i).padStart(2, "0")}` }, data: { blob } });
      expect(res.status, res.text.slice(0, 200)).toBe(201);
    }
    const all = await get(`/api/v1/namespaces/${ns}/configmaps`);
    expect(all.status).toBe(200);
    expect(all.body.items.map((c: { metadata: { name: string } }) => c.metadata.name)).toEqual([...Array.from({ length: 18 }, (_, i) => `cm-${String(i).padStart(2, "0")}`), "kube-root-ca.crt"]);
    expect(all.body.metadata.continue).toBeUndefined();
    const first = await get(`/api/v1/namespaces/${ns}/configmaps?limit=17`);
    expect(first.body.items).toHaveLength(17);
    expect(first.body.metadata.remainingItemCount).toBe(2);
    const rest = await get(`/api/v1/namespaces/${ns}/configmaps?limit=17&continue=${encodeURIComponent(first.body.metadata.continue)}`);
    expect(rest.body.items.map((c: { metadata: { name: string } }) => c.metadata.name)).toEqual(["cm-17", "kube-root-ca.crt"]);
  }, 60_000);
});
