/**
 * What a deployment of kube-edge needs from its wrangler configuration and its secrets (worker/env.ts), as a
 * pure check over data: `scripts/deploy.mjs` passes in the configuration wrangler resolved (for the chosen
 * `--env`) and, when it could list them, the names of the Worker's secrets. Secret values never reach here.
 */

/** Durable Object bindings the Worker reads (binding → class); each class must be SQLite-backed. */
export const REQUIRED_DURABLE_OBJECTS = /** @type {const} */ ({
  STORE: "StoreDO",
  CONTROLLERS: "ControllerDO",
  KUBELETS: "KubeletDO",
  VOLUMES: "VolumeDO",
});

/** The R2 binding of the built-in registry and the bucket wrangler.toml names by default. */
export const IMAGES_BINDING = "IMAGES";
/** The Worker Loader binding (pod isolates). */
export const LOADER_BINDING = "LOADER";
/** The cron schedule of the resync and compaction pass (worker/cron.ts). */
export const RESYNC_CRON = "* * * * *";

/** Values that are credentials: secrets only, never `[vars]` (plain text in wrangler.toml and the dashboard). */
export const SECRET_ONLY = ["ADMIN_TOKEN", "CLUSTER_CA_KEY", "STATIC_TOKENS"];

/**
 * @typedef {object} WranglerConfigView the fields of wrangler's resolved config this check reads
 * @property {string} [name]
 * @property {string[]} [compatibility_flags]
 * @property {{ bindings?: { name: string, class_name: string, script_name?: string }[] }} [durable_objects]
 * @property {{ tag: string, new_classes?: string[], new_sqlite_classes?: string[], deleted_classes?: string[],
 *   renamed_classes?: { from: string, to: string }[] }[]} [migrations]
 * @property {{ binding: string, bucket_name?: string }[]} [r2_buckets]
 * @property {{ binding: string }[]} [worker_loaders]
 * @property {{ crons?: string[] }} [triggers]
 * @property {Record<string, unknown>} [vars]
 * @property {(string | { pattern: string, custom_domain?: boolean, zone_name?: string, zone_id?: string })[]} [routes]
 * @property {string | { pattern: string }} [route]
 * @property {boolean} [workers_dev]
 */

/**
 * @typedef {"error" | "warn" | "verify" | "ok"} Level  error stops a deploy; verify = could not be checked here
 * @typedef {{ level: Level, message: string }} Finding
 */

/** @param {WranglerConfigView} config */
function routePatterns(config) {
  const routes = [...(config.routes ?? []), ...(config.route ? [config.route] : [])];
  return routes.map((r) => (typeof r === "string" ? r : r.pattern)).map((p) => p.trim().toLowerCase());
}

/** The host of a route pattern (`*.lb.example.com/*` → `*.lb.example.com`). @param {string} pattern */
function patternHost(pattern) {
  return pattern.replace(/^https?:\/\//, "").split("/")[0];
}

/** Whether a route pattern's host covers `host` (exact, or a leading `*` wildcard). @param {string} pattern @param {string} host */
function routeCovers(pattern, host) {
  const h = patternHost(pattern);
  if (h === host) return true;
  return h.startsWith("*") && host.endsWith(h.slice(1));
}

/** Host names of a comma-separated `host[:port]` list. @param {string} list */
function hostsOf(list) {
  return list
    .split(",")
    .map((h) => h.trim().toLowerCase().replace(/:\d+$/, "").replace(/\.+$/, ""))
    .filter(Boolean);
}

/** @param {WranglerConfigView} config @returns {Finding[]} */
function bindingFindings(config) {
  /** @type {Finding[]} */
  const out = [];
  const bindings = config.durable_objects?.bindings ?? [];
  const migrations = config.migrations ?? [];
  const sqlite = new Set(migrations.flatMap((m) => [...(m.new_sqlite_classes ?? []), ...(m.renamed_classes ?? []).map((r) => r.to)]));
  const kv = new Set(migrations.flatMap((m) => m.new_classes ?? []));
  const deleted = new Set(migrations.flatMap((m) => m.deleted_classes ?? []));
  for (const [name, className] of Object.entries(REQUIRED_DURABLE_OBJECTS)) {
    const binding = bindings.find((b) => b.name === name);
    if (!binding) out.push({ level: "error", message: `Durable Object binding ${name} (class ${className}) is missing` });
    else if (binding.class_name !== className) out.push({ level: "error", message: `Durable Object binding ${name} names class ${binding.class_name}, the Worker exports ${className}` });
    else if (binding.script_name) out.push({ level: "warn", message: `Durable Object binding ${name} points at another Worker (${binding.script_name})` });
    if (kv.has(className)) out.push({ level: "error", message: `class ${className} is created with new_classes (key-value storage): it needs new_sqlite_classes (the SQL API)` });
    else if (!sqlite.has(className)) out.push({ level: "error", message: `no [[migrations]] entry creates class ${className} (new_sqlite_classes)` });
    if (deleted.has(className)) out.push({ level: "error", message: `a migration deletes class ${className}, which the Worker still binds` });
  }
  const tags = migrations.map((m) => m.tag);
  const duplicate = tags.find((t, i) => tags.indexOf(t) !== i);
  if (duplicate !== undefined) out.push({ level: "error", message: `migration tag ${duplicate} appears twice` });
  const images = (config.r2_buckets ?? []).find((b) => b.binding === IMAGES_BINDING);
  if (!images) out.push({ level: "error", message: `R2 binding ${IMAGES_BINDING} (the image registry) is missing` });
  else out.push({ level: "verify", message: `R2 bucket ${images.bucket_name ?? "?"} exists (wrangler r2 bucket create ${images.bucket_name ?? "<bucket>"})` });
  if (!(config.worker_loaders ?? []).some((l) => l.binding === LOADER_BINDING)) {
    out.push({ level: "error", message: `Worker Loader binding ${LOADER_BINDING} ([[worker_loaders]]) is missing: pods cannot run as isolates` });
  }
  if (!(config.compatibility_flags ?? []).includes("nodejs_compat")) out.push({ level: "error", message: "compatibility flag nodejs_compat is missing" });
  const crons = config.triggers?.crons ?? [];
  if (!crons.includes(RESYNC_CRON)) {
    out.push({ level: "error", message: `cron trigger "${RESYNC_CRON}" is missing: no store compaction, no resync of missed controller pokes` });
  }
  return out;
}

/**
 * @param {WranglerConfigView} config
 * @param {string[] | undefined} secrets
 * @returns {Finding[]}
 */
function settingFindings(config, secrets) {
  /** @type {Finding[]} */
  const out = [];
  const vars = config.vars ?? {};
  const secretSet = new Set(secrets ?? []);
  const has = (/** @type {string} */ name) => name in vars || secretSet.has(name);
  for (const name of SECRET_ONLY) {
    if (name in vars) out.push({ level: "error", message: `${name} is in [vars] (plain text): remove it and run wrangler secret put ${name}` });
  }
  const secret = (/** @type {string} */ name, /** @type {Level} */ missing, /** @type {string} */ why) => {
    if (name in vars) return;
    if (secrets === undefined) out.push({ level: "verify", message: `secret ${name} is set (${why})` });
    else if (!secretSet.has(name)) out.push({ level: missing, message: `secret ${name} is not set: wrangler secret put ${name} (${why})` });
  };
  secret("ADMIN_TOKEN", "error", "the cluster-admin bearer token");
  secret("CLUSTER_CA_CERT", "warn", "the cluster CA: CSR signing, kube-root-ca.crt, client certificates");
  secret("CLUSTER_CA_KEY", "warn", "the cluster CA's private key");
  if (secrets !== undefined && has("CLUSTER_CA_CERT") !== has("CLUSTER_CA_KEY")) {
    out.push({ level: "error", message: "CLUSTER_CA_CERT and CLUSTER_CA_KEY must be set together" });
  }
  if (vars.CLIENT_CERT_AUTH === "platform" && !("CLUSTER_CA_CERT" in vars) && secrets !== undefined && !secretSet.has("CLUSTER_CA_CERT")) {
    out.push({ level: "error", message: "CLIENT_CERT_AUTH = platform needs CLUSTER_CA_CERT (the CA client certificates are checked against)" });
  }
  if (vars.CONTROLLERS_OFF === "true") out.push({ level: "warn", message: "CONTROLLERS_OFF = true: no controller, scheduler or kubelet will run" });
  return out;
}

/** @param {WranglerConfigView} config @returns {Finding[]} */
function routeFindings(config) {
  /** @type {Finding[]} */
  const out = [];
  const vars = config.vars ?? {};
  const patterns = routePatterns(config);
  const clusterHosts = typeof vars.CLUSTER_HOSTS === "string" ? hostsOf(vars.CLUSTER_HOSTS) : [];
  const lbRaw = typeof vars.LOAD_BALANCER_DOMAIN === "string" ? vars.LOAD_BALANCER_DOMAIN : "";
  const lb = lbRaw.trim().toLowerCase().replace(/^\.+|\.+$/g, "");
  if (clusterHosts.length === 0) {
    out.push({ level: "warn", message: "CLUSTER_HOSTS is not set: images pushed to this cluster's registry (<host>/repo:tag) are not recognized as its own, and Ingresses cannot claim hosts outside the load-balancer domain" });
  }
  if (!lb) out.push({ level: "warn", message: "LOAD_BALANCER_DOMAIN is not set: LoadBalancer Services get *.lb.localhost hostnames, unreachable from outside" });
  for (const host of clusterHosts) {
    if (lb && (host === lb || host.endsWith(`.${lb}`))) out.push({ level: "error", message: `CLUSTER_HOSTS entry ${host} lies under LOAD_BALANCER_DOMAIN ${lb}: it would never reach the API` });
    else if (!host.endsWith(".workers.dev") && !patterns.some((p) => routeCovers(p, host))) {
      out.push({ level: "warn", message: `no route or custom domain serves CLUSTER_HOSTS entry ${host}` });
    }
  }
  if (lb && !patterns.some((p) => patternHost(p).startsWith("*") && `.${lb}`.endsWith(patternHost(p).slice(1)))) {
    out.push({ level: "warn", message: `no route *.${lb}/* : LoadBalancer, NodePort and Ingress hosts will not reach the Worker` });
  }
  if (patterns.length === 0 && config.workers_dev === false) out.push({ level: "error", message: "no routes and workers_dev = false: the Worker would be unreachable" });
  return out;
}

/**
 * Every finding about a deployment: bindings, migrations, bucket, loader and cron (from `config`), secrets
 * (from `secrets`, the names `wrangler secret list` printed; undefined when they could not be listed, which
 * turns each into a `verify` item), and hosts and routes. Empty of errors = safe to upload.
 * @param {WranglerConfigView} config wrangler's resolved configuration for the target environment
 * @param {string[] | undefined} secrets
 * @returns {Finding[]}
 */
export function deployFindings(config, secrets) {
  return [...bindingFindings(config), ...settingFindings(config, secrets), ...routeFindings(config)];
}

/**
 * @typedef {object} DeployArgs
 * @property {boolean} dryRun `--dry-run`: everything but the upload
 * @property {string | undefined} env `--env X`, `--env=X`, `-e X`
 * @property {string | undefined} config `--config X`, `-c X`
 * @property {Record<string, string>} vars `--var KEY:VALUE …` (wrangler's syntax; repeatable)
 * @property {string[]} routes `--route P …` / `--routes P …`
 * @property {string[]} domains `--domain D …` / `--domains D …` (custom domains)
 */

/**
 * What `npm run deploy -- <args>` asks of wrangler deploy, as far as the checks are concerned. Every argument
 * still goes to wrangler unchanged; this only reads them.
 * @param {string[]} argv
 * @returns {DeployArgs}
 */
export function parseDeployArgs(argv) {
  /** @type {DeployArgs} */
  const out = { dryRun: false, env: undefined, config: undefined, vars: {}, routes: [], domains: [] };
  /** @type {Record<string, "env" | "config">} */
  const single = { "--env": "env", "-e": "env", "--config": "config", "-c": "config" };
  /** @type {Record<string, "vars" | "routes" | "domains">} */
  const lists = { "--var": "vars", "--route": "routes", "--routes": "routes", "--domain": "domains", "--domains": "domains" };
  /** @param {"vars" | "routes" | "domains"} list @param {string} value */
  const add = (list, value) => {
    if (list !== "vars") return void out[list].push(value);
    const colon = value.indexOf(":");
    if (colon > 0) out.vars[value.slice(0, colon)] = value.slice(colon + 1);
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const eq = arg.indexOf("=");
    const [flag, inline] = arg.startsWith("--") && eq > 0 ? [arg.slice(0, eq), arg.slice(eq + 1)] : [arg, undefined];
    if (flag === "--dry-run") out.dryRun = inline !== "false";
    else if (flag in single) out[single[flag]] = inline ?? argv[++i];
    else if (flag in lists) {
      if (inline !== undefined) add(lists[flag], inline);
      else while (i + 1 < argv.length && !argv[i + 1].startsWith("-")) add(lists[flag], argv[++i]);
    }
  }
  return out;
}

/**
 * The configuration wrangler deploys: the file's, with the command line's `--var`, `--route` and `--domain`
 * values added (they override or extend what the file says).
 * @param {WranglerConfigView} config
 * @param {DeployArgs} args
 * @returns {WranglerConfigView}
 */
export function withCommandLine(config, args) {
  const routes = [...(config.routes ?? []), ...args.routes, ...args.domains.map((pattern) => ({ pattern, custom_domain: true }))];
  return { ...config, vars: { ...config.vars, ...args.vars }, ...(routes.length > 0 ? { routes } : {}) };
}

/**
 * The names in a `wrangler secret list --format json` output (`[{"name":…,"type":"secret_text"}]`), or
 * undefined when it is not that shape (an error page, a login prompt).
 * @param {string} output
 * @returns {string[] | undefined}
 */
export function parseSecretList(output) {
  const start = output.indexOf("[");
  if (start < 0) return undefined;
  try {
    const list = JSON.parse(output.slice(start));
    if (!Array.isArray(list) || !list.every((s) => s && typeof s.name === "string")) return undefined;
    return list.map((s) => s.name);
  } catch {
    return undefined;
  }
}
