/**
 * The contents of a pod's API-data volumes (configMap, secret, downwardAPI, projected), as the volume plugins'
 * SetUp writes them; storage volumes (emptyDir, persistentVolumeClaim, generic ephemeral) carry no data and are
 * left to containerMounts. A volume that cannot be set up fails as the volume manager reports it, in a
 * `FailedMount` event: `MountVolume.SetUp failed for volume "cfg" : configmap "cfg" not found`; the containers
 * meanwhile wait in `ContainerCreating`.
 */
import { aggregateMessage, configMapPayload, downwardAPIPayload, secretPayload, validatePayload } from "./payload";
import { tokenKey } from "./references";
import type { ResourceList } from "./resource-field";
import type { KubeObject } from "../../../schema/types";
import { isObj, list, notFoundMessage, str, type ConfigMapLike, type Files, type Got, type ObjectsByName, type Pod, type SecretLike } from "./types";

export interface VolumeInputs {
  configMaps: ObjectsByName<ConfigMapLike>;
  secrets: ObjectsByName<SecretLike>;
  /** Projected service account tokens by tokenKey(volume, path) (a bare path is accepted too). */
  tokens: Record<string, string | undefined>;
  /** Node allocatable: the limit a downwardAPI resourceFieldRef reads when the container sets none. */
  nodeAllocatable?: ResourceList;
}

export interface MountFailure {
  volume: string;
  /** The FailedMount event message. */
  message: string;
}

export type VolumeContentsResult =
  | { ok: true; volumes: Record<string, Files> }
  | { ok: false; reason: "FailedMount"; message: string; failures: MountFailure[] };

/** Volume sources backed by storage rather than API data. */
export const STORAGE_SOURCES = ["emptyDir", "persistentVolumeClaim", "ephemeral"] as const;
const DATA_SOURCES = ["configMap", "secret", "downwardAPI", "projected"] as const;

/** The VolumeSource member a volume sets; none at all is an emptyDir (SetDefaults_Volume). */
export function volumeSourceKind(volume: Record<string, unknown>): string {
  return Object.keys(volume).find((k) => k !== "name" && isObj(volume[k])) ?? "emptyDir";
}

type Sources = { pod: Pod; inputs: VolumeInputs; volume: string };

function configMapVolume(src: KubeObject, { inputs }: Sources): Got<Files> {
  const optional = src.optional === true;
  const cm = inputs.configMaps[str(src.name)];
  if (!cm && !optional) return { ok: false, message: notFoundMessage("configmap", str(src.name)) };
  return configMapPayload(src.items, cm ?? {}, optional);
}

function secretVolume(src: KubeObject, name: string, { inputs }: Sources): Got<Files> {
  const optional = src.optional === true;
  const secret = inputs.secrets[name];
  if (!secret && !optional) return { ok: false, message: notFoundMessage("secret", name) };
  return secretPayload(src.items, secret ?? {}, optional);
}

/**
 * projectedVolumeMounter.collectData: the sources' files merged in order (a later source's path wins); the
 * failures of all sources aggregated. clusterTrustBundle and podCertificate sources are not served here: an
 * optional trust bundle is an empty file, anything else fails.
 */
function projectedVolume(src: KubeObject, s: Sources): Got<Files> {
  const files: Files = {};
  const errors: string[] = [];
  const merge = (got: Got<Files>) => (got.ok ? Object.assign(files, got.value) : errors.push(got.message));
  for (const source of list(src.sources)) {
    if (isObj(source.secret)) merge(secretVolume(source.secret, str(source.secret.name), s));
    else if (isObj(source.configMap)) merge(configMapVolume(source.configMap, s));
    else if (isObj(source.downwardAPI)) merge(downwardAPIPayload(source.downwardAPI.items, s.pod, s.inputs.nodeAllocatable ?? {}));
    else if (isObj(source.serviceAccountToken)) {
      const path = str(source.serviceAccountToken.path);
      const key = tokenKey(s.volume, path);
      const token = s.inputs.tokens[key] ?? s.inputs.tokens[path];
      if (token === undefined) errors.push(`failed to fetch token: no token was requested for ${key}`);
      else files[path] = token;
    } else if (isObj(source.clusterTrustBundle)) {
      if (source.clusterTrustBundle.optional === true) files[str(source.clusterTrustBundle.path)] = "";
      else errors.push("clusterTrustBundle projections are not supported by this kubelet");
    } else if (isObj(source.podCertificate)) {
      errors.push("podCertificate projections are not supported by this kubelet");
    }
  }
  return errors.length ? { ok: false, message: aggregateMessage(errors) } : { ok: true, value: files };
}

function dataVolume(kind: string, src: KubeObject, s: Sources): Got<Files> {
  switch (kind) {
    case "configMap":
      return configMapVolume(src, s);
    case "secret":
      return secretVolume(src, str(src.secretName), s);
    case "downwardAPI":
      return downwardAPIPayload(src.items, s.pod, s.inputs.nodeAllocatable ?? {});
    default:
      return projectedVolume(src, s);
  }
}

/**
 * Every API-data volume of the pod → its files (relative path → contents). Storage volumes are skipped; any
 * other volume type (hostPath, csi, nfs, image, …) fails with `no volume plugin matched`, as on a kubelet
 * without that plugin.
 */
export function volumeContents(pod: Pod, inputs: VolumeInputs): VolumeContentsResult {
  const volumes: Record<string, Files> = {};
  const failures: MountFailure[] = [];
  for (const v of list(pod.spec?.volumes)) {
    const volume = str(v.name);
    const kind = volumeSourceKind(v);
    if ((STORAGE_SOURCES as readonly string[]).includes(kind)) continue;
    let got: Got<Files> = { ok: false, message: "no volume plugin matched" };
    if ((DATA_SOURCES as readonly string[]).includes(kind)) {
      const payload = dataVolume(kind, v[kind], { pod, inputs, volume });
      got = payload.ok ? validatePayload(payload.value) : payload;
    }
    if (got.ok) volumes[volume] = got.value;
    else failures.push({ volume, message: `MountVolume.SetUp failed for volume "${volume}" : ${got.message}` });
  }
  if (failures.length) return { ok: false, reason: "FailedMount", message: failures[0].message, failures };
  return { ok: true, volumes };
}
