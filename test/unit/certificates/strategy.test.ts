import { describe, expect, it } from "vitest";
import { populateConditionTimestamps, prepareCsrForCreate, prepareCsrForUpdate } from "../../../worker/certificates/strategy";
import type { KubeObject } from "../../../schema/types";

const NOW = "2024-06-01T12:00:00Z";
const EARLIER = "2024-05-01T00:00:00Z";
const spec = () => ({ request: "UkVR", signerName: "example.com/s", usages: ["client auth"], username: "alice", groups: ["dev"] });

describe("prepareCsrForCreate", () => {
  it("the requester comes from the request's user, never from the body; status starts empty", () => {
    const csr: KubeObject = {
      spec: { ...spec(), username: "mallory", uid: "u-1", groups: ["system:masters"], extra: { k: ["v"] } },
      status: { conditions: [{ type: "Approved", status: "True" }], certificate: "Q0VSVA==" },
    };
    prepareCsrForCreate(csr, { username: "bob", uid: "u-2", groups: ["team", "system:authenticated"], extra: { scope: ["a", "b"] } });
    expect(csr.spec).toEqual({
      request: "UkVR",
      signerName: "example.com/s",
      usages: ["client auth"],
      username: "bob",
      uid: "u-2",
      groups: ["team", "system:authenticated"],
      extra: { scope: ["a", "b"] },
    });
    expect(csr.status).toEqual({});
  });

  it("empty user fields are omitted", () => {
    const csr: KubeObject = { spec: { ...spec() } };
    prepareCsrForCreate(csr, { username: "system:anonymous", groups: [] });
    expect(csr.spec).toEqual({ request: "UkVR", signerName: "example.com/s", usages: ["client auth"], username: "system:anonymous" });
  });
});

describe("prepareCsrForUpdate", () => {
  const approved = { type: "Approved", status: "True", reason: "R", lastUpdateTime: EARLIER, lastTransitionTime: EARLIER };
  const old = (): KubeObject => ({ metadata: { name: "x" }, spec: spec(), status: { conditions: [approved] } });

  it("main resource: spec and status stay as stored", () => {
    const obj: KubeObject = { metadata: { name: "x", labels: { a: "b" } }, spec: { ...spec(), signerName: "other.io/x" }, status: { certificate: "Q0VSVA==" } };
    prepareCsrForUpdate(obj, old(), undefined, NOW);
    expect(obj).toEqual({ metadata: { name: "x", labels: { a: "b" } }, spec: spec(), status: { conditions: [approved] } });
  });

  it("approval: only the conditions change, missing timestamps filled in", () => {
    const stored = { ...old(), status: { certificate: "Q0VSVA==" } };
    const obj: KubeObject = { metadata: { name: "x" }, spec: { signerName: "other.io/x" }, status: { certificate: "", conditions: [{ type: "Denied", status: "True" }] } };
    prepareCsrForUpdate(obj, stored, "approval", NOW);
    expect(obj.spec).toEqual(spec());
    expect(obj.status).toEqual({ certificate: "Q0VSVA==", conditions: [{ type: "Denied", status: "True", lastUpdateTime: NOW, lastTransitionTime: NOW }] });
  });

  it("status: the certificate and Failed change; Approved instances are put back as stored", () => {
    const obj: KubeObject = {
      metadata: { name: "x" },
      spec: {},
      status: { certificate: "Q0VSVA==", conditions: [{ ...approved, reason: "Changed" }, { type: "Failed", status: "True", lastUpdateTime: NOW }] },
    };
    prepareCsrForUpdate(obj, old(), "status", NOW);
    expect(obj.spec).toEqual(spec());
    expect(obj.status).toEqual({ certificate: "Q0VSVA==", conditions: [approved, { type: "Failed", status: "True", lastUpdateTime: NOW, lastTransitionTime: NOW }] });
  });

  it("status: an added Denied is left for validation to refuse", () => {
    const obj: KubeObject = { spec: {}, status: { conditions: [approved, { type: "Denied", status: "True" }] } };
    prepareCsrForUpdate(obj, old(), "status", NOW);
    expect(obj.status.conditions.map((c: KubeObject) => c.type)).toEqual(["Approved", "Denied"]);
  });
});

describe("populateConditionTimestamps", () => {
  it.each<[string, KubeObject, KubeObject[], KubeObject]>([
    ["new condition", { type: "Failed", status: "True" }, [], { type: "Failed", status: "True", lastUpdateTime: NOW, lastTransitionTime: NOW }],
    [
      "same type and status: the old transition time is kept",
      { type: "Ready", status: "True", lastUpdateTime: EARLIER },
      [{ type: "Ready", status: "True", lastTransitionTime: EARLIER }],
      { type: "Ready", status: "True", lastUpdateTime: EARLIER, lastTransitionTime: EARLIER },
    ],
    [
      "status changed: transition now",
      { type: "Ready", status: "False" },
      [{ type: "Ready", status: "True", lastTransitionTime: EARLIER }],
      { type: "Ready", status: "False", lastUpdateTime: NOW, lastTransitionTime: NOW },
    ],
  ])("%s", (_name, c, oldConditions, want) => {
    const conditions = [c];
    populateConditionTimestamps(conditions, oldConditions, NOW);
    expect(conditions[0]).toEqual(want);
  });
});
