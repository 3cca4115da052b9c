/**
 * Where a pod's log, exec or proxy request goes, decided as pkg/registry/core/pod/strategy.go decides it:
 * validateContainer (LogLocation, ExecLocation, AttachLocation), ResourceLocation (the pod proxy: the
 * `scheme:name:port` id, the default port, the pod IP) and, for proxied answers, what
 * apimachinery/pkg/util/proxy does to them (Location rewriting, CORS headers removed). Pure.
 */
import { parseIP } from "../../kubelet/status/ip-address";
import { goStringList } from "../../kubelet/status/go-format";

export interface PodLike {
  metadata: { name: string; namespace?: string; uid?: string };
  spec?: {
    nodeName?: string;
    containers?: { name: string; ports?: { containerPort?: number }[] }[];
    initContainers?: { name: string }[];
    ephemeralContainers?: { name: string }[];
  };
  status?: { podIP?: string; podIPs?: { ip: string }[] };
}

export type Located<T> = { ok: true; value: T } | { ok: false; message: string };

/** VisitContainers order: init containers, containers, ephemeral containers. */
export function containerNamesOf(pod: PodLike): string[] {
  const s = pod.spec ?? {};
  return [...(s.initContainers ?? []), ...(s.containers ?? []), ...(s.ephemeralContainers ?? [])].map((c) => c.name);
}

/**
 * validateContainer: the one app container when none is named (several: `choose one of: [a b]`, every kind
 * of container listed), or the named one if the pod has it.
 */
export function selectContainer(pod: PodLike, requested: string | undefined): Located<string> {
  const name = pod.metadata.name;
  const containers = pod.spec?.containers ?? [];
  if (!requested) {
    if (containers.length === 1) return { ok: true, value: containers[0].name };
    if (containers.length === 0) return { ok: false, message: `a container name must be specified for pod ${name}` };
    return { ok: false, message: `a container name must be specified for pod ${name}, choose one of: ${goStringList(containerNamesOf(pod))}` };
  }
  if (!containerNamesOf(pod).includes(requested)) return { ok: false, message: `container ${requested} is not valid for pod ${name}` };
  return { ok: true, value: requested };
}

export interface ProxyTarget {
  scheme: "" | "http" | "https";
  name: string;
  port: string;
}

/** utilnet.SplitSchemeNamePort: `name`, `name:port` or `scheme:name:port`, scheme "", http or https. */
export function splitSchemeNamePort(id: string): ProxyTarget | undefined {
  const parts = id.split(":");
  let scheme = "";
  let name: string;
  let port = "";
  if (parts.length === 1) [name] = parts;
  else if (parts.length === 2) [name, port] = parts;
  else if (parts.length === 3) [scheme, name, port] = parts;
  else return undefined;
  if (name === "" || (scheme !== "" && scheme !== "http" && scheme !== "https")) return undefined;
  return { scheme: scheme as ProxyTarget["scheme"], name, port };
}

/**
 * The port ResourceLocation dials: the one given, else the first declared port of the first app container
 * declaring one, else none (the URL's default: 80 for http). A port that cannot be dialed fails as the dial
 * would (Go's net error text; the handler answers it as upstream's transport does, 503).
 */
export function proxyPort(pod: PodLike, given: string, ip: string): Located<number> {
  let port = given;
  if (port === "") {
    const first = (pod.spec?.containers ?? []).find((c) => (c.ports ?? []).length > 0);
    port = first?.ports?.[0]?.containerPort !== undefined ? String(first.ports[0].containerPort) : "80";
  }
  if (!/^\d+$/.test(port)) return { ok: false, message: `dial tcp: lookup tcp/${port}: unknown port` };
  const n = Number(port);
  if (n < 1 || n > 65535) return { ok: false, message: `dial tcp: address ${ip.includes(":") ? `[${ip}]` : ip}:${port}: invalid port` };
  return { ok: true, value: n };
}

/** The pod's primary IP when it is one ResourceLocation dials (net.IP.IsGlobalUnicast), else undefined. */
export function dialablePodIP(pod: PodLike): string | undefined {
  const ip = pod.status?.podIPs?.[0]?.ip ?? pod.status?.podIP;
  const parsed = ip ? parseIP(ip) : undefined;
  if (!parsed) return undefined;
  const v = parsed.value;
  const globalUnicast =
    parsed.family === 4
      ? v !== 0n && v !== 0xffffffffn && v >> 24n !== 127n && v >> 28n !== 0xen && v >> 16n !== 0xa9fen
      : v !== 0n && v !== 1n && v >> 120n !== 0xffn && v >> 118n !== 0x3fan;
  return globalUnicast ? ip : undefined;
}

/**
 * The pod-side path of a proxy request (the connect handler's subpath): what follows `/proxy` in the request
 * path, with a leading slash, and a trailing slash when the request had one; "" for the bare `…/proxy`.
 */
export function proxySubpath(rest: string | undefined, pathname: string): string {
  let p = rest ? `/${rest}` : "";
  if (pathname.endsWith("/") && !p.endsWith("/")) p += "/";
  return p;
}

/** `…/proxy` with nothing after it: GET and HEAD are redirected to `…/proxy/` (proxyRedirectsforRootPath). */
export const redirectsToRoot = (subpath: string, method: string): boolean => subpath === "" && (method === "GET" || method === "HEAD");

/**
 * proxy.Transport.rewriteURL for a `Location` the pod answered: a URL on the pod's own host (or the API
 * server's), with an absolute path, is sent back through the proxy (`prefix` + path, host and scheme dropped
 * as upstream's empty transport host leaves them); other hosts and relative paths pass unchanged.
 */
export function rewriteProxyLocation(location: string, podHost: string, requestHost: string, prefix: string): string {
  let url: URL;
  try {
    url = new URL(location, `http://${podHost}/`);
  } catch {
    return location;
  }
  const hasHost = /^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(location) || location.startsWith("//");
  if (hasHost && url.host !== podHost && url.host !== requestHost) return location;
  if (!hasHost && !location.startsWith("/")) return location;
  const path = url.pathname;
  if (path.startsWith(prefix)) return path + url.search + url.hash;
  const joined = `${prefix.replace(/\/+$/, "")}/${path.replace(/^\/+/, "")}`;
  return joined + url.search + url.hash;
}

/** Response headers the proxy strips (corsRemovingTransport). */
export const CORS_HEADERS = ["Access-Control-Allow-Credentials", "Access-Control-Allow-Headers", "Access-Control-Allow-Methods", "Access-Control-Allow-Origin"];
