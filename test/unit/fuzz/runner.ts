/**
 * Running a fast-check property against the server: fixed seed, bounded runs and time, a failure message
 * that leads with the seed and counterexample path (put them into the suite's settings to replay), and the exchange
 * that broke the contract. A property's exchanges go through `exchange`, which enforces the response
 * contract (contract.ts) unless the answer is a listed known deviation (known-deviations.ts).
 */
import fc from "fast-check";
import { contractViolations } from "./contract";
import { describeExchange } from "./repro";
import { contractDeviation, knownDeviation } from "./known-deviations";
import { send, type FuzzRequest, type FuzzResponse, type StatusTally } from "./harness";

export interface FuzzSettings {
  seed: number;
  numRuns: number;
  /** A counterexample path printed by a failure: replays exactly that case. */
  path?: string;
  /** Stop generating (and shrinking) after this long; the runs done so far still count. */
  timeLimitMs?: number;
}

/** Runs `property`; throws with seed, path and the shrunk counterexample when it fails. */
export async function checkProperty<Ts>(name: string, property: fc.IAsyncPropertyWithHooks<Ts>, settings: FuzzSettings): Promise<number> {
  const details = await fc.check(property, {
    seed: settings.seed,
    numRuns: settings.numRuns,
    ...(settings.path ? { path: settings.path } : {}),
    interruptAfterTimeLimit: settings.timeLimitMs ?? 30_000,
    markInterruptAsFailure: false,
  });
  if (details.failed) {
    const replay = `seed=${details.seed} path="${details.counterexamplePath}"`;
    console.error(`[fuzz] ${name} FAILED — replay with ${replay}`);
    const cause = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
    throw new Error(`[fuzz] ${name} failed (${replay})\n${fc.defaultReportMessage(details)}\n${cause}`);
  }
  return details.numRuns;
}

/** Sends `request`, records its status under `property`, and throws if the answer breaks the contract. */
export async function exchange(tally: StatusTally, property: string, request: FuzzRequest): Promise<FuzzResponse> {
  const response = await send(request);
  tally.record(property, response.status, String(response.body?.message ?? response.text));
  const violations = contractViolations({ request, response });
  const known = violations.length ? contractDeviation(request, response) : undefined;
  if (known) knownDeviation(tally, known, request, response);
  else if (violations.length) throw new Error(`contract: ${violations.join("; ")}\n${describeExchange({ request, response })}`);
  return response;
}
