/**
 * CertificateSigningRequests with the real kubectl: `create -f` a request made by openssl, `get csr` (table),
 * `certificate approve` (a protobuf PUT of the approval subresource) → Approved,Issued with a client
 * certificate from the project CA for the request's subject and key; `certificate deny`; kubelet signer
 * constraints → Failed.
 */
import { execFileSync } from "node:child_process";
import { X509Certificate, createPublicKey } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { useKubectlServer } from "./kubectl-session";

const kc = useKubectlServer();
const { ok } = kc;
const work = mkdtempSync(join(tmpdir(), "kube-edge-csr-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

let n = 0;
/** A P-256 key and a CSR for `subject` (openssl syntax, e.g. `/CN=jane/O=dev`). */
function opensslCsr(subject: string): { csrPem: string; keyPath: string } {
  const base = join(work, `req-${n++}`);
  execFileSync("openssl", ["req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", `${base}.key`, "-subj", subject, "-out", `${base}.csr`], { stdio: "pipe" });
  return { csrPem: readFileSync(`${base}.csr`, "utf8"), keyPath: `${base}.key` };
}

function manifest(name: string, csrPem: string, signerName: string, usages: string[], expirationSeconds?: number): string {
  return [
    "apiVersion: certificates.k8s.io/v1",
    "kind: CertificateSigningRequest",
    "metadata:",
    `  name: ${name}`,
    "spec:",
    `  request: ${Buffer.from(csrPem).toString("base64")}`,
    `  signerName: ${signerName}`,
    ...(expirationSeconds ? [`  expirationSeconds: ${expirationSeconds}`] : []),
    "  usages:",
    ...usages.map((u) => `  - ${u}`),
    "",
  ].join("\n");
}

const rowOf = (table: string, name: string) => table.split("\n").find((l) => l.startsWith(`${name} `)) ?? "";

describe("kubectl certificate", () => {
  it("create → Pending; approve → Approved,Issued with a certificate for the request from the cluster CA", async () => {
    const { csrPem, keyPath } = opensslCsr("/CN=jane/O=dev/O=ops");
    const created = await ok(["create", "-f", "-"], { stdin: manifest("jane", csrPem, "kubernetes.io/kube-apiserver-client", ["client auth"], 86400) });
    expect(created).toBe("certificatesigningrequest.certificates.k8s.io/jane created\n");

    const pending = await ok(["get", "csr", "jane"]);
    expect(pending.split("\n")[0]).toMatch(/^NAME\s+AGE\s+SIGNERNAME\s+REQUESTOR\s+REQUESTEDDURATION\s+CONDITION$/);
    expect(rowOf(pending, "jane")).toMatch(/^jane\s+\S+\s+kubernetes\.io\/kube-apiserver-client\s+kubernetes-admin\s+24h\s+Pending$/);

    expect(await ok(["certificate", "approve", "jane"])).toBe("certificatesigningrequest.certificates.k8s.io/jane approved\n");
    expect(rowOf(await ok(["get", "csr"]), "jane")).toMatch(/\s+Approved,Issued$/);

    const b64 = await ok(["get", "csr", "jane", "-o", "jsonpath={.status.certificate}"]);
    const cert = new X509Certificate(Buffer.from(b64, "base64"));
    const ca = new X509Certificate(kc.server().caPem);
    expect(cert.subject).toBe("CN=jane\nO=dev\nO=ops");
    expect(cert.checkIssued(ca)).toBe(true);
    expect(cert.verify(ca.publicKey)).toBe(true);
    expect(cert.ca).toBe(false);
    expect(cert.keyUsage).toEqual(["1.3.6.1.5.5.7.3.2"]);
    const spki = (k: ReturnType<typeof createPublicKey>) => k.export({ type: "spki", format: "der" }).toString("hex");
    expect(spki(cert.publicKey)).toBe(spki(createPublicKey(readFileSync(keyPath, "utf8"))));
    const lifetime = Date.parse(cert.validTo) - Date.parse(cert.validFrom);
    expect(lifetime).toBe(24 * 3600_000); // 24h requested: backdated 5 minutes at both ends

    const described = await ok(["describe", "csr", "jane"]);
    expect(described).toMatch(/^Requesting User:\s+kubernetes-admin$/m);
    expect(described).toMatch(/^Signer:\s+kubernetes\.io\/kube-apiserver-client$/m);
    expect(described).toMatch(/^Status:\s+Approved,Issued$/m);
    expect(described).toMatch(/^\s+Common Name:\s+jane$/m);

    const approved = await kc.json(["get", "csr", "jane"]);
    expect(approved.status.conditions).toEqual([
      expect.objectContaining({ type: "Approved", status: "True", reason: "KubectlApprove", message: "This CSR was approved by kubectl certificate approve." }),
    ]);

    // kubectl refuses by itself (the server would too: Approved and Denied are exclusive).
    expect((await kc.fail(["certificate", "deny", "jane"])).stderr).toBe('error: certificate signing request "jane" is already Approved\n');
    // Approving again is a no-op for kubectl and the request.
    expect(await ok(["certificate", "approve", "jane"])).toBe("certificatesigningrequest.certificates.k8s.io/jane approved\n");
    expect((await kc.json(["get", "csr", "jane"])).status.conditions).toHaveLength(1);
  });

  it("deny → Denied, never issued", async () => {
    const { csrPem } = opensslCsr("/CN=bob");
    await ok(["create", "-f", "-"], { stdin: manifest("bob", csrPem, "kubernetes.io/kube-apiserver-client", ["digital signature", "client auth"]) });
    expect(await ok(["certificate", "deny", "bob"])).toBe("certificatesigningrequest.certificates.k8s.io/bob denied\n");
    expect(rowOf(await ok(["get", "csr", "bob"]), "bob")).toMatch(/\s+<none>\s+Denied$/);
    expect(await ok(["get", "csr", "bob", "-o", "jsonpath={.status.certificate}"])).toBe("");
  });

  it("the kubelet client signer refuses a request that is not a node's: Approved,Failed", async () => {
    const { csrPem } = opensslCsr("/CN=mallory/O=system:nodes");
    await ok(["create", "-f", "-"], { stdin: manifest("mallory", csrPem, "kubernetes.io/kube-apiserver-client-kubelet", ["digital signature", "client auth"]) });
    await ok(["certificate", "approve", "mallory"]);
    expect(rowOf(await ok(["get", "csr", "mallory"]), "mallory")).toMatch(/\s+Approved,Failed$/);
    const failed = await kc.json(["get", "csr", "mallory"]);
    expect(failed.status.conditions).toContainEqual(
      expect.objectContaining({ type: "Failed", status: "True", reason: "SignerValidationFailure", message: "subject common name does not begin with system:node:" }),
    );
  });

  it("a request that is not a CSR is refused with upstream's message", async () => {
    const res = await kc.fail(["create", "-f", "-"], { stdin: manifest("junk", "not a csr", "example.com/x", ["client auth"]) });
    expect(res.stderr).toContain('The CertificateSigningRequest "junk" is invalid: spec.request: Invalid value: []byte{0x6e, 0x6f, 0x74');
    expect(res.stderr).toContain("PEM block type must be CERTIFICATE REQUEST");
  });
});
