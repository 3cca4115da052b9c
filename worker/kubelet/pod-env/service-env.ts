/**
 * Service links (the kubelet's getServiceEnvVarMap and pkg/kubelet/envvars FromServices): the variables a pod
 * gets for the Services it can see, as docker links wrote them.
 */
import type { ServiceLike } from "./types";

/** masterServices: Services of the `default` namespace every pod sees, whatever enableServiceLinks says. */
const MASTER_SERVICES = new Set(["kubernetes"]);

/** IsServiceIPSet: a ClusterIP that is neither empty nor `None`. */
const isServiceIPSet = (s: ServiceLike) => !!s.spec?.clusterIP && s.spec.clusterIP !== "None";

/** makeEnvVariableName: upper-cased, `.` and `-` to `_`, a leading digit prefixed with `_`. */
export function envVariableName(name: string): string {
  const upper = name.replace(/[.-]/g, "_").toUpperCase();
  return /^[0-9]/.test(upper) ? `_${upper}` : upper;
}

/** FromServices for one Service: `{SVC}_SERVICE_HOST`, `_SERVICE_PORT[_{PORT}]` and the docker link variables. */
export function serviceEnvVars(service: ServiceLike): [string, string][] {
  const prefix = envVariableName(service.metadata?.name ?? "");
  const ip = service.spec?.clusterIP ?? "";
  const ports = service.spec?.ports ?? [];
  const out: [string, string][] = [[`${prefix}_SERVICE_HOST`, ip]];
  if (ports.length) out.push([`${prefix}_SERVICE_PORT`, String(ports[0].port ?? 0)]);
  for (const p of ports) {
    if (p.name) out.push([`${prefix}_SERVICE_PORT_${envVariableName(p.name)}`, String(p.port ?? 0)]);
  }
  ports.forEach((p, i) => {
    const proto = (p.protocol || "TCP").toLowerCase();
    const url = `${proto}://${ip}:${p.port ?? 0}`;
    if (i === 0) out.push([`${prefix}_PORT`, url]);
    const portPrefix = `${prefix}_PORT_${p.port ?? 0}_${proto.toUpperCase()}`;
    out.push([portPrefix, url], [`${portPrefix}_PROTO`, proto], [`${portPrefix}_PORT`, String(p.port ?? 0)], [`${portPrefix}_ADDR`, ip]);
  });
  return out;
}

/**
 * getServiceEnvVarMap: the Services with a cluster IP in the pod's namespace (when `enableServiceLinks`, default
 * true) plus `kubernetes` of the `default` namespace (always; a same-named Service of the pod's own namespace
 * wins over it). Services are taken in name order (upstream iterates a Go map); later variables of the same name
 * win, as they do in upstream's map.
 */
export function serviceEnv(services: readonly ServiceLike[], namespace: string, enableServiceLinks = true): Record<string, string> {
  const visible = new Map<string, ServiceLike>();
  for (const s of services) {
    if (!isServiceIPSet(s)) continue;
    const name = s.metadata?.name ?? "";
    const ns = s.metadata?.namespace ?? "";
    if (ns === "default" && MASTER_SERVICES.has(name)) {
      if (!visible.has(name)) visible.set(name, s);
    } else if (ns === namespace && enableServiceLinks) {
      visible.set(name, s);
    }
  }
  const env: Record<string, string> = {};
  for (const name of [...visible.keys()].sort()) {
    for (const [k, v] of serviceEnvVars(visible.get(name)!)) env[k] = v;
  }
  return env;
}
