import { beforeAll, describe, expect, it } from "vitest";
import { parseCsr, type ParsedCsr } from "../../../worker/certificates/csr";
import {
  certificateTtlMs,
  certificateValidity,
  keyUsagesOf,
  signingAction,
  validateApiServerClientUsages,
  validateKubeletClientCsr,
  validateKubeletServingCsr,
} from "../../../worker/certificates/signing-policy";
import type { KubeObject } from "../../../schema/types";
import { CLIENT_SIGNER, CLIENT_USAGES, csrObject, KUBELET_SIGNER, makeCsrPem, type CsrSpec } from "./fixtures";

const MIN = 60_000;
const HOUR = 60 * MIN;
let pem = "";
beforeAll(async () => {
  pem = await makeCsrPem({ subject: "CN=alice, O=dev" });
});

async function parsed(spec: CsrSpec): Promise<ParsedCsr> {
  const r = parseCsr(new TextEncoder().encode(await makeCsrPem(spec)));
  if (!r.ok) throw new Error(r.error);
  return r.csr;
}

const withStatus = (signer: string, status: KubeObject, usages = CLIENT_USAGES) => ({ ...csrObject("x", pem, signer, usages), status });
const approved = { type: "Approved", status: "True" };

describe("signingAction", () => {
  it.each<[string, () => KubeObject, string]>([
    ["pending", () => withStatus(CLIENT_SIGNER, {}), "none"],
    ["approved", () => withStatus(CLIENT_SIGNER, { conditions: [approved] }), "sign"],
    ["approved and denied", () => withStatus(CLIENT_SIGNER, { conditions: [approved, { type: "Denied", status: "True" }] }), "none"],
    ["approved and failed", () => withStatus(CLIENT_SIGNER, { conditions: [approved, { type: "Failed", status: "True" }] }), "none"],
    ["already issued", () => withStatus(CLIENT_SIGNER, { conditions: [approved], certificate: "Q0VSVA==" }), "none"],
    ["legacy-unknown is never signed", () => withStatus("kubernetes.io/legacy-unknown", { conditions: [approved] }), "none"],
    ["other signers are left alone", () => withStatus("example.com/custom", { conditions: [approved] }), "none"],
    ["bad usages for the client signer", () => withStatus(CLIENT_SIGNER, { conditions: [approved] }, ["server auth"]), "fail"],
    ["kubelet signer, wrong subject", () => withStatus(KUBELET_SIGNER, { conditions: [approved] }), "fail"],
  ])("%s → %s", (_name, csr, kind) => {
    expect(signingAction(csr()).kind).toBe(kind);
  });

  it("a sign action carries the request, usages and requested duration", () => {
    const action = signingAction({ ...withStatus(CLIENT_SIGNER, { conditions: [approved] }), spec: { ...csrObject("x", pem, CLIENT_SIGNER, CLIENT_USAGES).spec, expirationSeconds: 3600 } });
    expect(action).toMatchObject({ kind: "sign", usages: CLIENT_USAGES, expirationSeconds: 3600 });
    if (action.kind === "sign") expect(action.csr.commonName).toBe("alice");
  });
});

describe("signer constraints", () => {
  it.each<[string[], string | undefined]>([
    [["client auth"], undefined],
    [["digital signature", "key encipherment", "client auth"], undefined],
    [["digital signature"], "missing required usage for client certificate: client auth"],
    [["client auth", "server auth"], "invalid usage for client certificate: server auth"],
  ])("kube-apiserver-client %j", (usages, want) => {
    expect(validateApiServerClientUsages(usages)).toBe(want);
  });

  it.each<[string, CsrSpec, string[], string | undefined]>([
    ["a kubelet's request", { subject: "CN=system:node:n1, O=system:nodes" }, ["digital signature", "key encipherment", "client auth"], undefined],
    ["without key encipherment", { subject: "CN=system:node:n1, O=system:nodes" }, ["digital signature", "client auth"], undefined],
    ["another organization", { subject: "CN=system:node:n1, O=dev" }, CLIENT_USAGES, "subject organization is not system:nodes"],
    ["two organizations", { subject: "CN=system:node:n1, O=system:nodes, O=dev" }, CLIENT_USAGES, "subject organization is not system:nodes"],
    ["a DNS name", { subject: "CN=system:node:n1, O=system:nodes", dns: ["n1"] }, CLIENT_USAGES, "DNS subjectAltNames are not allowed"],
    ["an email", { subject: "CN=system:node:n1, O=system:nodes", emails: ["a@b.c"] }, CLIENT_USAGES, "Email subjectAltNames are not allowed"],
    ["an IP", { subject: "CN=system:node:n1, O=system:nodes", ips: ["10.0.0.1"] }, CLIENT_USAGES, "IP subjectAltNames are not allowed"],
    ["a URI", { subject: "CN=system:node:n1, O=system:nodes", uris: ["spiffe://x/y"] }, CLIENT_USAGES, "URI subjectAltNames are not allowed"],
    ["another common name", { subject: "CN=alice, O=system:nodes" }, CLIENT_USAGES, "subject common name does not begin with system:node:"],
    [
      "server usages",
      { subject: "CN=system:node:n1, O=system:nodes" },
      ["digital signature", "server auth"],
      "usages did not match [client auth digital signature key encipherment]",
    ],
  ])("kube-apiserver-client-kubelet: %s", async (_name, spec, usages, want) => {
    expect(validateKubeletClientCsr(await parsed(spec), usages)).toBe(want);
  });

  it.each<[string, CsrSpec, string[], string | undefined]>([
    ["a kubelet's serving request", { subject: "CN=system:node:n1, O=system:nodes", dns: ["n1"], ips: ["10.0.0.1"] }, ["digital signature", "key encipherment", "server auth"], undefined],
    ["no names", { subject: "CN=system:node:n1, O=system:nodes" }, ["digital signature", "server auth"], "DNS or IP subjectAltName is required"],
    ["client usages", { subject: "CN=system:node:n1, O=system:nodes", dns: ["n1"] }, CLIENT_USAGES, "usages did not match [digital signature key encipherment server auth]"],
  ])("kubelet-serving: %s", async (_name, spec, usages, want) => {
    expect(validateKubeletServingCsr(await parsed(spec), usages)).toBe(want);
  });
});

describe("validity (PermissiveSigningPolicy)", () => {
  const now = new Date("2024-06-01T12:00:00.750Z");
  const t = Date.parse("2024-06-01T12:00:00Z");
  const far = new Date("2030-01-01T00:00:00Z");

  it.each<[number | undefined, number]>([
    [undefined, 8760 * HOUR],
    [600, 10 * MIN],
    [3600, HOUR],
    [10 * 365 * 24 * 3600, 8760 * HOUR],
  ])("expirationSeconds %s → ttl %i ms", (seconds, ttl) => {
    expect(certificateTtlMs(seconds)).toBe(ttl);
  });

  it("backdates the start by 5 minutes; long certificates also end 5 minutes early, short ones do not", () => {
    expect(certificateValidity(now, 8760 * HOUR, far)).toEqual({ ok: true, notBefore: new Date(t - 5 * MIN), notAfter: new Date(t + 8760 * HOUR - 5 * MIN) });
    expect(certificateValidity(now, HOUR, far)).toEqual({ ok: true, notBefore: new Date(t - 5 * MIN), notAfter: new Date(t + HOUR) });
  });

  it("never outlives the signer; an expired signer refuses", () => {
    const soon = new Date(t + 30 * MIN);
    expect(certificateValidity(now, 8760 * HOUR, soon)).toMatchObject({ ok: true, notAfter: soon });
    expect(certificateValidity(now, HOUR, new Date(t - 10 * MIN))).toEqual({ ok: false, error: "the signer has expired: NotAfter=2024-06-01T11:50:00.000Z" });
    expect(certificateValidity(now, HOUR, new Date(t - MIN))).toEqual({
      ok: false,
      error: "refusing to sign a certificate that expired in the past: NotAfter=2024-06-01T11:59:00.000Z",
    });
  });
});

describe("keyUsagesOf", () => {
  it.each<[string[], number, string[]]>([
    [["digital signature", "key encipherment", "client auth"], 1 | 4, ["1.3.6.1.5.5.7.3.2"]],
    [["client auth", "server auth"], 0, ["1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2"]],
    [["signing", "digital signature", "cert sign", "crl sign"], 1 | 32 | 64, []],
    [["email protection", "s/mime", "any"], 0, ["2.5.29.37.0", "1.3.6.1.5.5.7.3.4"]],
  ])("%j", (usages, keyUsage, ext) => {
    expect(keyUsagesOf(usages)).toEqual({ ok: true, keyUsage, extKeyUsages: ext });
  });

  it("unknown usages are an error", () => {
    expect(keyUsagesOf(["client auth", "bogus"])).toEqual({ ok: false, error: 'unrecognized usage values: ["bogus"]' });
  });
});
