/**
 * A recorded client history of key-value operations against the API, the input of the linearizability
 * checker (`linearizability.ts`). Each key is one ConfigMap (its name); its value is the ConfigMap's data.
 */

/** One key-value operation against the API (a ConfigMap is the key's value holder; the key is its name). */
export type Op =
  /** POST; ok → rv; fails if exists (409). */
  | { kind: "create"; key: string; value: string }
  /** PUT; with ifRv: CAS (metadata.resourceVersion) → 409 on mismatch; without: unconditional; 404 if absent. */
  | { kind: "update"; key: string; value: string; ifRv?: string }
  /** GET → value + rv, or 404. */
  | { kind: "get"; key: string }
  /** DELETE (preconditions.resourceVersion when ifRv) → 404 if absent, 409 on mismatch. */
  | { kind: "delete"; key: string; ifRv?: string };

/** What the client saw. `unknown`: no answer (timeout, connection reset, server killed) — it may or may not have taken effect. */
export type Outcome =
  /** value: for get (the stored value); rv: the object's resourceVersion after the op (for delete: the rv the server returned in the deleted object). */
  | { status: "ok"; rv: string; value?: string }
  | { status: "notFound" }
  /** 409: AlreadyExists on create, Conflict on CAS mismatch. */
  | { status: "conflict" }
  | { status: "unknown" };

/**
 * call/ret are monotonic client times (performance.now()); ret = Infinity for unknown outcomes. For an unknown
 * outcome a finite ret means "took effect before ret, or never" (see `settleUnknowns`).
 */
export interface Event {
  client: number;
  op: Op;
  outcome: Outcome;
  call: number;
  ret: number;
}

export type History = Event[];

/** One line for reports: `c3 update a="v7" if 12 → ok rv 15 [10.2, 11.9]`. */
export function describeEvent(e: Event): string {
  const op = e.op;
  const value = "value" in op ? `=${JSON.stringify(op.value)}` : "";
  const ifRv = "ifRv" in op && op.ifRv !== undefined ? ` if ${op.ifRv}` : "";
  const o = e.outcome;
  const got =
    o.status === "ok" ? `ok rv ${o.rv}${o.value !== undefined ? ` ${JSON.stringify(o.value)}` : ""}` : o.status;
  return `c${e.client} ${op.kind} ${op.key}${value}${ifRv} → ${got} [${e.call}, ${e.ret}]`;
}

/**
 * Once the server has been killed at `t`, no op still unanswered can take effect later: unknown ops called
 * before `t` get ret = `t`. The checker then decides each at `t` instead of carrying it to the end of the
 * history, which keeps the search small on contended keys (and the verdict exact).
 */
export function settleUnknowns(history: History, t: number): History {
  return history.map((e) => (e.outcome.status === "unknown" && e.call < t && e.ret > t ? { ...e, ret: t } : e));
}
