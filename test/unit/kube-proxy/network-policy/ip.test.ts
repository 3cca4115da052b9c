import { describe, expect, it } from "vitest";
import { compileIPBlock, ipBlockMatches } from "../../../../worker/kube-proxy/network-policy/ip";

describe("ipBlockMatches", () => {
  it.each<[string, string[], string | undefined, boolean]>([
    ["10.0.0.0/8", [], "10.1.2.3", true],
    ["10.0.0.0/8", [], "11.0.0.1", false],
    ["10.0.0.0/8", ["10.1.0.0/16"], "10.1.2.3", false],
    ["10.0.0.0/8", ["10.1.0.0/16"], "10.2.2.3", true],
    ["192.168.1.0/25", [], "192.168.1.127", true],
    ["192.168.1.0/25", [], "192.168.1.128", false],
    ["0.0.0.0/0", [], "203.0.113.9", true],
    ["0.0.0.0/0", [], "2001:db8::1", false],
    ["2001:db8::/32", [], "2001:db8:1::5", true],
    ["2001:db8::/32", ["2001:db8:1::/48"], "2001:db8:1::5", false],
    ["2001:db8::/32", [], "10.0.0.1", false],
    ["10.0.0.0/8", [], undefined, false],
    ["10.0.0.0/8", [], "not-an-ip", false],
  ])("%s except %j contains %s: %s", (cidr, except, ip, want) => {
    expect(ipBlockMatches(compileIPBlock({ cidr, except })!, ip)).toBe(want);
  });

  it("an unparsable cidr compiles to nothing", () => {
    expect(compileIPBlock({ cidr: "10.0.0.0/33" })).toBeUndefined();
  });
});
