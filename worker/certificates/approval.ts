/**
 * The `approval` subresource of CertificateSigningRequests: GET returns the request; PUT and PATCH go through
 * the generic update path, where the approval strategy keeps everything but status.conditions
 * (prepareCsrForUpdate) and the CertificateApproval admission plugin checks `approve` on the signer.
 */
import { getObject } from "../handlers/read";
import { patchObject } from "../handlers/patch";
import { updateObject } from "../handlers/update";
import type { Handler } from "../handlers/subresources";

export const CSR_APPROVAL_HANDLERS: Record<string, Handler> = { get: getObject, update: updateObject, patch: patchObject };
