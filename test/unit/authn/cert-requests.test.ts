/**
 * Client certificates through the real Worker: `request.cf.tlsClientAuth` as the edge reports an mTLS
 * handshake, with certificates issued in the test by the test cluster CA (test/fixtures/test-ca.*), and by a
 * foreign CA with the same name. The workerd test project sets CLIENT_CERT_AUTH = "platform".
 */
import { env as testEnv, SELF } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import type * as X509Types from "@peculiar/x509";
import { loadX509 } from "../../../worker/certificates/x509";
import { BASE } from "../api/client";
import type { Env } from "../../../worker/env";

const env = testEnv as unknown as Env;
const x509 = await loadX509();

const EC = { name: "ECDSA", namedCurve: "P-256" } as const;
const SIGN = { name: "ECDSA", hash: "SHA-256" } as const;
const DAY = 86_400_000;
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** OpenSSL's rendering of a certificate time, as the edge reports certNotBefore / certNotAfter. */
const opensslTime = (d: Date) =>
  `${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, " ")} ${d.toISOString().slice(11, 19)} ${d.getUTCFullYear()} GMT`;

interface Issuer {
  cert: X509Types.X509Certificate;
  key: CryptoKey;
}

let clusterCa: Issuer;
let foreignCa: Issuer;

async function selfSignedCa(name: string): Promise<Issuer> {
  const keys = (await crypto.subtle.generateKey(EC, true, ["sign", "verify"])) as CryptoKeyPair;
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: "0a",
    name,
    notBefore: new Date(Date.now() - DAY),
    notAfter: new Date(Date.now() + 365 * DAY),
    signingAlgorithm: SIGN,
    keys,
    extensions: [new x509.BasicConstraintsExtension(true, 0, true)],
  });
  return { cert, key: keys.privateKey };
}

interface ClientCertOptions {
  subject: string;
  issuer?: Issuer;
  notBefore?: Date;
  notAfter?: Date;
  usages?: string[];
}

async function clientCert(o: ClientCertOptions): Promise<X509Types.X509Certificate> {
  const issuer = o.issuer ?? clusterCa;
  const keys = (await crypto.subtle.generateKey(EC, true, ["sign", "verify"])) as CryptoKeyPair;
  return x509.X509CertificateGenerator.create({
    serialNumber: "1f2e",
    subject: o.subject,
    issuer: issuer.cert.subject,
    notBefore: o.notBefore ?? new Date(Date.now() - DAY),
    notAfter: o.notAfter ?? new Date(Date.now() + 30 * DAY),
    signingAlgorithm: SIGN,
    publicKey: keys.publicKey,
    signingKey: issuer.key,
    extensions: [new x509.ExtendedKeyUsageExtension(o.usages ?? [x509.ExtendedKeyUsage.clientAuth])],
  });
}

/** RFC 2253 order: the last RDN of the certificate first. */
const rfc2253 = (name: X509Types.Name) =>
  name
    .toJSON()
    .map((rdn) => Object.entries(rdn).map(([t, [v]]) => `${t}=${v.replace(/([,+"\\<>;=])/g, "\\$1")}`).join("+"))
    .reverse()
    .join(",");

/** What the edge puts in request.cf.tlsClientAuth for a verified certificate; `leaf` adds certRFC9440. */
function tlsClientAuth(cert: X509Types.X509Certificate, opts: { leaf?: boolean; verified?: string; revoked?: boolean } = {}) {
  const der = new Uint8Array(cert.rawData);
  return {
    certPresented: "1",
    certVerified: opts.verified ?? "SUCCESS",
    certRevoked: opts.revoked ? "1" : "0",
    certIssuerDN: rfc2253(cert.issuerName),
    certSubjectDN: rfc2253(cert.subjectName),
    certIssuerDNRFC2253: rfc2253(cert.issuerName),
    certSubjectDNRFC2253: rfc2253(cert.subjectName),
    certSerial: cert.serialNumber.toUpperCase(),
    certNotBefore: opensslTime(cert.notBefore),
    certNotAfter: opensslTime(cert.notAfter),
    certRFC9440: opts.leaf ? `:${btoa(String.fromCharCode(...der))}:` : "",
  };
}

async function whoami(tls: unknown, headers: Record<string, string> = {}) {
  const res = await SELF.fetch(`${BASE}/apis/authentication.k8s.io/v1/selfsubjectreviews`, {
    method: "POST",
    headers: { "Content-Type": "application/json", ...headers },
    body: JSON.stringify({ apiVersion: "authentication.k8s.io/v1", kind: "SelfSubjectReview" }),
    cf: tls === undefined ? undefined : { tlsClientAuth: tls },
  } as RequestInit);
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

beforeAll(async () => {
  const caKey = await crypto.subtle.importKey("pkcs8", x509.PemConverter.decodeFirst(env.CLUSTER_CA_KEY!), EC, false, ["sign"]);
  clusterCa = { cert: new x509.X509Certificate(env.CLUSTER_CA_CERT!), key: caKey };
  foreignCa = await selfSignedCa(clusterCa.cert.subject); // same name, different key
  await SELF.fetch(`${BASE}/livez`); // the first request bootstraps the cluster
}, 60_000);

it("a verified certificate whose leaf the edge did not forward → 401 (its key usages cannot be checked)", async () => {
  const cert = await clientCert({ subject: "O=system:masters, CN=carol" });
  const res = await whoami(tlsClientAuth(cert, { leaf: false }));
  expect(res.status).toBe(401);
});

describe.each([["with the forwarded leaf (certRFC9440)", true]])("a certificate issued by the cluster CA, %s", (_name, leaf) => {
  it("authenticates CN as the user and every O as a group (system:authenticated added)", async () => {
    const cert = await clientCert({ subject: "O=system:masters, O=ops, CN=carol" });
    const res = await whoami(tlsClientAuth(cert, { leaf }));
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.status.userInfo).toEqual({ username: "carol", groups: ["system:masters", "ops", "system:authenticated"] });
  });

  it("escaped characters in the subject survive", async () => {
    const cert = await clientCert({ subject: "O=system:masters, CN=Doe\\, John" });
    const res = await whoami(tlsClientAuth(cert, { leaf }));
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.status.userInfo.username).toBe("Doe, John");
  });

  it("an expired certificate → 401", async () => {
    const cert = await clientCert({ subject: "O=system:masters, CN=carol", notBefore: new Date(Date.now() - 10 * DAY), notAfter: new Date(Date.now() - DAY) });
    expect((await whoami(tlsClientAuth(cert, { leaf }))).status).toBe(401);
  });

  it("a certificate not yet valid → 401", async () => {
    const cert = await clientCert({ subject: "O=system:masters, CN=carol", notBefore: new Date(Date.now() + DAY), notAfter: new Date(Date.now() + 2 * DAY) });
    expect((await whoami(tlsClientAuth(cert, { leaf }))).status).toBe(401);
  });

  it("the edge reports a failed verification → 401", async () => {
    const cert = await clientCert({ subject: "O=system:masters, CN=carol" });
    expect((await whoami(tlsClientAuth(cert, { leaf, verified: "FAILED:certificate has expired" }))).status).toBe(401);
  });

  it("a revoked certificate → 401", async () => {
    const cert = await clientCert({ subject: "O=system:masters, CN=carol" });
    expect((await whoami(tlsClientAuth(cert, { leaf, revoked: true }))).status).toBe(401);
  });

  it("a certificate of another CA → 401", async () => {
    const cert = await clientCert({ subject: "O=system:masters, CN=mallory", issuer: await selfSignedCa("CN=other-ca") });
    expect((await whoami(tlsClientAuth(cert, { leaf }))).status).toBe(401);
  });

  it("a certificate without a CommonName is ignored: the request is anonymous", async () => {
    const cert = await clientCert({ subject: "O=system:masters" });
    const res = await whoami(tlsClientAuth(cert, { leaf }));
    expect(res.status).toBe(403);
    expect(res.body.message).toContain('User "system:anonymous"');
  });

  it("a rejected certificate does not stop a valid bearer token (union of authenticators)", async () => {
    const cert = await clientCert({ subject: "O=system:masters, CN=carol", issuer: await selfSignedCa("CN=other-ca") });
    const res = await whoami(tlsClientAuth(cert, { leaf }), { Authorization: "Bearer alice-token" });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.status.userInfo.username).toBe("alice");
  });

  it("a valid certificate wins over a bearer token (the certificate authenticator runs first)", async () => {
    const cert = await clientCert({ subject: "O=system:masters, CN=carol" });
    const res = await whoami(tlsClientAuth(cert, { leaf }), { Authorization: "Bearer alice-token" });
    expect(res.body.status.userInfo.username).toBe("carol");
  });
});

describe("checks only the forwarded leaf allows", () => {
  it("a certificate signed by another key under the cluster CA's name → 401", async () => {
    const cert = await clientCert({ subject: "O=system:masters, CN=mallory", issuer: foreignCa });
    expect((await whoami(tlsClientAuth(cert, { leaf: true }))).status).toBe(401);
  });

  it("a certificate whose extended key usages exclude clientAuth → 401", async () => {
    const cert = await clientCert({ subject: "O=system:masters, CN=carol", usages: [x509.ExtendedKeyUsage.serverAuth] });
    expect((await whoami(tlsClientAuth(cert, { leaf: true }))).status).toBe(401);
  });

  it("a malformed leaf → 401", async () => {
    const cert = await clientCert({ subject: "O=system:masters, CN=carol" });
    expect((await whoami({ ...tlsClientAuth(cert), certRFC9440: ":AAAA:" })).status).toBe(401);
  });
});

describe("no certificate", () => {
  it("the edge's placeholder (certPresented 0) → anonymous", async () => {
    const res = await whoami({ certPresented: "0", certVerified: "NONE", certRevoked: "0" });
    expect(res.status).toBe(403);
    expect(res.body.message).toContain('User "system:anonymous"');
  });

  it("no tlsClientAuth at all → anonymous", async () => {
    const res = await whoami(undefined);
    expect(res.body.message).toContain('User "system:anonymous"');
  });
});
