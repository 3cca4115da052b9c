/**
 * The `kubernetes` Service of the `default` namespace and its Endpoints and EndpointSlice (pkg/controlplane:
 * the kubernetesservice controller and the endpoint reconciler): ClusterIP 10.96.0.1, port `https` 443 →
 * the API server's advertised address and secure port. Created at bootstrap and re-created by the cron when
 * deleted; written to the store directly like the other bootstrap objects. The Service has no selector, so the
 * endpoints and endpointslice controllers leave its Endpoints and EndpointSlice alone.
 */
import type { Registry, ResourceEntry } from "../../../schema/registry-core";
import type { KubeObject } from "../../../schema/types";
import type { Env } from "../../env";
import { prepareForCreate } from "../../admission/lifecycle";
import { rfc3339 } from "../../handlers/context";
import { encodeForStore, objectKey, storeFor } from "../../storage";
import { API_SERVER_ADDRESS, API_SERVER_PORT, KUBERNETES_SERVICE_IP } from "../domain";
import { claimRecord, deleteRecord, serviceRefOf } from "./records";

export const KUBERNETES_SERVICE_NAME = "kubernetes";
export const KUBERNETES_SERVICE_NAMESPACE = "default";

const meta = (labels: Record<string, string>) => ({ name: KUBERNETES_SERVICE_NAME, namespace: KUBERNETES_SERVICE_NAMESPACE, labels });

/** The Service as CreateOrUpdateMasterServiceIfNeeded makes it. */
export function kubernetesServiceObject(): KubeObject {
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: meta({ component: "apiserver", provider: "kubernetes" }),
    spec: {
      type: "ClusterIP",
      clusterIP: KUBERNETES_SERVICE_IP,
      clusterIPs: [KUBERNETES_SERVICE_IP],
      ports: [{ name: "https", port: 443, protocol: "TCP", targetPort: API_SERVER_PORT }],
      sessionAffinity: "None",
    },
  };
}

/** The Endpoints the endpoint reconciler keeps (skip-mirror: the slice is written beside it). */
export function kubernetesEndpointsObject(): KubeObject {
  return {
    apiVersion: "v1",
    kind: "Endpoints",
    metadata: meta({ "endpointslice.kubernetes.io/skip-mirror": "true" }),
    subsets: [{ addresses: [{ ip: API_SERVER_ADDRESS }], ports: [{ name: "https", port: API_SERVER_PORT, protocol: "TCP" }] }],
  };
}

/** The EndpointSlice the endpoints adapter writes beside the Endpoints. */
export function kubernetesEndpointSliceObject(): KubeObject {
  return {
    apiVersion: "discovery.k8s.io/v1",
    kind: "EndpointSlice",
    metadata: meta({ "kubernetes.io/service-name": KUBERNETES_SERVICE_NAME }),
    addressType: "IPv4",
    endpoints: [{ addresses: [API_SERVER_ADDRESS], conditions: { ready: true } }],
    ports: [{ name: "https", port: API_SERVER_PORT, protocol: "TCP" }],
  };
}

/** Creates `obj` unless it exists; "created" carries the stored object. */
async function createIfMissing(env: Env, entry: ResourceEntry, obj: KubeObject, before?: (o: KubeObject) => Promise<void>): Promise<void> {
  const store = storeFor(env, entry);
  const key = objectKey(entry, KUBERNETES_SERVICE_NAMESPACE, KUBERNETES_SERVICE_NAME);
  if ((await store.get(key)).ok) return;
  prepareForCreate(entry, obj, { now: rfc3339(new Date()), uid: crypto.randomUUID(), namespace: KUBERNETES_SERVICE_NAMESPACE });
  entry.def.default?.(obj);
  await before?.(obj);
  const res = await store.create(key, encodeForStore(obj));
  if (!res.ok && res.reason !== "exists") throw new Error(`${entry.kind} ${KUBERNETES_SERVICE_NAME}: ${res.reason}`);
}

/** Records 10.96.0.1 for this incarnation of the Service, taking it from an earlier one. */
async function claimKubernetesIP(env: Env, svc: KubeObject): Promise<void> {
  const owner = serviceRefOf(svc);
  const res = await claimRecord(env, "ip", KUBERNETES_SERVICE_IP, owner, Date.now());
  if (res.ok || !res.holder || res.holder.owner.uid === owner.uid) return;
  await deleteRecord(env, "ip", KUBERNETES_SERVICE_IP, res.holder.revision);
  await claimRecord(env, "ip", KUBERNETES_SERVICE_IP, owner, Date.now());
}

/** Creates whichever of the Service, its Endpoints and its EndpointSlice is missing. Idempotent. */
export async function ensureKubernetesService(env: Env, registry: Registry): Promise<void> {
  const svc = registry.lookup("", "v1", "services");
  const eps = registry.lookup("", "v1", "endpoints");
  const slices = registry.lookup("discovery.k8s.io", "v1", "endpointslices");
  if (svc) await createIfMissing(env, svc, kubernetesServiceObject(), (o) => claimKubernetesIP(env, o));
  if (eps) await createIfMissing(env, eps, kubernetesEndpointsObject());
  if (slices) await createIfMissing(env, slices, kubernetesEndpointSliceObject());
}

/** The BOOTSTRAP_STEPS entry. */
export const bootstrapKubernetesService = ensureKubernetesService;
