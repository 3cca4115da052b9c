/**
 * What the API server asks of a node's kubelet (KubeletDO, one per node, named by the node): the calls
 * kube-apiserver makes over HTTPS to a kubelet's `/containerLogs` upstream, and the pod proxy (upstream the API
 * server dials the pod IP itself; here the pod runs inside its node's kubelet, so the kubelet forwards).
 * KubeletDO implements this interface; the API handlers reach it with `kubeletFor`.
 */
import { kubeletStub } from "../controllers/framework/wake";
import type { Env } from "../env";
import type { LogResponse, PodLogOptions } from "./logs/types";

export type { KubeletFailure, LogResponse, PodLogOptions } from "./logs/types";

/** A pod as the API server found it: the kubelet checks the uid against the pod it runs under that name. */
export interface PodRef {
  namespace: string;
  name: string;
  uid: string;
}

export interface KubeletPodApi {
  /**
   * The logs of one container (`options.container` is resolved and valid for the pod): the kubelet picks the
   * instance (`previous`), answers 400 with upstream's text when there is nothing to read
   * (`container "c" in pod "p" is waiting to start: ContainerCreating`), 404 when it does not run the pod, and
   * a stream while following a running instance. worker/kubelet/logs serveContainerLogs does all of it.
   */
  containerLogs(pod: PodRef, options: PodLogOptions): Promise<LogResponse>;
  /**
   * Forwards an HTTP request to the pod's `port`. `request.url` is `http://<podIP>:<port><path>?<query>`, its
   * method, headers (credentials removed, X-Forwarded-* added) and body are the client's. The response comes
   * back as the pod gave it; a pod that cannot be reached is a 503 with a plain-text reason.
   */
  proxyToPod(pod: PodRef, port: number, request: Request): Promise<Response>;
  /**
   * Runs `command` through the container's `exec` entry (worker/kubelet/isolate): its whole output and exit
   * code, or why it cannot (no such entry, a simulated pod, the container not running).
   */
  execInPod(pod: PodRef, container: string, command: string[]): Promise<ExecInPodResult>;
}

export type ExecInPodResult = { ok: true; stdout: string; stderr: string; exitCode: number } | { ok: false; message: string };

/** The kubelet of `nodeName` (its Durable Object), as the interface above. */
export function kubeletFor(env: Env, nodeName: string): KubeletPodApi {
  return kubeletStub(env, nodeName) as unknown as KubeletPodApi;
}
