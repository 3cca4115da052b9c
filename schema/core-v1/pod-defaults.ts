/**
 * Pod defaulting as upstream applies it (pkg/apis/core/v1/defaults.go SetDefaults_PodSpec, SetDefaults_Pod,
 * SetDefaults_Container, SetDefaults_Probe, SetDefaults_Volume and friends, plus the zero-valued structs Go
 * always serialises such as `resources: {}`). All functions mutate in place and are idempotent.
 *
 * `defaultPodSpec` / `defaultPodTemplateSpec` are what every PodSpec gets (also inside Deployment, Job, …);
 * `defaultPod` adds the Pod-only defaults (enableServiceLinks, requests from limits, create-time status).
 */
import type { KubeObject } from "../types";
import { compareQuantities, parseQuantity } from "../validation/quantity";
import { VOLUME_SOURCE_KEYS } from "./volume";

type Obj = KubeObject;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const list = (v: unknown): Obj[] => (Array.isArray(v) ? v.filter(isObj) : []);
const setIfEmpty = (o: Obj, k: string, v: unknown) => {
  if (o[k] === undefined || o[k] === null || o[k] === "") o[k] = v;
};

/** 0644: the default file mode of secret, configMap, downwardAPI and projected volumes. */
export const DEFAULT_VOLUME_MODE = 0o644;

/**
 * The tag upstream's image-name parser would report: "latest" when the reference has neither tag nor digest,
 * "" when it has only a digest.
 */
export function imageTag(image: string): string {
  const at = image.indexOf("@");
  const named = at >= 0 ? image.slice(0, at) : image;
  const colon = named.lastIndexOf(":");
  const tag = colon > named.lastIndexOf("/") ? named.slice(colon + 1) : "";
  if (tag) return tag;
  return at >= 0 ? "" : "latest";
}

/** SetDefaults_Probe + SetDefaults_HTTPGetAction (+ GRPCAction.service `+default=""`). */
export function defaultProbe(probe: Obj): void {
  setIfEmpty(probe, "timeoutSeconds", 1);
  setIfEmpty(probe, "periodSeconds", 10);
  setIfEmpty(probe, "successThreshold", 1);
  setIfEmpty(probe, "failureThreshold", 3);
  defaultHandler(probe);
}

function defaultHandler(handler: Obj): void {
  if (isObj(handler.httpGet)) {
    setIfEmpty(handler.httpGet, "path", "/");
    setIfEmpty(handler.httpGet, "scheme", "HTTP");
  }
  if (isObj(handler.grpc) && handler.grpc.service == null) handler.grpc.service = "";
}

function defaultFieldRefs(o: Obj): void {
  if (isObj(o.fieldRef)) setIfEmpty(o.fieldRef, "apiVersion", "v1");
  if (isObj(o.resourceFieldRef)) setIfEmpty(o.resourceFieldRef, "divisor", "0");
}

/** SetDefaults_Container (also used for init and ephemeral containers). */
export function defaultContainer(c: Obj): void {
  if (!c.imagePullPolicy) c.imagePullPolicy = imageTag(String(c.image ?? "")) === "latest" ? "Always" : "IfNotPresent";
  setIfEmpty(c, "terminationMessagePath", "/dev/termination-log");
  setIfEmpty(c, "terminationMessagePolicy", "File");
  if (!isObj(c.resources)) c.resources = {};
  for (const p of list(c.ports)) setIfEmpty(p, "protocol", "TCP");
  for (const e of list(c.env)) if (isObj(e.valueFrom)) defaultFieldRefs(e.valueFrom);
  for (const probe of ["livenessProbe", "readinessProbe", "startupProbe"]) if (isObj(c[probe])) defaultProbe(c[probe]);
  if (isObj(c.lifecycle)) {
    for (const h of ["postStart", "preStop"]) if (isObj(c.lifecycle[h])) defaultHandler(c.lifecycle[h]);
  }
}

/** SetDefaults_PersistentVolumeClaimSpec: volumeMode Filesystem. */
export function defaultPersistentVolumeClaimSpec(spec: Obj): void {
  setIfEmpty(spec, "volumeMode", "Filesystem");
}

/** SetDefaults_Volume (no source → emptyDir) and the per-source defaults. */
export function defaultVolume(v: Obj): void {
  if (!VOLUME_SOURCE_KEYS.some((k) => v[k] != null)) v.emptyDir = {};
  for (const k of ["secret", "configMap", "downwardAPI", "projected"]) {
    if (isObj(v[k])) setIfEmpty(v[k], "defaultMode", DEFAULT_VOLUME_MODE);
  }
  if (isObj(v.downwardAPI)) list(v.downwardAPI.items).forEach(defaultFieldRefs);
  if (isObj(v.projected)) {
    for (const s of list(v.projected.sources)) {
      if (isObj(s.serviceAccountToken)) setIfEmpty(s.serviceAccountToken, "expirationSeconds", 3600);
      if (isObj(s.downwardAPI)) list(s.downwardAPI.items).forEach(defaultFieldRefs);
    }
  }
  if (isObj(v.hostPath) && v.hostPath.type == null) v.hostPath.type = "";
  if (isObj(v.iscsi)) setIfEmpty(v.iscsi, "iscsiInterface", "default");
  if (isObj(v.rbd)) {
    setIfEmpty(v.rbd, "pool", "rbd");
    setIfEmpty(v.rbd, "user", "admin");
    setIfEmpty(v.rbd, "keyring", "/etc/ceph/keyring");
  }
  if (isObj(v.azureDisk)) {
    setIfEmpty(v.azureDisk, "cachingMode", "ReadWrite");
    setIfEmpty(v.azureDisk, "fsType", "ext4");
    setIfEmpty(v.azureDisk, "kind", "Shared");
    if (v.azureDisk.readOnly == null) v.azureDisk.readOnly = false;
  }
  if (isObj(v.scaleIO)) {
    setIfEmpty(v.scaleIO, "storageMode", "ThinProvisioned");
    setIfEmpty(v.scaleIO, "fsType", "xfs");
  }
  const pvcSpec = v.ephemeral?.volumeClaimTemplate?.spec;
  if (isObj(pvcSpec)) defaultPersistentVolumeClaimSpec(pvcSpec);
}

/** defaultHostNetworkPorts: with hostNetwork, hostPort defaults to containerPort. */
function defaultHostNetworkPorts(containers: Obj[]): void {
  for (const c of containers) for (const p of list(c.ports)) if (!p.hostPort) p.hostPort = p.containerPort;
}

/**
 * SetDefaults_PodSpec and everything nested: dnsPolicy ClusterFirst, restartPolicy Always, securityContext {},
 * terminationGracePeriodSeconds 30, schedulerName default-scheduler, container/probe/volume defaults, and the
 * serviceAccount ↔ serviceAccountName mirroring done by v1 conversion.
 */
export function defaultPodSpec(spec: Obj): Obj {
  setIfEmpty(spec, "dnsPolicy", "ClusterFirst");
  setIfEmpty(spec, "restartPolicy", "Always");
  if (!isObj(spec.securityContext)) spec.securityContext = {};
  if (spec.terminationGracePeriodSeconds == null) spec.terminationGracePeriodSeconds = 30;
  setIfEmpty(spec, "schedulerName", "default-scheduler");
  if (!spec.serviceAccountName && spec.serviceAccount) spec.serviceAccountName = spec.serviceAccount;
  if (spec.serviceAccountName) spec.serviceAccount = spec.serviceAccountName;
  for (const k of ["containers", "initContainers", "ephemeralContainers"]) list(spec[k]).forEach(defaultContainer);
  if (spec.hostNetwork === true) {
    defaultHostNetworkPorts(list(spec.containers));
    defaultHostNetworkPorts(list(spec.initContainers));
  }
  list(spec.volumes).forEach(defaultVolume);
  return spec;
}

/** Defaults of a PodTemplateSpec (Deployment, ReplicaSet, StatefulSet, DaemonSet, Job, CronJob templates). */
export function defaultPodTemplateSpec(template: Obj): Obj {
  if (!isObj(template.spec)) template.spec = {};
  defaultPodSpec(template.spec);
  return template;
}

const QOS_RESOURCES = ["cpu", "memory"];

/** qos.GetPodQOS: Guaranteed, Burstable or BestEffort from the cpu/memory requests and limits. */
export function podQOSClass(spec: Obj): "Guaranteed" | "Burstable" | "BestEffort" {
  const requests = new Map<string, number>();
  const limits = new Map<string, number>();
  let guaranteed = true;
  for (const c of [...list(spec.containers), ...list(spec.initContainers)]) {
    for (const [name, q] of Object.entries((c.resources?.requests ?? {}) as Obj)) {
      const v = parseQuantity(q);
      if (QOS_RESOURCES.includes(name) && v !== undefined && v > 0) requests.set(name, (requests.get(name) ?? 0) + v);
    }
    const found = new Set<string>();
    for (const [name, q] of Object.entries((c.resources?.limits ?? {}) as Obj)) {
      const v = parseQuantity(q);
      if (QOS_RESOURCES.includes(name) && v !== undefined && v > 0) {
        found.add(name);
        limits.set(name, (limits.get(name) ?? 0) + v);
      }
    }
    if (!QOS_RESOURCES.every((r) => found.has(r))) guaranteed = false;
  }
  if (requests.size === 0 && limits.size === 0) return "BestEffort";
  if (guaranteed) {
    for (const [name, req] of requests) {
      if (!limits.has(name) || compareQuantities(limits.get(name), req) !== 0) guaranteed = false;
    }
  }
  return guaranteed && requests.size === limits.size ? "Guaranteed" : "Burstable";
}

/** Requests default to limits for each resource with a limit but no request (SetDefaults_Pod, Pod only). */
function defaultRequestsFromLimits(c: Obj): void {
  const limits = c.resources?.limits;
  if (!isObj(limits) || Object.keys(limits).length === 0) return;
  const requests = isObj(c.resources.requests) ? c.resources.requests : (c.resources.requests = {});
  for (const [k, v] of Object.entries(limits)) if (!(k in requests)) requests[k] = v;
}

/**
 * Pod defaults: the PodSpec defaults, then SetDefaults_Pod (enableServiceLinks true, requests from limits) and
 * the create-time status of pod PrepareForCreate (phase Pending, qosClass) when no phase is set yet.
 */
export function defaultPod(pod: Obj): void {
  if (!isObj(pod.spec)) pod.spec = {};
  const spec = pod.spec;
  defaultPodSpec(spec);
  if (spec.enableServiceLinks == null) spec.enableServiceLinks = true;
  list(spec.containers).forEach(defaultRequestsFromLimits);
  list(spec.initContainers).forEach(defaultRequestsFromLimits);
  if (!isObj(pod.status)) pod.status = {};
  setIfEmpty(pod.status, "phase", "Pending");
  setIfEmpty(pod.status, "qosClass", podQOSClass(spec));
}
