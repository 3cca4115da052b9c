/**
 * Service defaulting (SetDefaults_Service plus the single-stack IP-family and clusterIPs normalisation of the
 * service REST strategy) and validation (pkg/apis/core/validation ValidateService, ValidateServiceUpdate,
 * and the node-port range check of the port allocator).
 */
import type { FieldError, KubeObject } from "../types";
import { child, duplicate, forbidden, index, invalid, notSupported, required } from "../validation/field-errors";
import { validatePortNumOrName } from "../validation/generic";
import { isDNS1123Subdomain, isQualifiedName, isValidIP, isValidPortNum, nameIsDNS1035Label } from "../validation/names";
import { validateLabels, validateObjectMeta, validateObjectMetaUpdate } from "../validation/object-meta";
import { PROTOCOLS, validateDNS1123Label } from "./container-validation";

type Obj = KubeObject;
const list = (v: unknown): Obj[] => (Array.isArray(v) ? v.map((x) => x ?? {}) : []);

export const SERVICE_TYPES = ["ClusterIP", "ExternalName", "LoadBalancer", "NodePort"];
/** The default --service-node-port-range. */
export const NODE_PORT_RANGE = { min: 30000, max: 32767 };
const KUBELET_PORT = 10250;
const MAX_CLIENT_IP_AFFINITY_SECONDS = 86400;

/** service.ExternallyAccessible */
const externallyAccessible = (spec: Obj) =>
  spec.type === "LoadBalancer" || spec.type === "NodePort" || (spec.type === "ClusterIP" && list(spec.externalIPs).length > 0);

const isHeadless = (spec: Obj) => Array.isArray(spec.clusterIPs) && spec.clusterIPs[0] === "None";

/** SetDefaults_Service and the REST-layer IP normalisation (single-stack IPv4 cluster). */
export function defaultService(svc: Obj): void {
  const spec: Obj = svc.spec ?? (svc.spec = {});
  if (!spec.sessionAffinity) spec.sessionAffinity = "None";
  if (spec.sessionAffinity === "None") delete spec.sessionAffinityConfig;
  if (spec.sessionAffinity === "ClientIP" && spec.sessionAffinityConfig?.clientIP?.timeoutSeconds == null) {
    spec.sessionAffinityConfig = { clientIP: { timeoutSeconds: 10800 } };
  }
  if (!spec.type) spec.type = "ClusterIP";
  for (const p of list(spec.ports)) {
    if (!p.protocol) p.protocol = "TCP";
    if (p.targetPort == null || p.targetPort === 0 || p.targetPort === "") p.targetPort = p.port;
  }
  if (externallyAccessible(spec) && !spec.externalTrafficPolicy) spec.externalTrafficPolicy = "Cluster";
  if (spec.internalTrafficPolicy == null && ["ClusterIP", "NodePort", "LoadBalancer"].includes(spec.type)) {
    spec.internalTrafficPolicy = "Cluster";
  }
  if (spec.type === "LoadBalancer" && spec.allocateLoadBalancerNodePorts == null) spec.allocateLoadBalancerNodePorts = true;
  if (spec.type !== "ExternalName") {
    if (spec.clusterIP && !(spec.clusterIPs?.length > 0)) spec.clusterIPs = [spec.clusterIP];
    if (!spec.clusterIP && spec.clusterIPs?.length > 0) spec.clusterIP = spec.clusterIPs[0];
    if (spec.ipFamilyPolicy == null) spec.ipFamilyPolicy = "SingleStack";
    if (!(spec.ipFamilies?.length > 0)) spec.ipFamilies = ["IPv4"];
  }
  if (svc.status == null) svc.status = { loadBalancer: {} };
}

function validateServicePort(p: Obj, requireName: boolean, names: Set<string>, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (requireName && !p.name) errs.push(required(child(path, "name")));
  else if (p.name) {
    errs.push(...validateDNS1123Label(p.name, child(path, "name")));
    if (names.has(p.name)) errs.push(duplicate(child(path, "name"), p.name));
    names.add(p.name);
  }
  errs.push(...isValidPortNum(p.port ?? 0).map((m) => invalid(child(path, "port"), p.port ?? 0, m)));
  if (!p.protocol) errs.push(required(child(path, "protocol")));
  else if (!PROTOCOLS.includes(p.protocol)) errs.push(notSupported(child(path, "protocol"), p.protocol, PROTOCOLS));
  errs.push(...validatePortNumOrName(p.targetPort, child(path, "targetPort")));
  if (p.appProtocol != null) {
    errs.push(...isQualifiedName(p.appProtocol).map((m) => invalid(child(path, "appProtocol"), p.appProtocol, m)));
  }
  return errs;
}

function validateClusterIPs(spec: Obj): FieldError[] {
  const errs: FieldError[] = [];
  const ips: string[] = Array.isArray(spec.clusterIPs) ? spec.clusterIPs : [];
  if (ips.length > 0 && ips[0] !== spec.clusterIP) errs.push(invalid("spec.clusterIPs", ips, "first value must match `clusterIP`"));
  if (ips.length > 2) errs.push(invalid("spec.clusterIPs", ips, "may only hold up to 2 values"));
  ips.forEach((ip, i) => {
    if (i === 0 && ip === "None") {
      if (ips.length > 1) errs.push(invalid("spec.clusterIPs", ips, "'None' must be the first and only value"));
      return;
    }
    errs.push(...isValidIP(ip).map((m) => invalid(index("spec.clusterIPs", i), ip, m)));
  });
  const fams: string[] = Array.isArray(spec.ipFamilies) ? spec.ipFamilies : [];
  if (fams.length > 2) errs.push(invalid("spec.ipFamilies", fams, "may only hold up to 2 values"));
  fams.forEach((f, i) => {
    if (!["IPv4", "IPv6"].includes(f)) errs.push(notSupported(index("spec.ipFamilies", i), f, ["IPv4", "IPv6"]));
    else if (fams.indexOf(f) !== i) errs.push(duplicate(index("spec.ipFamilies", i), f));
  });
  const policies = ["PreferDualStack", "RequireDualStack", "SingleStack"];
  if (spec.ipFamilyPolicy != null && !policies.includes(spec.ipFamilyPolicy)) {
    errs.push(notSupported("spec.ipFamilyPolicy", spec.ipFamilyPolicy, policies));
  }
  return errs;
}

/** ValidateService (create) plus the node-port allocator's range check. */
export function validateService(svc: Obj): FieldError[] {
  const spec: Obj = svc.spec ?? {};
  const ports = list(spec.ports);
  const errs = validateObjectMeta(svc.metadata, { namespaced: true, nameValidator: nameIsDNS1035Label });
  if (ports.length === 0 && !isHeadless(spec) && spec.type !== "ExternalName") errs.push(required("spec.ports"));
  if (spec.type === "LoadBalancer" || spec.type === "NodePort") {
    if (isHeadless(spec)) errs.push(invalid("spec.clusterIPs[0]", "None", `may not be set to 'None' for ${spec.type} services`));
  }
  if (spec.type === "LoadBalancer") {
    ports.forEach((p, i) => {
      if (p.port === KUBELET_PORT) {
        errs.push(invalid(index("spec.ports", i), p.port, `may not expose port ${KUBELET_PORT} externally since it is used by kubelet`));
      }
    });
  }
  if (spec.type === "ExternalName") {
    if (list(spec.clusterIPs).length > 0 || spec.clusterIP) errs.push(forbidden("spec.clusterIPs", "may not be set for ExternalName services"));
    if (list(spec.ipFamilies).length > 0) errs.push(forbidden("spec.ipFamilies", "may not be set for ExternalName services"));
    if (spec.ipFamilyPolicy != null) errs.push(forbidden("spec.ipFamilyPolicy", "may not be set for ExternalName services"));
    const cname = String(spec.externalName ?? "").replace(/\.$/, "");
    if (cname) errs.push(...isDNS1123Subdomain(cname).map((m) => invalid("spec.externalName", cname, m)));
    else errs.push(required("spec.externalName"));
  } else {
    errs.push(...validateClusterIPs(spec));
  }
  const names = new Set<string>();
  ports.forEach((p, i) => errs.push(...validateServicePort(p, ports.length > 1, names, index("spec.ports", i))));
  if (spec.selector != null) errs.push(...validateLabels(spec.selector, "spec.selector"));
  if (!spec.sessionAffinity) errs.push(required("spec.sessionAffinity"));
  else if (!["ClientIP", "None"].includes(spec.sessionAffinity)) {
    errs.push(notSupported("spec.sessionAffinity", spec.sessionAffinity, ["ClientIP", "None"]));
  }
  if (spec.sessionAffinity === "ClientIP") {
    const t = spec.sessionAffinityConfig?.clientIP?.timeoutSeconds;
    if (t == null) errs.push(required("spec.sessionAffinityConfig", "when session affinity type is ClientIP"));
    else if (!(t > 0 && t <= MAX_CLIENT_IP_AFFINITY_SECONDS)) {
      const msg = `must be greater than 0 and less than ${MAX_CLIENT_IP_AFFINITY_SECONDS}`;
      errs.push(invalid("spec.sessionAffinityConfig.clientIP.timeoutSeconds", t, msg));
    }
  } else if (spec.sessionAffinity === "None" && spec.sessionAffinityConfig != null) {
    errs.push(forbidden("spec.sessionAffinityConfig", "must not be set when session affinity is None"));
  }
  list(spec.externalIPs).forEach((ip, i) => {
    errs.push(...isValidIP(String(ip)).map((m) => invalid(index("spec.externalIPs", i), ip, m)));
  });
  if (!spec.type) errs.push(required("spec.type"));
  else if (!SERVICE_TYPES.includes(spec.type)) errs.push(notSupported("spec.type", spec.type, SERVICE_TYPES));
  errs.push(...validateNodePorts(spec, ports));
  const seen = new Set<string>();
  ports.forEach((p, i) => {
    const k = `${p.protocol}/${p.port}`;
    if (seen.has(k)) errs.push(duplicate(index("spec.ports", i), { port: p.port, protocol: p.protocol }));
    seen.add(k);
  });
  if (!externallyAccessible(spec)) {
    if (spec.externalTrafficPolicy) {
      errs.push(invalid("spec.externalTrafficPolicy", spec.externalTrafficPolicy, "may only be set for externally-accessible services"));
    }
  } else if (!["Cluster", "Local"].includes(spec.externalTrafficPolicy)) {
    errs.push(
      spec.externalTrafficPolicy
        ? notSupported("spec.externalTrafficPolicy", spec.externalTrafficPolicy, ["Cluster", "Local"])
        : required("spec.externalTrafficPolicy"),
    );
  }
  if (spec.internalTrafficPolicy != null && !["Cluster", "Local"].includes(spec.internalTrafficPolicy)) {
    errs.push(notSupported("spec.internalTrafficPolicy", spec.internalTrafficPolicy, ["Cluster", "Local"]));
  }
  return errs;
}

/** nodePort: forbidden for ClusterIP, unique per protocol, inside the node-port range. */
function validateNodePorts(spec: Obj, ports: Obj[]): FieldError[] {
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  ports.forEach((p, i) => {
    if (!p.nodePort) return;
    const at = child(index("spec.ports", i), "nodePort");
    if (spec.type === "ClusterIP") {
      errs.push(forbidden(at, "may not be used when `type` is 'ClusterIP'"));
      return;
    }
    const k = `${p.protocol}/${p.nodePort}`;
    if (seen.has(k)) errs.push(duplicate(at, p.nodePort));
    seen.add(k);
    if (p.nodePort < NODE_PORT_RANGE.min || p.nodePort > NODE_PORT_RANGE.max) {
      const msg = `provided port is not in the valid range. The range of valid ports is ${NODE_PORT_RANGE.min}-${NODE_PORT_RANGE.max}`;
      errs.push(invalid(at, p.nodePort, msg));
    }
  });
  return errs;
}

/** validateUpgradeDowngradeClusterIPs: the primary cluster IP never changes once set (ExternalName aside). */
function validateClusterIPsUpdate(spec: Obj, old: Obj): FieldError[] {
  if (spec.type === "ExternalName" || old.type === "ExternalName") return [];
  if (isHeadless(spec) && isHeadless(old)) return [];
  const next: string[] = Array.isArray(spec.clusterIPs) ? spec.clusterIPs : [];
  const prev: string[] = Array.isArray(old.clusterIPs) ? old.clusterIPs : [];
  if (next.length === prev.length) {
    return prev.flatMap((ip, i) => (ip !== next[i] ? [invalid(index("spec.clusterIPs", i), next, "may not change once set")] : []));
  }
  if (prev.length > next.length) {
    if (next.length === 0) return [invalid("spec.clusterIPs[0]", next, "primary clusterIP can not be unset")];
    const errs = next[0] !== prev[0] ? [invalid("spec.clusterIPs[0]", next, "may not change once set")] : [];
    if (spec.ipFamilyPolicy !== "SingleStack") {
      errs.push(invalid("spec.clusterIPs[0]", next, "`ipFamilyPolicy` must be set to 'SingleStack' when releasing the secondary clusterIP"));
    }
    return errs;
  }
  return prev.length > 0 && next[0] !== prev[0] ? [invalid("spec.clusterIPs[0]", next, "may not change once set")] : [];
}

/** ValidateServiceUpdate: metadata update rules, cluster IPs immutable, loadBalancerClass immutable, then create rules. */
export function validateServiceUpdate(svc: Obj, old: Obj): FieldError[] {
  const spec: Obj = svc.spec ?? {};
  const oldSpec: Obj = old.spec ?? {};
  const errs = [...validateObjectMetaUpdate(svc.metadata, old.metadata), ...validateClusterIPsUpdate(spec, oldSpec)];
  if (oldSpec.type === "LoadBalancer" && spec.type === "LoadBalancer" && (spec.loadBalancerClass ?? null) !== (oldSpec.loadBalancerClass ?? null)) {
    errs.push(invalid("spec.loadBalancerClass", spec.loadBalancerClass ?? null, "may not change once set"));
  }
  return [...errs, ...validateService(svc).filter((e) => !e.field.startsWith("metadata."))];
}

/**
 * The service REST update's patchAllocatedValues: a PUT that omits clusterIP(s) or a nodePort keeps the
 * allocated ones (so `kubectl replace` of a manifest without them works). Call before validateServiceUpdate;
 * KindDef has no hook for it, so the registry must.
 */
export function patchAllocatedServiceValues(svc: Obj, old: Obj): void {
  const spec: Obj = svc.spec ?? (svc.spec = {});
  const oldSpec: Obj = old.spec ?? {};
  if (spec.type !== "ExternalName" && oldSpec.type !== "ExternalName") {
    if (!spec.clusterIP && oldSpec.clusterIP) spec.clusterIP = oldSpec.clusterIP;
    if (!(spec.clusterIPs?.length > 0) && oldSpec.clusterIPs?.length > 0) spec.clusterIPs = [...oldSpec.clusterIPs];
  }
  if (["NodePort", "LoadBalancer"].includes(spec.type) && ["NodePort", "LoadBalancer"].includes(oldSpec.type)) {
    for (const p of list(spec.ports)) {
      if (p.nodePort) continue;
      const prev = list(oldSpec.ports).find((o) => o.port === p.port && (o.protocol ?? "TCP") === (p.protocol ?? "TCP"));
      if (prev?.nodePort) p.nodePort = prev.nodePort;
    }
  }
}

const needsNodePort = (spec: Obj) => spec.type === "NodePort" || spec.type === "LoadBalancer";
const needsHealthCheck = (spec: Obj) => spec.type === "LoadBalancer" && spec.externalTrafficPolicy === "Local";
const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * The service strategy's dropTypeDependentFields (update only, main resource): a type change drops the values
 * the old type had allocated or defaulted when the client left them as they were (the allocator then releases
 * them), and a Service that is no longer a LoadBalancer loses its load-balancer status.
 */
export function dropTypeDependentServiceFields(svc: Obj, old: Obj, subresource?: string): void {
  if (subresource === "status") return;
  const spec: Obj = svc.spec ?? (svc.spec = {});
  const oldSpec: Obj = old.spec ?? {};
  if (oldSpec.type !== "ExternalName" && spec.type === "ExternalName") {
    if (same(spec.clusterIPs, oldSpec.clusterIPs) && same(spec.clusterIP, oldSpec.clusterIP)) {
      delete spec.clusterIP;
      delete spec.clusterIPs;
    }
    if (same(spec.ipFamilies, oldSpec.ipFamilies)) delete spec.ipFamilies;
    if (same(spec.ipFamilyPolicy, oldSpec.ipFamilyPolicy)) delete spec.ipFamilyPolicy;
  }
  if (needsNodePort(oldSpec) && !needsNodePort(spec)) {
    const nodePorts = (s: Obj) => list(s.ports).map((p) => p.nodePort ?? 0);
    if (same(nodePorts(spec), nodePorts(oldSpec))) for (const p of list(spec.ports)) delete p.nodePort;
  }
  if (needsHealthCheck(oldSpec) && !needsHealthCheck(spec) && spec.healthCheckNodePort === oldSpec.healthCheckNodePort) {
    delete spec.healthCheckNodePort;
  }
  if (oldSpec.type === "LoadBalancer" && spec.type !== "LoadBalancer") {
    if (spec.allocateLoadBalancerNodePorts != null && spec.allocateLoadBalancerNodePorts === oldSpec.allocateLoadBalancerNodePorts) {
      delete spec.allocateLoadBalancerNodePorts;
    }
    if (spec.loadBalancerClass != null && spec.loadBalancerClass === oldSpec.loadBalancerClass) delete spec.loadBalancerClass;
  }
  if (externallyAccessible(oldSpec) && !externallyAccessible(spec) && spec.externalTrafficPolicy === oldSpec.externalTrafficPolicy) {
    delete spec.externalTrafficPolicy;
  }
  if (spec.type !== "LoadBalancer" && svc.status?.loadBalancer?.ingress) svc.status = { ...svc.status, loadBalancer: {} };
}
