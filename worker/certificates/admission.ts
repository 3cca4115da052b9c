/**
 * The certificate admission plugins (plugin/pkg/admission/certificates): CertificateApproval (writing
 * `approval` needs `approve` on the signer), CertificateSigning (changing status through `status` needs `sign`
 * on the signer) and CertificateSubjectRestriction (no kube-apiserver-client certificates for system:masters).
 * Signer permissions are RBAC on the synthetic `signers` resource of certificates.k8s.io, by signerName or
 * `<domain>/*`.
 */
import type { UserInfo } from "../authn/user";
import { SYSTEM_MASTERS } from "../authn/user";
import { authorize } from "../authz/authorize";
import type { Attributes } from "../authz/types";
import type { Env } from "../env";
import { admissionForbidden } from "../admission/admission-errors";
import type { AdmissionAttributes, AdmissionPlugin } from "../admission/plugins";
import { deepEqual } from "../admission/lifecycle";
import { parseCsr } from "./csr";
import { bytesOf } from "./validation";
import { CERTIFICATES_GROUP, CSR_RESOURCE, KUBE_APISERVER_CLIENT_SIGNER } from "./types";
import { loadX509 } from "./x509";

/** The `signers` attributes of `verb` on `signerName` (certauthorization buildAttributes). */
export function signerAttributes(user: UserInfo, verb: string, signerName: string): Attributes {
  return { user, verb, resourceRequest: true, apiGroup: CERTIFICATES_GROUP, apiVersion: "*", resource: "signers", name: signerName };
}

/** IsAuthorizedForSignerName: `verb` on the signerName itself, else on `<domain>/*`. */
export async function isAuthorizedForSignerName(env: Env, user: UserInfo, verb: string, signerName: string): Promise<boolean> {
  if ((await authorize(env, signerAttributes(user, verb, signerName))).allowed) return true;
  const domain = signerName.split("/")[0];
  return (await authorize(env, signerAttributes(user, verb, `${domain}/*`))).allowed;
}

const isCsr = (a: AdmissionAttributes) => a.ctx.entry.group === CERTIFICATES_GROUP && a.ctx.entry.resource === CSR_RESOURCE;

/**
 * Not an upstream plugin: a mutating step that loads @peculiar/x509 before the kind's validation, which is
 * synchronous and parses spec.request and status.certificate. The library is thus imported by CSR writes only,
 * never with the app.
 */
export const CertificateX509Loader: AdmissionPlugin = {
  name: "CertificateX509Loader",
  async mutate(a) {
    if (isCsr(a)) await loadX509();
  },
};

export const CertificateApproval: AdmissionPlugin = {
  name: "CertificateApproval",
  async validate(a) {
    if (a.operation !== "UPDATE" || !isCsr(a) || a.ctx.req.subresource !== "approval") return;
    // The stored object's signer: an approval write cannot change the spec anyway.
    const signerName: string = a.oldObject?.spec?.signerName ?? "";
    if (!(await isAuthorizedForSignerName(a.ctx.env, a.ctx.user, "approve", signerName))) {
      throw admissionForbidden(a, "validate", `user not permitted to approve requests with signerName "${signerName}"`);
    }
  },
};

export const CertificateSigning: AdmissionPlugin = {
  name: "CertificateSigning",
  async validate(a) {
    if (a.operation !== "UPDATE" || !isCsr(a) || a.ctx.req.subresource !== "status") return;
    const before = a.oldObject?.status ?? {};
    const after = a.object?.status ?? {};
    if ((before.certificate ?? "") === (after.certificate ?? "") && deepEqual(before.conditions ?? [], after.conditions ?? [])) return;
    const signerName: string = a.oldObject?.spec?.signerName ?? "";
    if (!(await isAuthorizedForSignerName(a.ctx.env, a.ctx.user, "sign", signerName))) {
      throw admissionForbidden(a, "validate", `user not permitted to sign requests with signerName "${signerName}"`);
    }
  },
};

export const CertificateSubjectRestriction: AdmissionPlugin = {
  name: "CertificateSubjectRestriction",
  async validate(a) {
    if (a.operation !== "CREATE" || !isCsr(a) || a.ctx.req.subresource !== undefined) return;
    if (a.object?.spec?.signerName !== KUBE_APISERVER_CLIENT_SIGNER) return;
    await loadX509();
    const parsed = parseCsr(bytesOf(a.object.spec.request));
    if (!parsed.ok) throw admissionForbidden(a, "validate", `failed to parse CSR: ${parsed.error}`);
    if (parsed.csr.organizations.includes(SYSTEM_MASTERS)) {
      throw admissionForbidden(a, "validate", `use of ${KUBE_APISERVER_CLIENT_SIGNER} signer with system:masters group is not allowed`);
    }
  },
};

/** The loader, then upstream's plugins in upstream's order. */
export const CERTIFICATE_PLUGINS: AdmissionPlugin[] = [CertificateX509Loader, CertificateApproval, CertificateSigning, CertificateSubjectRestriction];
