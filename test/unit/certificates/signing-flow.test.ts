/**
 * The signing controller through the real Worker: approving a request (as cluster-admin) makes the after-write
 * hook sign it as system:serviceaccount:kube-system:certificate-controller through /status, which needs the
 * bootstrap RBAC policy's system:controller:certificate-controller role (update on status, sign on signers).
 */
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { get, post, put } from "../api/client";
import { resyncCsrSigning } from "../../../worker/certificates/signer";
import { loadX509 } from "../../../worker/certificates/x509";
import { decodeStdBase64, latin1 } from "../../../worker/certificates/pem";
import { registry } from "../../../schema/registry";
import type { Env } from "../../../worker/env";
import type { KubeObject } from "../../../schema/types";
import { CLIENT_SIGNER, CLIENT_USAGES, csrObject, KUBELET_SIGNER, makeCsrPem } from "./fixtures";

const x509 = await loadX509();

const CSRS = "/apis/certificates.k8s.io/v1/certificatesigningrequests";
const testEnv = env as unknown as Env;
let n = 0;
const uniq = (p: string) => `${p}-${Date.now().toString(36)}-${(n++).toString(36)}`;

beforeAll(async () => {
  await get("/api/v1/namespaces/default"); // bootstrap (RBAC policy) before the first write
}, 60_000);

async function createAndApprove(pem: string, signer: string, usages: string[], extra: KubeObject = {}): Promise<KubeObject> {
  const name = uniq("csr");
  const created = await post(CSRS, csrObject(name, pem, signer, usages, extra));
  expect(created.status, created.text).toBe(201);
  const approval = { ...created.body, status: { conditions: [{ type: "Approved", status: "True", reason: "Test", message: "ok" }] } };
  const res = await put(`${CSRS}/${name}/approval`, approval);
  expect(res.status, res.text).toBe(200);
  return (await get(`${CSRS}/${name}`)).body;
}

describe("signing on approval", () => {
  it("kube-apiserver-client: Approved,Issued with a certificate for the request's subject and key from the cluster CA", async () => {
    const pem = await makeCsrPem({ subject: "CN=alice, O=dev" });
    const before = Date.now();
    const csr = await createAndApprove(pem, CLIENT_SIGNER, CLIENT_USAGES, { expirationSeconds: 3600 });
    expect(csr.status.certificate, JSON.stringify(csr.status)).toBeTruthy();
    const cert = new x509.X509Certificate(latin1(decodeStdBase64(csr.status.certificate)!));
    const ca = new x509.X509Certificate(testEnv.CLUSTER_CA_CERT!);
    expect(cert.subject).toBe("CN=alice, O=dev");
    expect(cert.issuer).toBe(ca.subject);
    expect(await cert.verify({ publicKey: ca.publicKey, signatureOnly: true })).toBe(true);
    const request = new x509.Pkcs10CertificateRequest(pem);
    expect(new Uint8Array(cert.publicKey.rawData)).toEqual(new Uint8Array(request.publicKey.rawData));
    expect(cert.getExtension(x509.ExtendedKeyUsageExtension)!.usages).toEqual(["1.3.6.1.5.5.7.3.2"]);
    // One hour, not backdated at the end (short-lived); the start 5 minutes back.
    const lifetime = cert.notAfter.getTime() - cert.notBefore.getTime();
    expect(lifetime).toBe(65 * 60_000);
    expect(cert.notBefore.getTime()).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000 - 5 * 60_000);
    const table = await get(CSRS, { accept: "application/json;as=Table;v=v1;g=meta.k8s.io" });
    const row = table.body.rows.find((r: KubeObject) => r.object.metadata.name === csr.metadata.name);
    expect(row.cells.slice(2)).toEqual([CLIENT_SIGNER, "kubernetes-admin", "60m", "Approved,Issued"]);
  });

  it("kubelet client signer: a request that is not a node's is marked Failed, not signed", async () => {
    const pem = await makeCsrPem({ subject: "CN=alice, O=system:nodes" });
    const csr = await createAndApprove(pem, KUBELET_SIGNER, CLIENT_USAGES);
    expect(csr.status.certificate).toBeUndefined();
    const failed = csr.status.conditions.find((c: KubeObject) => c.type === "Failed");
    expect(failed).toMatchObject({ status: "True", reason: "SignerValidationFailure", message: "subject common name does not begin with system:node:" });
    expect(failed.lastTransitionTime).toBeTruthy();
  });

  it("kubelet client signer: a node's request is signed", async () => {
    const pem = await makeCsrPem({ subject: "CN=system:node:n1, O=system:nodes" });
    const csr = await createAndApprove(pem, KUBELET_SIGNER, ["digital signature", "client auth"]);
    expect(csr.status.certificate, JSON.stringify(csr.status)).toBeTruthy();
  });

  it("other signers are left for their own controllers; denied requests are not signed", async () => {
    const pem = await makeCsrPem({ subject: "CN=alice" });
    const custom = await createAndApprove(pem, "example.com/custom", CLIENT_USAGES);
    expect(custom.status.certificate).toBeUndefined();
    expect(custom.status.conditions.map((c: KubeObject) => c.type)).toEqual(["Approved"]);
    const name = uniq("denied");
    const created = await post(CSRS, csrObject(name, pem, CLIENT_SIGNER, CLIENT_USAGES));
    await put(`${CSRS}/${name}/approval`, { ...created.body, status: { conditions: [{ type: "Denied", status: "True" }] } });
    const denied = (await get(`${CSRS}/${name}`)).body;
    expect(denied.status.certificate).toBeUndefined();
  });

  it("the cron resync finds nothing left to do (converged)", async () => {
    const pem = await makeCsrPem({ subject: "CN=carol" });
    const csr = await createAndApprove(pem, CLIENT_SIGNER, CLIENT_USAGES);
    await resyncCsrSigning(testEnv, registry);
    const after = (await get(`${CSRS}/${csr.metadata.name}`)).body;
    expect(after.metadata.resourceVersion).toBe(csr.metadata.resourceVersion);
  });
});
