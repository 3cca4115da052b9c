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
  validate(a) {
    if (a.operation !== "CREATE" || !isCsr(a) || a.ctx.req.subresource !== undefined) return;
    if (a.object?.spec?.signerName !== KUBE_APISERVER_CLIENT_SIGNER) return;
    const parsed = parseCsr(bytesOf(a.object.spec.request));
    if (!parsed.ok) throw admissionForbidden(a, "validate", `failed to parse CSR: ${parsed.error}`);
    if (parsed.csr.organizations.includes(SYSTEM_MASTERS)) {
      throw admissionForbidden(a, "validate", `use of ${KUBE_APISERVER_CLIENT_SIGNER} signer with system:masters group is not allowed`);
    }
  },
};

/** In upstream's plugin order. */
export const CERTIFICATE_PLUGINS: AdmissionPlugin[] = [CertificateApproval, CertificateSigning, CertificateSubjectRestriction];
