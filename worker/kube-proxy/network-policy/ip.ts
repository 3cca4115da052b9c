/** IP addresses against NetworkPolicy `ipBlock` peers (cidr minus except), IPv4 and IPv6. */
import { parseCIDR, parseIP, type CIDR } from "../../../schema/networking-v1/net-validation";

export interface IPBlockMatcher {
  cidr: CIDR;
  except: CIDR[];
}

/** `ip` (bytes) lies in `cidr`; an IPv4 address never lies in an IPv6 block nor the reverse. */
export function cidrContains(cidr: CIDR, ip: readonly number[]): boolean {
  if (cidr.ip.length !== ip.length) return false;
  for (let i = 0; i < ip.length; i++) {
    const bits = Math.min(8, Math.max(0, cidr.bits - i * 8));
    if (bits === 0) return true;
    const mask = (0xff << (8 - bits)) & 0xff;
    if ((ip[i] & mask) !== cidr.ip[i]) return false;
  }
  return true;
}

/** An ipBlock's parsed form; undefined when its cidr does not parse (validation keeps such policies out). */
export function compileIPBlock(block: { cidr?: string | null; except?: (string | null)[] | null }): IPBlockMatcher | undefined {
  const cidr = block.cidr ? parseCIDR(block.cidr) : undefined;
  if (!cidr) return undefined;
  const except = (block.except ?? []).flatMap((e) => {
    const c = e ? parseCIDR(e) : undefined;
    return c ? [c] : [];
  });
  return { cidr, except };
}

/**
 * NetworkPolicyPeer.ipBlock: the address is inside `cidr` and outside every `except` CIDR. An address that does
 * not parse matches no block.
 */
export function ipBlockMatches(block: IPBlockMatcher, ip: string | undefined): boolean {
  const bytes = ip ? parseIP(ip) : undefined;
  if (!bytes) return false;
  return cidrContains(block.cidr, bytes) && !block.except.some((e) => cidrContains(e, bytes));
}
