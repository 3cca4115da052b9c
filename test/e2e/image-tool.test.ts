/**
 * `npm run image` against a real server: a folder of ES modules is built into an OCI image and pushed to the
 * built-in registry; pulled back through the registry API, its manifest, config (Entrypoint, platform) and
 * layer unpack — with the worker/images helpers the kubelet will use — to exactly the folder's files. The
 * build is reproducible (same folder → same digest, and the second push uploads nothing), and the OCI layout
 * it writes is one skopeo copies.
 */
import { createHash } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { request } from "node:https";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { entryModule, parseImageConfig } from "../../worker/images/config";
import { readLayerTar, unpackLayers } from "../../worker/images/layers";
import { parseTar } from "../../worker/images/tar";
import { workerModules } from "../../worker/images/modules";
import { OCI_CONFIG, OCI_LAYER_GZIP, OCI_MANIFEST, parseImageDocument } from "../../worker/images/oci";
import { startServer, type TestServer } from "./harness";
import { runCommand, type Run } from "./run-command";

const ROOT = resolve(fileURLToPath(new URL(".", import.meta.url)), "..", "..");
const NODE = existsSync(join(ROOT, "node_modules", ".bin", "node")) ? join(ROOT, "node_modules", ".bin", "node") : process.execPath;
const LONG = `src/${"deeply-nested-directory-name/".repeat(5)}${"m".repeat(40)}.js`;
/** The fixture folder: an entry from package.json `main`, a nested import, JSON, text, a path too long for ustar's name field. */
const FIXTURE: Record<string, string> = {
  "package.json": JSON.stringify({ name: "hello", type: "module", main: "src/server.mjs" }),
  "src/server.mjs": "import { greeting } from './lib/greeting.js';\nimport config from '../config.json';\nexport default { fetch() { return new Response(`${greeting} on ${config.port}`); } };\n",
  "src/lib/greeting.js": "export const greeting = 'hello';\n",
  "config.json": '{"port":8080}\n',
  "README.txt": "an image for the isolate runtime\n",
  [LONG]: "export const deep = true;\n",
};

const run = (cmd: string, args: string[], env: Record<string, string> = {}): Promise<Run> =>
  runCommand(cmd, args, { cwd: ROOT, env, timeoutMs: 90_000 });

const sha256 = (data: Uint8Array) => `sha256:${createHash("sha256").update(data).digest("hex")}`;

describe("npm run image", () => {
  let server: TestServer;
  let work: string;
  let app: string;
  let caFile: string;
  /** GET through the registry API with Basic auth (the token as password), as a kubelet pulls. */
  let pull: (path: string) => Promise<{ status: number; contentType: string; bytes: Uint8Array }>;
  const image = (args: string[], env: Record<string, string> = {}) => run(NODE, [join(ROOT, "scripts", "image.mjs"), ...args], env);

  beforeAll(async () => {
    server = await startServer();
    work = mkdtempSync(join(tmpdir(), "kube-edge-image-"));
    app = join(work, "app");
    for (const [path, text] of Object.entries(FIXTURE)) {
      mkdirSync(dirname(join(app, path)), { recursive: true });
      writeFileSync(join(app, path), text);
    }
    chmodSync(join(app, "README.txt"), 0o755);
    caFile = join(work, "ca.crt");
    writeFileSync(caFile, server.caPem);
    const auth = `Basic ${Buffer.from(`kubelet:${server.token}`).toString("base64")}`;
    pull = (path) =>
      new Promise((done, fail) => {
        const accept = "application/vnd.oci.image.manifest.v1+json, application/vnd.oci.image.index.v1+json";
        const req = request(server.url + path, { ca: server.caPem, headers: { authorization: auth, accept } }, (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () => done({ status: res.statusCode ?? 0, contentType: String(res.headers["content-type"] ?? ""), bytes: new Uint8Array(Buffer.concat(chunks)) }));
          res.on("error", fail);
        });
        req.on("error", fail);
        req.end();
      });
  });
  afterAll(async () => {
    await server?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it("pushes an image whose layer unpacks to the folder and whose entry module comes from the config", async () => {
    const push = await image([app, "team/app:v1", "--server", server.url, "--token", server.token, "--ca", caFile]);
    expect(push.code, push.stderr + server.logs()).toBe(0);
    const match = /^127\.0\.0\.1:(\d+)\/team\/app@(sha256:[0-9a-f]{64})\n$/.exec(push.stdout);
    expect(match, push.stdout).not.toBeNull();
    expect(Number(match![1])).toBe(server.port);
    const digest = match![2];

    const byTag = await pull("/v2/team/app/manifests/v1");
    expect(byTag.status).toBe(200);
    expect(byTag.contentType).toBe(OCI_MANIFEST);
    expect(sha256(byTag.bytes)).toBe(digest);
    const doc = parseImageDocument(byTag.bytes, byTag.contentType);
    if (!doc.ok || doc.value.kind !== "manifest") throw new Error(JSON.stringify(doc));
    expect(doc.value.config.mediaType).toBe(OCI_CONFIG);
    expect(doc.value.layers.map((l) => l.mediaType)).toEqual([OCI_LAYER_GZIP]);

    const configBlob = await pull(`/v2/team/app/blobs/${doc.value.config.digest}`);
    expect(sha256(configBlob.bytes)).toBe(doc.value.config.digest);
    const config = parseImageConfig(configBlob.bytes);
    if (!config.ok) throw new Error(config.reason);
    expect(config.value.platform).toEqual({ os: "js", architecture: "wasm" });
    expect(config.value.entrypoint).toEqual(["src/server.mjs"]);
    expect(config.value.workingDir).toBe("/");
    expect(entryModule(config.value)).toEqual({ ok: true, value: { module: "src/server.mjs", args: [] } });

    const layer = await pull(`/v2/team/app/blobs/${doc.value.layers[0].digest}`);
    expect(sha256(layer.bytes)).toBe(doc.value.layers[0].digest);
    const files = await unpackLayers([layer.bytes], { diffIds: config.value.diffIds });
    if (!files.ok) throw new Error(files.reason);
    expect(Object.fromEntries([...files.value].map(([p, b]) => [p, new TextDecoder().decode(b)]))).toEqual(FIXTURE);

    // Reproducible metadata: mode 0755 only where an execute bit was set, mtime and owners zeroed.
    const tar = await readLayerTar(layer.bytes);
    const entries = tar.ok ? parseTar(tar.value) : tar;
    if (!entries.ok) throw new Error(entries.reason);
    const modes = Object.fromEntries(entries.entries.map((e) => [e.name, e.mode.toString(8)]));
    expect(modes).toMatchObject({ "README.txt": "755", "config.json": "644", "src/": "755", "src/server.mjs": "644" });
    const header = new TextDecoder().decode((tar.ok ? tar.value : new Uint8Array(512)).subarray(0, 512));
    expect([header.slice(108, 116), header.slice(116, 124), header.slice(136, 148)]).toEqual(["0000000\0", "0000000\0", "00000000000\0"]);

    const modules = workerModules(files.value, "src/server.mjs");
    expect(modules.ok && modules.value.mainModule).toBe("src/server.mjs");
    expect(modules.ok && modules.value.modules["config.json"]).toEqual({ json: { port: 8080 } });
  });

  it("is reproducible: the same folder gives the same digest, and a second push uploads no blob", async () => {
    const layoutA = join(work, "layout-a");
    const first = await image([app, "team/repro:v1", "--server", server.url, "--token", server.token, "--oci-out", layoutA], { NODE_EXTRA_CA_CERTS: caFile });
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toMatch(/pushed \(\d+ bytes\)/);
    const second = await image([app, "team/repro:v2", "--server", server.url, "--token", server.token], { NODE_EXTRA_CA_CERTS: caFile });
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toBe(first.stdout);
    expect(second.stderr).not.toMatch(/pushed \(/);
    expect(second.stderr.match(/already present/g)).toHaveLength(2);

    const onlyLayout = await image([app, "team/repro:v3", "--oci-out", join(work, "layout-b"), "--no-push"]);
    expect(onlyLayout.code, onlyLayout.stderr).toBe(0);
    expect(onlyLayout.stdout.trim()).toBe(first.stdout.trim().split("@")[1]);
  });

  it("writes an OCI layout that skopeo copies to the registry unchanged", async () => {
    const layout = join(work, "layout-skopeo");
    const built = await image([app, "team/app:v1", "--oci-out", layout, "--no-push"]);
    expect(built.code, built.stderr).toBe(0);
    const certDir = join(work, "certs");
    mkdirSync(certDir, { recursive: true });
    writeFileSync(join(certDir, "ca.crt"), server.caPem);
    mkdirSync(join(work, "home"), { recursive: true });
    const target = `docker://127.0.0.1:${server.port}/team/copied:v1`;
    const env = { HOME: join(work, "home"), TMPDIR: work };
    const copy = await run("skopeo", ["--insecure-policy", "copy", "--dest-creds", `x:${server.token}`, "--dest-cert-dir", certDir, `oci:${layout}:v1`, target], env);
    expect(copy.code, copy.stderr).toBe(0);
    const copied = await pull("/v2/team/copied/manifests/v1");
    expect(sha256(copied.bytes)).toBe(built.stdout.trim());
  });

  it.each([
    ["a wrong token", ["--token", "not-a-token"], /HTTP 401/],
    ["an entrypoint that is not in the folder", ["--token", "x", "--entrypoint", "nope.js"], /nope\.js is not a file/],
    ["an invalid repository name", ["--token", "x"], /invalid repository name/, "Team/App:v1"],
  ])("fails clearly on %s", async (_, extra, message, name = "team/app:bad") => {
    const r = await image([app, name, "--server", server.url, "--ca", caFile, ...extra]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe("");
  });
});
