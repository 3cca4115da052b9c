#!/usr/bin/env node
/**
 * `npm run kubeconfig`: writes `./kubeconfig` for the local server — cluster `kube-edge` (server
 * `https://127.0.0.1:${PORT:-8787}`, `certificate-authority-data` = base64 of the project CA PEM), user
 * `admin` with the cluster-admin bearer token, context `kube-edge` (current). Creates the certificates and
 * the token first when missing, so it may run before or after `npm start`.
 *
 *   kubectl --kubeconfig kubeconfig get --raw /livez
 *
 * Usage: node scripts/kubeconfig.mjs [--out FILE] [--port N] [--server URL] [--state DIR]
 */
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { stringify } from "yaml";
import { ensureAdminToken } from "./admin-token.mjs";
import { ensureCerts } from "./certs.mjs";
import { writeFileAtomic } from "./lib/fs-util.mjs";
import { ROOT, isMainModule, resolvePort, resolveStateDir } from "./lib/paths.mjs";

/** Name of the cluster and the context in generated kubeconfigs. */
export const CLUSTER_NAME = "kube-edge";
/** Name of the cluster-admin user in generated kubeconfigs. */
export const USER_NAME = "admin";

/**
 * A kubeconfig (clientcmd v1 `Config`) as YAML text.
 * @param {{ server: string, caPem: string, token: string, name?: string }} params
 * @returns {string}
 */
export function renderKubeconfig({ server, caPem, token, name = CLUSTER_NAME }) {
  return stringify({
    apiVersion: "v1",
    kind: "Config",
    clusters: [
      {
        name,
        cluster: { server, "certificate-authority-data": Buffer.from(caPem, "utf8").toString("base64") },
      },
    ],
    users: [{ name: USER_NAME, user: { token } }],
    contexts: [{ name, context: { cluster: name, user: USER_NAME } }],
    "current-context": name,
    preferences: {},
  });
}

/**
 * Ensures certificates and token, then writes a kubeconfig (mode 0600: it holds a cluster-admin token).
 * @param {{ out?: string, server?: string, port?: number, stateDir?: string }} [options]
 * @returns {Promise<{ path: string, server: string, token: string, caPem: string }>}
 */
export async function writeKubeconfig({ out = resolve(ROOT, "kubeconfig"), server, port, stateDir } = {}) {
  const [{ caPem }, token] = await Promise.all([ensureCerts(), ensureAdminToken(resolveStateDir(stateDir))]);
  const url = server ?? `https://127.0.0.1:${resolvePort(port)}`;
  writeFileAtomic(out, renderKubeconfig({ server: url, caPem, token }), 0o600);
  return { path: out, server: url, token, caPem };
}

if (isMainModule(import.meta.url)) {
  const { values } = parseArgs({
    options: {
      out: { type: "string" },
      port: { type: "string" },
      server: { type: "string" },
      state: { type: "string" },
    },
  });
  const { path, server } = await writeKubeconfig({
    out: values.out === undefined ? undefined : resolve(values.out),
    server: values.server,
    port: values.port === undefined ? undefined : Number(values.port),
    stateDir: values.state,
  });
  console.error(`wrote ${path} (server ${server}); try: kubectl --kubeconfig ${path} get --raw /livez`);
}
