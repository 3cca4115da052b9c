/**
 * What the CSR signing controller does with a request (pkg/controller/certificates/signer and the certificate
 * controller's sync), as pure functions: which requests it signs, the per-signer constraints whose violation
 * marks a request Failed, the validity it grants (authority.PermissiveSigningPolicy) and the X.509 key usages.
 */
import type { KubeObject } from "../../schema/types";
import { parseCsr, type ParsedCsr } from "./csr";
import { bytesOf } from "./validation";
import {
  APPROVED,
  DENIED,
  FAILED,
  KUBE_APISERVER_CLIENT_KUBELET_SIGNER,
  KUBE_APISERVER_CLIENT_SIGNER,
  KUBELET_SERVING_SIGNER,
} from "./types";

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
/** kube-controller-manager's --cluster-signing-duration default (8760h). */
export const MAX_CERT_TTL_MS = 8760 * HOUR_MS;
/** NotBefore backdating; always below the shortest duration a request may get (10 minutes). */
const BACKDATE_MS = 5 * MINUTE_MS;
/** Shorter certificates do not backdate their end (5 minutes is about 1% of 8 hours). */
const SHORT_MS = 8 * HOUR_MS;
const MIN_TTL_MS = 10 * MINUTE_MS;

export type SigningAction =
  | { kind: "none" }
  /** A signer constraint is violated: add a Failed condition (reason SignerValidationFailure). */
  | { kind: "fail"; message: string }
  | { kind: "sign"; csr: ParsedCsr; usages: string[]; expirationSeconds?: number }
  /** The request cannot be read: nothing is written; the next pass retries, as upstream requeues. */
  | { kind: "error"; message: string };

/**
 * The signers run here, each with its request check (getCSRVerificationFuncForSignerName). The legacy-unknown
 * signer is not run: v1 cannot create such requests. Requests for other signers are left alone.
 */
const SIGNER_CHECKS: Record<string, (csr: ParsedCsr, usages: string[]) => string | undefined> = {
  [KUBE_APISERVER_CLIENT_SIGNER]: (_csr, usages) => validateApiServerClientUsages(usages),
  [KUBE_APISERVER_CLIENT_KUBELET_SIGNER]: validateKubeletClientCsr,
  [KUBELET_SERVING_SIGNER]: validateKubeletServingCsr,
};

/**
 * Whether the signing controller would act on `csr` (approved, not Failed, not yet issued, a signer run here),
 * decided without parsing the request: only then is @peculiar/x509 needed (loadX509 before signingAction).
 */
export function awaitsSigning(csr: KubeObject): boolean {
  if (csr.status?.certificate) return false;
  const types = (Array.isArray(csr.status?.conditions) ? csr.status.conditions : []) as KubeObject[];
  const approved = types.some((c) => c?.type === APPROVED) && !types.some((c) => c?.type === DENIED);
  const failed = types.some((c) => c?.type === FAILED && c?.status === "True");
  return approved && !failed && Object.hasOwn(SIGNER_CHECKS, csr.spec?.signerName ?? "");
}

/**
 * The signing controller's decision for one request (level-triggered: the same state gives the same action).
 * Parses the request when `awaitsSigning`, so the library must be loaded (loadX509) for such requests.
 */
export function signingAction(csr: KubeObject): SigningAction {
  if (!awaitsSigning(csr)) return { kind: "none" };
  const check = SIGNER_CHECKS[csr.spec.signerName];
  const parsed = parseCsr(bytesOf(csr.spec?.request));
  if (!parsed.ok) return { kind: "error", message: `unable to parse csr "${csr.metadata?.name ?? ""}": ${parsed.error}` };
  const usages: string[] = Array.isArray(csr.spec?.usages) ? csr.spec.usages : [];
  const violation = check(parsed.csr, usages);
  if (violation) return { kind: "fail", message: violation };
  const expirationSeconds = typeof csr.spec?.expirationSeconds === "number" ? csr.spec.expirationSeconds : undefined;
  return { kind: "sign", csr: parsed.csr, usages, expirationSeconds };
}

/** validAPIServerClientUsages: client auth required; digital signature and key encipherment allowed. */
export function validateApiServerClientUsages(usages: string[]): string | undefined {
  for (const u of usages) {
    if (u !== "digital signature" && u !== "key encipherment" && u !== "client auth") return `invalid usage for client certificate: ${u}`;
  }
  return usages.includes("client auth") ? undefined : "missing required usage for client certificate: client auth";
}

const sameSet = (a: string[], b: string[]) => new Set(a).size === b.length && b.every((x) => a.includes(x));
/** Go's `%v` of a []string. */
const goList = (items: string[]) => `[${items.join(" ")}]`;

const KUBELET_CLIENT_USAGES = ["client auth", "digital signature", "key encipherment"];
const KUBELET_SERVING_USAGES = ["digital signature", "key encipherment", "server auth"];

/** ValidateKubeletClientCSR: O=system:nodes, CN=system:node:<name>, no subjectAltNames, client usages. */
export function validateKubeletClientCsr(csr: ParsedCsr, usages: string[]): string | undefined {
  if (!sameOrganizations(csr)) return "subject organization is not system:nodes";
  if (csr.dnsNames.length) return "DNS subjectAltNames are not allowed";
  if (csr.emailAddresses.length) return "Email subjectAltNames are not allowed";
  if (csr.ipAddresses.length) return "IP subjectAltNames are not allowed";
  if (csr.uris.length) return "URI subjectAltNames are not allowed";
  if (!csr.commonName.startsWith("system:node:")) return "subject common name does not begin with system:node:";
  if (!sameSet(usages, KUBELET_CLIENT_USAGES) && !sameSet(usages, ["client auth", "digital signature"])) {
    return `usages did not match ${goList(KUBELET_CLIENT_USAGES)}`;
  }
  return undefined;
}

/** ValidateKubeletServingCSR: O=system:nodes, DNS or IP names only, serving usages, CN=system:node:<name>. */
export function validateKubeletServingCsr(csr: ParsedCsr, usages: string[]): string | undefined {
  if (!sameOrganizations(csr)) return "subject organization is not system:nodes";
  if (!csr.dnsNames.length && !csr.ipAddresses.length) return "DNS or IP subjectAltName is required";
  if (csr.emailAddresses.length) return "Email subjectAltNames are not allowed";
  if (csr.uris.length) return "URI subjectAltNames are not allowed";
  if (!sameSet(usages, KUBELET_SERVING_USAGES) && !sameSet(usages, ["digital signature", "server auth"])) {
    return `usages did not match ${goList(KUBELET_SERVING_USAGES)}`;
  }
  if (!csr.commonName.startsWith("system:node:")) return "subject common name does not begin with system:node:";
  return undefined;
}

const sameOrganizations = (csr: ParsedCsr) => csr.organizations.length === 1 && csr.organizations[0] === "system:nodes";

/** The granted lifetime: the requested one clamped to [10 minutes, the signer maximum]. */
export function certificateTtlMs(expirationSeconds: number | undefined, maxTtlMs = MAX_CERT_TTL_MS): number {
  if (expirationSeconds === undefined) return maxTtlMs;
  return Math.min(maxTtlMs, Math.max(MIN_TTL_MS, expirationSeconds * 1000));
}

export type Validity = { ok: true; notBefore: Date; notAfter: Date } | { ok: false; error: string };

/**
 * PermissiveSigningPolicy: NotBefore = now - 5m; NotAfter = now + ttl (- 5m unless short-lived), cut to the
 * signer's own NotAfter; refuses once the signer has expired. Times are whole seconds, as certificates hold them.
 */
export function certificateValidity(now: Date, ttlMs: number, signerNotAfter: Date): Validity {
  const t = Math.floor(now.getTime() / 1000) * 1000;
  const notBefore = t - BACKDATE_MS;
  let notAfter = ttlMs < SHORT_MS ? t + ttlMs : t + ttlMs - BACKDATE_MS;
  const limit = signerNotAfter.getTime();
  if (notAfter >= limit) notAfter = limit;
  if (notBefore >= limit) return { ok: false, error: `the signer has expired: NotAfter=${signerNotAfter.toISOString()}` };
  if (t >= limit) return { ok: false, error: `refusing to sign a certificate that expired in the past: NotAfter=${signerNotAfter.toISOString()}` };
  return { ok: true, notBefore: new Date(notBefore), notAfter: new Date(notAfter) };
}

/** x509.KeyUsage bits (digitalSignature = 1 … decipherOnly = 256) of the usages. */
const KEY_USAGE_BITS: Record<string, number> = {
  signing: 1,
  "digital signature": 1,
  "content commitment": 2,
  "key encipherment": 4,
  "data encipherment": 8,
  "key agreement": 16,
  "cert sign": 32,
  "crl sign": 64,
  "encipher only": 128,
  "decipher only": 256,
};

/** Extended key usages in Go's x509.ExtKeyUsage order (the order they are written in). */
const EXT_KEY_USAGES: [usage: string, oid: string][] = [
  ["any", "2.5.29.37.0"],
  ["server auth", "1.3.6.1.5.5.7.3.1"],
  ["client auth", "1.3.6.1.5.5.7.3.2"],
  ["code signing", "1.3.6.1.5.5.7.3.3"],
  ["email protection", "1.3.6.1.5.5.7.3.4"],
  ["s/mime", "1.3.6.1.5.5.7.3.4"],
  ["ipsec end system", "1.3.6.1.5.5.7.3.5"],
  ["ipsec tunnel", "1.3.6.1.5.5.7.3.6"],
  ["ipsec user", "1.3.6.1.5.5.7.3.7"],
  ["timestamping", "1.3.6.1.5.5.7.3.8"],
  ["ocsp signing", "1.3.6.1.5.5.7.3.9"],
  ["microsoft sgc", "1.3.6.1.4.1.311.10.3.3"],
  ["netscape sgc", "2.16.840.1.113730.4.1"],
];

export type KeyUsages = { ok: true; keyUsage: number; extKeyUsages: string[] } | { ok: false; error: string };

/** keyUsagesFromStrings: the KeyUsage bit set and the distinct extended key usage OIDs. */
export function keyUsagesOf(usages: string[]): KeyUsages {
  const unknown = usages.filter((u) => !Object.hasOwn(KEY_USAGE_BITS, u) && !EXT_KEY_USAGES.some(([name]) => name === u));
  if (unknown.length) return { ok: false, error: `unrecognized usage values: [${unknown.map((u) => JSON.stringify(u)).join(" ")}]` };
  let keyUsage = 0;
  for (const u of usages) if (Object.hasOwn(KEY_USAGE_BITS, u)) keyUsage |= KEY_USAGE_BITS[u];
  const extKeyUsages = [...new Set(EXT_KEY_USAGES.filter(([name]) => usages.includes(name)).map(([, oid]) => oid))];
  return { ok: true, keyUsage, extKeyUsages };
}
