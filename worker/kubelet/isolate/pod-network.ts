/**
 * The pod network as a container isolate sees it (`globalOutbound`): the containers of one pod share a network
 * namespace, so `http://localhost:<containerPort>` (or any 127.0.0.0/8 address, or `[::1]`) reaches the
 * container of the pod that declares that port; every other host goes to the cluster network
 * (worker/kube-proxy/pod-outbound.ts: cluster DNS names, ClusterIPs, pod IPs, the API server, the internet).
 * A dynamic worker's entrypoint cannot be handed to another isolate ("the system does not know how to reload
 * this Worker from scratch"), so `PodNetwork` is an entrypoint of the main Worker, reached as
 * `ctx.exports.PodNetwork({ props })`, that loads the target isolate itself: it asks the pod's kubelet which
 * instance of the container is current (a restart is a new isolate) and, when that isolate is cold, for its code.
 */
import { WorkerEntrypoint } from "cloudflare:workers";
import type { KubeObject } from "../../../schema/types";
import type { Env } from "../../env";
import { containerCode, type ContainerCodeSpec } from "./container-code";
import { fetchContainer, startContainer } from "./runtime";

/** Who the caller is: one pod on one node. Small, so every outbound Fetcher can carry it. */
export interface PodNetworkProps {
  podUid: string;
  /** The node's name = the Kubelet Durable Object's name. */
  node: string;
  /** containerPort (as a decimal string) → name of the container declaring it (spec.containers[].ports). */
  ports: Record<string, string>;
  /** The pod's namespace and name (cluster DNS search path, NetworkPolicy); absent in props of older pods. */
  namespace?: string;
  name?: string;
  /** status.podIP when the container started. */
  ip?: string;
  /** metadata.labels when the container started (the data path prefers the pod's current labels). */
  labels?: Record<string, string>;
}

/** The props of a pod's containers: its identity and which container declares which port. */
export function podNetworkProps(pod: KubeObject, node: string, ip?: string): PodNetworkProps {
  const ports: Record<string, string> = {};
  for (const c of pod.spec?.containers ?? []) for (const p of c.ports ?? []) ports[String(p.containerPort)] = c.name;
  return {
    podUid: pod.metadata?.uid,
    node,
    ports,
    namespace: pod.metadata?.namespace,
    name: pod.metadata?.name,
    ...(ip ? { ip } : {}),
    labels: { ...(pod.metadata?.labels ?? {}) },
  };
}

/** What the kubelet answers about a pod's containers (implemented by KubeletDO over RPC). */
export interface PodContainerDirectory {
  /** The container id (container-id.ts) of the container's current instance, or null when none is running. */
  podContainerId(podUid: string, container: string): Promise<string | null>;
  /** The code of an instance, to rebuild a cold isolate; null once the instance is gone. */
  podContainerSpec(id: string): Promise<ContainerCodeSpec | null>;
}

export type LocalhostRoute = { kind: "container"; container: string; port: string } | { kind: "closed"; port: string } | { kind: "outside"; host: string };

const DEFAULT_PORTS: Record<string, string> = { "http:": "80", "https:": "443" };

const isLoopback = (hostname: string): boolean => hostname === "localhost" || hostname === "[::1]" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);

/** Where a request from a pod goes: a container of the pod by port, a closed local port, or outside the pod. */
export function routeLocalhost(url: string, ports: Readonly<Record<string, string>>): LocalhostRoute {
  const u = URL.parse(url);
  if (!u) return { kind: "outside", host: url };
  if (!isLoopback(u.hostname)) return { kind: "outside", host: u.host };
  const port = u.port || DEFAULT_PORTS[u.protocol] || "";
  const container = Object.hasOwn(ports, port) ? ports[port] : undefined;
  return container === undefined ? { kind: "closed", port } : { kind: "container", container, port };
}

export interface PodNetworkDeps {
  loader: WorkerLoader;
  directory: PodContainerDirectory;
  /** The Fetcher a (re)loaded container gets as its own `globalOutbound`. */
  outbound: (props: PodNetworkProps) => Fetcher | null;
  /** The main Worker's `ctx.exports` (the re-loaded container's `env.VOLUMES`). */
  exports?: unknown;
}

const refused = (text: string) => new Response(`${text}\n`, { status: 502, headers: { "content-type": "text/plain; charset=utf-8" } });

/** What a dial of one container gave: its response, no running instance, or a failed call (the instance is gone, …). */
export type DialOutcome = { kind: "response"; response: Response } | { kind: "not-running" } | { kind: "failed"; message: string };

/**
 * Sends `request` to the current instance of `container` of pod `target` (whose kubelet is `deps.directory`),
 * loading its isolate when cold with the same code the kubelet started it with and `target`'s own pod network.
 */
export async function dialContainer(deps: PodNetworkDeps, target: PodNetworkProps, container: string, request: Request): Promise<DialOutcome> {
  const id = await deps.directory.podContainerId(target.podUid, container);
  if (id === null) return { kind: "not-running" };
  const handle = startContainer(deps.loader, {
    id,
    codeFor: async (id) => {
      const spec = await deps.directory.podContainerSpec(id);
      return spec ? containerCode(spec, deps.outbound(target), deps.exports) : { ok: false, reason: `container instance ${id} is gone` };
    },
  });
  const out = await fetchContainer(handle, request);
  return out.kind === "response" ? out : { kind: "failed", message: out.message };
}

/** One outbound request of a pod's container to its own pod (localhost); `outside` handles every other host. */
export async function podNetworkFetch(request: Request, props: PodNetworkProps, deps: PodNetworkDeps, outside?: (request: Request) => Promise<Response>): Promise<Response> {
  const route = routeLocalhost(request.url, props.ports);
  if (route.kind === "outside") {
    if (outside) return outside(request);
    return refused(`kube-edge pod network: ${route.host} is not reachable from pod ${props.podUid}: only localhost:<containerPort> is`);
  }
  if (route.kind === "closed") return refused(`kube-edge pod network: connection refused: no container of pod ${props.podUid} declares port ${route.port}`);
  const out = await dialContainer(deps, props, route.container, request);
  if (out.kind === "response") return out.response;
  if (out.kind === "not-running") return refused(`kube-edge pod network: connection refused: container ${route.container} (port ${route.port}) of pod ${props.podUid} is not running`);
  return refused(`kube-edge pod network: container ${route.container} (port ${route.port}) of pod ${props.podUid} failed: ${out.message}`);
}

/** `ctx.exports.PodNetwork({ props })` when the main Worker exports `PodNetwork`; null (no network) otherwise. */
export function podNetworkFetcher(exports: unknown, props: PodNetworkProps): Fetcher | null {
  const factory = (exports as { PodNetwork?: (options: { props: PodNetworkProps }) => Fetcher } | undefined)?.PodNetwork;
  return typeof factory === "function" ? factory({ props }) : null;
}

/** The pod network entrypoint; the main Worker must export it (worker/index.ts) as `PodNetwork`. */
export class PodNetwork extends WorkerEntrypoint<Env, PodNetworkProps> {
  override fetch(request: Request): Promise<Response> {
    const props = this.ctx.props;
    const deps = { env: this.env, exports: this.ctx.exports };
    return podNetworkFetch(
      request,
      props,
      {
        loader: this.env.LOADER,
        directory: this.env.KUBELETS.getByName(props.node) as unknown as PodContainerDirectory,
        outbound: (p) => podNetworkFetcher(this.ctx.exports, p),
        exports: this.ctx.exports,
      },
      async (r) => (await import("../../kube-proxy/pod-outbound")).podOutboundFetch(deps, props, r),
    );
  }
}
