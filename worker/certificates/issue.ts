/**
 * Issues a certificate for a request from the cluster CA (authority.CertificateAuthority.Sign with the
 * permissive policy): the request's subject, public key and subjectAltNames; the granted key usages; no CA;
 * the request's other extensions dropped; a random 128-bit serial; extensions in the order Go writes them
 * (key usage, extended key usage, basic constraints, authority key id, subjectAltName).
 */
import type { ClusterCa } from "./ca";
import type { ParsedCsr } from "./csr";
import { encodePem } from "./pem";
import type { Extension } from "@peculiar/x509";
import { loadX509 } from "./x509";

export interface IssueParams {
  notBefore: Date;
  notAfter: Date;
  keyUsage: number;
  extKeyUsages: string[];
  /** 16 random bytes (injected, so tests are repeatable). */
  serial: Uint8Array;
}

export async function issueCertificate(ca: ClusterCa, csr: ParsedCsr, p: IssueParams): Promise<string> {
  const x509 = await loadX509();
  const extensions: Extension[] = [];
  if (p.keyUsage) extensions.push(new x509.KeyUsagesExtension(p.keyUsage, true));
  if (p.extKeyUsages.length) extensions.push(new x509.ExtendedKeyUsageExtension(p.extKeyUsages, false));
  extensions.push(new x509.BasicConstraintsExtension(false, undefined, true));
  const caKeyId = ca.certificate.getExtension(x509.SubjectKeyIdentifierExtension)?.keyId;
  if (caKeyId) extensions.push(new x509.AuthorityKeyIdentifierExtension(caKeyId, false));
  const sans = csr.request.extensions.find((e) => e instanceof x509.SubjectAlternativeNameExtension);
  // RFC 5280 §4.2.1.6 (and Go): the subjectAltName extension is critical when the subject is empty.
  if (sans) extensions.push(new x509.SubjectAlternativeNameExtension(sans.names.toJSON(), csr.request.subjectName.toJSON().length === 0));
  const serial = new Uint8Array(p.serial);
  serial[0] &= 0x7f;
  if (serial[0] === 0) serial[0] = 1;
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: Array.from(serial, (b) => b.toString(16).padStart(2, "0")).join(""),
    subject: csr.request.subjectName,
    issuer: ca.certificate.subjectName,
    notBefore: p.notBefore,
    notAfter: p.notAfter,
    publicKey: csr.request.publicKey,
    signingKey: ca.signingKey,
    signingAlgorithm: ca.signingAlgorithm,
    extensions,
  });
  return encodePem("CERTIFICATE", new Uint8Array(cert.rawData));
}
