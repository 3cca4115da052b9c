/**
 * Certificates issued from the cluster CA (the test CA of vitest.config.ts, ECDSA P-256) and from RSA and
 * P-384 CAs made here (with PKCS#1 and SEC 1 key files): subject, key, usages, validity and issuer are the
 * request's and the policy's, and the signature verifies with the CA's public key (checked by @peculiar/x509 and,
 * independently, by node:crypto's X509Certificate).
 */
import { env } from "cloudflare:test";
import { createPrivateKey, X509Certificate as NodeX509 } from "node:crypto";
import { describe, expect, it } from "vitest";
import { clusterCa, loadCa, type ClusterCa } from "../../../worker/certificates/ca";
import { parseCsr } from "../../../worker/certificates/csr";
import { issueCertificate } from "../../../worker/certificates/issue";
import { loadX509 } from "../../../worker/certificates/x509";
import type { Env } from "../../../worker/env";
import { keyPair, makeCsrPem, type CsrSpec, type KeyKind } from "./fixtures";

const x509 = await loadX509();

const testEnv = env as unknown as Env;
const NOT_BEFORE = new Date("2024-06-01T11:55:00Z");
const NOT_AFTER = new Date("2025-06-01T11:55:00Z");
const SERIAL = new Uint8Array(16).fill(0xab);

async function selfSignedCa(kind: "rsa" | "ec384"): Promise<{ certPem: string; keyPem: string }> {
  const keys = await crypto.subtle.generateKey(
    (kind === "rsa"
      ? { name: "RSASSA-PKCS1-v1_5", modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: "SHA-256" }
      : { name: "ECDSA", namedCurve: "P-384" }) as never,
    true,
    ["sign", "verify"],
  ) as CryptoKeyPair;
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    name: `CN=test-${kind}-ca`,
    keys,
    notBefore: new Date("2020-01-01T00:00:00Z"),
    notAfter: new Date("2040-01-01T00:00:00Z"),
    signingAlgorithm: (kind === "rsa" ? { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" } : { name: "ECDSA", hash: "SHA-384" }) as never,
    extensions: [new x509.BasicConstraintsExtension(true, undefined, true), await x509.SubjectKeyIdentifierExtension.create(keys.publicKey)],
  });
  const pkcs8 = new Uint8Array((await crypto.subtle.exportKey("pkcs8", keys.privateKey)) as ArrayBuffer);
  const key = createPrivateKey({ key: pkcs8, format: "der", type: "pkcs8" });
  const keyPem = key.export({ type: kind === "rsa" ? "pkcs1" : "sec1", format: "pem" }) as string;
  return { certPem: cert.toString("pem"), keyPem };
}

async function issue(ca: ClusterCa, spec: CsrSpec, keyUsage: number, ext: string[]) {
  const csrPem = await makeCsrPem(spec);
  const parsed = parseCsr(new TextEncoder().encode(csrPem));
  if (!parsed.ok) throw new Error(parsed.error);
  const pem = await issueCertificate(ca, parsed.csr, { notBefore: NOT_BEFORE, notAfter: NOT_AFTER, keyUsage, extKeyUsages: ext, serial: SERIAL });
  return { pem, cert: new x509.X509Certificate(pem), parsed: parsed.csr };
}

async function expectIssuedBy(ca: ClusterCa, pem: string) {
  const cert = new x509.X509Certificate(pem);
  expect(cert.issuer).toBe(ca.certificate.subject);
  expect(await cert.verify({ publicKey: ca.certificate.publicKey, signatureOnly: true })).toBe(true);
  const node = new NodeX509(pem);
  const caNode = new NodeX509(ca.certificate.toString("pem"));
  expect(node.checkIssued(caNode)).toBe(true);
  expect(node.verify(caNode.publicKey)).toBe(true);
}

describe("issueCertificate", () => {
  it.each<KeyKind>(["ec", "rsa", "ed25519"])("a client certificate for a %s key from the cluster CA", async (key) => {
    const ca = await clusterCa(testEnv)!;
    const { pem, cert, parsed } = await issue(ca, { subject: "CN=alice, O=dev, O=ops", key }, 1 | 4, ["1.3.6.1.5.5.7.3.2"]);
    await expectIssuedBy(ca, pem);
    expect(cert.subject).toBe("CN=alice, O=dev, O=ops");
    expect(new Uint8Array(cert.publicKey.rawData)).toEqual(new Uint8Array(parsed.request.publicKey.rawData));
    expect(cert.notBefore).toEqual(NOT_BEFORE);
    expect(cert.notAfter).toEqual(NOT_AFTER);
    expect(cert.serialNumber).toBe("2b".padEnd(32, "ab"));
    const ku = cert.getExtension(x509.KeyUsagesExtension)!;
    expect([ku.usages, ku.critical]).toEqual([x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment, true]);
    expect(cert.getExtension(x509.ExtendedKeyUsageExtension)!.usages).toEqual(["1.3.6.1.5.5.7.3.2"]);
    const bc = cert.getExtension(x509.BasicConstraintsExtension)!;
    expect([bc.ca, bc.critical]).toEqual([false, true]);
    const caKeyId = ca.certificate.getExtension(x509.SubjectKeyIdentifierExtension)!.keyId;
    expect(cert.getExtension(x509.AuthorityKeyIdentifierExtension)!.keyId).toBe(caKeyId);
    expect(cert.getExtension(x509.SubjectAlternativeNameExtension)).toBeNull();
    expect(cert.extensions.map((e) => e.type)).toEqual(["2.5.29.15", "2.5.29.37", "2.5.29.19", "2.5.29.35"]);
  });

  it("subjectAltNames are copied; no key usage extension when none is granted", async () => {
    const ca = await clusterCa(testEnv)!;
    const spec = { subject: "CN=system:node:n1, O=system:nodes", dns: ["n1.example.com"], ips: ["10.0.0.7"] };
    const { cert } = await issue(ca, spec, 0, ["1.3.6.1.5.5.7.3.1"]);
    expect(cert.getExtension(x509.KeyUsagesExtension)).toBeNull();
    const san = cert.getExtension(x509.SubjectAlternativeNameExtension)!;
    expect(san.names.toJSON()).toEqual([{ type: "dns", value: "n1.example.com" }, { type: "ip", value: "10.0.0.7" }]);
    expect(san.critical).toBe(false);
  });

  it.each<"rsa" | "ec384">(["rsa", "ec384"])("a %s CA with its key in PKCS#1 / SEC 1 form", async (kind) => {
    const { certPem, keyPem } = await selfSignedCa(kind);
    expect(keyPem).toMatch(kind === "rsa" ? /^-----BEGIN RSA PRIVATE KEY-----/ : /^-----BEGIN EC PRIVATE KEY-----/);
    const ca = await loadCa(certPem, keyPem);
    expect(ca.signingAlgorithm).toEqual(kind === "rsa" ? { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" } : { name: "ECDSA", hash: "SHA-384" });
    const { pem, cert } = await issue(ca, { subject: "CN=bob" }, 1, ["1.3.6.1.5.5.7.3.2"]);
    await expectIssuedBy(ca, pem);
    expect(cert.signatureAlgorithm).toMatchObject(kind === "rsa" ? { name: "RSASSA-PKCS1-v1_5", hash: { name: "SHA-256" } } : { name: "ECDSA", hash: { name: "SHA-384" } });
  });

  it("no CA configured: nothing to sign with", () => {
    expect(clusterCa({ ...testEnv, CLUSTER_CA_CERT: undefined })).toBeUndefined();
    expect(clusterCa({ ...testEnv, CLUSTER_CA_KEY: "" })).toBeUndefined();
  });

  it("keys are reused across calls", async () => {
    expect(clusterCa(testEnv)).toBe(clusterCa(testEnv));
    await keyPair("ec");
  });
});
