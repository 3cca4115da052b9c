/**
 * What the kubelet must read from the API before it can start a pod's containers: the ConfigMaps and Secrets
 * named by env, envFrom and volumes (projected sources included), and the service account tokens projected
 * volumes ask for (a TokenRequest each). Image pull secrets are the image puller's business and not listed.
 */
import { isObj, list, str, type Pod } from "./types";

/** A TokenRequest a projected `serviceAccountToken` source needs. */
export interface ServiceAccountTokenRequest {
  /** The projected volume holding the token. */
  volume: string;
  /** The file path inside the volume. */
  path: string;
  /** Empty means the API server's own audiences. */
  audience: string;
  /** Defaulted to 3600 by the API server (SetDefaults_ServiceAccountTokenProjection). */
  expirationSeconds: number;
}

export interface ReferencedObjects {
  configMaps: string[];
  secrets: string[];
  serviceAccountTokens: ServiceAccountTokenRequest[];
}

export const DEFAULT_TOKEN_EXPIRATION_SECONDS = 3600;

/** The key under which volumeContents looks a projected token up: `<volume>/<path>`. */
export const tokenKey = (volume: string, path: string): string => `${volume}/${path}`;

/** The objects a pod references, each name once, in the order first met (containers, then volumes). */
export function referencedObjects(pod: Pod): ReferencedObjects {
  const configMaps = new Set<string>();
  const secrets = new Set<string>();
  const serviceAccountTokens: ServiceAccountTokenRequest[] = [];
  const add = (set: Set<string>, name: unknown) => typeof name === "string" && name !== "" && set.add(name);

  const spec = isObj(pod.spec) ? pod.spec : {};
  for (const c of [...list(spec.initContainers), ...list(spec.containers), ...list(spec.ephemeralContainers)]) {
    for (const from of list(c.envFrom)) {
      if (isObj(from.configMapRef)) add(configMaps, from.configMapRef.name);
      if (isObj(from.secretRef)) add(secrets, from.secretRef.name);
    }
    for (const env of list(c.env)) {
      const from = isObj(env.valueFrom) ? env.valueFrom : {};
      if (isObj(from.configMapKeyRef)) add(configMaps, from.configMapKeyRef.name);
      if (isObj(from.secretKeyRef)) add(secrets, from.secretKeyRef.name);
    }
  }
  for (const v of list(spec.volumes)) {
    if (isObj(v.configMap)) add(configMaps, v.configMap.name);
    if (isObj(v.secret)) add(secrets, v.secret.secretName);
    for (const source of isObj(v.projected) ? list(v.projected.sources) : []) {
      if (isObj(source.configMap)) add(configMaps, source.configMap.name);
      if (isObj(source.secret)) add(secrets, source.secret.name);
      const token = source.serviceAccountToken;
      if (isObj(token)) {
        serviceAccountTokens.push({
          volume: str(v.name),
          path: str(token.path),
          audience: str(token.audience),
          expirationSeconds: typeof token.expirationSeconds === "number" ? token.expirationSeconds : DEFAULT_TOKEN_EXPIRATION_SECONDS,
        });
      }
    }
  }
  return { configMaps: [...configMaps], secrets: [...secrets], serviceAccountTokens };
}

/** The kubelet token manager's maximum age of a cached token before it is refreshed (maxTTL). */
const MAX_TOKEN_TTL_MS = 24 * 60 * 60 * 1000;

/**
 * The token manager's requiresRefresh as a due time: a token is refreshed once 80% of its lifetime has passed,
 * or once it is 24 hours old, whichever comes first.
 */
export function tokenRefreshAtMs(issuedAtMs: number, expirationSeconds: number): number {
  const ttlMs = expirationSeconds * 1000;
  return Math.min(issuedAtMs + ttlMs * 0.8, issuedAtMs + MAX_TOKEN_TTL_MS);
}
