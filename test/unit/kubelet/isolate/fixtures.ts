/** Container images and handles for the isolate runtime tests, loaded into real isolates by env.LOADER. */
import { env } from "cloudflare:test";
import type { Env } from "../../../../worker/env";
import { workerModules, type WorkerModules } from "../../../../worker/images/modules";
import { containerCode, type ContainerCodeSpec } from "../../../../worker/kubelet/isolate/container-code";
import { containerEnv, type KubeEnv } from "../../../../worker/kubelet/isolate/container-env";
import { containerId } from "../../../../worker/kubelet/isolate/container-id";
import { startContainer, type ContainerHandle } from "../../../../worker/kubelet/isolate/runtime";

export const E = env as unknown as Env;

/** A pod uid of its own per test file: warm isolates outlive a file in the test runtime. */
export const POD_UID = crypto.randomUUID();

/** An image of text modules; the entry is `index.js` unless named. */
export function image(files: Record<string, string>, entry = "index.js"): WorkerModules {
  const built = workerModules(new Map(Object.entries(files).map(([path, text]) => [path, new TextEncoder().encode(text)])), entry);
  if (!built.ok) throw new Error(built.reason);
  return built.value;
}

export function kube(container: string, over: Partial<KubeEnv> = {}): KubeEnv {
  return { podName: "web-0", namespace: "default", podUid: POD_UID, nodeName: "node-a", containerName: container, restartCount: 0, args: [], volumes: {}, ...over };
}

/** A container of the test pod running `source` as its entry module. */
export function container(name: string, source: string | Record<string, string>, options: { restartCount?: number; vars?: Record<string, string>; kube?: Partial<KubeEnv> } = {}): ContainerHandle {
  const restartCount = options.restartCount ?? 0;
  const spec: ContainerCodeSpec = {
    image: image(typeof source === "string" ? { "index.js": source } : source),
    env: containerEnv(options.vars ?? {}, kube(name, { restartCount, ...options.kube })),
  };
  return startContainer(E.LOADER, { id: containerId({ podUid: POD_UID, container: name, restartCount }), codeFor: () => containerCode(spec, null) });
}
