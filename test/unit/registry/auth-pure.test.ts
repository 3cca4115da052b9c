/** The registry's credential parsing and its RBAC verb. */
import { describe, expect, it } from "vitest";
import { registryCredentials, registryVerb } from "../../../worker/registry/auth";

const b64 = (s: string) => btoa(s);

describe("registryCredentials", () => {
  it.each([
    [`Basic ${b64("user:tok")}`, { kind: "basic", token: "tok" }],
    [`basic ${b64("x:a:b")}`, { kind: "basic", token: "a:b" }], // the password is everything after the first colon
    [`BASIC ${b64(":tok")}`, { kind: "basic", token: "tok" }],
    [`Basic ${b64("user:")}`, { kind: "malformed" }],
    [`Basic ${b64("usertok")}`, { kind: "malformed" }],
    ["Basic !!!", { kind: "malformed" }],
    ["Basic", { kind: "other" }],
    ["Bearer tok", { kind: "other" }],
    ["", { kind: "other" }],
    [null, { kind: "other" }],
  ])("%j → %j", (header, want) => {
    expect(registryCredentials(header)).toEqual(want);
  });
});

describe("registryVerb", () => {
  it.each([
    ["GET", "get"],
    ["HEAD", "get"],
    ["POST", "post"],
    ["PATCH", "patch"],
    ["PUT", "put"],
    ["DELETE", "delete"],
  ])("%s → %s", (method, verb) => {
    expect(registryVerb(method)).toBe(verb);
  });
});
