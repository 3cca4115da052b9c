/**
 * Container validation (pkg/apis/core/validation/validation.go: validateContainerCommon, validateContainers,
 * validateInitContainers, validateContainerPorts, ValidateEnv, ValidateVolumeMounts, validateProbe,
 * ValidateResourceRequirements). Paths and messages are upstream's.
 */
import type { FieldError, KubeObject } from "../types";
import { child, duplicate, forbidden, index, invalid, key, notFound, notSupported, required } from "../validation/field-errors";
import { uniqueBy, validateNonnegative, validatePortNum, validatePortNumOrName } from "../validation/generic";
import {
  isConfigMapKey,
  isDNS1123Label,
  isHTTPHeaderName,
  isQualifiedName,
  isRelaxedEnvVarName,
  isValidPortName,
  isValidPortNum,
} from "../validation/names";
import { compareQuantities, parseQuantity, QUANTITY_FORMAT_ERROR, quantityString } from "../validation/quantity";

type Obj = KubeObject;
const list = (v: unknown): Obj[] => (Array.isArray(v) ? v.map((x) => x ?? {}) : []);
export const PROTOCOLS = ["SCTP", "TCP", "UDP"];
const PULL_POLICIES = ["Always", "IfNotPresent", "Never"];

/** Volumes of the pod that validated cleanly, by name (what mounts may refer to). */
export type VolumeMap = Map<string, Obj>;

/** ValidateDNS1123Label at a path. */
export const validateDNS1123Label = (value: string, path: string): FieldError[] =>
  isDNS1123Label(value).map((m) => invalid(path, value, m));

export function validateContainerPorts(ports: Obj[], path: string): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set<string>();
  ports.forEach((p, i) => {
    const at = index(path, i);
    if (p.name) {
      const msgs = isValidPortName(p.name);
      if (msgs.length) errs.push(...msgs.map((m) => invalid(child(at, "name"), p.name, m)));
      else if (names.has(p.name)) errs.push(duplicate(child(at, "name"), p.name));
      else names.add(p.name);
    }
    if (!p.containerPort) errs.push(required(child(at, "containerPort")));
    else errs.push(...validatePortNum(p.containerPort, child(at, "containerPort")));
    if (p.hostPort) errs.push(...validatePortNum(p.hostPort, child(at, "hostPort")));
    if (!p.protocol) errs.push(required(child(at, "protocol")));
    else if (!PROTOCOLS.includes(p.protocol)) errs.push(notSupported(child(at, "protocol"), p.protocol, PROTOCOLS));
  });
  return errs;
}

function validateKeySelector(sel: Obj, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!sel.name) errs.push(required(child(path, "name")));
  if (!sel.key) errs.push(required(child(path, "key")));
  else errs.push(...isConfigMapKey(sel.key).map((m) => invalid(child(path, "key"), sel.key, m)));
  return errs;
}

/** ValidateEnv + validateEnvVarValueFrom. */
export function validateEnv(env: Obj[], path: string): FieldError[] {
  const errs: FieldError[] = [];
  env.forEach((ev, i) => {
    const at = index(path, i);
    if (!ev.name) errs.push(required(child(at, "name")));
    errs.push(...isRelaxedEnvVarName(String(ev.name ?? "")).map((m) => invalid(child(at, "name"), ev.name, m)));
    const from = ev.valueFrom;
    if (!from) return;
    const fromPath = child(at, "valueFrom");
    const sources = ["fieldRef", "resourceFieldRef", "configMapKeyRef", "secretKeyRef", "fileKeyRef"].filter((k) => from[k]);
    if (from.fieldRef && !from.fieldRef.fieldPath) errs.push(required(child(fromPath, "fieldRef", "fieldPath")));
    if (from.resourceFieldRef && !from.resourceFieldRef.resource) {
      errs.push(required(child(fromPath, "resourceFieldRef", "resource")));
    }
    if (from.configMapKeyRef) errs.push(...validateKeySelector(from.configMapKeyRef, child(fromPath, "configMapKeyRef")));
    if (from.secretKeyRef) errs.push(...validateKeySelector(from.secretKeyRef, child(fromPath, "secretKeyRef")));
    if (sources.length === 0) {
      errs.push(invalid(fromPath, "", "must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`"));
    } else if (ev.value) {
      errs.push(invalid(fromPath, "", "may not be specified when `value` is not empty"));
    } else if (sources.length > 1) {
      errs.push(invalid(fromPath, "", "may not have more than one field specified at a time"));
    }
  });
  return errs;
}

/** ValidateEnvFrom (upstream reports the source-count errors at the list path). */
export function validateEnvFrom(envFrom: Obj[], path: string): FieldError[] {
  const errs: FieldError[] = [];
  envFrom.forEach((ev, i) => {
    const at = index(path, i);
    if (ev.prefix) errs.push(...isRelaxedEnvVarName(ev.prefix).map((m) => invalid(child(at, "prefix"), ev.prefix, m)));
    const n = (ev.configMapRef ? 1 : 0) + (ev.secretRef ? 1 : 0);
    if (ev.configMapRef && !ev.configMapRef.name) errs.push(required(child(at, "configMapRef", "name")));
    if (ev.secretRef && !ev.secretRef.name) errs.push(required(child(at, "secretRef", "name")));
    if (n === 0) errs.push(invalid(path, "", "must specify one of: `configMapRef` or `secretRef`"));
    else if (n > 1) errs.push(invalid(path, "", "may not have more than one field specified at a time"));
  });
  return errs;
}

/** validateLocalDescendingPath: relative, no `..` element. */
function validateLocalDescendingPath(p: string, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (p.startsWith("/")) errs.push(invalid(path, p, "must be a relative path"));
  if (p.split("/").includes("..")) errs.push(invalid(path, p, "must not contain '..'"));
  return errs;
}

/** ValidateVolumeMounts + ValidateVolumeDevices. */
export function validateVolumeMounts(c: Obj, volumes: VolumeMap, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const mountsPath = child(path, "volumeMounts");
  const devicesPath = child(path, "volumeDevices");
  const devices = list(c.volumeDevices);
  const mountPoints = new Set<string>();
  list(c.volumeMounts).forEach((m, i) => {
    const at = index(mountsPath, i);
    if (!m.name) errs.push(required(child(at, "name")));
    if (!volumes.has(m.name ?? "")) errs.push(notFound(child(at, "name"), m.name ?? ""));
    if (!m.mountPath) errs.push(required(child(at, "mountPath")));
    if (mountPoints.has(m.mountPath)) errs.push(invalid(child(at, "mountPath"), m.mountPath, "must be unique"));
    mountPoints.add(m.mountPath);
    if (devices.some((d) => d.name === m.name)) {
      errs.push(invalid(child(at, "name"), m.name, "must not already exist in volumeDevices"));
    }
    if (devices.some((d) => d.devicePath === m.mountPath)) {
      errs.push(invalid(child(at, "mountPath"), m.mountPath, "must not already exist as a path in volumeDevices"));
    }
    if (m.subPath) errs.push(...validateLocalDescendingPath(m.subPath, child(mountsPath, "subPath")));
    if (m.subPathExpr) {
      if (m.subPath) errs.push(invalid(child(at, "subPathExpr"), m.subPathExpr, "subPathExpr and subPath are mutually exclusive"));
      errs.push(...validateLocalDescendingPath(m.subPathExpr, child(mountsPath, "subPathExpr")));
    }
  });
  const devicePaths = new Set<string>();
  devices.forEach((d, i) => {
    const at = index(devicesPath, i);
    if (!d.name) errs.push(required(child(at, "name")));
    if (!volumes.has(d.name ?? "")) errs.push(notFound(child(at, "name"), d.name ?? ""));
    if (!d.devicePath) errs.push(required(child(at, "devicePath")));
    if (devicePaths.has(d.devicePath)) errs.push(invalid(child(at, "devicePath"), d.devicePath, "must be unique"));
    devicePaths.add(d.devicePath);
  });
  return errs;
}

const HANDLERS = ["exec", "httpGet", "tcpSocket", "grpc", "sleep"] as const;

/** validateHandler: exactly one handler type, each well-formed. */
export function validateHandler(h: Obj, path: string, gracePeriod?: number): FieldError[] {
  const errs: FieldError[] = [];
  let n = 0;
  for (const kind of HANDLERS) {
    if (h[kind] == null) continue;
    const at = child(path, kind);
    if (n > 0) {
      errs.push(forbidden(at, "may not specify more than 1 handler type"));
      continue;
    }
    n++;
    const a = h[kind];
    if (kind === "exec" && !(a.command?.length > 0)) errs.push(required(child(at, "command")));
    if (kind === "httpGet") {
      if (!a.path) errs.push(required(child(at, "path")));
      errs.push(...validatePortNumOrName(a.port, child(at, "port")));
      if (!["HTTP", "HTTPS"].includes(a.scheme)) errs.push(notSupported(child(at, "scheme"), a.scheme ?? "", ["HTTP", "HTTPS"]));
      for (const hd of list(a.httpHeaders)) {
        errs.push(...isHTTPHeaderName(String(hd.name ?? "")).map((m) => invalid(child(at, "httpHeaders"), hd.name, m)));
      }
    }
    if (kind === "tcpSocket") errs.push(...validatePortNumOrName(a.port, child(at, "port")));
    if (kind === "grpc") errs.push(...isValidPortNum(a.port ?? 0).map((m) => invalid(child(at, "port"), a.port ?? 0, m)));
    if (kind === "sleep" && gracePeriod !== undefined && (!(a.seconds > 0) || a.seconds > gracePeriod)) {
      const msg = `must be greater than 0 and less than terminationGracePeriodSeconds (${gracePeriod})`;
      errs.push(invalid(at, a.seconds ?? 0, msg));
    }
  }
  if (n === 0) errs.push(required(path, "must specify a handler type"));
  return errs;
}

/** validateProbe plus the liveness/startup (`successThreshold` must be 1) and readiness rules. */
export function validateProbe(p: Obj | undefined, path: string, kind: "liveness" | "readiness" | "startup"): FieldError[] {
  if (!p) return [];
  const errs = validateHandler(p, path);
  for (const f of ["initialDelaySeconds", "timeoutSeconds", "periodSeconds", "successThreshold", "failureThreshold"]) {
    errs.push(...validateNonnegative(p[f], child(path, f)));
  }
  if (typeof p.terminationGracePeriodSeconds === "number" && p.terminationGracePeriodSeconds <= 0) {
    errs.push(invalid(child(path, "terminationGracePeriodSeconds"), p.terminationGracePeriodSeconds, "must be greater than 0"));
  }
  if (kind !== "readiness" && p.successThreshold !== 1) {
    errs.push(invalid(child(path, "successThreshold"), p.successThreshold ?? 0, "must be 1"));
  }
  if (kind === "readiness" && p.terminationGracePeriodSeconds != null) {
    errs.push(invalid(child(path, "terminationGracePeriodSeconds"), p.terminationGracePeriodSeconds, "must not be set for readinessProbes"));
  }
  return errs;
}

const STANDARD_CONTAINER_RESOURCES = ["cpu", "memory", "ephemeral-storage"];
const isHugePages = (name: string) => name.startsWith("hugepages-");
const isNative = (name: string) => !name.includes("/") || name.startsWith("kubernetes.io/");
/** helper.IsOvercommitAllowed: native, non-hugepages resources may request less than their limit. */
const overcommitAllowed = (name: string) => isNative(name) && !isHugePages(name);

function validateContainerResourceName(name: string, path: string): FieldError[] {
  const errs = isQualifiedName(name).map((m) => invalid(path, name, m));
  if (!name.includes("/")) {
    if (!STANDARD_CONTAINER_RESOURCES.includes(name) && !isHugePages(name)) {
      errs.push(invalid(path, name, "must be a standard resource for containers"));
    }
  } else if (!isNative(name) && isQualifiedName(`requests.${name}`).length > 0) {
    errs.push(invalid(path, name, "doesn't follow extended resource name standard"));
  }
  return errs;
}

/** ValidateResourceQuantityValue: parses, non-negative, integral for extended resources. */
export function validateResourceQuantity(name: string, q: unknown, path: string): FieldError[] {
  const v = parseQuantity(q);
  if (v === undefined) return [invalid(path, quantityString(q), QUANTITY_FORMAT_ERROR)];
  if (v < 0) return [invalid(path, quantityString(q), "must be greater than or equal to 0")];
  if (!isNative(name) && !Number.isInteger(v)) return [invalid(path, quantityString(q), "must be an integer")];
  return [];
}

/** ValidateResourceRequirements: names, quantities, and each request ≤ its limit (= for non-overcommitable). */
export function validateResourceRequirements(res: Obj | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const limits: Obj = res?.limits ?? {};
  const requests: Obj = res?.requests ?? {};
  const limPath = child(path, "limits");
  const reqPath = child(path, "requests");
  for (const [name, q] of Object.entries(limits)) {
    errs.push(...validateContainerResourceName(name, key(limPath, name)));
    errs.push(...validateResourceQuantity(name, q, key(limPath, name)));
  }
  for (const [name, q] of Object.entries(requests)) {
    errs.push(...validateContainerResourceName(name, key(reqPath, name)));
    errs.push(...validateResourceQuantity(name, q, key(reqPath, name)));
    if (name in limits) {
      const cmp = compareQuantities(q, limits[name]);
      if (cmp !== undefined && cmp !== 0 && !overcommitAllowed(name)) {
        errs.push(invalid(reqPath, quantityString(q), `must be equal to ${name} limit of ${quantityString(limits[name])}`));
      } else if (cmp === 1) {
        errs.push(invalid(reqPath, quantityString(q), `must be less than or equal to ${name} limit of ${quantityString(limits[name])}`));
      }
    } else if (!overcommitAllowed(name)) {
      errs.push(required(limPath, "Limit must be set for non overcommitable resources"));
    }
  }
  return errs;
}

/** validateContainerCommon: what every container kind (app, init, ephemeral) must satisfy. */
export function validateContainerCommon(c: Obj, volumes: VolumeMap, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!c.name) errs.push(required(child(path, "name")));
  else errs.push(...validateDNS1123Label(c.name, child(path, "name")));
  if (!c.image) errs.push(required(child(path, "image")));
  const tmp = c.terminationMessagePolicy;
  if (!tmp) errs.push(required(child(path, "terminationMessagePolicy"), "must be 'File' or 'FallbackToLogsOnError'"));
  else if (!["File", "FallbackToLogsOnError"].includes(tmp)) {
    errs.push(notSupported(child(path, "terminationMessagePolicy"), tmp, ["File", "FallbackToLogsOnError"]));
  }
  errs.push(...validateContainerPorts(list(c.ports), child(path, "ports")));
  errs.push(...validateEnv(list(c.env), child(path, "env")));
  errs.push(...validateEnvFrom(list(c.envFrom), child(path, "envFrom")));
  errs.push(...validateVolumeMounts(c, volumes, path));
  if (!c.imagePullPolicy) errs.push(required(child(path, "imagePullPolicy")));
  else if (!PULL_POLICIES.includes(c.imagePullPolicy)) {
    errs.push(notSupported(child(path, "imagePullPolicy"), c.imagePullPolicy, PULL_POLICIES));
  }
  errs.push(...validateResourceRequirements(c.resources, child(path, "resources")));
  return errs;
}

/** AccumulateUniqueHostPorts: a hostIP/protocol/hostPort triple may be used once. */
export function checkHostPortConflicts(containers: Obj[], path: string, seen = new Set<string>()): FieldError[] {
  const errs: FieldError[] = [];
  containers.forEach((c, ci) => {
    list(c.ports).forEach((p, pi) => {
      if (!p.hostPort) return;
      const triple = `${p.hostIP ?? ""}/${p.protocol ?? ""}/${p.hostPort}`;
      const at = child(index(child(index(path, ci), "ports"), pi), "hostPort");
      if (seen.has(triple)) errs.push(duplicate(at, triple));
      else seen.add(triple);
    });
  });
  return errs;
}

/** validateContainers: at least one, names unique, probes and lifecycle valid, no container restartPolicy. */
export function validateContainers(containers: Obj[], volumes: VolumeMap, path: string, gracePeriod?: number): FieldError[] {
  if (containers.length === 0) return [required(path)];
  const errs: FieldError[] = [];
  containers.forEach((c, i) => {
    const at = index(path, i);
    errs.push(...validateContainerCommon(c, volumes, at));
    if (c.lifecycle) {
      if (c.lifecycle.postStart) errs.push(...validateHandler(c.lifecycle.postStart, child(at, "lifecycle", "postStart"), gracePeriod));
      if (c.lifecycle.preStop) errs.push(...validateHandler(c.lifecycle.preStop, child(at, "lifecycle", "preStop"), gracePeriod));
    }
    errs.push(...validateProbe(c.livenessProbe, child(at, "livenessProbe"), "liveness"));
    errs.push(...validateProbe(c.readinessProbe, child(at, "readinessProbe"), "readiness"));
    errs.push(...validateProbe(c.startupProbe, child(at, "startupProbe"), "startup"));
    if (c.restartPolicy != null) errs.push(forbidden(child(at, "restartPolicy"), "may not be set for non-init containers"));
  });
  errs.push(...uniqueBy(containers, (c) => c.name, path, "name"));
  errs.push(...checkHostPortConflicts(containers, path));
  return errs;
}

/** validateInitContainers: names unique across init and app containers; probes only for sidecars. */
export function validateInitContainers(init: Obj[], containers: Obj[], volumes: VolumeMap, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set<string>(containers.map((c) => c.name).filter(Boolean));
  init.forEach((c, i) => {
    const at = index(path, i);
    errs.push(...validateContainerCommon(c, volumes, at));
    const sidecar = c.restartPolicy === "Always";
    if (c.restartPolicy != null && !sidecar) errs.push(notSupported(child(at, "restartPolicy"), c.restartPolicy, ["Always"]));
    if (names.has(c.name)) errs.push(duplicate(child(at, "name"), c.name));
    else if (c.name) names.add(c.name);
    errs.push(...checkHostPortConflicts([c], path));
    if (sidecar) {
      errs.push(...validateProbe(c.livenessProbe, child(at, "livenessProbe"), "liveness"));
      errs.push(...validateProbe(c.readinessProbe, child(at, "readinessProbe"), "readiness"));
      errs.push(...validateProbe(c.startupProbe, child(at, "startupProbe"), "startup"));
    } else {
      const notSidecar = "may not be set for init containers without restartPolicy=Always";
      if (c.lifecycle) errs.push(forbidden(child(at, "lifecycle"), notSidecar));
      if (c.livenessProbe) errs.push(forbidden(child(at, "livenessProbe"), notSidecar));
      if (c.readinessProbe) errs.push(forbidden(child(at, "readinessProbe"), "may not be set for init containers"));
      if (c.startupProbe) errs.push(forbidden(child(at, "startupProbe"), notSidecar));
    }
  });
  return errs;
}
