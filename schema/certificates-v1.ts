/**
 * certificates.k8s.io/v1 (k8s.io/api/certificates/v1): CertificateSigningRequest, cluster-scoped, with the
 * `status` and `approval` subresources. Strategy, validation and CSR parsing live in worker/certificates.
 */
import { z } from "zod";
import { atomicList, int32, listOf, obj, opt, str, time, topLevel } from "./meta";
import type { GroupVersionDef, KindDef } from "./types";
import { base64ErrorOffset } from "../worker/certificates/pem";
import { prepareCsrForCreate, prepareCsrForUpdate } from "../worker/certificates/strategy";
import { validateCsrCreate, validateCsrUpdate } from "../worker/certificates/validation";

export const CERTIFICATES_V1 = "io.k8s.api.certificates.v1.";

/** Go `[]byte` in JSON: standard base64; anything else fails decoding (400) as Go's decoder does. */
const bytes = (meta: Record<string, unknown> = {}) =>
  z
    .string()
    .superRefine((s, ctx) => {
      const at = base64ErrorOffset(s);
      if (at >= 0) ctx.addIssue({ code: "custom", message: `illegal base64 data at input byte ${at}` });
    })
    .meta({ format: "byte", ...meta });

export const CertificateSigningRequestSpecSchema = obj({
  request: opt(bytes()).describe('An x509 certificate signing request in a "CERTIFICATE REQUEST" PEM block (base64 in JSON).'),
  signerName: opt(str).describe("The requested signer, a qualified name (kubernetes.io/kube-apiserver-client, …)."),
  expirationSeconds: opt(int32).describe("The requested validity in seconds (at least 600); signers may issue a different one."),
  usages: atomicList(str).describe('Key usages requested: "digital signature", "key encipherment", "client auth", …'),
  username: opt(str).describe("The name of the user that created the request; set by the API server."),
  uid: opt(str).describe("The uid of the user that created the request; set by the API server."),
  groups: atomicList(str).describe("The groups of the user that created the request; set by the API server."),
  extra: opt(z.record(z.string(), z.array(str))).describe("Extra attributes of the user that created the request; set by the API server."),
}).meta({ id: `${CERTIFICATES_V1}CertificateSigningRequestSpec`, required: ["request", "signerName"] });

export const CertificateSigningRequestConditionSchema = obj({
  type: opt(str).describe('Approved, Denied or Failed (at most one of each; Approved and Denied exclusive).'),
  status: opt(str).describe("True, False or Unknown; Approved, Denied and Failed may only be True."),
  reason: opt(str),
  message: opt(str),
  lastUpdateTime: opt(time),
  lastTransitionTime: opt(time),
}).meta({ id: `${CERTIFICATES_V1}CertificateSigningRequestCondition`, required: ["type", "status"] });

export const CertificateSigningRequestStatusSchema = obj({
  // +listType=map without a patch strategy: strategic merge patch replaces the list whole.
  conditions: listOf(CertificateSigningRequestConditionSchema, { "x-kubernetes-list-type": "map", "x-kubernetes-list-map-keys": ["type"] }).describe(
    "Approved, Denied and Failed conditions.",
  ),
  certificate: opt(bytes({ "x-kubernetes-list-type": "atomic" })).describe(
    "The issued certificate (PEM, base64 in JSON), set by the signer through /status; immutable once set.",
  ),
}).meta({ id: `${CERTIFICATES_V1}CertificateSigningRequestStatus` });

export const CertificateSigningRequestSchema = topLevel(`${CERTIFICATES_V1}CertificateSigningRequest`, {
  spec: opt(CertificateSigningRequestSpecSchema).describe("The certificate request; immutable after creation."),
  status: opt(CertificateSigningRequestStatusSchema).describe("Approval conditions and the issued certificate."),
}).describe("A request for an x509 certificate, approved and issued asynchronously.");

export type CertificateSigningRequest = z.infer<typeof CertificateSigningRequestSchema>;

const nowRfc3339 = () => new Date().toISOString().replace(/\.\d{3}Z$/, "Z");

export const certificateSigningRequestKind: KindDef = {
  kind: "CertificateSigningRequest",
  resource: "certificatesigningrequests",
  singular: "certificatesigningrequest",
  namespaced: false,
  shortNames: ["csr"],
  schema: CertificateSigningRequestSchema,
  status: true,
  fieldSelectors: ["spec.signerName"],
  subresources: [
    {
      name: "approval",
      responseKind: { group: "certificates.k8s.io", version: "v1", kind: "CertificateSigningRequest" },
      verbs: ["get", "patch", "update"],
    },
  ],
  prepareForCreate: prepareCsrForCreate,
  prepareForUpdate: (obj, old, subresource) => prepareCsrForUpdate(obj, old, subresource, nowRfc3339()),
  validate: (obj, old, subresource) => (old ? validateCsrUpdate(obj, old, subresource) : validateCsrCreate(obj)),
};

export const certificatesV1: GroupVersionDef = {
  group: "certificates.k8s.io",
  version: "v1",
  kinds: [certificateSigningRequestKind],
};
