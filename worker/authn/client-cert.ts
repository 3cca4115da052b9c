/**
 * x509 client-certificate authentication (k8s.io/apiserver request/x509 with CommonNameUserConversion) for TLS
 * terminated by the edge: with `CLIENT_CERT_AUTH = "platform"`, `request.cf.tlsClientAuth` reports the
 * certificate the client presented. The user is the subject's CommonName, the groups its Organizations.
 *
 * Upstream semantics kept: no certificate → this authenticator has no opinion; a certificate that does not
 * verify against the client CA (CLUSTER_CA_CERT), is outside its validity window, or lacks the clientAuth
 * extended key usage → an error (401 unless another authenticator accepts the request); a verified
 * certificate without a CommonName → no opinion (the request continues as if no certificate was sent).
 *
 * Verification: the edge's verdict (`certVerified`) must be SUCCESS and not revoked, the issuer must be the
 * cluster CA's subject, and now must lie within notBefore/notAfter. The edge must also forward the leaf
 * (`certRFC9440`, a Cloudflare mTLS option): its signature is checked against the CA's key and its subject, dates
 * and key usages are read from the certificate itself. Without the leaf the request is refused — the DN strings
 * alone cannot show the clientAuth usage (a serving certificate of the same CA must not log in).
 * @peculiar/x509 is loaded on the first presented certificate, not with the app.
 */
import type { X509Certificate } from "@peculiar/x509";
import { loadX509, type X509 } from "../certificates/x509";
import type { Env } from "../env";
import { rfc3339 } from "../handlers/context";
import { sameName, subjectIdentity, attributeTypeOid, type Rdn } from "./distinguished-name";
import type { AuthenticationResult } from "./authenticate";

/** The fields of `IncomingRequestCfPropertiesTLSClientAuth` this authenticator reads. */
export interface TlsClientAuth {
  certPresented: string;
  certVerified: string;
  certRevoked?: string;
  certIssuerDN?: string;
  certSubjectDN?: string;
  certIssuerDNRFC2253?: string;
  certSubjectDNRFC2253?: string;
  certSerial?: string;
  certSKI?: string;
  certIssuerSKI?: string;
  certNotBefore?: string;
  certNotAfter?: string;
  certRFC9440?: string;
}

/** What is known about a presented certificate, in the certificate's (ASN.1) RDN order. */
export interface PresentedCertificate {
  /** The edge's verification result: "SUCCESS" or "FAILED:<reason>". */
  verified: string;
  revoked: boolean;
  issuer: Rdn[];
  subject: Rdn[];
  notBefore?: Date;
  notAfter?: Date;
  /** false when the certificate's extended key usages exclude client authentication. */
  clientAuthUsage: boolean;
  /** false when the forwarded leaf's signature does not verify with the CA key. */
  signatureValid: boolean;
  /** `SN=…, SKID=…, AKID=…` as upstream's certificateIdentifier. */
  identifier: string;
}

const CLIENT_AUTH_EKU = "1.3.6.1.5.5.7.3.2";
const ANY_EKU = "2.5.29.37.0";

/**
 * The pure decision of the x509 authenticator over a presented certificate and the CA's subject.
 * Returns the user, an error (upstream's wording), or undefined (no CommonName: no opinion).
 */
export function clientCertificateDecision(cert: PresentedCertificate, caSubject: Rdn[], now: Date): AuthenticationResult {
  const failed = (reason: string) => ({ error: `verifying certificate ${cert.identifier} failed: ${reason}` });
  if (cert.verified !== "SUCCESS") {
    const why = cert.verified.startsWith("FAILED:") ? cert.verified.slice("FAILED:".length) : "certificate verification failed";
    return failed(`x509: ${why}`);
  }
  if (cert.revoked) return failed("x509: certificate has been revoked");
  if (!cert.notBefore || !cert.notAfter) return failed("x509: certificate validity period is unknown");
  if (now < cert.notBefore) {
    return failed(`x509: certificate has expired or is not yet valid: current time ${rfc3339(now)} is before ${rfc3339(cert.notBefore)}`);
  }
  if (now > cert.notAfter) {
    return failed(`x509: certificate has expired or is not yet valid: current time ${rfc3339(now)} is after ${rfc3339(cert.notAfter)}`);
  }
  if (!cert.signatureValid || !sameName(cert.issuer, caSubject)) return failed("x509: certificate signed by unknown authority");
  if (!cert.clientAuthUsage) return failed("x509: certificate specifies an incompatible key usage");
  const { commonName, organizations } = subjectIdentity(cert.subject);
  if (!commonName) return undefined;
  return { user: { username: commonName, groups: organizations }, audiences: [] };
}

/** The RDNs of a parsed certificate name (peculiar's JSON form: ASN.1 order, keyword or OID types). */
function rdnsOf(name: { toJSON(): Record<string, string[]>[] }): Rdn[] {
  return name.toJSON().map((rdn) => Object.entries(rdn).flatMap(([type, values]) => values.map((value) => ({ type: attributeTypeOid(type), value }))));
}

function decimalSerial(hex: string | undefined): string {
  if (!hex || !/^[0-9A-Fa-f]+$/.test(hex)) return hex ?? "";
  return BigInt(`0x${hex}`).toString(10);
}

let caCache: { pem: string; ca: X509Certificate } | undefined;

function clusterCa(x509: X509, pem: string): X509Certificate {
  if (caCache?.pem !== pem) caCache = { pem, ca: new x509.X509Certificate(pem) };
  return caCache.ca;
}

/** The leaf of an RFC 9440 `Client-Cert` value (`:base64-DER:`), or undefined when absent. */
function leafOf(x509: X509, rfc9440: string | undefined): X509Certificate | undefined {
  const m = /^:([A-Za-z0-9+/=]+):$/.exec((rfc9440 ?? "").trim());
  if (!m) return undefined;
  return new x509.X509Certificate(Uint8Array.from(atob(m[1]), (c) => c.charCodeAt(0)));
}

/** What `tlsClientAuth` and the forwarded leaf say about the presented certificate; undefined without a leaf. */
export async function presentedCertificate(tls: TlsClientAuth, ca: X509Certificate): Promise<PresentedCertificate | undefined> {
  const x509 = await loadX509();
  const identifier = `SN=${decimalSerial(tls.certSerial)}, SKID=${tls.certSKI ?? ""}, AKID=${tls.certIssuerSKI ?? ""}`;
  const base = { verified: tls.certVerified, revoked: tls.certRevoked === "1", identifier };
  const leaf = leafOf(x509, tls.certRFC9440);
  if (!leaf) return undefined;
  const eku = leaf.getExtension(x509.ExtendedKeyUsageExtension);
  const usages = eku?.usages.map(String) ?? [];
  return {
    ...base,
    issuer: rdnsOf(leaf.issuerName),
    subject: rdnsOf(leaf.subjectName),
    notBefore: leaf.notBefore,
    notAfter: leaf.notAfter,
    clientAuthUsage: !eku || usages.includes(CLIENT_AUTH_EKU) || usages.includes(ANY_EKU),
    signatureValid: await leaf.verify({ publicKey: ca, signatureOnly: true }).catch(() => false),
  };
}

/**
 * The request authenticator: undefined unless client certificates are enabled (`CLIENT_CERT_AUTH =
 * "platform"`, CLUSTER_CA_CERT set) and the edge reports a presented certificate.
 */
export async function authenticateClientCertificate(req: Request, env: Env, now = new Date()): Promise<AuthenticationResult> {
  if (env.CLIENT_CERT_AUTH !== "platform" || !env.CLUSTER_CA_CERT) return undefined;
  const tls = (req.cf as { tlsClientAuth?: TlsClientAuth } | undefined)?.tlsClientAuth;
  if (!tls || tls.certPresented !== "1") return undefined;
  const ca = clusterCa(await loadX509(), env.CLUSTER_CA_CERT);
  let cert: PresentedCertificate | undefined;
  try {
    cert = await presentedCertificate(tls, ca);
  } catch (e) {
    return { error: `x509: malformed certificate: ${e instanceof Error ? e.message : String(e)}` };
  }
  // Without the leaf, nothing shows that the certificate is meant for client authentication (a serving
  // certificate of the same CA, e.g. a kubelet's `system:node:<name>`, must not log in): refuse.
  if (!cert) return { error: "x509: the edge did not forward the client certificate (certRFC9440): its key usages cannot be verified" };
  return clientCertificateDecision(cert, rdnsOf(ca.subjectName), now);
}
