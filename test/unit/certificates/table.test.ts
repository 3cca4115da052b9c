import { describe, expect, it } from "vitest";
import { CERTIFICATE_SIGNING_REQUEST_TABLE, csrCondition } from "../../../worker/tables/certificates";
import { tableFor } from "../../../worker/tables/registry";
import type { KubeObject } from "../../../schema/types";

const NOW = new Date("2024-06-01T12:00:00Z");
const csr = (spec: KubeObject, status: KubeObject = {}): KubeObject => ({
  metadata: { name: "req", creationTimestamp: "2024-06-01T11:55:00Z" },
  spec,
  status,
});

describe("CertificateSigningRequest table", () => {
  it("is the printer for certificatesigningrequests", () => {
    expect(tableFor("certificates.k8s.io", "certificatesigningrequests")).toBe(CERTIFICATE_SIGNING_REQUEST_TABLE);
    expect(CERTIFICATE_SIGNING_REQUEST_TABLE.columns.map((c) => c.name)).toEqual(["Name", "Age", "SignerName", "Requestor", "RequestedDuration", "Condition"]);
  });

  it.each<[KubeObject, KubeObject, unknown[]]>([
    [{ signerName: "example.com/s", username: "alice" }, {}, ["req", "5m", "example.com/s", "alice", "<none>", "Pending"]],
    [{ username: "alice", expirationSeconds: 86400 }, {}, ["req", "5m", "<none>", "alice", "24h", "Pending"]],
    [{ expirationSeconds: 600 }, {}, ["req", "5m", "<none>", "", "10m", "Pending"]],
  ])("row %#", (spec, status, cells) => {
    expect(CERTIFICATE_SIGNING_REQUEST_TABLE.cells(csr(spec, status), NOW)).toEqual(cells);
  });

  it.each<[string[], boolean, string]>([
    [[], false, "Pending"],
    [["Approved"], false, "Approved"],
    [["Approved"], true, "Approved,Issued"],
    [["Denied"], false, "Denied"],
    [["Approved", "Denied"], false, "Denied"],
    [["Approved", "Failed"], false, "Approved,Failed"],
    [["Failed"], false, "Pending,Failed"],
  ])("condition %j issued=%s → %s", (types, issued, want) => {
    const status: KubeObject = { conditions: types.map((type) => ({ type, status: "True" })) };
    if (issued) status.certificate = "Q0VSVA==";
    expect(csrCondition(csr({}, status))).toBe(want);
  });
});
