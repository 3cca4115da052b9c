/**
 * The built-in OCI registry with the real skopeo: an image laid out on disk as an OCI layout (two gzipped tar
 * layers, a config, a manifest) is pushed with `--dest-creds <any user>:<cluster token>`, then read back as a
 * registry client does — the manifest bytes, the tag list, and a full copy back to disk with every blob
 * byte-for-byte the same. Without credentials the registry challenges (401), so skopeo fails; a token of a user
 * RBAC allows only to pull cannot push.
 */
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type TestServer } from "./harness";
import { runCommand, type Run } from "./run-command";

const sha256 = (data: Uint8Array | string) => createHash("sha256").update(data).digest("hex");

/** A ustar archive of regular files (what a layer is), written by hand: 512-byte headers, padded contents. */
function tar(files: Record<string, string>): Buffer {
  const blocks: Buffer[] = [];
  for (const [name, text] of Object.entries(files)) {
    const body = Buffer.from(text);
    const header = Buffer.alloc(512);
    header.write(name, 0, 100);
    header.write("0000644\0", 100);
    header.write("0000000\0", 108);
    header.write("0000000\0", 116);
    header.write(`${body.length.toString(8).padStart(11, "0")}\0`, 124);
    header.write("00000000000\0", 136);
    header.write("        ", 148);
    header.write("0", 156);
    header.write("ustar\0", 257);
    header.write("00", 263);
    const sum = header.reduce((a, b) => a + b, 0);
    header.write(`${sum.toString(8).padStart(6, "0")}\0 `, 148);
    blocks.push(header, body, Buffer.alloc((512 - (body.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  return Buffer.concat(blocks);
}

interface Layout {
  dir: string;
  manifest: string;
  blobs: Map<string, Buffer>;
}

/** An OCI image layout at `dir` with one image tagged `tag`. */
function ociLayout(dir: string, tag: string): Layout {
  const blobs = new Map<string, Buffer>();
  mkdirSync(join(dir, "blobs", "sha256"), { recursive: true });
  const put = (data: Buffer) => {
    const hex = sha256(data);
    writeFileSync(join(dir, "blobs", "sha256", hex), data);
    blobs.set(hex, data);
    return { digest: `sha256:${hex}`, size: data.length };
  };
  const raw = [tar({ "index.js": "export default { fetch() { return new Response('hello'); } };\n" }), tar({ "lib/greeting.js": "export const greeting = 'hello';\n" })];
  const layers = raw.map((t) => ({ mediaType: "application/vnd.oci.image.layer.v1.tar+gzip", ...put(gzipSync(t)) }));
  const config = {
    architecture: "amd64",
    os: "linux",
    config: { Entrypoint: ["index.js"] },
    rootfs: { type: "layers", diff_ids: raw.map((t) => `sha256:${sha256(t)}`) },
  };
  const configDesc = { mediaType: "application/vnd.oci.image.config.v1+json", ...put(Buffer.from(JSON.stringify(config))) };
  const manifest = JSON.stringify({ schemaVersion: 2, mediaType: "application/vnd.oci.image.manifest.v1+json", config: configDesc, layers });
  const manifestDesc = put(Buffer.from(manifest));
  const index = { schemaVersion: 2, manifests: [{ mediaType: "application/vnd.oci.image.manifest.v1+json", ...manifestDesc, annotations: { "org.opencontainers.image.ref.name": tag } }] };
  writeFileSync(join(dir, "index.json"), JSON.stringify(index));
  writeFileSync(join(dir, "oci-layout"), JSON.stringify({ imageLayoutVersion: "1.0.0" }));
  return { dir, manifest, blobs };
}

describe("the built-in registry with skopeo", () => {
  let server: TestServer;
  let work: string;
  let certDir: string;
  let skopeo: (args: string[]) => Promise<Run>;
  let image: string;

  beforeAll(async () => {
    server = await startServer();
    work = mkdtempSync(join(tmpdir(), "kube-edge-registry-"));
    certDir = join(work, "certs");
    mkdirSync(certDir);
    writeFileSync(join(certDir, "ca.crt"), server.caPem);
    mkdirSync(join(work, "home"));
    // An empty HOME: no auth file or policy of the machine's user leaks in.
    skopeo = (args) => runCommand("skopeo", ["--insecure-policy", ...args], { env: { HOME: join(work, "home"), TMPDIR: work } });
    image = `127.0.0.1:${server.port}/demo/hello`;
  });
  afterAll(async () => {
    await server?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it("takes a push with a cluster token as the Basic password, and gives the image back byte for byte", async () => {
    const layout = ociLayout(join(work, "src"), "v1");
    const push = await skopeo(["copy", "--dest-creds", `anyone:${server.token}`, "--dest-cert-dir", certDir, `oci:${layout.dir}:v1`, `docker://${image}:v1`]);
    expect(push, server.logs()).toMatchObject({ code: 0 });

    const raw = await skopeo(["inspect", "--raw", "--creds", `anyone:${server.token}`, "--cert-dir", certDir, `docker://${image}:v1`]);
    expect(raw.code, raw.stderr).toBe(0);
    expect(raw.stdout).toBe(layout.manifest);

    const tags = await skopeo(["list-tags", "--creds", `anyone:${server.token}`, "--cert-dir", certDir, `docker://${image}`]);
    expect(tags.code, tags.stderr).toBe(0);
    expect(JSON.parse(tags.stdout)).toMatchObject({ Repository: image, Tags: ["v1"] });

    const out = join(work, "out");
    const pull = await skopeo(["copy", "--src-creds", `anyone:${server.token}`, "--src-cert-dir", certDir, `docker://${image}:v1`, `oci:${out}:v1`]);
    expect(pull.code, pull.stderr).toBe(0);
    for (const [hex, data] of layout.blobs) expect(readFileSync(join(out, "blobs", "sha256", hex)).equals(data), hex).toBe(true);

    // By digest too, as a kubelet pulls a pinned image.
    const byDigest = await skopeo(["inspect", "--raw", "--creds", `anyone:${server.token}`, "--cert-dir", certDir, `docker://${image}@sha256:${sha256(layout.manifest)}`]);
    expect(byDigest.stdout).toBe(layout.manifest);
  });

  it("challenges a client without credentials, and refuses a bad token", async () => {
    const anonymous = await skopeo(["inspect", "--raw", "--cert-dir", certDir, `docker://${image}:v1`]);
    expect(anonymous.code).not.toBe(0);
    expect(anonymous.stderr).toMatch(/unauthorized|authentication required/i);
    const bad = await skopeo(["inspect", "--raw", "--creds", "anyone:not-a-token", "--cert-dir", certDir, `docker://${image}:v1`]);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/unauthorized|authentication required|invalid username\/password/i);
  });

  it("lets RBAC decide: a service account allowed only to pull cannot push", async () => {
    const ns = "registry-rbac";
    const apply = await server.kubectl(["apply", "-f", "-"], {
      stdin: [
        `apiVersion: v1\nkind: Namespace\nmetadata: {name: ${ns}}`,
        `apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: puller, namespace: ${ns}}`,
        `apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: demo-puller}\nrules: [{nonResourceURLs: ["/v2/", "/v2/demo/hello/*"], verbs: [get]}]`,
        `apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {name: demo-puller}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: demo-puller}\nsubjects: [{kind: ServiceAccount, name: puller, namespace: ${ns}}]`,
      ].join("\n---\n"),
    });
    expect(apply.code, apply.stderr).toBe(0);
    const token = await server.kubectl(["create", "token", "puller", "-n", ns]);
    expect(token.code, token.stderr).toBe(0);
    const creds = `puller:${token.stdout.trim()}`;

    const pull = await skopeo(["inspect", "--raw", "--creds", creds, "--cert-dir", certDir, `docker://${image}:v1`]);
    expect(pull.code, pull.stderr).toBe(0);
    const layout = ociLayout(join(work, "src2"), "v2");
    const push = await skopeo(["copy", "--dest-creds", creds, "--dest-cert-dir", certDir, `oci:${layout.dir}:v2`, `docker://${image}:v2`]);
    expect(push.code).not.toBe(0);
    expect(push.stderr).toMatch(/denied|forbidden|unauthorized/i);
  });
});
