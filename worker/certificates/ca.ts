/**
 * The cluster CA the signer issues from (CLUSTER_CA_CERT / CLUSTER_CA_KEY, PEM): RSA, ECDSA (P-256/384/521)
 * or Ed25519, the key in PKCS#8, PKCS#1 or SEC 1 form. Parsed once per isolate and binding value. The
 * signature algorithm follows the key as Go's x509.CreateCertificate picks it.
 */
import { createPrivateKey } from "node:crypto";
import type { Env } from "../env";
import type { X509Certificate } from "@peculiar/x509";
import { loadX509 } from "./x509";

/** A WebCrypto algorithm as the CA uses it: the import parameters and the signature algorithm. */
export interface CaAlgorithm {
  name: string;
  hash?: string;
  namedCurve?: string;
}

export interface ClusterCa {
  certificate: X509Certificate;
  signingKey: CryptoKey;
  signingAlgorithm: CaAlgorithm;
}

let cached: { certPem: string; keyPem: string; ca: Promise<ClusterCa> } | undefined;

/** The configured CA, undefined when either binding is missing; rejects when they do not parse. */
export function clusterCa(env: Env): Promise<ClusterCa> | undefined {
  const certPem = env.CLUSTER_CA_CERT;
  const keyPem = env.CLUSTER_CA_KEY;
  if (!certPem || !keyPem) return undefined;
  if (cached?.certPem !== certPem || cached.keyPem !== keyPem) {
    cached = { certPem, keyPem, ca: loadCa(certPem, keyPem) };
  }
  return cached.ca;
}

const CURVE_HASHES: Record<string, string> = { "P-256": "SHA-256", "P-384": "SHA-384", "P-521": "SHA-512" };

export async function loadCa(certPem: string, keyPem: string): Promise<ClusterCa> {
  const x509 = await loadX509();
  const certificate = new x509.X509Certificate(certPem);
  const pkcs8 = createPrivateKey(keyPem).export({ type: "pkcs8", format: "der" });
  const keyAlgorithm = certificate.publicKey.algorithm as CaAlgorithm;
  let importAlgorithm: CaAlgorithm;
  let signingAlgorithm: CaAlgorithm;
  if (keyAlgorithm.name === "ECDSA" && keyAlgorithm.namedCurve && CURVE_HASHES[keyAlgorithm.namedCurve]) {
    importAlgorithm = { name: "ECDSA", namedCurve: keyAlgorithm.namedCurve };
    signingAlgorithm = { name: "ECDSA", hash: CURVE_HASHES[keyAlgorithm.namedCurve] };
  } else if (keyAlgorithm.name === "Ed25519") {
    importAlgorithm = { name: "Ed25519" };
    signingAlgorithm = { name: "Ed25519" };
  } else if (keyAlgorithm.name.startsWith("RSA")) {
    importAlgorithm = { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" };
    signingAlgorithm = { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" };
  } else {
    throw new Error(`unsupported CA key algorithm ${keyAlgorithm.name}`);
  }
  const signingKey = await crypto.subtle.importKey("pkcs8", new Uint8Array(pkcs8), importAlgorithm, false, ["sign"]);
  return { certificate, signingKey, signingAlgorithm };
}
