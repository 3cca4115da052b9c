/**
 * The service IP range and the node-port range as plain numbers (pkg/registry/core/service/ipallocator and
 * portallocator): which values a range holds, and the band dynamic allocation draws from first
 * (ServiceIPStaticSubrange / ServiceNodePortStaticSubrange, GA: the low band is kept for explicit requests).
 */
import { NODE_PORT_RANGE } from "../../../schema/core-v1/service-rules";
import { KUBERNETES_SERVICE_IP, SERVICE_CIDR } from "../domain";

export interface NumberRange {
  /** First usable value. */
  first: number;
  /** Last usable value. */
  last: number;
  /** First value of the dynamic (upper) band. */
  dynamicFrom: number;
}

/** Dotted IPv4 → 32-bit number, or undefined when `ip` is not a canonical IPv4 address. */
export function ipv4ToNumber(ip: string): number | undefined {
  const parts = ip.split(".");
  if (parts.length !== 4) return undefined;
  let n = 0;
  for (const p of parts) {
    if (!/^(0|[1-9]\d{0,2})$/.test(p) || Number(p) > 255) return undefined;
    n = n * 256 + Number(p);
  }
  return n;
}

export function numberToIpv4(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join(".");
}

/**
 * The usable addresses of an IPv4 CIDR: network and broadcast addresses excluded (ipallocator for IPv4); the
 * dynamic band starts `min(max(16, size/16), 256)` addresses in (calculateRangeOffset).
 */
export function ipv4Range(cidr: string): NumberRange {
  const [base, bits] = cidr.split("/");
  const size = 2 ** (32 - Number(bits));
  const network = ipv4ToNumber(base)!;
  const offset = Math.min(Math.max(16, Math.floor(size / 16)), 256);
  return { first: network + 1, last: network + size - 2, dynamicFrom: network + 1 + offset };
}

/** The node-port range; the dynamic band starts `min(max(16, size/32), 128)` ports in (portallocator). */
export function nodePortRange(min = NODE_PORT_RANGE.min, max = NODE_PORT_RANGE.max): NumberRange {
  const size = max - min + 1;
  const offset = Math.min(Math.max(16, Math.floor(size / 32)), 128);
  return { first: min, last: max, dynamicFrom: min + offset };
}

export const SERVICE_IP_RANGE = ipv4Range(SERVICE_CIDR);
export const NODE_PORTS = nodePortRange();
export const KUBERNETES_SERVICE_IP_NUMBER = ipv4ToNumber(KUBERNETES_SERVICE_IP)!;

export const inRange = (r: NumberRange, n: number) => n >= r.first && n <= r.last;

/**
 * A free value of `r` not in `taken`: from the dynamic band first, then the low band (as upstream's
 * AllocateNext falls back to the static band when the dynamic one is full); `random` in [0, 1).
 * Undefined when the range is full.
 */
export function pickFree(r: NumberRange, taken: (n: number) => boolean, random: () => number): number | undefined {
  for (const [from, to] of [[r.dynamicFrom, r.last], [r.first, r.dynamicFrom - 1]]) {
    const size = to - from + 1;
    if (size <= 0) continue;
    const start = Math.floor(random() * size);
    for (let i = 0; i < size; i++) {
      const n = from + ((start + i) % size);
      if (!taken(n)) return n;
    }
  }
  return undefined;
}

/** A random value of the dynamic band (a probe to try; the store's create decides whether it is free). */
export function randomInBand(r: NumberRange, random: () => number): number {
  return r.dynamicFrom + Math.floor(random() * (r.last - r.dynamicFrom + 1));
}
