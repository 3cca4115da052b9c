/** Declared subresources of a kind itself appear in its group-version document, as upstream installs them. */
import { describe, expect, it } from "vitest";
import { buildGroupVersionDocument } from "../../../worker/openapi";
import { registry } from "../../../schema/registry";

describe("certificatesigningrequests/approval", () => {
  const gv = registry.all().find((e) => e.group === "certificates.k8s.io")!;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const doc: any = buildGroupVersionDocument({ group: gv.group, version: gv.version, kinds: [gv.def] }, { version: "v1.32.4" });

  it("has read, replace and patch with upstream's operation ids and the CSR as the body", () => {
    const item = doc.paths["/apis/certificates.k8s.io/v1/certificatesigningrequests/{name}/approval"];
    expect(item).toBeDefined();
    expect(Object.keys(item).filter((k) => k !== "parameters").sort()).toEqual(["get", "patch", "put"]);
    expect(item.get.operationId).toBe("readCertificatesV1CertificateSigningRequestApproval");
    expect(item.put.operationId).toBe("replaceCertificatesV1CertificateSigningRequestApproval");
    expect(item.patch.operationId).toBe("patchCertificatesV1CertificateSigningRequestApproval");
    expect(item.put["x-kubernetes-group-version-kind"]).toEqual({ group: "certificates.k8s.io", version: "v1", kind: "CertificateSigningRequest" });
  });
});
