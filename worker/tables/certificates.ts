/** certificates.k8s.io CertificateSigningRequest (printCertificateSigningRequest / extractCSRStatus). */
import { humanDuration } from "./duration";
import { ageOf, arr, nameOf, str } from "./format";
import { AGE_COLUMN, NAME_COLUMN, column, type KubeObject, type TableDef } from "./types";

/** Denied, else Approved, else Pending; then ",Failed" and ",Issued" when they apply. */
export function csrCondition(csr: KubeObject): string {
  const types = arr(csr.status?.conditions).map((c) => c?.type);
  let status = types.includes("Denied") ? "Denied" : types.includes("Approved") ? "Approved" : "Pending";
  if (types.includes("Failed")) status += ",Failed";
  if (csr.status?.certificate) status += ",Issued";
  return status;
}

export const CERTIFICATE_SIGNING_REQUEST_TABLE: TableDef = {
  columns: [
    NAME_COLUMN,
    AGE_COLUMN,
    column("SignerName", "string", "Requested signer for the request. It is a qualified name in the form: `scope-hostname.io/name`."),
    column("Requestor", "string", "Base64-encoded PKCS#10 CSR data"),
    column("RequestedDuration", "string", "expirationSeconds is the requested duration of validity of the issued certificate."),
    column("Condition", "string", "Conditions applied to the request, such as approval or denial."),
  ],
  cells: (csr, now) => [
    nameOf(csr),
    ageOf(csr, now),
    str(csr.spec?.signerName) || "<none>",
    str(csr.spec?.username),
    typeof csr.spec?.expirationSeconds === "number" ? humanDuration(csr.spec.expirationSeconds * 1000) : "<none>",
    csrCondition(csr),
  ],
};
