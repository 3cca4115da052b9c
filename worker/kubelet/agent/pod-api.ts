/**
 * The kubelet's answers to the API server (worker/kubelet/kubelet-api.ts): container logs from the log store,
 * and the pod proxy to the container serving the port. A simulated pod has no output and nothing listening:
 * its logs are empty and the proxy says so.
 */
import type { ExecInPodResult, LogResponse, PodLogOptions, PodRef } from "../kubelet-api";
import { serveContainerLogs } from "../logs";
import { drainContainerLogs, execContainer, fetchContainer } from "../isolate";
import { currentInstance } from "./isolate/instances";
import type { KubeletAgent } from "./agent";

export async function containerLogs(agent: KubeletAgent, sql: SqlStorage, ref: PodRef, options: PodLogOptions): Promise<LogResponse> {
  const pod = await agent.getPod(`${ref.namespace}/${ref.name}`);
  if (!pod || pod.metadata.uid !== ref.uid || pod.spec.nodeName !== agent.nodeName) return { ok: false, code: 404, message: `pod ${ref.namespace}/${ref.name} is not running on node ${agent.nodeName}` };
  // A server's output sits in its isolate until drained: drain it now, and on every poll while following.
  const drain = async () => {
    const cur = currentInstance(ref.uid, options.container);
    if (!cur || cur.exit || cur.stopped) return false;
    const chunk = await drainContainerLogs(cur.handle);
    if (chunk.kind === "logs") agent.isolateHost(`${ref.namespace}/${ref.name}`, undefined).appendLogs(cur, chunk);
    return true;
  };
  await drain();
  return serveContainerLogs(sql, {
    pod: { name: pod.metadata.name, uid: pod.metadata.uid, status: pod.status ?? {} },
    options,
    nowMs: Date.now(),
    running: async (instance) => {
      const cur = currentInstance(ref.uid, options.container);
      return !!cur && cur.restartCount === instance && (await drain());
    },
  });
}

export async function proxyToPod(agent: KubeletAgent, ref: PodRef, port: number, request: Request): Promise<Response> {
  const pod = await agent.getPod(`${ref.namespace}/${ref.name}`);
  if (!pod || pod.metadata.uid !== ref.uid) return unavailable(`pod ${ref.namespace}/${ref.name} is not running on node ${agent.nodeName}`);
  const containers: { name: string; ports?: { containerPort: number }[] }[] = pod.spec.containers;
  const declared = containers.find((c) => (c.ports ?? []).some((p) => p.containerPort === port));
  const target = declared ?? (containers.length === 1 ? containers[0] : undefined);
  const inst = target && currentInstance(ref.uid, target.name);
  if (!inst) {
    const simulated = (pod.status?.conditions ?? []).some((c: { type: string }) => c.type === "kube-edge.dev/Simulated");
    return unavailable(simulated ? `pod ${ref.name} runs on the simulated runtime: nothing listens on port ${port}` : `dial tcp ${pod.status?.podIP ?? ""}:${port}: connect: connection refused`);
  }
  const res = await fetchContainer(inst.handle, request);
  if (res.kind === "response") return res.response;
  return unavailable(`container ${inst.container} is not answering: ${res.message}`);
}

export async function execInPod(agent: KubeletAgent, ref: PodRef, container: string, command: string[]): Promise<ExecInPodResult> {
  const pod = await agent.getPod(`${ref.namespace}/${ref.name}`);
  if (!pod || pod.metadata.uid !== ref.uid) return { ok: false, message: `pod ${ref.name} is not running on node ${agent.nodeName}` };
  const inst = currentInstance(ref.uid, container);
  if (!inst) {
    const simulated = (pod.status?.conditions ?? []).some((c: { type: string }) => c.type === "kube-edge.dev/Simulated");
    return { ok: false, message: simulated ? `pod ${ref.name} runs on the simulated runtime: there is no process to exec in` : `container ${container} is not running` };
  }
  if (!inst.kind.exec) return { ok: false, message: `container ${container} does not export an exec entry: the isolate runtime runs commands only through it (see worker/kubelet/isolate/README.md)` };
  const res = await execContainer(inst.handle, command);
  if (res.kind === "exec") return { ok: true, stdout: res.stdout, stderr: res.stderr, exitCode: res.exitCode };
  return { ok: false, message: `container ${container} could not run the command: ${res.message}` };
}

const unavailable = (message: string) => new Response(message, { status: 503, headers: { "Content-Type": "text/plain; charset=utf-8" } });
