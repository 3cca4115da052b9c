/**
 * CertificateSigningRequest validation (pkg/apis/certificates/validation): create, and update through the
 * main resource, `status` (may set status.certificate) and `approval` (may add Approved/Denied conditions).
 * Existing bad data is tolerated on update exactly where upstream tolerates it (getValidationOptions).
 */
import type { FieldError, KubeObject } from "../../schema/types";
import { deepEqual } from "../admission/lifecycle";
import {
  child,
  duplicate,
  forbidden,
  index,
  invalid,
  isDNS1123Label,
  isDNS1123Subdomain,
  notSupported,
  required,
  tooLong,
  validateObjectMeta,
  validateObjectMetaUpdate,
} from "../../schema/validation";
import { checkCsrSignature, parseCsr } from "./csr";
import { decodeStdBase64, goBytesLiteral, latin1, pemBlocks } from "./pem";
import { loadedX509 } from "./x509";
import { ALL_KEY_USAGES, APPROVED, DENIED, FAILED, LEGACY_UNKNOWN_SIGNER } from "./types";

interface Options {
  allowSettingApprovalConditions: boolean;
  allowSettingCertificate: boolean;
  allowBothApprovedAndDenied: boolean;
  allowLegacySignerName: boolean;
  allowDuplicateConditionTypes: boolean;
  allowEmptyConditionType: boolean;
  allowArbitraryCertificate: boolean;
  allowUnknownUsages: boolean;
  allowDuplicateUsages: boolean;
}

const DNS1123_SUBDOMAIN_MAX = 253;
const DNS1123_LABEL_MAX = 63;
/** Conditions that may only be True. */
const TRUE_ONLY_TYPES = [APPROVED, DENIED, FAILED];
const ALL_STATUSES = ["False", "True", "Unknown"];

/** A `[]byte` field's bytes (JSON base64), `undefined` for nil. */
export function bytesOf(v: unknown): Uint8Array | undefined {
  return typeof v === "string" ? (decodeStdBase64(v) ?? new Uint8Array()) : undefined;
}

const conditionsOf = (csr: KubeObject): KubeObject[] => (Array.isArray(csr.status?.conditions) ? csr.status.conditions : []);
const usagesOf = (csr: KubeObject): string[] => (Array.isArray(csr.spec?.usages) ? csr.spec.usages : []);

export function validateCsrCreate(csr: KubeObject): FieldError[] {
  return validateCsr(csr, optionsFor(csr, undefined, undefined));
}

/** ValidateCertificateSigningRequest{,Status,Approval}Update by the subresource written. */
export function validateCsrUpdate(csr: KubeObject, old: KubeObject, subresource?: string): FieldError[] {
  const opts = optionsFor(csr, old, subresource);
  const errs = validateCsr(csr, opts);
  for (const t of [APPROVED, DENIED, FAILED]) {
    if (findConditions(csr, t).length < findConditions(old, t).length) {
      errs.push(forbidden("status.conditions", `updates may not remove a condition of type "${t}"`));
    }
  }
  if (!opts.allowSettingApprovalConditions) {
    for (const t of [APPROVED, DENIED]) {
      const before = findConditions(old, t);
      const after = findConditions(csr, t);
      if (after.length > before.length) errs.push(forbidden("status.conditions", `updates may not add a condition of type "${t}"`));
      else if (after.length === before.length && !deepEqual(before, after)) {
        errs.push(forbidden("status.conditions", `updates may not modify a condition of type "${t}"`));
      }
    }
  }
  const cert = csr.status?.certificate ?? "";
  const oldCert = old.status?.certificate ?? "";
  if (!sameBytes(cert, oldCert)) {
    if (!opts.allowSettingCertificate) errs.push(forbidden("status.certificate", "updates may not set certificate content"));
    else if (oldCert) errs.push(forbidden("status.certificate", "updates may not modify existing certificate content"));
  }
  errs.push(...validateObjectMetaUpdate(csr.metadata, old.metadata));
  return errs;
}

function validateCsr(csr: KubeObject, opts: Options): FieldError[] {
  const errs = validateObjectMeta(csr.metadata, { namespaced: false, nameValidator: () => [] });
  const spec = csr.spec ?? {};
  const request = bytesOf(spec.request);
  const parsed = parseCsr(request);
  const requestError = parsed.ok ? checkCsrSignature(parsed.csr) : parsed.error;
  if (requestError) {
    errs.push({
      reason: "FieldValueInvalid",
      field: "spec.request",
      message: `Invalid value: ${request ? goBytesLiteral(request) : "[]byte(nil)"}: ${requestError}`,
    });
  }
  const usages = usagesOf(csr);
  if (usages.length === 0) errs.push(required("spec.usages"));
  if (!opts.allowUnknownUsages) {
    usages.forEach((u, i) => {
      if (!ALL_KEY_USAGES.includes(u)) errs.push(notSupported(index("spec.usages", i), u, ALL_KEY_USAGES));
    });
  }
  if (!opts.allowDuplicateUsages) {
    usages.forEach((u, i) => {
      if (usages.indexOf(u) < i) errs.push(duplicate(index("spec.usages", i), u));
    });
  }
  const signerName: string = spec.signerName ?? "";
  if (!opts.allowLegacySignerName && signerName === LEGACY_UNKNOWN_SIGNER) {
    errs.push(invalid("spec.signerName", signerName, "the legacy signerName is not allowed via this API version"));
  } else {
    errs.push(...validateSignerName("spec.signerName", signerName));
  }
  if (typeof spec.expirationSeconds === "number" && spec.expirationSeconds < 600) {
    errs.push(invalid("spec.expirationSeconds", spec.expirationSeconds, "may not specify a duration less than 600 seconds (10 minutes)"));
  }
  errs.push(...validateConditions(csr, opts));
  if (!opts.allowArbitraryCertificate) {
    const certError = validateCertificate(bytesOf(csr.status?.certificate));
    if (certError) errs.push(invalid("status.certificate", "<certificate data>", certError));
  }
  return errs;
}

function validateConditions(csr: KubeObject, opts: Options): FieldError[] {
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  let hasApproved = false;
  let hasDenied = false;
  conditionsOf(csr).forEach((c, i) => {
    const path = index("status.conditions", i);
    const type: string = c?.type ?? "";
    const status: string = c?.status ?? "";
    if (!opts.allowEmptyConditionType && !type) errs.push(required(child(path, "type")));
    const allowed = TRUE_ONLY_TYPES.includes(type) ? ["True"] : ALL_STATUSES;
    if (!status) errs.push(required(child(path, "status")));
    else if (!allowed.includes(status)) errs.push(notSupported(child(path, "status"), status, allowed));
    if (!opts.allowBothApprovedAndDenied) {
      const exclusive = "Approved and Denied conditions are mutually exclusive";
      if (type === APPROVED) {
        hasApproved = true;
        if (hasDenied) errs.push(invalid(child(path, "type"), type, exclusive));
      } else if (type === DENIED) {
        hasDenied = true;
        if (hasApproved) errs.push(invalid(child(path, "type"), type, exclusive));
      }
    }
    if (!opts.allowDuplicateConditionTypes) {
      if (seen.has(type)) errs.push(duplicate(child(path, "type"), type));
      seen.add(type);
    }
  });
  return errs;
}

/**
 * ValidateSignerName: `<domain>/<path>`, the domain at least two DNS labels, the path DNS subdomains separated
 * by dots, at most 571 characters.
 */
export function validateSignerName(path: string, signerName: string): FieldError[] {
  if (!signerName) return [required(path)];
  const segments = signerName.split("/");
  if (segments.length !== 2) {
    return [invalid(path, signerName, "must be a fully qualified domain and path of the form 'example.com/signer-name'")];
  }
  const [domain, rest] = segments;
  const errs: FieldError[] = [];
  if (domain.length > DNS1123_SUBDOMAIN_MAX) errs.push(tooLong(path, DNS1123_SUBDOMAIN_MAX));
  const domainLabels = domain.split(".");
  for (const label of domainLabels) {
    const msgs = isDNS1123Label(label);
    if (msgs.length) {
      errs.push(...msgs.map((m) => invalid(path, domain, `validating label "${label}": ${m}`)));
      break;
    }
  }
  if (domainLabels.length < 2) errs.push(invalid(path, domain, "should be a domain with at least two segments separated by dots"));
  for (const label of rest.split(".")) {
    const msgs = isDNS1123Subdomain(label);
    if (msgs.length) {
      errs.push(...msgs.map((m) => invalid(path, rest, `validating label "${label}": ${m}`)));
      break;
    }
  }
  const max = DNS1123_SUBDOMAIN_MAX + (DNS1123_SUBDOMAIN_MAX + DNS1123_LABEL_MAX + 1) + 1;
  if (signerName.length > max) errs.push(tooLong(path, max));
  return errs;
}

/** validateCertificate: one or more CERTIFICATE blocks without headers, each holding a certificate (needs loadX509). */
export function validateCertificate(pem: Uint8Array | undefined): string | undefined {
  if (!pem || pem.length === 0) return undefined;
  const blocks = pemBlocks(latin1(pem));
  const x509 = loadedX509();
  for (const block of blocks) {
    if (block.type !== "CERTIFICATE") return `only CERTIFICATE PEM blocks are allowed, found "${block.type}"`;
    if (Object.keys(block.headers).length) return "no PEM block headers are permitted";
    try {
      new x509.X509Certificate(block.bytes);
    } catch {
      return "x509: malformed certificate";
    }
  }
  return blocks.length ? undefined : "must contain at least one CERTIFICATE PEM block";
}

/** getValidationOptions: what a request may do, and which problems already in `old` it may keep. */
function optionsFor(csr: KubeObject, old: KubeObject | undefined, subresource: string | undefined): Options {
  const oldConditions = old ? conditionsOf(old) : [];
  const oldTypes = oldConditions.map((c) => c?.type ?? "");
  const oldUsages = old ? usagesOf(old) : [];
  return {
    allowSettingApprovalConditions: subresource === "approval",
    allowSettingCertificate: subresource === "status",
    allowBothApprovedAndDenied: oldTypes.includes(APPROVED) && oldTypes.includes(DENIED),
    allowLegacySignerName: old?.spec?.signerName === LEGACY_UNKNOWN_SIGNER,
    allowDuplicateConditionTypes: new Set(oldTypes).size !== oldTypes.length,
    allowEmptyConditionType: oldTypes.includes(""),
    allowArbitraryCertificate:
      old !== undefined &&
      (sameBytes(csr.status?.certificate ?? "", old.status?.certificate ?? "") ||
        validateCertificate(bytesOf(old.status?.certificate)) !== undefined),
    allowUnknownUsages: oldUsages.some((u) => !ALL_KEY_USAGES.includes(u)),
    allowDuplicateUsages: new Set(oldUsages).size !== oldUsages.length,
  };
}

function findConditions(csr: KubeObject, type: string): KubeObject[] {
  return conditionsOf(csr).filter((c) => c?.type === type);
}

function sameBytes(a: string, b: string): boolean {
  return a === b || deepEqual(Array.from(bytesOf(a) ?? []), Array.from(bytesOf(b) ?? []));
}
