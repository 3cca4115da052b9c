/**
 * What the request filters need to know about a request before any handler runs, parsed once: the resource
 * path (the same parse routing and authorization use), the RBAC verb, and whether it is long-running.
 * Upstream: RequestInfoFactory and `BasicLongRunningRequestCheck(watch, proxy; attach, exec, proxy, log,
 * portforward)` (k8s.io/apiserver/pkg/server/filters/longrunning.go).
 */
import { isWatch, parseResourcePath, verbOf, type ResourceRequest } from "../request-info";

export interface RequestClass {
  /** The URL path (no query). */
  path: string;
  /** The parsed resource path; undefined for non-resource URLs. */
  resource?: ResourceRequest;
  /** RBAC's verb for resource requests; the lower-cased HTTP method for non-resource URLs. */
  verb: string;
  /** Watches and streaming subresources: they hold a response open and count as watches, not requests. */
  longRunning: boolean;
}

const LONG_RUNNING_VERBS = new Set(["watch", "proxy"]);
const LONG_RUNNING_SUBRESOURCES = new Set(["attach", "exec", "proxy", "log", "portforward"]);

export function classifyRequest(method: string, url: URL): RequestClass {
  const path = url.pathname;
  const resource = parseResourcePath(path);
  if (!resource) return { path, verb: method.toLowerCase(), longRunning: false };
  const verb = verbOf(method, resource, isWatch(url.searchParams));
  const longRunning =
    LONG_RUNNING_VERBS.has(verb) || (resource.subresource !== undefined && LONG_RUNNING_SUBRESOURCES.has(resource.subresource));
  return { path, resource, verb, longRunning };
}

/**
 * The probe paths upstream's `probes` FlowSchema puts in the exempt priority level for everyone
 * (`/healthz`, `/livez`, `/readyz` and their sub-paths): a load balancer must always get an answer.
 */
export function isProbePath(path: string): boolean {
  for (const probe of PROBES) {
    if (path === probe || (path.startsWith(probe) && path.charCodeAt(probe.length) === 47)) return true;
  }
  return false;
}

const PROBES = ["/healthz", "/livez", "/readyz"];
