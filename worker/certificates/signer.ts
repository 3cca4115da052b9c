/**
 * The CSR signing controller (kube-controller-manager's csrsigning controllers) for the kube-apiserver client,
 * kubelet client and kubelet serving signers, run after every CSR write and by the cron resync. It acts as
 * `system:serviceaccount:kube-system:certificate-controller` through the API (RBAC: `update` on
 * certificatesigningrequests/status, `sign` on the signers). Without a configured CA nothing is signed.
 */
import type { AfterWriteHook } from "../handlers/after-write";
import type { Env } from "../env";
import type { Registry } from "../../schema/registry-core";
import type { KubeObject } from "../../schema/types";
import { rfc3339 } from "../handlers/context";
import { clusterCa } from "./ca";
import { issueCertificate } from "./issue";
import { encodeStdBase64 } from "./pem";
import { awaitsSigning, certificateTtlMs, certificateValidity, keyUsagesOf, signingAction } from "./signing-policy";
import { CERTIFICATES_GROUP, CSR_RESOURCE, FAILED } from "./types";
import { loadX509 } from "./x509";

const CSR_PATH = `/apis/${CERTIFICATES_GROUP}/v1/${CSR_RESOURCE}`;

/**
 * The API as the certificate controller. Loaded on use: the internal client reaches the handlers, whose
 * after-write hooks import this module, and a static import would close that cycle.
 */
async function api(env: Env, registry: Registry, method: string, path: string, body?: unknown) {
  const { controllerUser, internalRequest } = await import("../internal-client");
  return internalRequest(env, registry, controllerUser("certificate-controller"), method, path, body);
}

let reportedNoCa = false;

export const csrSigningAfterWrite: AfterWriteHook = async (ctx, change) => {
  if (ctx.entry.group !== CERTIFICATES_GROUP || ctx.entry.resource !== CSR_RESOURCE || change.type === "DELETED") return;
  await syncCsr(ctx.env, ctx.registry, change.object, ctx.now());
};

/** The cron pass: every request, so a missed or failed hook is repaired within a minute. */
export async function resyncCsrSigning(env: Env, registry: Registry): Promise<void> {
  if (!caConfigured(env)) return;
  const res = await api(env, registry, "GET", CSR_PATH);
  if (res.status !== 200) {
    console.error(`csr signing: listing requests: ${res.status} ${res.body?.message ?? ""}`);
    return;
  }
  for (const csr of res.body?.items ?? []) await syncCsr(env, registry, csr, new Date());
}

/** Signs `csr`, or marks it Failed, when the signing controller would; writes through `/status`. */
export async function syncCsr(env: Env, registry: Registry, csr: KubeObject, now: Date): Promise<void> {
  if (!awaitsSigning(csr)) return;
  await loadX509();
  const action = signingAction(csr);
  if (action.kind === "none") return;
  if (action.kind === "error") {
    console.error(`csr signing: ${action.message}`);
    return;
  }
  const ca = caConfigured(env);
  if (!ca) return;
  const status: KubeObject = { ...(csr.status ?? {}) };
  if (action.kind === "fail") {
    const failed = { type: FAILED, status: "True", reason: "SignerValidationFailure", message: action.message, lastUpdateTime: rfc3339(now) };
    status.conditions = [...(status.conditions ?? []), failed];
  } else {
    const authority = await ca;
    const validity = certificateValidity(now, certificateTtlMs(action.expirationSeconds), authority.certificate.notAfter);
    const usages = keyUsagesOf(action.usages);
    if (!validity.ok || !usages.ok) {
      console.error(`csr signing: error auto signing csr ${csr.metadata?.name}: ${validity.ok ? (usages.ok ? "" : usages.error) : validity.error}`);
      return;
    }
    const serial = crypto.getRandomValues(new Uint8Array(16));
    const pem = await issueCertificate(authority, action.csr, { ...validity, ...usages, serial });
    status.certificate = encodeStdBase64(new TextEncoder().encode(pem));
  }
  const name = csr.metadata?.name ?? "";
  const res = await api(env, registry, "PUT", `${CSR_PATH}/${encodeURIComponent(name)}/status`, { ...csr, status });
  if (res.status >= 300) console.error(`csr signing: updating status of ${name}: ${res.status} ${res.body?.message ?? ""}`);
}

function caConfigured(env: Env) {
  const ca = clusterCa(env);
  if (!ca && !reportedNoCa) {
    reportedNoCa = true;
    console.warn("csr signing: CLUSTER_CA_CERT/CLUSTER_CA_KEY are not configured; CertificateSigningRequests stay unsigned");
  }
  return ca;
}
