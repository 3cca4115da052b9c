/**
 * @peculiar/x509 is not part of the app's module graph: importing the app and serving requests that touch no
 * certificate leave it unloaded; the first CertificateSigningRequest write loads it, and the request is then
 * validated, approved and signed as usual. This file must not import anything that loads the library itself
 * (./fixtures does), so the request below is a fixed PEM (openssl, EC P-256, CN=lazy-loader, O=dev).
 */
import { describe, expect, it } from "vitest";
import "../../../worker/app";
import "../../../worker/index";
import { isX509Loaded } from "../../../worker/certificates/x509";
import { encodeStdBase64 } from "../../../worker/certificates/pem";
import { get, post, put } from "../api/client";

const CSR_PEM = `-----BEGIN CERTIFICATE REQUEST-----
MIHeMIGGAgEAMCQxDDAKBgNVBAoMA2RldjEUMBIGA1UEAwwLbGF6eS1sb2FkZXIw
WTATBgcqhkjOPQIBBggqhkjOPQMBBwNCAAR+rl1iekbeCujj0WFc+kAcgK23p3ty
rRD/X+K8reAMCsH3KVAV8G3vQEdxrJPIRU5fSM5F6xJgqTWNvaQHa6JAoAAwCgYI
KoZIzj0EAwIDRwAwRAIgY86Mzv6j9iOxEK1nvVb0tRUfrRzJK+fglwWT5prwQ/UC
IH/Ml+19k/UBAM/WNfPYU1aGGlt9PcmbCw4Sm75lZI3l
-----END CERTIFICATE REQUEST-----
`;
const CSRS = "/apis/certificates.k8s.io/v1/certificatesigningrequests";

describe("@peculiar/x509 loading", () => {
  it("is not loaded with the app, nor by requests without certificates", async () => {
    expect(isX509Loaded()).toBe(false);
    expect((await get("/api/v1/namespaces/default")).status).toBe(200); // bootstraps the cluster
    const cm = await post("/api/v1/namespaces/default/configmaps", { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "lazy-x509" } });
    expect(cm.status, cm.text).toBe(201);
    expect((await get(CSRS)).status).toBe(200);
    expect(isX509Loaded()).toBe(false);
  });

  it("is loaded by the first CSR write, which validates, is approved and signed", async () => {
    const csr = {
      apiVersion: "certificates.k8s.io/v1",
      kind: "CertificateSigningRequest",
      metadata: { name: "lazy-x509" },
      spec: {
        request: encodeStdBase64(new TextEncoder().encode(CSR_PEM)),
        signerName: "kubernetes.io/kube-apiserver-client",
        usages: ["client auth", "digital signature"],
      },
    };
    const created = await post(CSRS, csr);
    expect(created.status, created.text).toBe(201);
    expect(isX509Loaded()).toBe(true);

    const approved = { ...created.body, status: { conditions: [{ type: "Approved", status: "True", reason: "Test", message: "lazy" }] } };
    const res = await put(`${CSRS}/lazy-x509/approval`, approved);
    expect(res.status, res.text).toBe(200);
    const signed = await get(`${CSRS}/lazy-x509`);
    const pem = atob(signed.body.status?.certificate ?? "");
    expect(pem).toMatch(/^-----BEGIN CERTIFICATE-----\n/);
  });

  it("still rejects a malformed request with upstream's message", async () => {
    const bad = "-----BEGIN CERTIFICATE REQUEST-----\nAAECAwQ=\n-----END CERTIFICATE REQUEST-----\n";
    const res = await post(CSRS, {
      apiVersion: "certificates.k8s.io/v1",
      kind: "CertificateSigningRequest",
      metadata: { name: "lazy-x509-bad" },
      spec: { request: encodeStdBase64(new TextEncoder().encode(bad)), signerName: "example.com/custom", usages: ["client auth"] },
    });
    expect(res.status, res.text).toBe(422);
    expect(res.body.details.causes[0]).toMatchObject({ field: "spec.request", message: expect.stringContaining("x509: malformed certificate request") });
  });
});
