/**
 * Seeded fault injection for the controller chaos tests (dropped and duplicated pokes, failing alarms). Off
 * unless a test sets a plan on a loop's Durable Object; a failing schedule is reproduced from its seed.
 */
export interface FaultPlan {
  seed: number;
  /** Probabilities in [0, 1]. */
  dropPoke?: number;
  duplicatePoke?: number;
  failAlarm?: number;
}

/** mulberry32: a small, well-distributed 32-bit PRNG. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class Faults {
  private readonly random: () => number;
  constructor(private readonly plan?: FaultPlan) {
    this.random = prng(plan?.seed ?? 0);
  }
  dropPoke = () => this.roll(this.plan?.dropPoke);
  duplicatePoke = () => this.roll(this.plan?.duplicatePoke);
  failAlarm = () => this.roll(this.plan?.failAlarm);
  private roll(p?: number): boolean {
    return p !== undefined && p > 0 && this.random() < p;
  }
}
