/**
 * The kubelet of one node as its Durable Object runs it: the API as the node (`system:node:<name>`), the
 * heartbeat, the pods bound to the node and the runtimes. Built per pass by KubeletDO; what must outlive a pass
 * is in the object's tables (MetaStore here, the pod records in the DO).
 */
import type { KubeObject } from "../../../schema/types";
import type { Env } from "../../env";
import { registry } from "../../../schema/registry";
import { ControllerApi, MERGE_PATCH } from "../../controllers/framework/api";
import { nodeObject, POD_REJECTED_PREFIX, rejectedPodStatus } from "../node";
import { buildEvent } from "../../controllers/framework/events";
import { allocatePodIP, newPodCidrState, releasePodIP, type PodCidrState } from "../status";
import type { KubeletConfig } from "./config";
import { KUBELET_COMPONENT, nodeUser } from "./identity";
import { drainStep, heartbeat, type HeartbeatState } from "./heartbeat";
import { syncPod, type PodRecord, type SyncOutcome } from "./pod-sync";
import { syncSimulatedPod } from "./simulated-sync";
import { syncIsolatePod, releaseIsolatePod, type IsolateHost } from "./isolate-sync";
import type { NodeImage } from "./isolate/node-images";
import { logLinesOf } from "./isolate/executor";
import { appendLogLines, deletePodLogs } from "../logs";
import type { PullSecret } from "../../images/pull";

/** The kubelet's durable scalar state (the DO's `meta` table). */
export interface MetaStore {
  get<T>(name: string): T | undefined;
  set(name: string, value: unknown): void;
}

/** What the Durable Object around the agent lends it. */
export interface KubeletHostDeps {
  meta: MetaStore;
  /** The object's SQLite (the log store's tables). */
  sql: SqlStorage;
  /** The object's `ctx.exports` (the pod network entrypoint). */
  exports: unknown;
  /** The admitted pods of the kubelet's records (admission's pods on the node). */
  admitted(): KubeObject[];
  /** Stores a pod's record now. */
  remember(key: string, record: PodRecord): void;
  /** Queue pods for a sync now (a run entry ended). */
  poke(keys: string[]): void;
  waitUntil(p: Promise<unknown>): void;
}

export class KubeletAgent {
  readonly nodeName: string;
  readonly api: ControllerApi;

  constructor(
    readonly env: Env,
    readonly config: KubeletConfig,
    private readonly deps: KubeletHostDeps,
  ) {
    this.nodeName = config.node.name;
    this.api = new ControllerApi(env, registry, nodeUser(this.nodeName), KUBELET_COMPONENT);
  }

  heartbeat(state: HeartbeatState | undefined, nowMs: number, force: boolean): Promise<HeartbeatState> {
    return heartbeat(this.api, this.config, state, nowMs, force);
  }

  /** One step of leaving the cluster (cordon, delete the pods, then the Lease and Node); true when gone. */
  drainStep(): Promise<boolean> {
    return drainStep(this.api, this.config);
  }

  /** Keys of the pods bound to this node (the kubelet's initial list). */
  async boundPods(): Promise<string[]> {
    const pods = await this.api.list("/api/v1/pods", { fieldSelector: `spec.nodeName=${this.nodeName}` });
    return pods.map((p) => `${p.metadata.namespace}/${p.metadata.name}`);
  }

  syncPod(key: string, record: PodRecord | undefined): Promise<SyncOutcome> {
    const nowMs = Date.now();
    return syncPod(key, record, {
      nodeName: this.nodeName,
      nowMs,
      getPod: (k) => this.getPod(k),
      runtimeClassHandler: async (name) => (await this.api.get(`/apis/node.k8s.io/v1/runtimeclasses/${name}`))?.handler,
      ownHosts: this.config.ownHosts,
      simulatedAllowed: this.config.simulatedAllowed,
      release: async (k, r) => {
        if (r.runtime === "isolate") await releaseIsolatePod(this, k, r);
        else this.releaseIP(k);
      },
      event: (pod, type, reason, message) => this.event(pod, type, reason, message),
      simulated: async (pod, r) => {
        const terminal = pod.status?.phase === "Succeeded" || pod.status?.phase === "Failed";
        const podIP = pod.spec.hostNetwork ? this.config.nodeIP : terminal ? pod.status?.podIP : this.allocateIP(key);
        const res = await syncSimulatedPod(pod, r.plan, { api: this.api, nowMs, nodeIP: this.config.nodeIP, podIP, random: Math.random, event: (p, t, re, m) => this.event(p, t, re, m) });
        if (res.deleted) {
          this.releaseIP(key);
          return { forget: true };
        }
        if (terminal) this.releaseIP(key);
        return { forget: false, record: { ...r, plan: res.plan }, dueMs: res.dueMs };
      },
      isolate: (pod, r) => syncIsolatePod(this, key, pod, r, nowMs),
      admittedPods: () => this.deps.admitted(),
      remember: (r) => this.deps.remember(key, r),
      node: () => nodeObject(this.config.node, { index: this.config.index, nowMs, runtimeVersion: this.config.runtimeVersion }),
      reject: async (pod, result) => {
        const path = `${podPath(key)}/status`;
        await this.api.expect(this.api.patch(path, { status: rejectedPodStatus(pod, { admit: false, ...result }) }, MERGE_PATCH), `PATCH ${path}`, [404, 409]);
        await this.event(pod, "Warning", result.reason, `${POD_REJECTED_PREFIX}${result.message}`);
      },
    });
  }

  /**
   * The pod, or undefined when it is gone or not bound here: the Node authorizer answers 403 for a pod with no
   * relationship to this node, which is what a deleted pod has.
   */
  async getPod(key: string): Promise<KubeObject | undefined> {
    const res = await this.api.request("GET", podPath(key));
    if (res.status === 404 || res.status === 403) return undefined;
    if (res.status !== 200) throw new Error(`GET ${podPath(key)}: ${res.status} ${res.body?.message ?? ""}`);
    return res.body;
  }

  /** The pod's address from this node's pod CIDR (kept while the pod holds it). */
  allocateIP(key: string): string | undefined {
    const state = this.deps.meta.get<PodCidrState>("cidr") ?? newPodCidrState(this.config.podCIDR);
    const res = allocatePodIP(state, key);
    if (res.state !== state) this.deps.meta.set("cidr", res.state);
    if (!res.ok) console.error(`kubelet ${this.nodeName}: ${res.message}`);
    return res.ok ? res.ip : undefined;
  }

  releaseIP(key: string): void {
    const state = this.deps.meta.get<PodCidrState>("cidr");
    if (!state) return;
    const next = releasePodIP(state, key);
    if (next !== state) this.deps.meta.set("cidr", next);
  }

  /** The node's images by the image as written (the pod worker's `images`). */
  nodeImages(): Record<string, NodeImage> {
    return this.deps.meta.get<Record<string, NodeImage>>("images") ?? {};
  }

  forgetPodLogs(podUid: string): void {
    deletePodLogs(this.deps.sql, podUid);
  }

  /** The isolate runtime's view of this kubelet for one pod's pass. */
  isolateHost(key: string, podIP: string | undefined): IsolateHost {
    return {
      env: this.env,
      api: this.api,
      config: this.config,
      exports: this.deps.exports,
      podKey: key,
      podIP,
      pullSecrets: (pod) => this.pullSecrets(pod),
      image: (image) => this.nodeImages()[image],
      rememberImage: (image, value) => this.deps.meta.set("images", { ...this.nodeImages(), [image]: value }),
      appendLogs: (inst, chunk) => {
        const lines = logLinesOf(chunk);
        if (lines.length) appendLogLines(this.deps.sql, { podUid: inst.podUid, container: inst.container, instance: inst.restartCount }, lines);
      },
      resync: () => this.deps.poke([key]),
      waitUntil: (p) => this.deps.waitUntil(p),
    };
  }

  /** The pod's imagePullSecrets as Secrets (missing ones left out, as the kubelet does). */
  private async pullSecrets(pod: KubeObject): Promise<PullSecret[]> {
    const names: string[] = (pod.spec.imagePullSecrets ?? []).map((s: { name?: string }) => s.name).filter(Boolean);
    const got = await Promise.all(names.map((n) => this.api.get(`/api/v1/namespaces/${pod.metadata.namespace}/secrets/${n}`).catch(() => undefined)));
    return got.filter((s): s is KubeObject => !!s) as PullSecret[];
  }

  /** An Event as the kubelet's recorder writes it: source {component: kubelet, host: <node>}. */
  async event(involved: KubeObject, type: "Normal" | "Warning", reason: string, message: string, fieldPath?: string): Promise<void> {
    const ev = buildEvent(involved, type, reason, message, KUBELET_COMPONENT, new Date());
    const body = {
      ...ev,
      involvedObject: fieldPath ? { ...ev.involvedObject, fieldPath } : ev.involvedObject,
      source: { component: KUBELET_COMPONENT, host: this.nodeName },
      reportingInstance: this.nodeName,
    };
    const res = await this.api.request("POST", `/api/v1/namespaces/${ev.metadata.namespace}/events`, body);
    if (res.status !== 201) console.error(`kubelet ${this.nodeName}: event ${reason} not recorded: ${res.status} ${res.body?.message ?? ""}`);
  }
}

export const podPath = (key: string): string => {
  const i = key.indexOf("/");
  return `/api/v1/namespaces/${key.slice(0, i)}/pods/${key.slice(i + 1)}`;
};
