/**
 * Ingress routing of the edge IngressClass (networking.k8s.io/v1 Ingress semantics, pure):
 * - class: the IngressClass the Ingress names (`spec.ingressClassName`, or the legacy
 *   `kubernetes.io/ingress.class` annotation), or the default IngressClass when it names none, has the edge's
 *   controller `kube-edge.dev/ingress` (the class `kube-edge`, the default at bootstrap) — the same rule the
 *   Ingress status loop publishes `ingress.<lb>` by (worker/services/status/ingress.ts ingressClassOf).
 * - host: rules whose host equals the request's win over wildcard rules (`*.foo.com`, one label); without
 *   either, the rules without a host apply.
 * - path: `Exact` matches the path exactly; `Prefix` matches element-wise on `/`-split paths, trailing slash
 *   ignored (`/foo` matches `/foo`, `/foo/`, `/foo/bar`, not `/foobar`); `ImplementationSpecific` is treated as
 *   Prefix. The longest matching path wins; at equal length Exact beats Prefix; then the oldest Ingress (as
 *   ingress-nginx orders conflicting Ingresses), then namespace/name.
 * - no path matches: the `defaultBackend` of an Ingress whose rules matched the host, else of any edge
 *   Ingress (oldest first; the controller's default server), else 404.
 * Backends are Services in the Ingress's namespace by `port.number` or `port.name`; a `resource` backend
 * is answered 503 (the edge serves Services only).
 */
import type { KubeObject } from "../../schema/types";
import { EDGE_INGRESS_CLASS, EDGE_INGRESS_CONTROLLER, ingressClassOf } from "../services/status/ingress";
import { ingressHostMatches } from "./route";

export { EDGE_INGRESS_CLASS };

interface BackendSpec {
  service?: { name?: string; port?: { number?: number; name?: string } };
  resource?: { apiGroup?: string; kind?: string; name?: string };
}

interface PathSpec {
  path?: string;
  pathType?: string;
  backend?: BackendSpec;
}

/** The fields of an Ingress routing reads. */
export interface IngressLike {
  metadata: { name: string; namespace?: string; creationTimestamp?: string; annotations?: Record<string, string> };
  spec?: {
    ingressClassName?: string;
    defaultBackend?: BackendSpec;
    rules?: { host?: string; http?: { paths?: PathSpec[] } }[];
  };
}

export type IngressBackend =
  | { kind: "service"; namespace: string; name: string; port: number | string | undefined }
  | { kind: "resource"; namespace: string; ingress: string; resource: string };

export type IngressDecision =
  | { kind: "backend"; ingress: { namespace: string; name: string }; backend: IngressBackend }
  | { kind: "notFound"; message: string };

/** Whether the Ingress is served by the edge (see the module comment); `classes` are the IngressClasses. */
export function isEdgeIngress(ing: IngressLike, classes: KubeObject[]): boolean {
  return ingressClassOf(ing, classes)?.spec?.controller === EDGE_INGRESS_CONTROLLER;
}

/** Every `spec.rules[].host` of the Ingresses (what they claim at the edge). */
export function ingressRuleHosts(ingresses: readonly IngressLike[]): string[] {
  const hosts = new Set<string>();
  for (const ing of ingresses) for (const r of ing.spec?.rules ?? []) if (r.host) hosts.add(r.host.toLowerCase());
  return [...hosts];
}

/** The length a path rule matched `path` by, or undefined when it does not match. */
export function pathMatchLength(pathType: string | undefined, rulePath: string | undefined, path: string): number | undefined {
  const rp = rulePath || "/";
  if (pathType === "Exact") return rp === path ? rp.length : undefined;
  const want = rp.split("/").filter(Boolean);
  const got = path.split("/").filter(Boolean);
  if (want.length > got.length) return undefined;
  for (let i = 0; i < want.length; i++) if (want[i] !== got[i]) return undefined;
  return want.length === 0 ? 1 : `/${want.join("/")}`.length;
}

function backendOf(spec: BackendSpec, ing: IngressLike): IngressBackend {
  const namespace = ing.metadata.namespace ?? "default";
  if (spec.service?.name) {
    const p = spec.service.port;
    return { kind: "service", namespace, name: spec.service.name, port: p?.number ?? (p?.name || undefined) };
  }
  const r = spec.resource;
  return { kind: "resource", namespace, ingress: ing.metadata.name, resource: `${r?.kind ?? "resource"}${r?.apiGroup ? `.${r.apiGroup}` : ""}/${r?.name ?? ""}` };
}

const age = (a: IngressLike, b: IngressLike): number =>
  (a.metadata.creationTimestamp ?? "").localeCompare(b.metadata.creationTimestamp ?? "") ||
  (a.metadata.namespace ?? "").localeCompare(b.metadata.namespace ?? "") ||
  a.metadata.name.localeCompare(b.metadata.name);

const decision = (ing: IngressLike, spec: BackendSpec): IngressDecision => ({
  kind: "backend",
  ingress: { namespace: ing.metadata.namespace ?? "default", name: ing.metadata.name },
  backend: backendOf(spec, ing),
});

/** The backend for a request to `host` (normalized) and `path` among the edge class's Ingresses. */
export function routeIngress(ingresses: readonly IngressLike[], host: string, path: string): IngressDecision {
  const sorted = [...ingresses].sort(age);
  const rulesWhere = (pick: (ruleHost: string | undefined) => boolean) =>
    sorted.flatMap((ing) => (ing.spec?.rules ?? []).filter((r) => pick(r.host)).map((rule) => ({ ing, rule })));
  let rules = rulesWhere((h) => !!h && !h.startsWith("*.") && h.toLowerCase() === host);
  if (!rules.length) rules = rulesWhere((h) => !!h && h.startsWith("*.") && ingressHostMatches(h, host));
  if (!rules.length) rules = rulesWhere((h) => !h);
  let best: { ing: IngressLike; spec: BackendSpec; length: number; exact: boolean } | undefined;
  for (const { ing, rule } of rules) {
    for (const p of rule.http?.paths ?? []) {
      const length = pathMatchLength(p.pathType, p.path, path);
      if (length === undefined || !p.backend) continue;
      const exact = p.pathType === "Exact";
      if (!best || length > best.length || (length === best.length && exact && !best.exact)) best = { ing, spec: p.backend, length, exact };
    }
  }
  if (best) return decision(best.ing, best.spec);
  const fallback = rules.find(({ ing }) => ing.spec?.defaultBackend)?.ing ?? sorted.find((ing) => ing.spec?.defaultBackend);
  if (fallback) return decision(fallback, fallback.spec!.defaultBackend!);
  return { kind: "notFound", message: `no Ingress rule of class ${EDGE_INGRESS_CLASS} matches host ${JSON.stringify(host)} and path ${JSON.stringify(path)}, and no Ingress has a defaultBackend` };
}
