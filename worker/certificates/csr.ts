/**
 * PKCS#10 certificate requests as kube-apiserver reads them (pkg/apis/certificates ParseCSR, Go's
 * x509.ParseCertificateRequest and CertificateRequest.CheckSignature): the first PEM block must be a
 * `CERTIFICATE REQUEST`, its DER must parse, and its self-signature must verify. Synchronous, so validation can
 * use it: parsing by @peculiar/x509 (which callers load first, see x509.ts), the signature check by node:crypto.
 */
import { createPublicKey, verify } from "node:crypto";
import type { Pkcs10CertificateRequest } from "@peculiar/x509";
import { loadedX509, type X509 } from "./x509";
import { splitSigned } from "./der";
import { latin1, pemBlocks } from "./pem";

export interface ParsedCsr {
  der: Uint8Array;
  commonName: string;
  organizations: string[];
  dnsNames: string[];
  ipAddresses: string[];
  emailAddresses: string[];
  uris: string[];
  /** The request as @peculiar/x509 parsed it (subject Name and public key for issuing). */
  request: Pkcs10CertificateRequest;
}

export type CsrResult = { ok: true; csr: ParsedCsr } | { ok: false; error: string };

const CSR_PEM_TYPE_ERROR = "PEM block type must be CERTIFICATE REQUEST";
const MALFORMED = "x509: malformed certificate request";

/** ParseCSR: the first PEM block of `pemBytes`, which must be a CERTIFICATE REQUEST that parses. */
export function parseCsr(pemBytes: Uint8Array | undefined): CsrResult {
  const block = pemBytes ? pemBlocks(latin1(pemBytes))[0] : undefined;
  if (!block || block.type !== "CERTIFICATE REQUEST") return { ok: false, error: CSR_PEM_TYPE_ERROR };
  const x509 = loadedX509();
  let request: Pkcs10CertificateRequest;
  try {
    request = new x509.Pkcs10CertificateRequest(block.bytes);
  } catch {
    return { ok: false, error: MALFORMED };
  }
  const sans = subjectAltNames(x509, request);
  if (!sans) return { ok: false, error: MALFORMED };
  return {
    ok: true,
    csr: {
      der: block.bytes,
      commonName: request.subjectName.getField("CN")[0] ?? "",
      organizations: request.subjectName.getField("O"),
      ...sans,
      request,
    },
  };
}

type Sans = Pick<ParsedCsr, "dnsNames" | "ipAddresses" | "emailAddresses" | "uris">;

function subjectAltNames(x509: X509, request: Pkcs10CertificateRequest): Sans | undefined {
  const out: Sans = { dnsNames: [], ipAddresses: [], emailAddresses: [], uris: [] };
  try {
    const ext = request.extensions.find((e) => e instanceof x509.SubjectAlternativeNameExtension);
    for (const name of ext?.names.items ?? []) {
      if (name.type === "dns") out.dnsNames.push(name.value);
      else if (name.type === "ip") out.ipAddresses.push(name.value);
      else if (name.type === "email") out.emailAddresses.push(name.value);
      else if (name.type === "url") out.uris.push(name.value);
    }
  } catch {
    return undefined;
  }
  return out;
}

/** Signature algorithm OIDs Go verifies → the hash node:crypto needs (null: the algorithm fixes it). */
const SIGNATURE_HASHES: Record<string, { hash: string | null; key: "rsa" | "ec" | "ed25519" }> = {
  "1.2.840.113549.1.1.5": { hash: "sha1", key: "rsa" },
  "1.2.840.113549.1.1.11": { hash: "sha256", key: "rsa" },
  "1.2.840.113549.1.1.12": { hash: "sha384", key: "rsa" },
  "1.2.840.113549.1.1.13": { hash: "sha512", key: "rsa" },
  "1.2.840.10045.4.1": { hash: "sha1", key: "ec" },
  "1.2.840.10045.4.3.2": { hash: "sha256", key: "ec" },
  "1.2.840.10045.4.3.3": { hash: "sha384", key: "ec" },
  "1.2.840.10045.4.3.4": { hash: "sha512", key: "ec" },
  "1.3.101.112": { hash: null, key: "ed25519" },
};

/** CheckSignature: undefined when the request's self-signature verifies, else Go's error text. */
export function checkCsrSignature(csr: ParsedCsr): string | undefined {
  const signed = splitSigned(csr.der);
  if (!signed) return MALFORMED;
  const alg = SIGNATURE_HASHES[signed.signatureAlgorithm];
  if (!alg) return "x509: cannot verify signature: algorithm unimplemented";
  let ok = false;
  try {
    const key = createPublicKey({ key: new Uint8Array(csr.request.publicKey.rawData), format: "der", type: "spki" });
    ok = key.asymmetricKeyType === alg.key && verify(alg.hash, signed.tbs, key, signed.signature);
  } catch {
    ok = false;
  }
  if (ok) return undefined;
  if (alg.key === "rsa") return "crypto/rsa: verification error";
  return alg.key === "ec" ? "x509: ECDSA verification failure" : "x509: Ed25519 verification failure";
}
