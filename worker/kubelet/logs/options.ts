/**
 * PodLogOptions from a `pods/{name}/log` query: decoded as the API server's parameter codec does (a value that
 * does not convert is a 400 BadRequest with the conversion error) and validated as
 * pkg/apis/core/validation ValidatePodLogOptions (422 Invalid `PodLogOptions "<pod>" is invalid: …`).
 */
import type { FieldError } from "../../../schema/types";
import { forbidden, goQuote, invalid, IS_NEGATIVE } from "../../../schema/validation/field-errors";
import { queryBool } from "../../request-info";
import type { PodLogOptions } from "./types";

/** The options before the API server picked the container (`container` may be absent in the query). */
export type PodLogQuery = Omit<PodLogOptions, "container"> & { container?: string; stream?: string };

export type PodLogQueryResult = { ok: true; query: PodLogQuery } | { ok: false; message: string };

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * strconv.ParseInt(s, 10, 64) as runtime.Convert_Slice_string_To_Pointer_int64 applies it: an empty value is
 * no value; the error texts are Go's.
 */
export function parseInt64(s: string): { ok: true; value: number } | { ok: false; message: string } {
  if (!/^[+-]?\d+$/.test(s)) return { ok: false, message: `strconv.ParseInt: parsing ${goQuote(s)}: invalid syntax` };
  const n = BigInt(s);
  if (n > 9223372036854775807n || n < -9223372036854775808n) {
    return { ok: false, message: `strconv.ParseInt: parsing ${goQuote(s)}: value out of range` };
  }
  return { ok: true, value: Number(n) };
}

/** metav1.Time.UnmarshalQueryParameter: time.Parse(time.RFC3339) (fractional seconds accepted, as Go does). */
export function parseRfc3339(s: string): { ok: true; ms: number } | { ok: false; message: string } {
  const m = RFC3339.exec(s);
  const ms = m ? Date.parse(s) : NaN;
  const day = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : undefined;
  const inRange = m && day!.getUTCMonth() === Number(m[2]) - 1 && day!.getUTCDate() === Number(m[3]) && Number(m[4]) < 24 && Number(m[5]) < 60 && Number(m[6]) < 60;
  if (!m || !inRange || Number.isNaN(ms)) {
    return { ok: false, message: `parsing time ${goQuote(s)} as "2006-01-02T15:04:05Z07:00": cannot parse ${goQuote(s)} as "2006"` };
  }
  return { ok: true, ms };
}

/** Decodes the query parameters of PodLogOptions (unknown parameters are ignored, as upstream). */
export function parsePodLogQuery(q: URLSearchParams): PodLogQueryResult {
  const out: PodLogQuery = {
    follow: queryBool(q, "follow"),
    previous: queryBool(q, "previous"),
    timestamps: queryBool(q, "timestamps"),
  };
  const container = q.get("container");
  if (container) out.container = container;
  for (const name of ["sinceSeconds", "tailLines", "limitBytes"] as const) {
    const raw = q.get(name);
    if (raw === null || raw === "") continue;
    const parsed = parseInt64(raw);
    if (!parsed.ok) return parsed;
    out[name] = parsed.value;
  }
  const sinceTime = q.get("sinceTime");
  if (sinceTime !== null && sinceTime !== "" && sinceTime !== "null") {
    const parsed = parseRfc3339(sinceTime);
    if (!parsed.ok) return parsed;
    out.sinceTime = sinceTime;
  }
  const stream = q.get("stream");
  if (stream !== null) out.stream = stream;
  return { ok: true, query: out };
}

/**
 * ValidatePodLogOptions (1.32, PodLogsQuerySplitStreams off: `stream` may not be given). Field errors in
 * upstream's order.
 */
export function validatePodLogOptions(o: PodLogQuery): FieldError[] {
  const errs: FieldError[] = [];
  if (o.tailLines !== undefined && o.tailLines < 0) errs.push(invalid("tailLines", o.tailLines, IS_NEGATIVE));
  if (o.limitBytes !== undefined && o.limitBytes < 1) errs.push(invalid("limitBytes", o.limitBytes, "must be greater than 0"));
  if (o.sinceSeconds !== undefined && o.sinceTime !== undefined) {
    errs.push(forbidden("", "at most one of `sinceTime` or `sinceSeconds` may be specified"));
  } else if (o.sinceSeconds !== undefined && o.sinceSeconds < 1) {
    errs.push(invalid("sinceSeconds", o.sinceSeconds, "must be greater than 0"));
  }
  if (o.stream !== undefined) errs.push(forbidden("stream", "may not be specified"));
  return errs;
}

/**
 * The instant lines must not be older than (kuberuntime/logs NewLogOptions): `now - sinceSeconds`, or
 * `sinceTime` when that is later; undefined for no limit.
 */
export function sinceMsOf(o: Pick<PodLogOptions, "sinceSeconds" | "sinceTime">, nowMs: number): number | undefined {
  let since: number | undefined;
  if (o.sinceSeconds !== undefined) since = nowMs - o.sinceSeconds * 1000;
  if (o.sinceTime !== undefined) {
    const t = Date.parse(o.sinceTime);
    if (!Number.isNaN(t) && (since === undefined || t > since)) since = t;
  }
  return since;
}
