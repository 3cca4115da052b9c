/**
 * The sequential specification the linearizability search replays: one key of the API as a register holding
 * `{ value, rv }` or nothing, with the key's latest resourceVersion kept across a delete (a re-create gets a
 * newer one: the store's revision is one counter per shard, durable-objects/store/README.md).
 *
 * Semantics matched (worker/handlers/create.ts, update.ts, delete.ts; upstream's GuaranteedUpdate):
 * - create: 409 if the key exists, else a new revision.
 * - update: 404 if absent; with ifRv, 409 unless it is the current revision; an update that leaves the object
 *   unchanged is a no-op answering the current revision (upstream skips the write; a body differing outside the
 *   value may still write); an unconditional update or delete may answer 409 after too many concurrent changes
 *   (the server's retry limit), without effect.
 * - delete: 404 if absent, 409 on an ifRv mismatch, else a new revision (the tombstone's). ConfigMaps answer a
 *   DELETE with a Status, not the object: an `ok` with rv "" means "deleted, revision not reported".
 * - get: the current value and revision, or 404.
 * An unknown outcome may have taken effect: its revision is then unknown but newer than the key's last one, so a
 * state's `rv` is either exact or a lower bound (inclusive), narrowed when a later outcome reports it.
 */
import type { Op, Outcome } from "./history";

/** A key as the search sees it: `rv` is the key's latest revision (also after a delete), or a lower bound of it when !exact. */
export interface RegisterState {
  present: boolean;
  value: string;
  rv: number;
  exact: boolean;
}

/** Keys start absent: the suites write fresh names. */
export const INITIAL_STATE: RegisterState = { present: false, value: "", rv: 0, exact: true };

const REVISION = /^[0-9]+$/;

/** A resourceVersion as a number, NaN unless it is a decimal string. */
export function parseRv(rv: string): number {
  return REVISION.test(rv) ? Number(rv) : NaN;
}

const canBe = (s: RegisterState, rv: number) => (s.exact ? s.rv === rv : rv >= s.rv);
const mayDiffer = (s: RegisterState, rv: number) => !s.exact || s.rv !== rv;
const learn = (s: RegisterState, rv: number): RegisterState => (s.exact && s.rv === rv ? s : { ...s, rv, exact: true });
const written = (value: string, rv: number): RegisterState => ({ present: true, value, rv, exact: true });
const unknownWrite = (present: boolean, value: string, after: number): RegisterState => ({ present, value, rv: after + 1, exact: false });
const deleted = (rv: number, exact: boolean): RegisterState => ({ present: false, value: "", rv, exact });

/**
 * The state after `op` answered `outcome` in state `s`, or undefined when that answer is impossible there.
 * For an unknown outcome it is the state if the op took effect (the search also tries never applying it).
 */
export function stepRegister(s: RegisterState, op: Op, outcome: Outcome): RegisterState | undefined {
  const status = outcome.status;
  const rv = status === "ok" ? parseRv(outcome.rv) : NaN;
  const expected = "ifRv" in op && op.ifRv !== undefined ? parseRv(op.ifRv) : undefined;
  switch (op.kind) {
    case "get":
      if (status === "unknown") return s;
      if (status === "notFound") return s.present ? undefined : s;
      if (status !== "ok") return undefined;
      return s.present && outcome.value === s.value && canBe(s, rv) ? learn(s, rv) : undefined;
    case "create":
      if (s.present) return status === "conflict" || status === "unknown" ? s : undefined;
      if (status === "unknown") return unknownWrite(true, op.value, s.rv);
      return status === "ok" && rv > s.rv ? written(op.value, rv) : undefined;
    case "update": {
      if (!s.present) return status === "notFound" || status === "unknown" ? s : undefined;
      if (status === "conflict") return expected === undefined || mayDiffer(s, expected) ? s : undefined;
      if (status === "notFound") return undefined;
      if (expected !== undefined && !canBe(s, expected)) return status === "unknown" ? s : undefined;
      const base = expected === undefined ? s : learn(s, expected);
      // An unchanged object is normally a no-op (same revision); a body differing elsewhere writes a new one.
      const same = op.value === base.value;
      if (status === "unknown") return same ? { ...base, exact: false } : unknownWrite(true, op.value, base.rv);
      if (same && canBe(base, rv)) return learn(base, rv);
      return rv > base.rv ? written(op.value, rv) : undefined;
    }
    case "delete": {
      if (!s.present) return status === "notFound" || status === "unknown" ? s : undefined;
      if (status === "conflict") return expected === undefined || mayDiffer(s, expected) ? s : undefined;
      if (status === "notFound") return undefined;
      if (expected !== undefined && !canBe(s, expected)) return status === "unknown" ? s : undefined;
      const base = expected === undefined ? s : learn(s, expected);
      if (status === "unknown" || (status === "ok" && outcome.rv === "")) return deleted(base.rv + 1, false);
      if (outcome.value !== undefined && outcome.value !== base.value) return undefined;
      return rv > base.rv ? deleted(rv, true) : undefined;
    }
  }
}

/** A compact identity of a state for the search's memo (values interned to numbers by the caller). */
export function stateKey(s: RegisterState, valueId: number): string {
  return `${s.present ? "p" : "a"}${s.exact ? "=" : ">"}${s.rv}:${valueId}`;
}
