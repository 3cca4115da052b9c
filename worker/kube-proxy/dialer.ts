/**
 * The dialer: a request to one port of one pod, from the Worker itself (no Durable Object on the request's
 * path but one small RPC to the pod's kubelet, asked which container instance is current; the answer is kept
 * per isolate for a second). The isolate is loaded with `env.LOADER` as pod-network.ts loads `localhost`.
 */
import type { KubeObject } from "../../schema/types";
import { dialContainer, podNetworkFetcher, podNetworkProps, type PodContainerDirectory } from "../kubelet/isolate/pod-network";
import type { KubeProxyDeps } from "./index";

/** The pod condition the simulated runtime sets (worker/kubelet/simulated). */
export const SIMULATED_CONDITION = "kube-edge.dev/Simulated";
const INSTANCE_CACHE_MS = 1000;

/** A dial's outcome: the pod's response; `gone` (no running instance: another endpoint may serve); or refused. */
export type DialResult = { kind: "response"; response: Response } | { kind: "gone"; message: string } | { kind: "refused"; message: string };

/**
 * The container serving `port` of a pod: the one declaring it as a containerPort (sidecars included), or the
 * only container (a process may listen on a port it does not declare); undefined = nothing listens there.
 */
export function containerForPort(pod: KubeObject, port: number): string | undefined {
  const containers: KubeObject[] = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? []).filter((c: KubeObject) => c?.restartPolicy === "Always")];
  const declared = containers.find((c) => (c.ports ?? []).some((p: KubeObject) => p?.containerPort === port));
  if (declared) return declared.name;
  return (pod.spec?.containers ?? []).length === 1 ? pod.spec.containers[0].name : undefined;
}

/** A named container port of a pod → its number (pods/name:portName/proxy, targetPort by name). */
export function namedContainerPort(pod: KubeObject, name: string): number | undefined {
  for (const c of [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])]) {
    for (const p of c?.ports ?? []) if (p?.name === name) return p.containerPort;
  }
  return undefined;
}

const instances = new Map<string, { id: string | null; atMs: number }>();

/** The kubelet's directory, with the current instance ids kept for a second (forgotten on `forget`). */
function cachedDirectory(kubelet: PodContainerDirectory): PodContainerDirectory & { forget(podUid: string, container: string): void } {
  return {
    async podContainerId(podUid, container) {
      const key = `${podUid}/${container}`;
      const hit = instances.get(key);
      if (hit && Date.now() - hit.atMs < INSTANCE_CACHE_MS) return hit.id;
      const id = await kubelet.podContainerId(podUid, container);
      instances.set(key, { id, atMs: Date.now() });
      return id;
    },
    podContainerSpec: (id) => kubelet.podContainerSpec(id),
    forget: (podUid, container) => void instances.delete(`${podUid}/${container}`),
  };
}

const podName = (pod: KubeObject) => `${pod.metadata?.namespace}/${pod.metadata?.name}`;

/** Sends `request` to `port` of `pod`'s current container instance. */
export async function dialPod(deps: KubeProxyDeps, pod: KubeObject, port: number, request: Request): Promise<DialResult> {
  const ip = pod.status?.podIP ?? "";
  if ((pod.status?.conditions ?? []).some((c: KubeObject) => c?.type === SIMULATED_CONDITION)) {
    return { kind: "refused", message: `pod ${podName(pod)} runs on the simulated runtime: it serves no traffic` };
  }
  const node: string | undefined = pod.spec?.nodeName;
  if (!node) return { kind: "gone", message: `pod ${podName(pod)} is not scheduled to a node` };
  const container = containerForPort(pod, port);
  if (!container) return { kind: "refused", message: `dial tcp ${ip}:${port}: connect: connection refused (no container of pod ${podName(pod)} declares port ${port})` };
  const directory = cachedDirectory(deps.env.KUBELETS.getByName(node) as unknown as PodContainerDirectory);
  const target = podNetworkProps(pod, node, ip);
  const dial = () => dialContainer({ loader: deps.env.LOADER, directory, outbound: (p) => podNetworkFetcher(deps.exports, p), exports: deps.exports }, target, container, request);
  let out = await dial();
  if (out.kind !== "response") {
    // The cached instance may be a previous one (the container restarted): ask the kubelet once more.
    directory.forget(target.podUid, container);
    if (!request.bodyUsed) out = await dial();
  }
  if (out.kind === "response") return out;
  if (out.kind === "not-running") return { kind: "gone", message: `dial tcp ${ip}:${port}: connect: connection refused (container ${container} of pod ${podName(pod)} is not running)` };
  return { kind: "gone", message: `container ${container} of pod ${podName(pod)} failed: ${out.message}` };
}
