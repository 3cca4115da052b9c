/**
 * The pod network as a container isolate sees it (`globalOutbound`): the containers of one pod share a network
 * namespace, so `http://localhost:<containerPort>` (or any 127.0.0.0/8 address, or `[::1]`) reaches the
 * container of the pod that declares that port. Anything else answers 502 for now (cluster DNS and Services are
 * issue 6). A dynamic worker's entrypoint cannot be handed to another isolate ("the system does not know how to
 * reload this Worker from scratch"), so `PodNetwork` is an entrypoint of the main Worker, reached as
 * `ctx.exports.PodNetwork({ props })`, that loads the target isolate itself: it asks the pod's kubelet which
 * instance of the container is current (a restart is a new isolate) and, when that isolate is cold, for its code.
 */
import { WorkerEntrypoint } from "cloudflare:workers";
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

/** One outbound request of a pod's container. */
export async function podNetworkFetch(request: Request, props: PodNetworkProps, deps: PodNetworkDeps): Promise<Response> {
  const route = routeLocalhost(request.url, props.ports);
  if (route.kind === "outside") return refused(`kube-edge pod network: ${route.host} is not reachable from pod ${props.podUid}: only localhost:<containerPort> is, for now (cluster DNS and Services are not served yet)`);
  if (route.kind === "closed") return refused(`kube-edge pod network: connection refused: no container of pod ${props.podUid} declares port ${route.port}`);
  const id = await deps.directory.podContainerId(props.podUid, route.container);
  if (id === null) return refused(`kube-edge pod network: connection refused: container ${route.container} (port ${route.port}) of pod ${props.podUid} is not running`);
  const handle = startContainer(deps.loader, {
    id,
    codeFor: async (id) => {
      const spec = await deps.directory.podContainerSpec(id);
      return spec ? containerCode(spec, deps.outbound(props), deps.exports) : { ok: false, reason: `container instance ${id} is gone` };
    },
  });
  const out = await fetchContainer(handle, request);
  if (out.kind === "response") return out.response;
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
    return podNetworkFetch(request, props, {
      loader: this.env.LOADER,
      directory: this.env.KUBELETS.getByName(props.node) as unknown as PodContainerDirectory,
      outbound: (p) => podNetworkFetcher(this.ctx.exports, p),
      exports: this.ctx.exports,
    });
  }
}
