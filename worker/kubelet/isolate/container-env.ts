/**
 * The `env` a container isolate receives (README.md "Env"): the container's environment variables as strings,
 * resolved by the kubelet (image `Env`, `env`, `envFrom`, downward API — kubelet makeEnvironmentVariables), plus
 * one reserved object `KUBE` describing the pod and carrying volume contents, since an isolate has no
 * filesystem to mount them on. Pure.
 */

/** The reserved env key; a container variable of that name is shadowed. */
export const KUBE_ENV_KEY = "KUBE";

/** `env.KUBE` inside a container isolate. */
export interface KubeEnv {
  podName: string;
  namespace: string;
  podUid: string;
  /** spec.nodeName (the downward API's `spec.nodeName`). */
  nodeName?: string;
  containerName: string;
  restartCount: number;
  /** The argv words after the entry module (config.ts entryModule `args`), as `process.argv.slice(2)`. */
  args: string[];
  /**
   * Volume contents by mount path, then file name: `volumes["/etc/config"]["app.conf"]`. configMap and secret
   * items (secret values decoded to text), downwardAPI files, and emptyDir as an empty directory.
   */
  volumes: Record<string, Record<string, string>>;
}

/** The env object handed to the isolate: string variables and `KUBE`. */
export type ContainerEnv = Record<string, string> & { [KUBE_ENV_KEY]: KubeEnv };

/** The container's env: its variables (in the kubelet's resolved order, later wins) and `KUBE` over any variable so named. */
export function containerEnv(vars: Readonly<Record<string, string>>, kube: KubeEnv): ContainerEnv {
  return { ...vars, [KUBE_ENV_KEY]: kube } as ContainerEnv;
}
