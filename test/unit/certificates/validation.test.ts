import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { validateCertificate, validateCsrCreate, validateCsrUpdate, validateSignerName } from "../../../worker/certificates/validation";
import type { FieldError, KubeObject } from "../../../schema/types";
import { b64, CLIENT_SIGNER, CLIENT_USAGES, csrObject, makeCsrPem } from "./fixtures";

let pem = "";
let certPem = "";
beforeAll(async () => {
  pem = await makeCsrPem({ subject: "CN=alice, O=dev" });
  certPem = (env as { CLUSTER_CA_CERT: string }).CLUSTER_CA_CERT;
});

const base = (extra: KubeObject = {}, status?: KubeObject): KubeObject => {
  const o = csrObject("req", pem, CLIENT_SIGNER, CLIENT_USAGES, extra);
  if (status) o.status = status;
  return o;
};
const messages = (errs: FieldError[]) => errs.map((e) => `${e.field}: ${e.message}`);
const cond = (type: string, status = "True", more: KubeObject = {}) => ({ type, status, ...more });

describe("validateCsrCreate", () => {
  it("a well-formed request is valid", () => {
    expect(validateCsrCreate(base())).toEqual([]);
  });

  it.each<[string, (o: KubeObject) => void, string[]]>([
    ["no usages", (o) => delete o.spec.usages, ["spec.usages: Required value"]],
    [
      "an unknown usage",
      (o) => (o.spec.usages = ["client auth", "bogus"]),
      [
        'spec.usages[1]: Unsupported value: "bogus": supported values: "any", "cert sign", "client auth", "code signing", "content commitment", "crl sign", "data encipherment", "decipher only", "digital signature", "email protection", "encipher only", "ipsec end system", "ipsec tunnel", "ipsec user", "key agreement", "key encipherment", "microsoft sgc", "netscape sgc", "ocsp signing", "s/mime", "server auth", "signing", "timestamping"',
      ],
    ],
    ["a duplicate usage", (o) => (o.spec.usages = ["client auth", "client auth"]), ['spec.usages[1]: Duplicate value: "client auth"']],
    ["no signerName", (o) => delete o.spec.signerName, ["spec.signerName: Required value"]],
    [
      "the legacy signer",
      (o) => (o.spec.signerName = "kubernetes.io/legacy-unknown"),
      ['spec.signerName: Invalid value: "kubernetes.io/legacy-unknown": the legacy signerName is not allowed via this API version'],
    ],
    [
      "expirationSeconds below 600",
      (o) => (o.spec.expirationSeconds = 599),
      ["spec.expirationSeconds: Invalid value: 599: may not specify a duration less than 600 seconds (10 minutes)"],
    ],
    ["expirationSeconds of 600", (o) => (o.spec.expirationSeconds = 600), []],
  ])("%s", (_name, mutate, want) => {
    const o = base();
    mutate(o);
    expect(messages(validateCsrCreate(o))).toEqual(want);
  });

  it("a request that is not a CSR prints the bytes as Go does", () => {
    const o = base({ request: b64("hi") });
    expect(messages(validateCsrCreate(o))).toEqual(["spec.request: Invalid value: []byte{0x68, 0x69}: PEM block type must be CERTIFICATE REQUEST"]);
    delete o.spec.request;
    expect(messages(validateCsrCreate(o))).toEqual(["spec.request: Invalid value: []byte(nil): PEM block type must be CERTIFICATE REQUEST"]);
  });

  it("conditions: types unique, Approved/Denied exclusive, Approved/Denied/Failed only True, status required", () => {
    const o = base({}, { conditions: [cond("Approved"), cond("Denied"), cond("Failed", "False"), cond("Ready", ""), cond(""), cond("Approved")] });
    expect(messages(validateCsrCreate(o))).toEqual([
      'status.conditions[1].type: Invalid value: "Denied": Approved and Denied conditions are mutually exclusive',
      'status.conditions[2].status: Unsupported value: "False": supported values: "True"',
      "status.conditions[3].status: Required value",
      "status.conditions[4].type: Required value",
      'status.conditions[5].type: Invalid value: "Approved": Approved and Denied conditions are mutually exclusive',
      'status.conditions[5].type: Duplicate value: "Approved"',
    ]);
    expect(messages(validateCsrCreate(base({}, { conditions: [cond("Ready", "Maybe")] })))).toEqual([
      'status.conditions[0].status: Unsupported value: "Maybe": supported values: "False", "True", "Unknown"',
    ]);
  });

  it("status.certificate must be CERTIFICATE PEM blocks", () => {
    const o = base({}, { certificate: b64("junk") });
    expect(messages(validateCsrCreate(o))).toEqual([
      'status.certificate: Invalid value: "<certificate data>": must contain at least one CERTIFICATE PEM block',
    ]);
  });
});

describe("validateSignerName", () => {
  it.each<[string, string[]]>([
    ["example.com/signer", []],
    ["example.com/a.b-c", []],
    ["", ["Required value"]],
    ["example.com", ["Invalid value: \"example.com\": must be a fully qualified domain and path of the form 'example.com/signer-name'"]],
    ["a/b/c", ["Invalid value: \"a/b/c\": must be a fully qualified domain and path of the form 'example.com/signer-name'"]],
    ["example/signer", ['Invalid value: "example": should be a domain with at least two segments separated by dots']],
    [
      "Example.com/signer",
      [
        'Invalid value: "Example.com": validating label "Example": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or \'-\', and must start and end with an alphanumeric character (e.g. \'my-name\',  or \'123-abc\', regex used for validation is \'[a-z0-9]([-a-z0-9]*[a-z0-9])?\')',
      ],
    ],
  ])("%j", (name, want) => {
    expect(validateSignerName("spec.signerName", name).map((e) => e.message)).toEqual(want);
  });

  it("long names: the domain at most 253 bytes, the whole name at most 571", () => {
    const label = "a".repeat(63);
    const domain = [label, label, label, label].join("."); // 255
    expect(validateSignerName("f", `${domain}/x`).map((e) => e.message)).toEqual(["Too long: may not be more than 253 bytes"]);
    const path = Array(6).fill("b".repeat(60)).join(".");
    expect(validateSignerName("f", `example.com/${path}`).map((e) => e.message)).toEqual([]);
    const long = Array(10).fill("b".repeat(60)).join(".");
    expect(validateSignerName("f", `example.com/${long}`).map((e) => e.message)).toEqual(["Too long: may not be more than 571 bytes"]);
  });
});

describe("validateCertificate", () => {
  const te = (s: string) => new TextEncoder().encode(s);
  it.each<[string, () => string, string | undefined]>([
    ["one certificate", () => certPem, undefined],
    ["a chain with text around it", () => `leaf:\n${certPem}intermediate:\n${certPem}`, undefined],
    ["another block type", () => "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n", 'only CERTIFICATE PEM blocks are allowed, found "PRIVATE KEY"'],
    ["headers", () => certPem.replace("-----\n", "-----\nProc-Type: 4\n\n"), "no PEM block headers are permitted"],
    ["not a certificate", () => "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n", "x509: malformed certificate"],
    ["no block", () => "text", "must contain at least one CERTIFICATE PEM block"],
  ])("%s", (_name, text, want) => {
    expect(validateCertificate(te(text()))).toBe(want);
  });
});

describe("validateCsrUpdate", () => {
  const approved = cond("Approved", "True", { reason: "R", lastUpdateTime: "2024-01-01T00:00:00Z" });

  it.each<[string, string | undefined, KubeObject | undefined, KubeObject, string[]]>([
    ["main: unchanged", undefined, undefined, {}, []],
    ["main: adding Approved", undefined, {}, { conditions: [approved] }, ['status.conditions: Forbidden: updates may not add a condition of type "Approved"']],
    ["status: adding Denied", "status", {}, { conditions: [cond("Denied")] }, ['status.conditions: Forbidden: updates may not add a condition of type "Denied"']],
    ["approval: adding Approved", "approval", {}, { conditions: [approved] }, []],
    [
      "approval: removing Approved",
      "approval",
      { conditions: [approved] },
      {},
      ['status.conditions: Forbidden: updates may not remove a condition of type "Approved"'],
    ],
    [
      "status: modifying Approved",
      "status",
      { conditions: [approved] },
      { conditions: [{ ...approved, reason: "Other" }] },
      ['status.conditions: Forbidden: updates may not modify a condition of type "Approved"'],
    ],
    ["status: adding Failed", "status", { conditions: [approved] }, { conditions: [approved, cond("Failed")] }, []],
    [
      "status: removing Failed",
      "status",
      { conditions: [cond("Failed")] },
      { conditions: [] },
      ['status.conditions: Forbidden: updates may not remove a condition of type "Failed"'],
    ],
    ["main: setting the certificate", undefined, {}, { certificate: "CERT" }, ["status.certificate: Forbidden: updates may not set certificate content"]],
    ["approval: setting the certificate", "approval", {}, { certificate: "CERT" }, ["status.certificate: Forbidden: updates may not set certificate content"]],
    ["status: setting the certificate", "status", {}, { certificate: "CERT" }, []],
    [
      "status: replacing the certificate",
      "status",
      { certificate: "CERT" },
      { certificate: "CERT2" },
      ["status.certificate: Forbidden: updates may not modify existing certificate content"],
    ],
    [
      "approval: Approved and Denied together",
      "approval",
      { conditions: [approved] },
      { conditions: [approved, cond("Denied")] },
      ['status.conditions[1].type: Invalid value: "Denied": Approved and Denied conditions are mutually exclusive'],
    ],
    ["approval: both tolerated when already stored", "approval", { conditions: [approved, cond("Denied")] }, { conditions: [approved, cond("Denied")] }, []],
  ])("%s", (_name, sub, oldStatus, newStatus, want) => {
    const real = (s: KubeObject | undefined) => (s?.certificate ? { ...s, certificate: b64(s.certificate === "CERT" ? certPem : certPem + certPem) } : s);
    const old = base({}, real(oldStatus));
    const obj = base({}, real(newStatus));
    expect(messages(validateCsrUpdate(obj, old, sub))).toEqual(want);
  });

  it("a bad certificate already stored is tolerated; a new bad one is not", () => {
    const old = base({}, { certificate: b64("junk") });
    expect(messages(validateCsrUpdate(base({}, { certificate: b64("junk") }), old, "status"))).toEqual([]);
    expect(messages(validateCsrUpdate(base({}, { certificate: b64("junk2") }), base({}, {}), "status"))).toEqual([
      'status.certificate: Invalid value: "<certificate data>": must contain at least one CERTIFICATE PEM block',
    ]);
  });

  it("name changes are refused by the metadata rules", () => {
    const obj = base();
    obj.metadata.name = "other";
    expect(messages(validateCsrUpdate(obj, base()))).toContain('metadata.name: Invalid value: "other": field is immutable');
  });
});
