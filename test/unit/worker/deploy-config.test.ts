/**
 * The deploy checks of `npm run deploy` (scripts/lib/deploy-config.mjs): a pure function of wrangler's
 * resolved configuration and the secret names `wrangler secret list` printed.
 */
import { describe, expect, it } from "vitest";
// @ts-ignore -- plain .mjs script module (typed with JSDoc), shared with scripts/deploy.mjs
import { deployFindings, parseDeployArgs, parseSecretList, withCommandLine } from "../../../scripts/lib/deploy-config.mjs";

interface Finding {
  level: "error" | "warn" | "verify" | "ok";
  message: string;
}
type Config = Record<string, unknown> & { vars?: Record<string, unknown> };
const findings = deployFindings as (config: Config, secrets: string[] | undefined) => Finding[];

/** wrangler.toml as the repository has it, plus a production host, domain and routes. */
const PRODUCTION: Config = {
  name: "kube-edge",
  compatibility_flags: ["nodejs_compat"],
  durable_objects: {
    bindings: [
      { name: "STORE", class_name: "StoreDO" },
      { name: "CONTROLLERS", class_name: "ControllerDO" },
      { name: "KUBELETS", class_name: "KubeletDO" },
      { name: "VOLUMES", class_name: "VolumeDO" },
    ],
  },
  migrations: [
    { tag: "v1", new_sqlite_classes: ["StoreDO"] },
    { tag: "v2", new_sqlite_classes: ["ControllerDO"] },
    { tag: "v3", new_sqlite_classes: ["KubeletDO"] },
    { tag: "v4", new_sqlite_classes: ["VolumeDO"] },
  ],
  r2_buckets: [{ binding: "IMAGES", bucket_name: "kube-edge-images" }],
  worker_loaders: [{ binding: "LOADER" }],
  triggers: { crons: ["* * * * *"] },
  vars: { NODE_POOL: "{}", CLUSTER_HOSTS: "k8s.example.com", LOAD_BALANCER_DOMAIN: "lb.example.com" },
  routes: [{ pattern: "k8s.example.com", custom_domain: true }, { pattern: "*.lb.example.com/*", zone_name: "example.com" }],
};
const ALL_SECRETS = ["ADMIN_TOKEN", "CLUSTER_CA_CERT", "CLUSTER_CA_KEY"];

const withConfig = (patch: Config): Config => ({ ...PRODUCTION, ...patch });
const withVars = (vars: Record<string, unknown>): Config => ({ ...PRODUCTION, vars: { ...PRODUCTION.vars, ...vars } });
const without = (key: string): Config => Object.fromEntries(Object.entries(PRODUCTION).filter(([k]) => k !== key));
const at = (level: Finding["level"], list: Finding[]) => list.filter((f) => f.level === level).map((f) => f.message);

describe("deployFindings", () => {
  it("a complete production configuration with every secret: no errors or warnings, only the bucket to verify", () => {
    const out = findings(PRODUCTION, ALL_SECRETS);
    expect(at("error", out)).toEqual([]);
    expect(at("warn", out)).toEqual([]);
    expect(at("verify", out)).toEqual(["R2 bucket kube-edge-images exists (wrangler r2 bucket create kube-edge-images)"]);
  });

  it("secrets that could not be listed become items to verify, never errors", () => {
    const out = findings(PRODUCTION, undefined);
    expect(at("error", out)).toEqual([]);
    expect(at("verify", out)).toEqual([
      expect.stringContaining("R2 bucket kube-edge-images"),
      expect.stringContaining("secret ADMIN_TOKEN is set"),
      expect.stringContaining("secret CLUSTER_CA_CERT is set"),
      expect.stringContaining("secret CLUSTER_CA_KEY is set"),
    ]);
  });

  it.each<[string, Config, string[] | undefined, RegExp]>([
    ["a missing Durable Object binding", withConfig({ durable_objects: { bindings: [] } }), ALL_SECRETS, /binding STORE \(class StoreDO\) is missing/],
    ["a binding to the wrong class", withConfig({ durable_objects: { bindings: [{ name: "STORE", class_name: "Store" }] } }), ALL_SECRETS, /STORE names class Store/],
    ["a class without a migration", withConfig({ migrations: (PRODUCTION.migrations as unknown[]).slice(0, 3) }), ALL_SECRETS, /no \[\[migrations\]\] entry creates class VolumeDO/],
    ["a key-value class", withConfig({ migrations: [{ tag: "v1", new_classes: ["StoreDO"] }] }), ALL_SECRETS, /StoreDO is created with new_classes/],
    ["a deleted class still bound", withConfig({ migrations: [...(PRODUCTION.migrations as unknown[]), { tag: "v5", deleted_classes: ["VolumeDO"] }] }), ALL_SECRETS, /deletes class VolumeDO/],
    ["a repeated migration tag", withConfig({ migrations: [...(PRODUCTION.migrations as unknown[]), { tag: "v4", new_sqlite_classes: [] }] }), ALL_SECRETS, /tag v4 appears twice/],
    ["no R2 bucket", without("r2_buckets"), ALL_SECRETS, /R2 binding IMAGES/],
    ["no Worker Loader", without("worker_loaders"), ALL_SECRETS, /Worker Loader binding LOADER/],
    ["no nodejs_compat", withConfig({ compatibility_flags: [] }), ALL_SECRETS, /nodejs_compat/],
    ["no cron trigger", withConfig({ triggers: { crons: ["*/5 * * * *"] } }), ALL_SECRETS, /cron trigger "\* \* \* \* \*" is missing/],
    ["ADMIN_TOKEN not set", PRODUCTION, ["CLUSTER_CA_CERT", "CLUSTER_CA_KEY"], /secret ADMIN_TOKEN is not set/],
    ["ADMIN_TOKEN in plain vars", withVars({ ADMIN_TOKEN: "x" }), ALL_SECRETS, /ADMIN_TOKEN is in \[vars\]/],
    ["the CA key in plain vars", withVars({ CLUSTER_CA_KEY: "x" }), ALL_SECRETS, /CLUSTER_CA_KEY is in \[vars\]/],
    ["static tokens in plain vars", withVars({ STATIC_TOKENS: "t,u,1" }), ALL_SECRETS, /STATIC_TOKENS is in \[vars\]/],
    ["a CA certificate without its key", PRODUCTION, ["ADMIN_TOKEN", "CLUSTER_CA_CERT"], /must be set together/],
    ["client certificates without a CA", withVars({ CLIENT_CERT_AUTH: "platform" }), ["ADMIN_TOKEN"], /CLIENT_CERT_AUTH = platform needs CLUSTER_CA_CERT/],
    ["an API host under the load-balancer domain", withVars({ CLUSTER_HOSTS: "api.lb.example.com" }), ALL_SECRETS, /api\.lb\.example\.com lies under LOAD_BALANCER_DOMAIN/],
    ["no route at all and workers.dev off", withConfig({ routes: [], workers_dev: false }), ALL_SECRETS, /unreachable/],
  ])("error: %s", (_name, config, secrets, message) => {
    expect(at("error", findings(config, secrets))).toContainEqual(expect.stringMatching(message));
  });

  it.each<[string, Config, string[] | undefined, RegExp]>([
    ["no CA secrets", PRODUCTION, ["ADMIN_TOKEN"], /secret CLUSTER_CA_CERT is not set/],
    ["no CLUSTER_HOSTS", withVars({ CLUSTER_HOSTS: undefined }), ALL_SECRETS, /CLUSTER_HOSTS is not set/],
    ["no LOAD_BALANCER_DOMAIN", withVars({ LOAD_BALANCER_DOMAIN: undefined }), ALL_SECRETS, /LOAD_BALANCER_DOMAIN is not set/],
    ["no route for the API host", withConfig({ routes: [{ pattern: "*.lb.example.com/*", zone_name: "example.com" }] }), ALL_SECRETS, /no route or custom domain serves CLUSTER_HOSTS entry k8s\.example\.com/],
    ["no wildcard route for the load-balancer domain", withConfig({ routes: [{ pattern: "k8s.example.com", custom_domain: true }] }), ALL_SECRETS, /no route \*\.lb\.example\.com\/\*/],
    ["controllers switched off", withVars({ CONTROLLERS_OFF: "true" }), ALL_SECRETS, /CONTROLLERS_OFF/],
  ])("warning: %s", (_name, config, secrets, message) => {
    const out = findings(config, secrets);
    expect(at("warn", out)).toContainEqual(expect.stringMatching(message));
    expect(at("error", out)).toEqual([]);
  });

  it.each<[string, Config]>([
    ["a wildcard route covering the API host", withConfig({ vars: { ...PRODUCTION.vars, CLUSTER_HOSTS: "k8s.example.com:443" }, routes: ["*.example.com/*"] })],
    ["a workers.dev API host", withVars({ CLUSTER_HOSTS: "kube-edge.acme.workers.dev" })],
    ["a route given as a plain string with a scheme", withConfig({ routes: ["https://k8s.example.com/*", "*.lb.example.com/*"] })],
  ])("no route warning: %s", (_name, config) => {
    expect(at("warn", findings(config, ALL_SECRETS)).filter((m) => /CLUSTER_HOSTS entry/.test(m))).toEqual([]);
  });

  it("a wildcard route over the whole zone serves the load-balancer hosts too", () => {
    const out = findings(withConfig({ routes: [{ pattern: "k8s.example.com", custom_domain: true }, "*.example.com/*"] }), ALL_SECRETS);
    expect(at("warn", out)).toEqual([]);
  });

  it("a CA certificate in [vars] (it is public) counts as set", () => {
    const out = findings(withVars({ CLUSTER_CA_CERT: "-----BEGIN CERTIFICATE-----" }), ["ADMIN_TOKEN", "CLUSTER_CA_KEY"]);
    expect(at("error", out)).toEqual([]);
    expect(at("warn", out)).toEqual([]);
  });
});

describe("parseSecretList", () => {
  it.each<[string, string, string[] | undefined]>([
    ["wrangler's JSON", '[{"name":"ADMIN_TOKEN","type":"secret_text"},{"name":"CLUSTER_CA_KEY","type":"secret_text"}]', ["ADMIN_TOKEN", "CLUSTER_CA_KEY"]],
    ["JSON after a banner line", ' ⛅️ wrangler 4.164.0\n[{"name":"ADMIN_TOKEN","type":"secret_text"}]', ["ADMIN_TOKEN"]],
    ["an empty list", "[]", []],
    ["an error message", "✘ [ERROR] You are not authenticated.", undefined],
    ["not a list of secrets", '[{"id":1}]', undefined],
    ["truncated JSON", '[{"name":"ADMIN', undefined],
  ])("%s", (_name, output, expected) => {
    expect(parseSecretList(output)).toEqual(expected);
  });
});

describe("parseDeployArgs", () => {
  const none = { dryRun: false, env: undefined, config: undefined, vars: {}, routes: [], domains: [] };
  it.each<[string, string[], object]>([
    ["no arguments", [], none],
    ["a dry run for an environment", ["--dry-run", "--env", "production"], { ...none, dryRun: true, env: "production" }],
    ["inline values and short flags", ["-e", "staging", "--config=prod.toml", "--dry-run=false"], { ...none, env: "staging", config: "prod.toml" }],
    ["vars, repeated and listed", ["--var", "CLUSTER_HOSTS:k8s.example.com", "LOAD_BALANCER_DOMAIN:lb.example.com", "--var=AUDIT_LOG:off"], {
      ...none,
      vars: { CLUSTER_HOSTS: "k8s.example.com", LOAD_BALANCER_DOMAIN: "lb.example.com", AUDIT_LOG: "off" },
    }],
    ["a var value holding colons", ["--var", "SERVICE_ACCOUNT_ISSUER:https://k8s.example.com"], { ...none, vars: { SERVICE_ACCOUNT_ISSUER: "https://k8s.example.com" } }],
    ["routes and domains up to the next flag", ["--route", "*.lb.example.com/*", "--domain", "k8s.example.com", "--dry-run"], {
      ...none,
      dryRun: true,
      routes: ["*.lb.example.com/*"],
      domains: ["k8s.example.com"],
    }],
    ["flags wrangler alone reads are passed over", ["--minify", "--keep-vars", "--message", "hi"], none],
  ])("%s", (_name, argv, expected) => {
    expect(parseDeployArgs(argv)).toEqual(expected);
  });
});

describe("withCommandLine", () => {
  it("command-line vars override the file's and routes and custom domains extend them", () => {
    const config = withCommandLine(withVars({ CLUSTER_HOSTS: "old.example.com" }), parseDeployArgs(["--var", "CLUSTER_HOSTS:k8s2.example.com", "--domain", "k8s2.example.com"]));
    expect(config.vars).toMatchObject({ CLUSTER_HOSTS: "k8s2.example.com", LOAD_BALANCER_DOMAIN: "lb.example.com" });
    expect(config.routes).toContainEqual({ pattern: "k8s2.example.com", custom_domain: true });
    expect(at("warn", findings(config as Config, ALL_SECRETS))).toEqual([]);
  });

  it("without routes anywhere, none are added", () => {
    expect(withCommandLine(without("routes"), parseDeployArgs([]))).not.toHaveProperty("routes");
  });
});
