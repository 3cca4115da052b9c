/**
 * The isolate runtime's side of the pod worker's actions (worker/kubelet/pod-worker): pull, start, stop,
 * preStop hooks and probes on real isolates (worker/kubelet/isolate), each result fed back through the pod
 * worker's reducers. Container output goes to the kubelet's log store after every call that hands it over.
 */
import type { KubeObject } from "../../../../schema/types";
import { classifyHttpResponse, httpProbeUrl, type ProbeOutcome } from "../../status";
import {
  containerCode,
  containerEnv,
  containerId,
  describeContainer,
  drainContainerLogs,
  fetchContainer,
  isolateLimits,
  podNetworkFetcher,
  podNetworkProps,
  runContainer,
  startContainer,
  terminatedState,
  type ContainerCodeSpec,
  type LogChunk,
} from "../../isolate";
import { onContainerExited, onContainerStarted, onImagePulled, onPreStopDone, onProbeResult, type HandlerSpec, type PodAction, type PodRecord } from "../../pod-worker";
import { workerModules } from "../../../images/modules";
import { toLogLines } from "../../logs";
import { containerConfig } from "./container-config";
import { addInstance, instanceOf, type Instance } from "./instances";
import { pullNodeImage, unpackNodeImage, type NodeImage } from "./node-images";
import type { IsolateHost } from "./host";

type Action<K extends PodAction["kind"]> = Extract<PodAction, { kind: K }>;

export async function pullAction(host: IsolateHost, pod: KubeObject, record: PodRecord, a: Action<"pullImage">): Promise<PodRecord> {
  const secrets = await host.pullSecrets(pod);
  const res = await pullNodeImage({ env: host.env, ownHosts: host.config.ownHosts, pod, secrets }, a.image, a.pullPolicy);
  if (!res.ok) return onImagePulled(record, a.image, { ok: false, message: res.message }, Date.now());
  host.rememberImage(a.image, res.image);
  return onImagePulled(record, a.image, { ok: true, imageID: res.image.imageID, pullMs: res.pullMs, sizeBytes: res.image.sizeBytes }, Date.now());
}

export async function startAction(host: IsolateHost, pod: KubeObject, record: PodRecord, a: Action<"startContainer">): Promise<PodRecord> {
  const spec = [...(pod.spec.initContainers ?? []), ...pod.spec.containers].find((c: KubeObject) => c.name === a.container);
  const rec = record.containers[a.container];
  const restartCount = rec?.current ? rec.restartCount + 1 : (rec?.restartCount ?? 0);
  const id = containerId({ podUid: pod.metadata.uid, container: a.container, restartCount });
  const image = host.image(a.image);
  const code = spec && image ? await codeSpec(host, pod, spec, image, restartCount) : { ok: false as const, message: `image ${a.image} is not on this node` };
  if (!code.ok) return onContainerStarted(record, a.container, { error: code.message, containerID: id }, Date.now());
  const outbound = podNetworkFetcher(host.exports, podNetworkProps(pod, host.config.node.name, host.podIP));
  const handle = startContainer(host.env.LOADER, { id, codeFor: () => containerCode(code.value, outbound, host.exports) });
  const described = await describeContainer(handle);
  const kind = described.kind === "described" ? { fetch: described.fetch, run: described.run, exec: described.exec } : { fetch: false, run: false, exec: false };
  const instance: Instance = { id, podUid: pod.metadata.uid, podKey: host.podKey, container: a.container, restartCount, spec: code.value, handle, kind, stopped: false, running: false };
  addInstance(instance);
  let next = onContainerStarted(record, a.container, { containerID: id, kind }, Date.now());
  if (described.kind !== "described") {
    // The module threw while loading (or the runtime refused it): the instance started and crashed at once.
    if (described.kind !== "unavailable") {
      // What the module printed before it threw is still in the wrapper's buffer.
      const chunk = await drainContainerLogs(handle);
      host.appendLogs(instance, chunk.kind === "logs" ? chunk : described.logs);
    }
    const exit = described.kind === "unavailable" ? { exitCode: 128, reason: "StartError", message: described.message } : terminatedState(described);
    instance.exit = { ...exit, finishedMs: Date.now() };
    return reportExit(next, instance);
  }
  if (kind.run) launchRun(host, instance);
  else if (!kind.fetch) {
    instance.exit = { exitCode: 0, reason: "Completed", finishedMs: Date.now() };
    next = reportExit(next, instance);
  }
  return next;
}

async function codeSpec(host: IsolateHost, pod: KubeObject, container: KubeObject, image: NodeImage, restartCount: number): Promise<{ ok: true; value: ContainerCodeSpec } | { ok: false; message: string }> {
  const unpacked = await unpackNodeImage(host.env, image);
  if (!unpacked.ok) return { ok: false, message: unpacked.reason };
  const cfg = await containerConfig({ api: host.api, pod, nodeName: host.config.node.name, nodeIP: host.config.nodeIP, podIP: host.podIP, nodeAllocatable: host.config.node.capacity }, container, unpacked.value.config);
  if (!cfg.ok) return { ok: false, message: cfg.message };
  const modules = workerModules(unpacked.value.files, cfg.value.entry);
  if (!modules.ok) return { ok: false, message: modules.reason };
  const env = containerEnv(cfg.value.vars, {
    podName: pod.metadata.name,
    namespace: pod.metadata.namespace,
    podUid: pod.metadata.uid,
    nodeName: host.config.node.name,
    containerName: container.name,
    restartCount,
    args: cfg.value.args,
    volumes: cfg.value.volumes,
  });
  const volumes = { mounts: cfg.value.storage, data: cfg.value.volumes };
  return { ok: true, value: { image: modules.value, env, limits: isolateLimits(container.resources), volumes } };
}

/** The run entry, in the background: its end is recorded on the instance and the pod synced again. */
function launchRun(host: IsolateHost, instance: Instance): void {
  instance.running = true;
  const done = runContainer(instance.handle).then((ended) => {
    instance.running = false;
    if (instance.stopped) return;
    if (ended.kind === "unavailable") instance.exit = { exitCode: 128, reason: "StartError", message: ended.message, finishedMs: Date.now() };
    else {
      host.appendLogs(instance, ended.logs);
      instance.exit = { ...terminatedState(ended), finishedMs: Date.now() };
    }
    host.resync();
  });
  host.waitUntil(done);
}

/** Exits the runtime saw since the last pass, fed to the pod worker once each. */
export function collectExits(record: PodRecord): PodRecord {
  let next = record;
  for (const c of Object.values(record.containers)) {
    const inst = c.current && !c.current.exit ? instanceOf(c.current.containerID) : undefined;
    if (inst?.exit) next = reportExit(next, inst);
  }
  return next;
}

function reportExit(record: PodRecord, inst: Instance): PodRecord {
  return onContainerExited(record, inst.container, { containerID: inst.id, ...inst.exit! });
}

/**
 * Stops an instance. An isolate has no SIGTERM to handle: a server (fetch only) stops cleanly (exit 0); a run
 * entry still going is cut off as a SIGKILL would (137).
 */
export function killAction(record: PodRecord, a: Action<"killContainer">): PodRecord {
  const inst = instanceOf(a.containerID);
  const exit = inst?.running ? { exitCode: 137, reason: "Error" } : { exitCode: 0, reason: "Completed" };
  if (inst) {
    inst.stopped = true;
    inst.exit ??= { ...exit, finishedMs: Date.now() };
  }
  return onContainerExited(record, a.container, { containerID: a.containerID, ...(inst?.exit ?? exit), finishedMs: inst?.exit?.finishedMs ?? Date.now() });
}

export async function preStopAction(host: IsolateHost, record: PodRecord, a: Action<"runPreStop">): Promise<PodRecord> {
  const inst = instanceOf(a.containerID);
  if (!a.handler.httpGet || !inst) return onPreStopDone(record, a.container, { ok: true });
  const out = await httpHandler(host, inst, a.handler, a.timeoutMs);
  if (out.result === "success") return onPreStopDone(record, a.container, { ok: true });
  return onPreStopDone(record, a.container, { ok: false, error: "error" in out ? out.error : (out.output ?? "") });
}

export async function probeAction(host: IsolateHost, record: PodRecord, a: Action<"probe">): Promise<PodRecord> {
  const inst = instanceOf(a.containerID);
  let outcome: ProbeOutcome;
  if (!inst || inst.exit) outcome = { result: "failure", output: `container ${a.container} is not running` };
  else if (a.probe.httpGet) outcome = await httpHandler(host, inst, a.probe, a.timeoutMs);
  else outcome = { result: "failure", output: "probe handler not supported by the isolate runtime" };
  return onProbeResult(record, a.container, a.probeType, outcome, Date.now());
}

async function httpHandler(host: IsolateHost, inst: Instance, handler: HandlerSpec, timeoutMs: number): Promise<ProbeOutcome> {
  const get = handler.httpGet!;
  const port = typeof get.port === "number" ? get.port : Number(get.port) || 80;
  const url = httpProbeUrl((get.scheme ?? "HTTP").toLowerCase(), get.host || host.podIP || "localhost", port, get.path ?? "/");
  const headers = new Headers({ "User-Agent": "kube-probe/1.32", Accept: "*/*" });
  for (const h of get.httpHeaders ?? []) headers.set(h.name, h.value);
  const timeout = new Promise<"timeout">((r) => setTimeout(() => r("timeout"), Math.max(1, timeoutMs)));
  const res = await Promise.race([fetchContainer(inst.handle, new Request(url, { headers })), timeout]);
  if (res === "timeout") return { result: "failure", output: `Get "${url}": context deadline exceeded (Client.Timeout exceeded while awaiting headers)` };
  if (res.kind !== "response") return { result: "failure", output: `Get "${url}": dial tcp ${host.podIP}:${port}: connect: connection refused` };
  const body = await res.response.text().catch(() => "");
  return classifyHttpResponse(res.response.status, body);
}

/** Output the instances of the pod logged since the last drain. */
export async function drainLogs(host: IsolateHost, instances: Instance[]): Promise<void> {
  await Promise.all(instances.filter((i) => !i.exit && !i.stopped && i.kind.fetch).map(async (i) => {
    const chunk = await drainContainerLogs(i.handle);
    if (chunk.kind === "logs") host.appendLogs(i, chunk);
  }));
}

export function logLinesOf(chunk: LogChunk | undefined) {
  return (chunk?.lines ?? []).flatMap((l) => toLogLines(l.stream, l.ts, l.text));
}
