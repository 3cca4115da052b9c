#!/usr/bin/env node
/**
 * `npm run image`: builds an OCI image from a folder of ES modules (one reproducible gzipped layer, config
 * Entrypoint = the entry module, platform js/wasm; scripts/lib/oci-image.mjs) and pushes it to the cluster's
 * built-in registry (`/v2/`, worker/registry/README.md) as the OCI distribution spec's push flow does: each
 * blob is skipped when HEAD finds it, else uploaded with POST + monolithic PUT `?digest=`; then the manifest
 * is PUT by tag. Prints the pushed reference with its digest on stdout (`127.0.0.1:8787/team/app@sha256:…`).
 *
 * Usage: npm run image -- <dir> <name[:tag]> [--entrypoint FILE] [--server URL] [--token T | --state DIR]
 *                         [--ca FILE] [--oci-out DIR] [--no-push]
 *
 *   --server   default https://127.0.0.1:${PORT:-8787}; a name starting with a host (`127.0.0.1:8787/team/app`)
 *              pushes there
 *   --token    a cluster bearer token (sent as the HTTP Basic password); default `<state>/admin-token`
 *   --ca       PEM trusted in addition to the system CAs; default the project CA `.wrangler/certs/ca.crt`
 *   --oci-out  also write an OCI image layout (oci-layout, index.json, blobs/) tagged <tag>, for skopeo/oras
 *   --no-push  only build (with --oci-out); prints the manifest digest
 */
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { request } from "node:https";
import { join, resolve } from "node:path";
import tls from "node:tls";
import { parseArgs } from "node:util";
import { OCI_MANIFEST, buildImage, chooseEntrypoint, readFolder } from "./lib/oci-image.mjs";
import { CERTS_DIR, adminTokenPath, isMainModule, resolvePort, resolveStateDir } from "./lib/paths.mjs";

/** distribution's repository name grammar (lower-case components) and tag grammar. */
const REPOSITORY = /^[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*)*$/;
const TAG = /^[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}$/;

/**
 * `[host[:port]/]name[:tag]` → its parts; the first component is a host when it has a `.` or `:` or is
 * `localhost` (docker's rule). The tag defaults to `latest`.
 * @param {string} ref
 * @returns {{ host: string | undefined, repository: string, tag: string }}
 */
export function parseImageName(ref) {
  const slash = ref.indexOf("/");
  const first = slash < 0 ? "" : ref.slice(0, slash);
  const host = first && (/[.:]/.test(first) || first === "localhost") ? first : undefined;
  const rest = host ? ref.slice(slash + 1) : ref;
  const colon = rest.lastIndexOf(":");
  const repository = colon > rest.lastIndexOf("/") ? rest.slice(0, colon) : rest;
  const tag = colon > rest.lastIndexOf("/") ? rest.slice(colon + 1) : "latest";
  if (!REPOSITORY.test(repository)) throw new Error(`invalid repository name ${JSON.stringify(repository)} (lower-case letters, digits, . _ - and /)`);
  if (!TAG.test(tag)) throw new Error(`invalid tag ${JSON.stringify(tag)}`);
  return { host, repository, tag };
}

/**
 * Writes (or adds to) an OCI image layout: the blobs, `oci-layout`, and `index.json` with the manifest under
 * `org.opencontainers.image.ref.name` = tag (replacing an older entry of that tag), so `skopeo copy
 * oci:DIR:TAG …` finds it.
 * @param {string} dir
 * @param {import("./lib/oci-image.mjs").BuiltImage} image
 * @param {string} tag
 */
export function writeOciLayout(dir, image, tag) {
  mkdirSync(join(dir, "blobs", "sha256"), { recursive: true });
  for (const [digest, bytes] of [...image.blobs, [image.manifestDigest, image.manifest]]) {
    writeFileSync(join(dir, "blobs", "sha256", /** @type {string} */ (digest).slice("sha256:".length)), bytes);
  }
  writeFileSync(join(dir, "oci-layout"), JSON.stringify({ imageLayoutVersion: "1.0.0" }));
  const indexPath = join(dir, "index.json");
  const index = existsSync(indexPath) ? JSON.parse(readFileSync(indexPath, "utf8")) : { schemaVersion: 2, mediaType: "application/vnd.oci.image.index.v1+json", manifests: [] };
  index.manifests = (index.manifests ?? []).filter((/** @type {any} */ m) => m.annotations?.["org.opencontainers.image.ref.name"] !== tag);
  index.manifests.push({ mediaType: OCI_MANIFEST, digest: image.manifestDigest, size: image.manifest.length, annotations: { "org.opencontainers.image.ref.name": tag } });
  writeFileSync(indexPath, JSON.stringify(index));
}

/**
 * A small registry client: HTTPS with the given CAs, HTTP Basic with the token as password.
 * @param {{ server: string, token: string, ca: string[] }} options
 */
export function registryClient({ server, token, ca }) {
  const authorization = `Basic ${Buffer.from(`kube-edge:${token}`).toString("base64")}`;
  /** @returns {Promise<{ status: number, headers: import("node:http").IncomingHttpHeaders, body: string }>} */
  const call = (/** @type {string} */ method, /** @type {string} */ url, /** @type {Record<string, string>} */ headers = {}, /** @type {Uint8Array | undefined} */ body = undefined) =>
    new Promise((done, fail) => {
      const req = request(new URL(url, server), { method, ca, headers: { authorization, ...headers, ...(body ? { "content-length": String(body.length) } : {}) } }, (res) => {
        const chunks = /** @type {Buffer[]} */ ([]);
        res.on("data", (c) => chunks.push(c));
        res.on("end", () => done({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") }));
        res.on("error", fail);
      });
      req.setTimeout(120_000, () => req.destroy(new Error(`${method} ${url}: timed out`)));
      req.on("error", fail);
      req.end(body);
    });
  return { server, call };
}

/** @param {string} what @param {{ status: number, body: string }} res */
function failure(what, res) {
  let detail = res.body.slice(0, 300);
  try {
    const errors = JSON.parse(res.body).errors;
    if (Array.isArray(errors)) detail = errors.map((e) => `${e.code}: ${e.message}`).join("; ");
  } catch {
    // not the spec's error body
  }
  const hint = res.status === 401 ? " (is the token right?)" : res.status === 403 ? " (RBAC: the token's user needs post/put on /v2/<name>/*)" : "";
  return new Error(`${what}: HTTP ${res.status} ${detail}${hint}`);
}

/**
 * Pushes a built image: blobs the registry lacks, then the manifest by tag. Returns the manifest digest.
 * @param {ReturnType<typeof registryClient>} client
 * @param {import("./lib/oci-image.mjs").BuiltImage} image
 * @param {string} repository
 * @param {string} tag
 * @param {(line: string) => void} log
 */
export async function pushImage(client, image, repository, tag, log) {
  for (const [digest, bytes] of image.blobs) {
    const head = await client.call("HEAD", `/v2/${repository}/blobs/${digest}`);
    if (head.status === 200) {
      log(`${digest}: already present`);
      continue;
    }
    if (head.status !== 404) throw failure(`HEAD blob ${digest}`, head);
    const start = await client.call("POST", `/v2/${repository}/blobs/uploads/`);
    if (start.status !== 202 || typeof start.headers.location !== "string") throw failure("starting an upload", start);
    // Location may be relative and may carry its own query (the spec's "<location>?digest=" vs "&digest=").
    const target = new URL(start.headers.location, client.server);
    target.searchParams.set("digest", digest);
    const done = await client.call("PUT", target.toString(), { "content-type": "application/octet-stream" }, bytes);
    if (done.status !== 201) throw failure(`uploading ${digest}`, done);
    log(`${digest}: pushed (${bytes.length} bytes)`);
  }
  const res = await client.call("PUT", `/v2/${repository}/manifests/${tag}`, { "content-type": OCI_MANIFEST }, image.manifest);
  if (res.status !== 201) throw failure(`PUT manifest ${repository}:${tag}`, res);
  const echoed = res.headers["docker-content-digest"];
  if (echoed && echoed !== image.manifestDigest) throw new Error(`registry stored the manifest as ${echoed}, expected ${image.manifestDigest}`);
  return image.manifestDigest;
}

/** The CAs to trust: the system's (with NODE_EXTRA_CA_CERTS) plus `caFile` or the project CA. */
function trustedCas(/** @type {string | undefined} */ caFile) {
  const system = typeof tls.getCACertificates === "function" ? tls.getCACertificates("default") : [...tls.rootCertificates];
  const file = caFile ?? join(CERTS_DIR, "ca.crt");
  if (caFile !== undefined && !existsSync(caFile)) throw new Error(`--ca ${caFile}: no such file`);
  return existsSync(file) ? [...system, readFileSync(file, "utf8")] : system;
}

/** @param {string[]} argv */
export async function main(argv) {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      entrypoint: { type: "string" },
      server: { type: "string" },
      token: { type: "string" },
      state: { type: "string" },
      ca: { type: "string" },
      "oci-out": { type: "string" },
      "no-push": { type: "boolean", default: false },
    },
  });
  if (positionals.length !== 2) throw new Error("usage: npm run image -- <dir> <name[:tag]> [--entrypoint FILE] [--server URL] [--token T | --state DIR] [--ca FILE] [--oci-out DIR] [--no-push]");
  const [dirArg, ref] = positionals;
  const dir = resolve(dirArg);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new Error(`${dirArg} is not a directory`);
  if (values["no-push"] && !values["oci-out"]) throw new Error("--no-push needs --oci-out (otherwise nothing would be written)");
  const { host, repository, tag } = parseImageName(ref);

  const entrypoint = chooseEntrypoint(dir, values.entrypoint);
  const image = buildImage(readFolder(dir), entrypoint);
  const log = (/** @type {string} */ line) => console.error(line);
  log(`built ${repository}:${tag} (entrypoint ${entrypoint}, manifest ${image.manifestDigest})`);
  if (values["oci-out"]) {
    writeOciLayout(resolve(values["oci-out"]), image, tag);
    log(`wrote OCI layout ${values["oci-out"]} (oci:${values["oci-out"]}:${tag})`);
  }
  if (values["no-push"]) return image.manifestDigest;

  const server = (values.server ?? (host ? `https://${host}` : `https://127.0.0.1:${resolvePort()}`)).replace(/\/+$/, "");
  const serverHost = new URL(server).host;
  if (host && host !== serverHost) throw new Error(`the name's registry ${host} is not --server ${server}`);
  let token = values.token;
  if (token === undefined) {
    const path = adminTokenPath(resolveStateDir(values.state));
    if (!existsSync(path)) throw new Error(`no token: pass --token, or --state for a cluster whose ${path} exists (start it with npm start)`);
    token = readFileSync(path, "utf8").trim();
  }
  const client = registryClient({ server, token, ca: trustedCas(values.ca) });
  const digest = await pushImage(client, image, repository, tag, log);
  log(`pushed ${serverHost}/${repository}:${tag}`);
  return `${serverHost}/${repository}@${digest}`;
}

if (isMainModule(import.meta.url)) {
  try {
    console.log(await main(process.argv.slice(2)));
  } catch (err) {
    console.error(`image: ${/** @type {Error} */ (err).message}`);
    process.exit(1);
  }
}
