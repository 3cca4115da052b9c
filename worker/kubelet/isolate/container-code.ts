/**
 * A container's Worker Loader code: the image's modules (worker/images workerModules) plus the runtime's
 * wrapper (wrapper-source.ts) as main module, the container's env, its limits, and the pod network as
 * `globalOutbound`. Pure.
 */
import { podVolumesBinding } from "../volumes/pod-volumes";
import type { PodVolumesProps } from "../volumes/container-path";
import type { Result } from "../../images/rootfs";
import type { WorkerModules } from "../../images/modules";
import { CONSOLE_SOURCE, WRAPPER_CONSOLE, WRAPPER_DIR, WRAPPER_MAIN, wrapperMainSource } from "./wrapper-source";

/** The compatibility date pod isolates get unless the kubelet says otherwise (the control plane's own). */
export const POD_COMPATIBILITY_DATE = "2026-08-01";
/** `nodejs_compat`: Node-style images find `process.env`, `Buffer`, `node:*` modules. */
export const POD_COMPATIBILITY_FLAGS: readonly string[] = ["nodejs_compat"];

/** Everything about a container's code but the outbound Fetcher: what can be stored and sent over RPC. */
export interface ContainerCodeSpec {
  image: WorkerModules;
  /** container-env.ts containerEnv: string variables and `KUBE`. */
  env: Record<string, unknown>;
  /** limits.ts isolateLimits. */
  limits?: WorkerLoaderWorkerCode["limits"];
  compatibilityDate?: string;
  compatibilityFlags?: string[];
  /** The container's volumes (worker/kubelet/volumes): bound as `env.VOLUMES` when `exports` is given. */
  volumes?: PodVolumesProps;
}

/** The Worker Loader code of a container, or why the image cannot be run (it uses the wrapper's reserved folder). */
export function containerCode(spec: ContainerCodeSpec, podOutbound: Fetcher | null, exports?: unknown): Result<WorkerLoaderWorkerCode> {
  const reserved = Object.keys(spec.image.modules).find((name) => name.startsWith(WRAPPER_DIR));
  if (reserved !== undefined) return { ok: false, reason: `image file ${JSON.stringify(reserved)} is in ${WRAPPER_DIR}, a folder the isolate runtime reserves` };
  return {
    ok: true,
    value: {
      compatibilityDate: spec.compatibilityDate ?? POD_COMPATIBILITY_DATE,
      compatibilityFlags: spec.compatibilityFlags ?? [...POD_COMPATIBILITY_FLAGS],
      mainModule: WRAPPER_MAIN,
      modules: { ...spec.image.modules, [WRAPPER_MAIN]: { js: wrapperMainSource(spec.image.mainModule) }, [WRAPPER_CONSOLE]: { js: CONSOLE_SOURCE } },
      env: spec.volumes && exports ? { ...spec.env, VOLUMES: podVolumesBinding(exports, spec.volumes) } : spec.env,
      ...(spec.limits ? { limits: spec.limits } : {}),
      globalOutbound: podOutbound,
    },
  };
}
