/** Client certificates, the pure parts: DN strings, certificate times, the x509 authenticator's decision. */
import { describe, expect, it } from "vitest";
import {
  attributeTypeOid,
  berStringValue,
  parseDistinguishedName,
  sameName,
  subjectIdentity,
  type Rdn,
} from "../../../worker/authn/distinguished-name";
import { clientCertificateDecision, type PresentedCertificate } from "../../../worker/authn/client-cert";

const CN = "2.5.4.3";
const O = "2.5.4.10";
const OU = "2.5.4.11";
const C = "2.5.4.6";

describe("parseDistinguishedName (RFC 4514 / 2253)", () => {
  it.each<[string, string, Rdn[]]>([
    ["simple", "CN=alice,O=devs", [[{ type: CN, value: "alice" }], [{ type: O, value: "devs" }]]],
    ["spaces around separators (RFC 1779 style, as the edge prints)", "CN=alice, O = devs ,  C=US", [[{ type: CN, value: "alice" }], [{ type: O, value: "devs" }], [{ type: C, value: "US" }]]],
    ["escaped comma", "CN=Doe\\, John,O=x", [[{ type: CN, value: "Doe, John" }], [{ type: O, value: "x" }]]],
    ["escaped specials", 'CN=a\\+b\\=c\\;d\\<e\\>f\\"g\\\\h', [[{ type: CN, value: 'a+b=c;d<e>f"g\\h' }]]],
    ["hex-escaped UTF-8", "CN=J\\C3\\BCrgen", [[{ type: CN, value: "Jürgen" }]]],
    ["escaped leading # and space, escaped trailing space", "CN=\\#1,O=\\ lead,OU=trail\\ ", [[{ type: CN, value: "#1" }], [{ type: O, value: " lead" }], [{ type: OU, value: "trail " }]]],
    ["unescaped trailing spaces are dropped", "CN=alice   ,O=x", [[{ type: CN, value: "alice" }], [{ type: O, value: "x" }]]],
    ["multi-valued RDN", "CN=alice+OU=eng,O=x", [[{ type: CN, value: "alice" }, { type: OU, value: "eng" }], [{ type: O, value: "x" }]]],
    ["semicolon separators", "CN=alice;O=x", [[{ type: CN, value: "alice" }], [{ type: O, value: "x" }]]],
    ["quoted value", 'CN="Doe, John",O=x', [[{ type: CN, value: "Doe, John" }], [{ type: O, value: "x" }]]],
    ["dotted OID and OID. prefix", "2.5.4.3=alice,OID.2.5.4.10=x", [[{ type: CN, value: "alice" }], [{ type: O, value: "x" }]]],
    ["keywords in any case", "cn=alice,o=x", [[{ type: CN, value: "alice" }], [{ type: O, value: "x" }]]],
    ["hex (BER) value: UTF8String", "CN=#0c05616c696365", [[{ type: CN, value: "alice" }]]],
    ["an = inside a value", "CN=a=b", [[{ type: CN, value: "a=b" }]]],
    ["an empty value", "CN=,O=x", [[{ type: CN, value: "" }], [{ type: O, value: "x" }]]],
    ["system:masters as an organization", "CN=admin,O=system:masters", [[{ type: CN, value: "admin" }], [{ type: O, value: "system:masters" }]]],
    ["empty name", "", []],
  ])("%s: %s", (_name, dn, rdns) => {
    expect(parseDistinguishedName(dn)).toEqual(rdns);
  });

  it.each([["CN"], ["CN=a,"], ["=a"], ["CN=a\\"], ["CN=a\\zz"], ['CN="open'], ["CN=a\"b"], ["1x=a"]])("rejects %j", (dn) => {
    expect(() => parseDistinguishedName(dn)).toThrow(/invalid distinguished name/);
  });
});

describe("attributeTypeOid", () => {
  it.each([
    ["CN", CN],
    ["cn", CN],
    ["O", O],
    ["E", "1.2.840.113549.1.9.1"],
    ["emailAddress", "1.2.840.113549.1.9.1"],
    ["DC", "0.9.2342.19200300.100.1.25"],
    ["2.5.4.3", CN],
    ["oid.2.5.4.10", O],
    ["Unknown", "UNKNOWN"],
  ])("%s → %s", (type, oid) => {
    expect(attributeTypeOid(type)).toBe(oid);
  });
});

describe("berStringValue (#hex values)", () => {
  it.each([
    ["0c05616c696365", "alice"], // UTF8String
    ["13025553", "US"], // PrintableString
    ["1603612e62", "a.b"], // IA5String
    ["1e0400e90041", "éA"], // BMPString
    ["0201ff", "#0201ff"], // INTEGER: kept as hex
    ["0c0561", "#0c0561"], // truncated: kept as hex
  ])("%s → %j", (hex, value) => {
    expect(berStringValue(hex)).toBe(value);
  });
});

describe("subjectIdentity (Go pkix.Name)", () => {
  it.each<[Rdn[], { commonName: string; organizations: string[] }]>([
    [[[{ type: O, value: "a" }], [{ type: O, value: "b" }], [{ type: CN, value: "u" }]], { commonName: "u", organizations: ["a", "b"] }],
    [[[{ type: CN, value: "first" }], [{ type: CN, value: "last" }]], { commonName: "last", organizations: [] }],
    [[[{ type: OU, value: "x" }]], { commonName: "", organizations: [] }],
  ])("%j", (rdns, identity) => {
    expect(subjectIdentity(rdns)).toEqual(identity);
  });
});

describe("sameName", () => {
  const p = parseDistinguishedName;
  it.each([
    ["CN=ca,O=org", "O=org, CN=ca", true],
    ["CN=ca", "2.5.4.3=ca", true],
    ["CN=ca", "CN=#0c026361", true],
    ["CN=ca", "CN=ca,O=x", false],
    ["CN=ca", "CN=CA", false],
  ])("%s vs %s → %s", (a, b, same) => {
    expect(sameName(p(a), p(b))).toBe(same);
  });
});

describe("clientCertificateDecision", () => {
  const ca = parseDistinguishedName("CN=kube-edge-test-ca");
  const now = new Date("2027-06-01T00:00:00Z");
  const good: PresentedCertificate = {
    verified: "SUCCESS",
    revoked: false,
    issuer: parseDistinguishedName("CN=kube-edge-test-ca"),
    subject: parseDistinguishedName("CN=carol,O=devs,O=system:masters").reverse(),
    notBefore: new Date("2027-01-01T00:00:00Z"),
    notAfter: new Date("2028-01-01T00:00:00Z"),
    clientAuthUsage: true,
    signatureValid: true,
    identifier: "SN=1, SKID=AA, AKID=BB",
  };
  const fail = (reason: string) => ({ error: `verifying certificate SN=1, SKID=AA, AKID=BB failed: ${reason}` });

  it("a verified certificate: user = CN, groups = O in certificate order", () => {
    expect(clientCertificateDecision(good, ca, now)).toEqual({ user: { username: "carol", groups: ["system:masters", "devs"] }, audiences: [] });
  });

  it.each<[string, Partial<PresentedCertificate>, ReturnType<typeof clientCertificateDecision>]>([
    ["the edge could not verify it", { verified: "FAILED:self signed certificate" }, fail("x509: self signed certificate")],
    ["the edge failed without a reason", { verified: "FAILED" }, fail("x509: certificate verification failed")],
    ["revoked", { revoked: true }, fail("x509: certificate has been revoked")],
    ["issued by another CA", { issuer: parseDistinguishedName("CN=other-ca") }, fail("x509: certificate signed by unknown authority")],
    ["a signature the CA key does not verify", { signatureValid: false }, fail("x509: certificate signed by unknown authority")],
    [
      "not yet valid",
      { notBefore: new Date("2027-07-01T00:00:00Z") },
      fail("x509: certificate has expired or is not yet valid: current time 2027-06-01T00:00:00Z is before 2027-07-01T00:00:00Z"),
    ],
    [
      "expired",
      { notAfter: new Date("2027-05-01T00:00:00Z") },
      fail("x509: certificate has expired or is not yet valid: current time 2027-06-01T00:00:00Z is after 2027-05-01T00:00:00Z"),
    ],
    ["unknown validity", { notAfter: undefined }, fail("x509: certificate validity period is unknown")],
    ["no clientAuth usage", { clientAuthUsage: false }, fail("x509: certificate specifies an incompatible key usage")],
    ["no CommonName: no opinion", { subject: parseDistinguishedName("O=devs") }, undefined],
  ])("%s", (_name, change, expected) => {
    expect(clientCertificateDecision({ ...good, ...change }, ca, now)).toEqual(expected);
  });
});
