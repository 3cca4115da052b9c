/**
 * Pod and PodSpec validation on create (pkg/apis/core/validation: ValidatePodCreate, ValidatePodSpec,
 * ValidateVolumes, ValidatePodTemplateSpec). Updates are in pod-update-validation.ts.
 */
import type { FieldError, KubeObject } from "../types";
import { child, duplicate, forbidden, index, invalid, notSupported, required } from "../validation/field-errors";
import { isDNS1123Subdomain, isValidIP, nameIsDNSSubdomain } from "../validation/names";
import { validateAnnotations, validateLabels, validateObjectMeta } from "../validation/object-meta";
import { validateContainers, validateDNS1123Label, validateInitContainers, type VolumeMap } from "./container-validation";
import {
  validateAffinity,
  validateReadinessGates,
  validateSchedulingGates,
  validateTolerations,
  validateTopologySpreadConstraints,
} from "./scheduling-validation";

type Obj = KubeObject;
const list = (v: unknown): Obj[] => (Array.isArray(v) ? v.map((x) => x ?? {}) : []);

export const RESTART_POLICIES = ["Always", "OnFailure", "Never"];
const DNS_POLICIES = ["ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"];
const FILE_MODE_ERROR = "must be a number between 0 and 0777 (octal), both inclusive";
const HOST_PATH_TYPES = ["", "BlockDevice", "CharDevice", "Directory", "DirectoryOrCreate", "File", "FileOrCreate", "Socket"];

/** validateVolumeSource's order: the second source found is the one reported as Forbidden. */
const SOURCE_ORDER = [
  "emptyDir", "hostPath", "gitRepo", "gcePersistentDisk", "awsElasticBlockStore", "secret", "nfs", "iscsi",
  "glusterfs", "flocker", "persistentVolumeClaim", "rbd", "quobyte", "cinder", "cephfs", "flexVolume",
  "downwardAPI", "fc", "azureFile", "vsphereVolume", "photonPersistentDisk", "portworxVolume", "azureDisk",
  "storageos", "configMap", "scaleIO", "projected", "csi", "ephemeral", "image",
];

const validateMode = (mode: unknown, path: string): FieldError[] =>
  typeof mode === "number" && (mode < 0 || mode > 0o777) ? [invalid(path, mode, FILE_MODE_ERROR)] : [];

function validateKeyToPaths(items: Obj[], path: string): FieldError[] {
  return items.flatMap((it, i) => {
    const at = index(path, i);
    const errs: FieldError[] = [];
    if (!it.key) errs.push(required(child(at, "key")));
    if (!it.path) errs.push(required(child(at, "path")));
    else if (it.path.startsWith("..")) errs.push(invalid(child(at, "path"), it.path, "must not start with '..'"));
    errs.push(...validateMode(it.mode, child(at, "mode")));
    return errs;
  });
}

/** The per-source checks upstream users meet in practice (required names/paths, file modes). */
function validateSource(kind: string, s: Obj, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const need = (f: string) => {
    if (!s[f]) errs.push(required(child(path, f)));
  };
  switch (kind) {
    case "hostPath":
      need("path");
      if (s.path && String(s.path).split("/").includes("..")) errs.push(invalid(child(path, "path"), s.path, "must not contain '..'"));
      if (s.type != null && !HOST_PATH_TYPES.includes(s.type)) errs.push(notSupported(child(path, "type"), s.type, HOST_PATH_TYPES));
      break;
    case "secret":
      need("secretName");
      errs.push(...validateMode(s.defaultMode, child(path, "defaultMode")));
      errs.push(...validateKeyToPaths(list(s.items), child(path, "items")));
      break;
    case "configMap":
      need("name");
      errs.push(...validateMode(s.defaultMode, child(path, "defaultMode")));
      errs.push(...validateKeyToPaths(list(s.items), child(path, "items")));
      break;
    case "downwardAPI":
    case "projected":
      errs.push(...validateMode(s.defaultMode, child(path, "defaultMode")));
      break;
    case "nfs":
      need("server");
      need("path");
      if (s.path && !String(s.path).startsWith("/")) errs.push(invalid(child(path, "path"), s.path, "must be an absolute path"));
      break;
    case "persistentVolumeClaim":
      need("claimName");
      break;
    case "csi":
      need("driver");
      break;
    case "image":
      need("reference");
      if (s.pullPolicy && !["Always", "IfNotPresent", "Never"].includes(s.pullPolicy)) {
        errs.push(notSupported(child(path, "pullPolicy"), s.pullPolicy, ["Always", "IfNotPresent", "Never"]));
      }
      break;
    case "ephemeral":
      need("volumeClaimTemplate");
      break;
  }
  return errs;
}

/** ValidateVolumes: names are unique DNS labels and each volume has exactly one source. */
export function validateVolumes(volumes: Obj[], path: string): { volumes: VolumeMap; errors: FieldError[] } {
  const map: VolumeMap = new Map();
  const errors: FieldError[] = [];
  volumes.forEach((v, i) => {
    const at = index(path, i);
    const el: FieldError[] = [];
    const present = SOURCE_ORDER.filter((k) => v[k] != null);
    if (present.length === 0) el.push(required(at, "must specify a volume type"));
    present.forEach((k, n) => {
      if (n > 0) el.push(forbidden(child(at, k), "may not specify more than 1 volume type"));
      else el.push(...validateSource(k, v[k] ?? {}, child(at, k)));
    });
    if (!v.name) el.push(required(child(at, "name")));
    else el.push(...validateDNS1123Label(v.name, child(at, "name")));
    if (v.name && map.has(v.name)) el.push(duplicate(child(at, "name"), v.name));
    if (el.length === 0) map.set(v.name, v);
    else errors.push(...el);
  });
  return { volumes: map, errors };
}

function validateDNSConfig(spec: Obj, path: string): FieldError[] {
  const cfg = spec.dnsConfig;
  const errs: FieldError[] = [];
  if (spec.dnsPolicy === "None") {
    if (!cfg) return [required(child(path, "dnsConfig"), "must provide `dnsConfig` when `dnsPolicy` is None")];
    if (!(cfg.nameservers?.length > 0)) {
      errs.push(required(child(path, "dnsConfig", "nameservers"), "must provide at least one DNS nameserver when `dnsPolicy` is None"));
    }
  }
  const ns: unknown[] = cfg?.nameservers ?? [];
  if (ns.length > 3) errs.push(invalid(child(path, "dnsConfig", "nameservers"), ns, "must not have more than 3 nameservers"));
  ns.forEach((ip, i) => {
    errs.push(...isValidIP(String(ip)).map((m) => invalid(index(child(path, "dnsConfig", "nameservers"), i), ip, m)));
  });
  return errs;
}

/** validatePodHostNetworkDeps: with hostNetwork, hostPort must equal containerPort. */
function validateHostNetworkPorts(spec: Obj, path: string): FieldError[] {
  if (spec.hostNetwork !== true) return [];
  return ["containers", "initContainers"].flatMap((k) =>
    list(spec[k]).flatMap((c, ci) =>
      list(c.ports).flatMap((p, pi) =>
        p.hostPort && p.hostPort !== p.containerPort
          ? [invalid(child(index(child(index(child(path, k), ci), "ports"), pi), "hostPort"), p.hostPort, "must match `containerPort` when `hostNetwork` is true")]
          : [],
      ),
    ),
  );
}

const subdomainAt = (value: string, path: string) => isDNS1123Subdomain(value).map((m) => invalid(path, value, m));

/** ValidatePodSpec: everything a pod or pod template spec must satisfy. `path` is e.g. `spec.template.spec`. */
export function validatePodSpec(spec: Obj | undefined, path = "spec"): FieldError[] {
  const s = spec ?? {};
  const { volumes, errors } = validateVolumes(list(s.volumes), child(path, "volumes"));
  const errs = [...errors];
  const grace = typeof s.terminationGracePeriodSeconds === "number" ? s.terminationGracePeriodSeconds : undefined;
  errs.push(...validateContainers(list(s.containers), volumes, child(path, "containers"), grace));
  errs.push(...validateInitContainers(list(s.initContainers), list(s.containers), volumes, child(path, "initContainers")));
  errs.push(...validateHostNetworkPorts(s, path));
  if (!s.restartPolicy) errs.push(required(child(path, "restartPolicy")));
  else if (!RESTART_POLICIES.includes(s.restartPolicy)) errs.push(notSupported(child(path, "restartPolicy"), s.restartPolicy, RESTART_POLICIES));
  if (!s.dnsPolicy) errs.push(required(child(path, "dnsPolicy")));
  else if (!DNS_POLICIES.includes(s.dnsPolicy)) errs.push(notSupported(child(path, "dnsPolicy"), s.dnsPolicy, DNS_POLICIES));
  errs.push(...validateLabels(s.nodeSelector, child(path, "nodeSelector")));
  errs.push(...validateAffinity(s.affinity, child(path, "affinity")));
  errs.push(...validateDNSConfig(s, path));
  errs.push(...validateReadinessGates(list(s.readinessGates), child(path, "readinessGates")));
  errs.push(...validateSchedulingGates(list(s.schedulingGates), child(path, "schedulingGates")));
  errs.push(...validateTopologySpreadConstraints(list(s.topologySpreadConstraints), child(path, "topologySpreadConstraints")));
  if (s.serviceAccountName) errs.push(...subdomainAt(s.serviceAccountName, child(path, "serviceAccountName")));
  if (s.nodeName) errs.push(...subdomainAt(s.nodeName, child(path, "nodeName")));
  if (s.activeDeadlineSeconds != null && !(s.activeDeadlineSeconds >= 1 && s.activeDeadlineSeconds <= 2147483647)) {
    errs.push(invalid(child(path, "activeDeadlineSeconds"), s.activeDeadlineSeconds, "must be between 1 and 2147483647, inclusive"));
  }
  if (s.hostname) errs.push(...validateDNS1123Label(s.hostname, child(path, "hostname")));
  if (s.subdomain) errs.push(...validateDNS1123Label(s.subdomain, child(path, "subdomain")));
  errs.push(...validateTolerations(list(s.tolerations), child(path, "tolerations")));
  list(s.hostAliases).forEach((a, i) => {
    const at = index(child(path, "hostAliases"), i);
    errs.push(...isValidIP(String(a.ip ?? "")).map((m) => invalid(child(at, "ip"), a.ip ?? "", m)));
    ((a.hostnames ?? []) as string[]).forEach((h, j) => errs.push(...subdomainAt(h, index(child(at, "hostnames"), j))));
  });
  if (s.priorityClassName) errs.push(...subdomainAt(s.priorityClassName, child(path, "priorityClassName")));
  if (s.runtimeClassName) errs.push(...subdomainAt(s.runtimeClassName, child(path, "runtimeClassName")));
  if (s.preemptionPolicy != null && !["Never", "PreemptLowerPriority"].includes(s.preemptionPolicy)) {
    errs.push(notSupported(child(path, "preemptionPolicy"), s.preemptionPolicy, ["Never", "PreemptLowerPriority"]));
  }
  if (s.os && !s.os.name) errs.push(required(child(path, "os", "name")));
  return errs;
}

/** ValidatePodTemplateSpec: template labels/annotations and spec; no ephemeral containers in templates. */
export function validatePodTemplateSpec(template: Obj | undefined, path = "spec.template"): FieldError[] {
  const t = template ?? {};
  const errs = [
    ...validateLabels(t.metadata?.labels, child(path, "metadata", "labels")),
    ...validateAnnotations(t.metadata?.annotations, child(path, "metadata", "annotations")),
    ...validatePodSpec(t.spec, child(path, "spec")),
  ];
  if (list(t.spec?.ephemeralContainers).length > 0) {
    errs.push(forbidden(child(path, "spec", "ephemeralContainers"), "ephemeral containers not allowed in pod template"));
  }
  return errs;
}

/** ValidatePodCreate: metadata, spec, no ephemeral containers, no nodeName while scheduling gates remain. */
export function validatePodCreate(pod: Obj): FieldError[] {
  const errs = [
    ...validateObjectMeta(pod.metadata, { namespaced: true, nameValidator: nameIsDNSSubdomain }),
    ...validatePodSpec(pod.spec, "spec"),
  ];
  const spec = pod.spec ?? {};
  if (list(spec.ephemeralContainers).length > 0) errs.push(forbidden("spec.ephemeralContainers", "cannot be set on create"));
  if (spec.nodeName && list(spec.schedulingGates).length > 0) {
    errs.push(forbidden("spec.nodeName", "cannot be set until all schedulingGates have been cleared"));
  }
  return errs;
}
