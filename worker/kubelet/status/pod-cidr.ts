/**
 * Pod IP allocation from a node's spec.podCIDR, as the CNI host-local IPAM plugin does it for a single range
 * (plugins/ipam/host-local: Range.Canonicalize, IPAllocator.Get / Release, RangeIter):
 *
 * - the range runs from network+1 to the last address before broadcast (IPv4) or the last address (IPv6);
 *   networks smaller than /30 (IPv4) or /126 (IPv6) are refused, as is a CIDR with host bits set;
 * - the gateway (network+1, the bridge's address) is never handed out, nor are the network and broadcast
 *   addresses; a fresh /24 therefore starts at .2 and holds 253 pods;
 * - allocation is round-robin, not lowest-free: it scans from the address after the last one reserved, wrapping
 *   at the end of the range, so a just-released address is not reused at once (stale endpoints and conntrack
 *   entries would otherwise reach the next pod);
 * - unlike host-local, which refuses a second ADD for the same container, asking again for an owner that holds an
 *   address returns that address unchanged, so a level-triggered kubelet can call it on every sync.
 *
 * State is a plain object (JSON) per CIDR; a dual-stack node keeps one per entry of spec.podCIDRs.
 */
import { addressBits, formatIP, parseIP } from "./ip-address";

export interface PodCidrState {
  cidr: string;
  /** host-local's last_reserved_ip for this range. */
  lastReserved?: string;
  /** Address → owner (the pod UID). */
  allocated: Record<string, string>;
}

export interface CidrRange {
  family: 4 | 6;
  prefix: number;
  network: bigint;
  gateway: bigint;
  start: bigint;
  end: bigint;
}

export type CidrParse = { ok: true; range: CidrRange } | { ok: false; message: string };

/** Parse and canonicalise a pod CIDR into host-local's range (errors carry host-local's messages). */
export function parsePodCidr(cidr: string): CidrParse {
  const slash = cidr.indexOf("/");
  const ip = slash > 0 ? parseIP(cidr.slice(0, slash)) : undefined;
  const prefixText = slash > 0 ? cidr.slice(slash + 1) : "";
  if (!ip || !/^[0-9]{1,3}$/.test(prefixText) || Number(prefixText) > addressBits(ip.family)) {
    return { ok: false, message: `invalid CIDR address: ${cidr}` };
  }
  const bits = addressBits(ip.family);
  const prefix = Number(prefixText);
  const hostBits = BigInt(bits - prefix);
  const network = (ip.value >> hostBits) << hostBits;
  if (prefix > bits - 2) return { ok: false, message: `Network ${formatIP(ip)}/${prefix} too small to allocate from` };
  if (network !== ip.value) {
    return {
      ok: false,
      message: `Network has host bits set. For a subnet mask of length ${prefix} the network address is ${formatIP({ family: ip.family, value: network })}`,
    };
  }
  const last = network + (1n << hostBits) - 1n;
  const end = ip.family === 4 ? last - 1n : last;
  return { ok: true, range: { family: ip.family, prefix, network, gateway: network + 1n, start: network + 1n, end } };
}

export const newPodCidrState = (cidr: string): PodCidrState => ({ cidr, allocated: {} });

export type AllocateResult =
  | { ok: true; state: PodCidrState; ip: string }
  | { ok: false; state: PodCidrState; reason: "InvalidCIDR" | "Exhausted"; message: string };

/** The address held by `owner`, if any. */
export const podIPOf = (state: PodCidrState, owner: string): string | undefined =>
  Object.keys(state.allocated).find((ip) => state.allocated[ip] === owner);

/** IPAllocator.Get: the owner's address, or the next free one after the last reserved. */
export function allocatePodIP(state: PodCidrState, owner: string): AllocateResult {
  const held = podIPOf(state, owner);
  if (held) return { ok: true, state, ip: held };
  const parsed = parsePodCidr(state.cidr);
  if (!parsed.ok) return { ok: false, state, reason: "InvalidCIDR", message: parsed.message };
  const r = parsed.range;
  const text = (value: bigint) => formatIP({ family: r.family, value });
  const last = state.lastReserved ? parseIP(state.lastReserved) : undefined;
  const resume = last && last.family === r.family && last.value >= r.start && last.value <= r.end;
  let cur = resume ? next(last.value, r) : r.start;
  // Only the gateway and held addresses can be skipped, so a free one turns up within that many steps.
  const size = r.end - r.start + 1n;
  const bound = BigInt(Object.keys(state.allocated).length) + 2n;
  for (let i = 0n; i < (bound < size ? bound : size); i++, cur = next(cur, r)) {
    if (cur === r.gateway) continue;
    const ip = text(cur);
    if (ip in state.allocated) continue;
    return { ok: true, ip, state: { ...state, lastReserved: ip, allocated: { ...state.allocated, [ip]: owner } } };
  }
  return {
    ok: false,
    state,
    reason: "Exhausted",
    message: `no IP addresses available in range set: ${text(r.start)}-${text(r.end)}`,
  };
}

const next = (v: bigint, r: CidrRange): bigint => (v >= r.end ? r.start : v + 1n);

/** IPAllocator.Release: free every address the owner holds. Returns the same object when it holds none. */
export function releasePodIP(state: PodCidrState, owner: string): PodCidrState {
  const kept = Object.entries(state.allocated).filter(([, o]) => o !== owner);
  if (kept.length === Object.keys(state.allocated).length) return state;
  return { ...state, allocated: Object.fromEntries(kept) };
}

/** The number of pod addresses a CIDR offers (range size less the gateway), or 0 when it cannot be used. */
export function podCidrCapacity(cidr: string): bigint {
  const parsed = parsePodCidr(cidr);
  return parsed.ok ? parsed.range.end - parsed.range.start : 0n;
}
