/** Test helpers: a node pool through the ConfigMap kube-system/node-pool, and module images pushed to /v2/. */
import { expect, vi } from "vitest";
import { get, post, put } from "../../api/client";
import { ADMIN_BASIC, blobOf, enc, pushBlob, reg } from "../../registry/helpers";
import { tarOf } from "../../images/helpers";
import type { Obj } from "../../controllers/kwok";

export const WAIT = { timeout: 20_000, interval: 100 };

export async function setPool(json: string): Promise<void> {
  const cm = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "node-pool", namespace: "kube-system" }, data: { "pool.json": json } };
  const cur = await get("/api/v1/namespaces/kube-system/configmaps/node-pool");
  const res = cur.status === 200 ? await put("/api/v1/namespaces/kube-system/configmaps/node-pool", { ...cm, metadata: cur.body.metadata }) : await post("/api/v1/namespaces/kube-system/configmaps", cm);
  expect([200, 201], res.text).toContain(res.status);
}

export const poolNodes = async (): Promise<Obj[]> => (await get("/api/v1/nodes?labelSelector=kube-edge.dev/node-pool")).body.items;

/** Empties the pool and waits until every kubelet removed its node (no heartbeat alarm is left behind). */
export async function emptyPool(): Promise<void> {
  await setPool('{"pools":[]}');
  await vi.waitFor(async () => expect(await poolNodes()).toEqual([]), WAIT);
  await vi.waitFor(async () => expect((await get("/admin/kubelets")).body.kubelets).toEqual([]), WAIT);
}

/** Pushes an image of ES modules (one uncompressed layer, platform js/wasm) as `k8s.test/<repo>:<tag>`. */
export async function pushModuleImage(repo: string, tag: string, files: Record<string, string>, entrypoint: string[]): Promise<string> {
  const config = await blobOf(JSON.stringify({ architecture: "wasm", os: "js", config: { Entrypoint: entrypoint, Env: ["FROM_IMAGE=yes"] }, rootfs: { type: "layers", diff_ids: [] } }));
  const layer = await blobOf(tarOf(files));
  for (const b of [config, layer]) await pushBlob(repo, b, ADMIN_BASIC);
  const manifest = {
    schemaVersion: 2,
    mediaType: "application/vnd.oci.image.manifest.v1+json",
    config: { mediaType: "application/vnd.oci.image.config.v1+json", digest: config.digest, size: config.bytes.byteLength },
    layers: [{ mediaType: "application/vnd.oci.image.layer.v1.tar", digest: layer.digest, size: layer.bytes.byteLength }],
  };
  const res = await reg("PUT", `/v2/${repo}/manifests/${tag}`, { body: enc(JSON.stringify(manifest)), auth: ADMIN_BASIC, headers: { "Content-Type": "application/vnd.oci.image.manifest.v1+json" } });
  expect(res.status, res.text).toBe(201);
  return `k8s.test/${repo}:${tag}`;
}
