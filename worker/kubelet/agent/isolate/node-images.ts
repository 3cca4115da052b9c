/**
 * The node's images for the isolate runtime: pulled with worker/images/pull (the image store is the IMAGES
 * bucket, shared by the nodes, as a registry mirror would be), remembered per node by the image as written
 * (what the pod worker's `images` input is), and unpacked into Worker Loader modules on first use — kept in
 * memory per isolate by digest, so a restart or a second pod of the same image unpacks nothing.
 *
 * The built-in registry is read in place under a Node-authorizer-like rule: a node may read the repositories
 * of the images its pods name (as a kubelet pulls what its pods need with the node's own credentials).
 */
import type { KubeObject } from "../../../../schema/types";
import type { Env } from "../../../env";
import { parseImageConfig, type ImageConfig } from "../../../images/config";
import { unpackLayers } from "../../../images/layers";
import type { WorkerModules } from "../../../images/modules";
import { type Result } from "../../../images/rootfs";
import { newAuthCache, parseImageReference, pullImage, type PullPolicy, type PullSecret } from "../../../images/pull";
import type { ImageFiles } from "../../../images/rootfs";

/** What the node keeps of a pulled image (meta `images`, keyed by the image as written). */
export interface NodeImage {
  imageID: string;
  configKey: string;
  layerKeys: string[];
  sizeBytes: number;
}

export type NodePullResult = { ok: true; image: NodeImage; pullMs: number } | { ok: false; message: string };

const auth = newAuthCache();

export interface PullContext {
  env: Env;
  ownHosts: readonly string[];
  pod: KubeObject;
  secrets: PullSecret[];
}

export async function pullNodeImage(ctx: PullContext, image: string, pullPolicy: PullPolicy): Promise<NodePullResult> {
  const started = Date.now();
  const repos = new Set(podImageRepositories(ctx.pod));
  const res = await pullImage({
    image,
    pullPolicy,
    secrets: ctx.secrets,
    fetch: (r) => fetch(r),
    bucket: ctx.env.IMAGES,
    ownHosts: ctx.ownHosts,
    authorize: async (verb, path) => verb === "get" && [...repos].some((repo) => path.startsWith(`/v2/${repo}/`)),
    auth,
    now: () => Date.now(),
  });
  if (!res.ok) return { ok: false, message: res.message };
  return {
    ok: true,
    pullMs: Date.now() - started,
    image: { imageID: res.imageID, configKey: res.image.config.key, layerKeys: res.image.layers.map((l) => l.key), sizeBytes: res.image.size },
  };
}

/** Repository paths of the pod's images (what the node may read from the built-in registry for it). */
function podImageRepositories(pod: KubeObject): string[] {
  const out: string[] = [];
  for (const c of [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])]) {
    const ref = parseImageReference(c.image ?? "");
    if (ref.ok) out.push(ref.value.path);
  }
  return out;
}

export interface UnpackedImage {
  config: ImageConfig;
  files: ImageFiles;
}

// Values, not promises: a promise another request is still settling cannot be awaited (it would hang).
const unpacked = new Map<string, UnpackedImage>();
const MAX_UNPACKED = 64;

/** The image's config and files (cached per isolate by imageID). */
export async function unpackNodeImage(env: Env, image: NodeImage): Promise<Result<UnpackedImage>> {
  const hit = unpacked.get(image.imageID);
  if (hit) return { ok: true, value: hit };
  const r = await load(env, image);
  if (r.ok) {
    if (unpacked.size >= MAX_UNPACKED) unpacked.delete(unpacked.keys().next().value!);
    unpacked.set(image.imageID, r.value);
  }
  return r;
}

async function load(env: Env, image: NodeImage): Promise<Result<UnpackedImage>> {
  const configObj = await env.IMAGES.get(image.configKey);
  if (!configObj) return { ok: false, reason: `image config ${image.configKey} is missing from the image store` };
  const config = parseImageConfig(new Uint8Array(await configObj.arrayBuffer()));
  if (!config.ok) return config;
  const layers: Uint8Array[] = [];
  for (const key of image.layerKeys) {
    const obj = await env.IMAGES.get(key);
    if (!obj) return { ok: false, reason: `image layer ${key} is missing from the image store` };
    layers.push(new Uint8Array(await obj.arrayBuffer()));
  }
  const files = await unpackLayers(layers);
  if (!files.ok) return files;
  return { ok: true, value: { config: config.value, files: files.value } };
}

export type { WorkerModules };
