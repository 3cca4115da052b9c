/**
 * Registry credentials from a pod's `imagePullSecrets`, as the kubelet finds them: credentialprovider/secrets
 * MakeDockerKeyring (which Secrets count) over credentialprovider's BasicDockerKeyring (Add and Lookup in
 * keyring.go). Written from that behaviour, not ported. Pure.
 *
 * Secrets: type `kubernetes.io/dockerconfigjson` with a non-empty `.dockerconfigjson` (`{"auths": {...}}`), or
 * `kubernetes.io/dockercfg` with `.dockercfg` (the `{...}` map itself). Each entry is `{auth: base64(user:pass)}`
 * (auth wins) or `{username, password}`. A secret whose JSON or `auth` does not parse fails the pull, as upstream.
 *
 * Keys: a scheme (`https://`, `http://`) is dropped; a `/v1/` or `/v2/` path prefix is dropped, so
 * `https://index.docker.io/v1/` is the key `index.docker.io`; otherwise `host[:port][/path]`.
 *
 * Lookup of the repository to pull (`docker.io/library/nginx`, `quay.io/coreos/etcd`), in keys' reverse
 * lexical order (so `quay.io/coreos` comes before `quay.io`): a key matches when its port equals the image's, its
 * host has as many dot-separated parts and each matches as a glob (`*.example.com` matches `a.example.com`, not
 * `example.com` nor `a.b.example.com`; `*` and `?` only), and the image's path starts with the key's path (a plain
 * string prefix, so `quay.io/core` also matches `quay.io/coreos/etcd`, as upstream). Every match's credentials
 * are returned in that order, secrets in pod order within a key. With no match, a Docker Hub image gets the
 * `index.docker.io` credentials (isDefaultRegistryMatch); `docker.io` is matched as an ordinary host.
 *
 * The puller tries the credentials in order and stops at the first success. Like the kubelet's pullImage it
 * does **not** then try anonymously: anonymous pulls happen only when no credentials match.
 */

export interface RegistryCredentials {
  username: string;
  password: string;
}

/** The Secret fields the keyring reads; `data` values base64 as in the API. */
export interface PullSecret {
  type?: string;
  data?: Record<string, string>;
  metadata?: { name?: string };
}

/** One key and its credentials, secrets in pod order. */
export interface KeyringEntry {
  key: string;
  credentials: RegistryCredentials[];
}

/** BasicDockerKeyring: entries in lookup order (keys deduplicated, reverse-sorted). */
export type Keyring = KeyringEntry[];

export type KeyringResult = { ok: true; value: Keyring } | { ok: false; message: string };

const DEFAULT_REGISTRY_KEY = "index.docker.io";
const dec = (b64: string) => new TextDecoder().decode(Uint8Array.from(atob(b64), (c) => c.charCodeAt(0)));

interface ConfigEntry {
  username?: unknown;
  password?: unknown;
  auth?: unknown;
}

/** DockerConfigEntry.UnmarshalJSON: `auth` (base64 `user:pass`, split at the first colon) overrides the fields. */
function entryCredentials(entry: ConfigEntry): RegistryCredentials | string {
  const username = typeof entry.username === "string" ? entry.username : "";
  const password = typeof entry.password === "string" ? entry.password : "";
  if (typeof entry.auth !== "string" || entry.auth === "") return { username, password };
  let decoded: string;
  try {
    decoded = dec(entry.auth);
  } catch {
    return "illegal base64 data in auth field";
  }
  const colon = decoded.indexOf(":");
  if (colon < 0) return "unable to parse auth field, must be formatted as base64(username:password)";
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/** keyring.go Add: the lookup key of a config location. */
export function keyOfLocation(location: string): string {
  const schemeless = location.replace(/^https?:\/\//, "");
  const slash = schemeless.indexOf("/");
  const host = slash < 0 ? schemeless : schemeless.slice(0, slash);
  let path = slash < 0 ? "" : schemeless.slice(slash);
  if (path.startsWith("/v2/") || path.startsWith("/v1/")) path = path.slice(3);
  return path !== "" && path !== "/" ? host + path : host;
}

/** The config maps of the secrets that count (MakeDockerKeyring), in pod order. */
function secretConfigs(secrets: PullSecret[]): { ok: true; value: Record<string, ConfigEntry>[] } | { ok: false; message: string } {
  const configs: Record<string, ConfigEntry>[] = [];
  for (const s of secrets) {
    const json = s.type === "kubernetes.io/dockerconfigjson" ? s.data?.[".dockerconfigjson"] : s.type === "kubernetes.io/dockercfg" ? s.data?.[".dockercfg"] : undefined;
    if (!json) continue;
    try {
      const doc = JSON.parse(dec(json)) as { auths?: Record<string, ConfigEntry> } & Record<string, ConfigEntry>;
      configs.push((s.type === "kubernetes.io/dockerconfigjson" ? doc.auths : doc) ?? {});
    } catch (e) {
      return { ok: false, message: `secret ${JSON.stringify(s.metadata?.name ?? "")}: ${(e as Error).message}` };
    }
  }
  return { ok: true, value: configs };
}

/** MakeDockerKeyring + BasicDockerKeyring.Add: the keyring of a pod's pull secrets. */
export function keyringFromSecrets(secrets: PullSecret[]): KeyringResult {
  const configs = secretConfigs(secrets);
  if (!configs.ok) return configs;
  const byKey = new Map<string, RegistryCredentials[]>();
  for (const config of configs.value) {
    for (const [location, entry] of Object.entries(config)) {
      const creds = entryCredentials(entry ?? {});
      if (typeof creds === "string") return { ok: false, message: creds };
      const key = keyOfLocation(location);
      byKey.set(key, [...(byKey.get(key) ?? []), creds]);
    }
  }
  const keys = [...byKey.keys()].sort().reverse();
  return { ok: true, value: keys.map((key) => ({ key, credentials: byKey.get(key)! })) };
}

function splitHostPath(s: string): { parts: string[]; port: string; path: string } {
  const slash = s.indexOf("/");
  const hostport = slash < 0 ? s : s.slice(0, slash);
  const path = slash < 0 ? "" : s.slice(slash);
  const m = /^(.*):(\d*)$/.exec(hostport);
  const host = m && !m[1].endsWith(":") ? m[1] : hostport;
  return { parts: host.split("."), port: m ? m[2] : "", path };
}

/** filepath.Match for one host label, `*` and `?` only. */
const globMatch = (glob: string, s: string) =>
  new RegExp(`^${glob.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".")}$`).test(s);

/** keyring.go URLsMatch: does key `glob` cover the schemeless `target`? */
export function keyMatches(glob: string, target: string): boolean {
  const g = splitHostPath(glob);
  const t = splitHostPath(target);
  if (g.port !== t.port || g.parts.length !== t.parts.length || !t.path.startsWith(g.path)) return false;
  return g.parts.every((p, i) => globMatch(p, t.parts[i]));
}

/** keyring.go isDefaultRegistryMatch. */
function isDockerHub(image: string): boolean {
  const [first, rest] = [image.split("/")[0], image.includes("/")];
  if (first === "") return false;
  if (!rest || first === "docker.io" || first === "index.docker.io") return true;
  return !/[.:]/.test(first);
}

/** BasicDockerKeyring.Lookup for the repository to pull (`domain/path`, no tag): credentials to try, in order. */
export function lookupCredentials(keyring: Keyring, repository: string): RegistryCredentials[] {
  const found = keyring.filter((e) => keyMatches(e.key, repository)).flatMap((e) => e.credentials);
  if (found.length > 0) return found;
  if (isDockerHub(repository)) return keyring.find((e) => e.key === DEFAULT_REGISTRY_KEY)?.credentials ?? [];
  return [];
}
