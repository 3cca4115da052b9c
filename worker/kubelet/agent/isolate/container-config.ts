/**
 * What a container starts with (kubelet_pods.go GenerateRunContainerOptions): its environment (the image's Env
 * under the container's, Service links, downward API, ConfigMap and Secret values), its volumes' contents and
 * its argv. Reads the pod's ConfigMaps, Secrets, Services and projected tokens through the API as the node
 * (the Node authorizer lets a node read exactly what its pods reference); decisions are worker/kubelet/pod-env's.
 */
import type { KubeObject } from "../../../../schema/types";
import type { ControllerApi } from "../../../controllers/framework/api";
import { entryModule, imageEnv, type ImageConfig } from "../../../images/config";
import type { VolumeMount } from "../../volumes/container-path";
import { emptyDirHandle, persistentVolumeHandle } from "../../volumes/handles";
import { commandAndArgs, containerEnv, containerMounts, referencedObjects, serviceEnv, tokenKey, volumeContents, type ConfigMapLike, type SecretLike, type StorageMount } from "../../pod-env";

export interface ContainerConfig {
  vars: Record<string, string>;
  /** Mount path → files, for `env.KUBE.volumes`. */
  volumes: Record<string, Record<string, string>>;
  entry: string;
  args: string[];
  /** Mount path → the writable volume there (emptyDir, a claim's PersistentVolume), for `env.VOLUMES`. */
  storage: Record<string, VolumeMount>;
}

export type ContainerConfigResult = { ok: true; value: ContainerConfig } | { ok: false; reason: "CreateContainerConfigError" | "FailedMount" | "StartError"; message: string };

export interface ConfigContext {
  api: ControllerApi;
  pod: KubeObject;
  nodeName: string;
  nodeIP: string;
  podIP?: string;
  nodeAllocatable?: Record<string, string>;
}

export async function containerConfig(ctx: ConfigContext, container: KubeObject, image: ImageConfig): Promise<ContainerConfigResult> {
  const { api, pod } = ctx;
  const ns = pod.metadata.namespace;
  const refs = referencedObjects(pod);
  const [configMaps, secrets, services, tokens] = await Promise.all([
    byName<ConfigMapLike>(api, `/api/v1/namespaces/${ns}/configmaps`, refs.configMaps),
    byName<SecretLike>(api, `/api/v1/namespaces/${ns}/secrets`, refs.secrets),
    pod.spec.enableServiceLinks === false ? Promise.resolve([]) : api.list(`/api/v1/namespaces/${ns}/services`).catch(() => []),
    projectedTokens(api, pod, refs.serviceAccountTokens),
  ]);
  const placement = { nodeName: ctx.nodeName, hostIP: ctx.nodeIP, hostIPs: [ctx.nodeIP], podIP: ctx.podIP, podIPs: ctx.podIP ? [ctx.podIP] : [] };
  const env = containerEnv(pod, container, { ...placement, configMaps, secrets, serviceEnv: serviceEnv(services, ns, pod.spec.enableServiceLinks ?? true), nodeAllocatable: ctx.nodeAllocatable });
  if (!env.ok) return env;
  const volumes = volumeContents(pod, { configMaps, secrets, tokens, nodeAllocatable: ctx.nodeAllocatable });
  if (!volumes.ok) return { ok: false, reason: "FailedMount", message: volumes.message };
  const mounts = containerMounts(pod, container, volumes.volumes, env.env);
  if (!mounts.ok) return mounts;
  const storage = await storageMounts(api, pod, mounts.storage);
  if (!storage.ok) return storage;
  const { command, args } = commandAndArgs(container, env.env);
  const entry = entryModule(image, { command, args });
  if (!entry.ok) return { ok: false, reason: "StartError", message: entry.reason };
  const vars: Record<string, string> = {};
  for (const v of imageEnv(image)) vars[v.name] = v.value;
  for (const v of env.env) vars[v.name] = v.value;
  return { ok: true, value: { vars, volumes: mounts.mounts, entry: entry.value.module, args: entry.value.args, storage: storage.value } };
}

/**
 * The volumes a container writes to, by mount path: an emptyDir is the pod's own (`emptydir/<pod uid>/<name>`), a
 * claim is its bound PersistentVolume (the CSI volume handle, or the PV's name). A claim not bound yet fails the
 * start as upstream's mount wait does (FailedMount), and the pod worker tries again with back-off.
 */
async function storageMounts(api: ControllerApi, pod: KubeObject, storage: StorageMount[]): Promise<{ ok: true; value: Record<string, VolumeMount> } | { ok: false; reason: "FailedMount"; message: string }> {
  const out: Record<string, VolumeMount> = {};
  for (const m of storage) {
    let handle: string;
    if (m.kind === "emptyDir") handle = emptyDirHandle(pod.metadata.uid, m.name);
    else {
      const claim = await api.get(`/api/v1/namespaces/${pod.metadata.namespace}/persistentvolumeclaims/${m.claimName}`).catch(() => undefined);
      const pvName: string | undefined = claim?.spec?.volumeName;
      if (!claim || !pvName || claim.status?.phase !== "Bound") {
        return { ok: false, reason: "FailedMount", message: `Unable to attach or mount volumes: unmounted volumes=[${m.name}]: persistentvolumeclaim "${m.claimName}" ${claim ? "is not bound" : "not found"}` };
      }
      const pv = await api.get(`/api/v1/persistentvolumes/${pvName}`).catch(() => undefined);
      handle = pv?.spec?.csi?.volumeHandle ?? persistentVolumeHandle(pvName);
    }
    out[m.mountPath] = { handle, readOnly: m.readOnly, ...(m.subPath ? { subPath: m.subPath } : {}) };
  }
  return { ok: true, value: out };
}

async function byName<T>(api: ControllerApi, collection: string, names: string[]): Promise<Record<string, T | undefined>> {
  const out: Record<string, T | undefined> = {};
  await Promise.all(names.map(async (name) => {
    out[name] = (await api.request("GET", `${collection}/${name}`).then((r) => (r.status === 200 ? r.body : undefined))) as T | undefined;
  }));
  return out;
}

/** TokenRequests bound to the pod, as the kubelet's token manager makes them for projected volumes. */
async function projectedTokens(api: ControllerApi, pod: KubeObject, requests: ReturnType<typeof referencedObjects>["serviceAccountTokens"]): Promise<Record<string, string | undefined>> {
  const out: Record<string, string | undefined> = {};
  const sa = pod.spec.serviceAccountName || "default";
  await Promise.all(requests.map(async (r) => {
    const res = await api.create(`/api/v1/namespaces/${pod.metadata.namespace}/serviceaccounts/${sa}/token`, {
      apiVersion: "authentication.k8s.io/v1",
      kind: "TokenRequest",
      spec: { audiences: r.audience ? [r.audience] : [], expirationSeconds: r.expirationSeconds, boundObjectRef: { kind: "Pod", apiVersion: "v1", name: pod.metadata.name, uid: pod.metadata.uid } },
    });
    if (res.status === 201) out[tokenKey(r.volume, r.path)] = res.body.status?.token;
  }));
  return out;
}
