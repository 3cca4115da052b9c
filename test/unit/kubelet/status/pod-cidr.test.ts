import { describe, expect, it } from "vitest";
import { formatIP, parseIP } from "../../../../worker/kubelet/status/ip-address";
import {
  allocatePodIP,
  newPodCidrState,
  parsePodCidr,
  podCidrCapacity,
  podIPOf,
  type PodCidrState,
  releasePodIP,
} from "../../../../worker/kubelet/status/pod-cidr";

function allocateAll(state: PodCidrState, owners: string[]): { state: PodCidrState; ips: string[] } {
  const ips: string[] = [];
  for (const o of owners) {
    const r = allocatePodIP(state, o);
    if (!r.ok) throw new Error(r.message);
    state = r.state;
    ips.push(r.ip);
  }
  return { state, ips };
}

describe("IP text (net.IP.String)", () => {
  it.each<[string, string]>([
    ["10.244.3.7", "10.244.3.7"],
    ["fd00:0:0:0:0:0:0:1", "fd00::1"],
    ["FD00:0db8:0000:0000:0001:0000:0000:0001", "fd00:db8::1:0:0:1"],
    ["2001:db8:0:1:0:0:0:0", "2001:db8:0:1::"],
    ["2001:db8:1:1:1:1:0:1", "2001:db8:1:1:1:1:0:1"],
    ["::", "::"],
  ])("%s → %s", (text, printed) => expect(formatIP(parseIP(text)!)).toBe(printed));

  it.each(["10.244.3", "10.244.3.256", "01.2.3.4", "1::2::3", "fd00::g", "1:2:3:4:5:6:7:8:9"])("rejects %s", (text) =>
    expect(parseIP(text)).toBeUndefined(),
  );
});

describe("parsePodCidr (host-local Range.Canonicalize)", () => {
  it.each<[string, string]>([
    ["10.244.3.0/31", "Network 10.244.3.0/31 too small to allocate from"],
    ["10.244.3.5/24", "Network has host bits set. For a subnet mask of length 24 the network address is 10.244.3.0"],
    ["fd00::/127", "Network fd00::/127 too small to allocate from"],
    ["10.244.3.0", "invalid CIDR address: 10.244.3.0"],
    ["10.244.3.0/33", "invalid CIDR address: 10.244.3.0/33"],
  ])("%s is refused", (cidr, message) => expect(parsePodCidr(cidr)).toEqual({ ok: false, message }));

  it.each<[string, bigint]>([
    ["10.244.3.0/24", 253n],
    ["10.244.0.0/16", 65533n],
    ["10.0.0.0/30", 1n],
    ["fd00:10:244:3::/120", 254n],
  ])("%s offers %d pod addresses", (cidr, n) => expect(podCidrCapacity(cidr)).toBe(n));
});

describe("allocatePodIP / releasePodIP", () => {
  it("starts at .2, skipping the network address and the gateway", () => {
    expect(allocateAll(newPodCidrState("10.244.3.0/24"), ["a", "b", "c"]).ips).toEqual(["10.244.3.2", "10.244.3.3", "10.244.3.4"]);
  });

  it("is idempotent per owner: the same address, the same state object", () => {
    const { state } = allocateAll(newPodCidrState("10.244.3.0/24"), ["a"]);
    const again = allocatePodIP(state, "a");
    expect(again).toEqual({ ok: true, ip: "10.244.3.2", state });
    expect(again.state).toBe(state);
  });

  it("goes round-robin: a released address is not reused until the range wraps", () => {
    let { state } = allocateAll(newPodCidrState("10.244.3.0/24"), ["a", "b"]);
    state = releasePodIP(state, "a");
    expect(podIPOf(state, "a")).toBeUndefined();
    const r = allocatePodIP(state, "c");
    expect(r.ok && r.ip).toBe("10.244.3.4");
  });

  it("wraps past the broadcast address back to the start of the range", () => {
    const state: PodCidrState = { cidr: "10.0.0.0/29", lastReserved: "10.0.0.6", allocated: { "10.0.0.6": "x" } };
    const r = allocatePodIP(state, "y");
    expect(r.ok && r.ip).toBe("10.0.0.2");
  });

  it("reports exhaustion with host-local's message and leaves the state alone", () => {
    const { state } = allocateAll(newPodCidrState("10.0.0.0/29"), ["a", "b", "c", "d", "e"]);
    expect(Object.keys(state.allocated)).toEqual(["10.0.0.2", "10.0.0.3", "10.0.0.4", "10.0.0.5", "10.0.0.6"]);
    const r = allocatePodIP(state, "f");
    expect(r).toEqual({ ok: false, state, reason: "Exhausted", message: "no IP addresses available in range set: 10.0.0.1-10.0.0.6" });
  });

  it("allocates IPv6 from the last address of the range too (no broadcast)", () => {
    const state: PodCidrState = { cidr: "fd00::/126", allocated: {} };
    expect(allocateAll(state, ["a", "b"]).ips).toEqual(["fd00::2", "fd00::3"]);
  });

  it("an invalid CIDR is an outcome, not an exception", () => {
    expect(allocatePodIP(newPodCidrState("10.0.0.0/31"), "a")).toMatchObject({ ok: false, reason: "InvalidCIDR" });
  });

  it("releasing an owner without an address changes nothing", () => {
    const { state } = allocateAll(newPodCidrState("10.244.3.0/24"), ["a"]);
    expect(releasePodIP(state, "nobody")).toBe(state);
  });
});
