/** Certificate requests made with real keys (WebCrypto in workerd) for the CSR tests. */
import { loadX509 } from "../../../worker/certificates/x509";
import { encodeStdBase64 } from "../../../worker/certificates/pem";
import type { KubeObject } from "../../../schema/types";

/** Loaded here, so every test importing the fixtures can also call the synchronous parseCsr / validation. */
const x509 = await loadX509();

export type KeyKind = "ec" | "ec384" | "rsa" | "ed25519";

const ALGORITHMS: Record<KeyKind, { gen: Record<string, unknown>; sign: Record<string, unknown> }> = {
  ec: { gen: { name: "ECDSA", namedCurve: "P-256" }, sign: { name: "ECDSA", hash: "SHA-256" } },
  ec384: { gen: { name: "ECDSA", namedCurve: "P-384" }, sign: { name: "ECDSA", hash: "SHA-384" } },
  rsa: {
    gen: { name: "RSASSA-PKCS1-v1_5", modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: "SHA-256" },
    sign: { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" },
  },
  ed25519: { gen: { name: "Ed25519" }, sign: { name: "Ed25519" } },
};

const keyCache = new Map<KeyKind, Promise<CryptoKeyPair>>();

/** One key pair per kind per test file (RSA generation is slow). */
export function keyPair(kind: KeyKind = "ec"): Promise<CryptoKeyPair> {
  let p = keyCache.get(kind);
  if (!p) {
    p = crypto.subtle.generateKey(ALGORITHMS[kind].gen as never, true, ["sign", "verify"]) as Promise<CryptoKeyPair>;
    keyCache.set(kind, p);
  }
  return p;
}

export interface CsrSpec {
  /** RFC 4514-ish subject, e.g. `CN=alice, O=dev`. */
  subject: string;
  dns?: string[];
  ips?: string[];
  emails?: string[];
  uris?: string[];
  key?: KeyKind;
}

/** A PEM `CERTIFICATE REQUEST`. */
export async function makeCsrPem(spec: CsrSpec): Promise<string> {
  const kind = spec.key ?? "ec";
  const sans = [
    ...(spec.dns ?? []).map((value) => ({ type: "dns" as const, value })),
    ...(spec.ips ?? []).map((value) => ({ type: "ip" as const, value })),
    ...(spec.emails ?? []).map((value) => ({ type: "email" as const, value })),
    ...(spec.uris ?? []).map((value) => ({ type: "url" as const, value })),
  ];
  const csr = await x509.Pkcs10CertificateRequestGenerator.create({
    name: spec.subject,
    keys: await keyPair(kind),
    signingAlgorithm: ALGORITHMS[kind].sign as never,
    extensions: sans.length ? [new x509.SubjectAlternativeNameExtension(sans)] : [],
  });
  return csr.toString("pem");
}

export const b64 = (text: string) => encodeStdBase64(new TextEncoder().encode(text));

/** A CertificateSigningRequest object for `pem`. */
export function csrObject(name: string, pem: string, signerName: string, usages: string[], extra: KubeObject = {}): KubeObject {
  return {
    apiVersion: "certificates.k8s.io/v1",
    kind: "CertificateSigningRequest",
    metadata: { name },
    spec: { request: b64(pem), signerName, usages, ...extra },
  };
}

export const CLIENT_USAGES = ["digital signature", "key encipherment", "client auth"];
export const CLIENT_SIGNER = "kubernetes.io/kube-apiserver-client";
export const KUBELET_SIGNER = "kubernetes.io/kube-apiserver-client-kubelet";
