#!/usr/bin/env node
/**
 * TLS for the local server. kubectl only sends bearer tokens over TLS and verifies the server against
 * `certificate-authority-data` (no insecure flags), so we keep a real two-level PKI, created once:
 *
 *   ca.crt / ca.key         self-signed CA (basicConstraints CA:TRUE, keyUsage keyCertSign|cRLSign), 10 years
 *   server.crt / server.key server certificate signed by the CA, SANs IP 127.0.0.1, IP ::1, DNS localhost,
 *                           DNS *.lb.localhost and *.nodes.lb.localhost (LoadBalancer and NodePort hosts under
 *                           the default LOAD_BALANCER_DOMAIN, worker/services/domain.ts), extKeyUsage serverAuth,
 *                           1 year
 *
 * Files are reused across restarts and regenerated only when missing, unparsable, expiring within 30 days,
 * or (for the server certificate) not issued by the current CA — so a kubeconfig written once keeps
 * working. Keys are ECDSA P-256 in PKCS#8 PEM (mode 0600). Certificates are built with @peculiar/x509 over
 * the global WebCrypto; the checks use node's own X509Certificate, so the library is only loaded to generate.
 *
 * CLI: `node scripts/certs.mjs [--dir <dir>]` ensures the files and prints their paths as JSON.
 */
import { X509Certificate, randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { CERTS_DIR, isMainModule } from "./lib/paths.mjs";
import { withFileLock, writeFileAtomic } from "./lib/fs-util.mjs";

const DAY_MS = 24 * 60 * 60 * 1000;
/** Validity of the CA; long, because every kubeconfig embeds it. */
export const CA_VALIDITY_DAYS = 3650;
/** Validity of the server certificate; renewed silently from the same CA. */
export const SERVER_VALIDITY_DAYS = 365;
/** Certificates expiring within this window are regenerated at startup. */
export const RENEW_BEFORE_DAYS = 30;
/** Subject alternative names of the server certificate (what kubeconfigs and the harness connect to). */
export const SERVER_SANS = [
  { type: "ip", value: "127.0.0.1" },
  { type: "ip", value: "::1" },
  { type: "dns", value: "localhost" },
  { type: "dns", value: "*.lb.localhost" },
  { type: "dns", value: "*.nodes.lb.localhost" },
];

const ECDSA_P256 = { name: "ECDSA", namedCurve: "P-256" };
const SIGNING_ALGORITHM = { name: "ECDSA", hash: "SHA-256" };

/**
 * Paths of the four PEM files inside `dir`.
 * @param {string} dir
 */
export function certPaths(dir) {
  return {
    caPath: join(dir, "ca.crt"),
    caKeyPath: join(dir, "ca.key"),
    certPath: join(dir, "server.crt"),
    keyPath: join(dir, "server.key"),
  };
}

/**
 * Whether a CA certificate can be kept: parses, is a CA, and is valid for at least `RENEW_BEFORE_DAYS`.
 * @param {string | undefined} caPem
 * @param {Date} now
 */
export function caIsUsable(caPem, now) {
  const ca = parseCert(caPem);
  return !!ca && ca.ca && isValidFor(ca, now);
}

/**
 * Whether a server certificate can be kept: parses, was signed by `caPem`, covers every SAN in
 * `SERVER_SANS`, and is valid for at least `RENEW_BEFORE_DAYS`.
 * @param {string | undefined} certPem
 * @param {string | undefined} caPem
 * @param {Date} now
 */
export function serverCertIsUsable(certPem, caPem, now) {
  const cert = parseCert(certPem);
  const ca = parseCert(caPem);
  if (!cert || !ca || !isValidFor(cert, now)) return false;
  if (!cert.checkIssued(ca) || !cert.verify(ca.publicKey)) return false;
  return SERVER_SANS.every(({ type, value }) =>
    type === "ip" ? cert.checkIP(value) !== undefined : cert.checkHost(value.replace(/^\*\./, "probe.")) !== undefined,
  );
}

/** @param {string | undefined} pem */
function parseCert(pem) {
  if (!pem) return undefined;
  try {
    return new X509Certificate(pem);
  } catch {
    return undefined;
  }
}

/** @param {X509Certificate} cert @param {Date} now */
function isValidFor(cert, now) {
  const from = Date.parse(cert.validFrom);
  const to = Date.parse(cert.validTo);
  return from <= now.getTime() + 60_000 && to - now.getTime() > RENEW_BEFORE_DAYS * DAY_MS;
}

/** A positive random 128-bit serial number in hex (RFC 5280 §4.1.2.2). */
function randomSerial() {
  const bytes = randomBytes(16);
  bytes[0] &= 0x7f;
  bytes[0] |= 0x01;
  return bytes.toString("hex");
}

/** @returns {Promise<typeof import("@peculiar/x509")>} */
async function loadX509() {
  await import("./lib/reflect-metadata-shim.mjs");
  const x509 = await import("@peculiar/x509");
  x509.cryptoProvider.set(globalThis.crypto);
  return x509;
}

/**
 * Creates a self-signed CA.
 * @param {Date} now
 * @returns {Promise<{ certPem: string, keyPem: string }>}
 */
export async function generateCa(now) {
  const x509 = await loadX509();
  const keys = await crypto.subtle.generateKey(ECDSA_P256, true, ["sign", "verify"]);
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: randomSerial(),
    name: `CN=kube-edge-ca@${Math.floor(now.getTime() / 1000)}`,
    notBefore: new Date(now.getTime() - 60_000),
    notAfter: new Date(now.getTime() + CA_VALIDITY_DAYS * DAY_MS),
    signingAlgorithm: SIGNING_ALGORITHM,
    keys,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(
        x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign | x509.KeyUsageFlags.digitalSignature,
        true,
      ),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return { certPem: cert.toString("pem"), keyPem: await exportKeyPem(x509, keys.privateKey) };
}

/**
 * Creates a server certificate for `SERVER_SANS`, signed by the given CA.
 * @param {{ certPem: string, keyPem: string }} ca
 * @param {Date} now
 * @returns {Promise<{ certPem: string, keyPem: string }>}
 */
export async function generateServerCert(ca, now) {
  const x509 = await loadX509();
  const caCert = new x509.X509Certificate(ca.certPem);
  const caKey = await crypto.subtle.importKey(
    "pkcs8",
    x509.PemConverter.decodeFirst(ca.keyPem),
    ECDSA_P256,
    false,
    ["sign"],
  );
  const keys = await crypto.subtle.generateKey(ECDSA_P256, true, ["sign", "verify"]);
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: randomSerial(),
    subject: "CN=localhost",
    issuer: caCert.subject,
    notBefore: new Date(now.getTime() - 60_000),
    notAfter: new Date(now.getTime() + SERVER_VALIDITY_DAYS * DAY_MS),
    signingAlgorithm: SIGNING_ALGORITHM,
    publicKey: keys.publicKey,
    signingKey: caKey,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension(
        SERVER_SANS.map(({ type, value }) => ({ type: /** @type {"ip" | "dns"} */ (type), value })),
      ),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
      await x509.AuthorityKeyIdentifierExtension.create(caCert),
    ],
  });
  return { certPem: cert.toString("pem"), keyPem: await exportKeyPem(x509, keys.privateKey) };
}

/** @param {typeof import("@peculiar/x509")} x509 @param {CryptoKey} key */
async function exportKeyPem(x509, key) {
  const der = await crypto.subtle.exportKey("pkcs8", key);
  return x509.PemConverter.encode(der, "PRIVATE KEY");
}

/** @param {string} path */
function readIfExists(path) {
  return existsSync(path) ? readFileSync(path, "utf8") : undefined;
}

/**
 * Ensures a usable CA and server certificate exist in `dir` (default `.wrangler/certs`), generating what is
 * missing or expiring. Safe to call concurrently from several processes.
 * @param {{ dir?: string, now?: Date }} [options]
 * @returns {Promise<{ dir: string, caPath: string, caKeyPath: string, certPath: string, keyPath: string,
 *   caPem: string, generated: boolean }>}
 */
export async function ensureCerts({ dir = CERTS_DIR, now = new Date() } = {}) {
  const paths = certPaths(dir);
  const current = () => ({
    caPem: readIfExists(paths.caPath),
    caKeyPem: readIfExists(paths.caKeyPath),
    certPem: readIfExists(paths.certPath),
    keyPem: readIfExists(paths.keyPath),
  });
  const usable = (/** @type {ReturnType<typeof current>} */ c) =>
    !!c.caKeyPem && !!c.keyPem && caIsUsable(c.caPem, now) && serverCertIsUsable(c.certPem, c.caPem, now);

  let files = current();
  let generated = false;
  if (!usable(files)) {
    await withFileLock(join(dir, ".lock"), async () => {
      files = current();
      if (usable(files)) return;
      let ca = { certPem: files.caPem ?? "", keyPem: files.caKeyPem ?? "" };
      if (!files.caKeyPem || !caIsUsable(files.caPem, now)) {
        ca = await generateCa(now);
        writeFileAtomic(paths.caKeyPath, ca.keyPem, 0o600);
        writeFileAtomic(paths.caPath, ca.certPem);
      }
      const server = await generateServerCert(ca, now);
      writeFileAtomic(paths.keyPath, server.keyPem, 0o600);
      writeFileAtomic(paths.certPath, server.certPem);
      files = current();
      generated = true;
    });
  }
  return { dir, ...paths, caPem: /** @type {string} */ (files.caPem), generated };
}

if (isMainModule(import.meta.url)) {
  const { values } = parseArgs({ options: { dir: { type: "string" } } });
  const { caPem: _caPem, ...result } = await ensureCerts({ dir: values.dir });
  console.log(JSON.stringify(result, null, 2));
}
