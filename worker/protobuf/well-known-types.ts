/**
 * Messages whose Go JSON form is not "an object of their fields": they implement `MarshalJSON` in
 * apimachinery (or are `+protobuf.nullable` slice wrappers). Each converter receives the message's
 * decoded scalar fields and returns its JSON value, or `undefined` when Go would write `null` / the
 * field would be omitted.
 */
import protobuf from "protobufjs";
import { WireFormatError, type LongLike, type WireValue } from "./wire-reader";

/** A JSON value as `JSON.parse` produces it. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** Scalar access to one decoded message: the last occurrence of a field, or every occurrence. */
export interface DecodedScalars {
  last(fieldName: string): WireValue | undefined;
  all(fieldName: string): WireValue[];
  /** True if no field of the message was on the wire. */
  readonly empty: boolean;
}

export type WellKnownConverter = (fields: DecodedScalars) => JsonValue | undefined;

const META = "k8s.io.apimachinery.pkg.apis.meta.v1";

/**
 * Converters keyed by message full name (no leading dot). Upstream sources: meta/v1 `time.go`,
 * `time_proto.go`, `micro_time.go`, `duration.go`, `fields_proto.go`; runtime `extension.go`;
 * api/resource `quantity_proto.go`; util/intstr `intstr.go`; authorization/authentication `ExtraValue`.
 */
export const WELL_KNOWN_TYPES: Readonly<Record<string, WellKnownConverter>> = {
  [`${META}.Time`]: (f) => (f.empty ? undefined : formatRfc3339(toNumber(f.last("seconds") ?? 0), 0, 0)),
  [`${META}.MicroTime`]: (f) =>
    f.empty ? undefined : formatRfc3339(toNumber(f.last("seconds") ?? 0), toNumber(f.last("nanos") ?? 0), 6),
  [`${META}.Duration`]: (f) => formatGoDuration(toBigInt(f.last("duration") ?? 0)),
  [`${META}.FieldsV1`]: (f) => parseEmbeddedJson(f.last("Raw"), "FieldsV1"),
  ["k8s.io.apimachinery.pkg.runtime.RawExtension"]: (f) => parseEmbeddedJson(f.last("raw"), "RawExtension"),
  ["k8s.io.apimachinery.pkg.api.resource.Quantity"]: (f) => {
    const value = f.last("string");
    return typeof value === "string" && value !== "" ? value : "0";
  },
  ["k8s.io.apimachinery.pkg.util.intstr.IntOrString"]: (f) =>
    toNumber(f.last("type") ?? 0) === 1 ? String(f.last("strVal") ?? "") : toNumber(f.last("intVal") ?? 0),
  [`${META}.Verbs`]: (f) => f.all("items").map(String),
  ["k8s.io.api.authorization.v1.ExtraValue"]: (f) => f.all("items").map(String),
  ["k8s.io.api.authentication.v1.ExtraValue"]: (f) => f.all("items").map(String),
};

/** A protobuf integer (number or Long) as a JS number. */
export function toNumber(value: WireValue): number {
  if (typeof value === "number") return value;
  if (typeof value === "boolean") return value ? 1 : 0;
  if (typeof value === "string" || value instanceof Uint8Array) return Number(value);
  return (value as unknown as LongLike).toNumber();
}

function toBigInt(value: WireValue): bigint {
  if (typeof value === "object" && !(value instanceof Uint8Array)) return BigInt((value as unknown as LongLike).toString());
  return BigInt(toNumber(value));
}

/** Standard (padded) base64, as Go's encoding/json writes `[]byte`. */
export function encodeBase64(bytes: Uint8Array): string {
  return protobuf.util.base64.encode(bytes, 0, bytes.length);
}

/**
 * RFC 3339 in UTC with `fractionDigits` digits of fraction (0 for metav1.Time, which marshals with
 * `time.RFC3339` and whose protobuf form carries seconds only; 6 for metav1.MicroTime, `RFC3339Micro`).
 */
export function formatRfc3339(seconds: number, nanos: number, fractionDigits: 0 | 6): string {
  const date = new Date(seconds * 1000);
  const year = date.getUTCFullYear();
  if (!Number.isFinite(date.getTime()) || year < 0 || year > 9999) {
    throw new WireFormatError(`timestamp ${seconds}s is outside years 0000-9999`);
  }
  const pad = (n: number, width = 2) => String(n).padStart(width, "0");
  const base =
    `${pad(year, 4)}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}` +
    `T${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}`;
  if (fractionDigits === 0) return `${base}Z`;
  const micros = Math.floor(Math.min(Math.max(nanos, 0), 999_999_999) / 1000);
  return `${base}.${pad(micros, 6)}Z`;
}

/**
 * Go's `time.Duration.String()` (metav1.Duration marshals with it): "0s", "1.5µs", "250ms",
 * "1m30s", "1h0m0s". Sub-second durations use the largest unit below a second; longer ones are
 * `[<h>h][<m>m]<s>[.<frac>]s`, where minutes appear once the duration reaches a minute.
 */
export function formatGoDuration(nanos: bigint): string {
  if (nanos === 0n) return "0s";
  const sign = nanos < 0n ? "-" : "";
  const u = nanos < 0n ? -nanos : nanos;
  if (u < 1_000n) return `${sign}${u}ns`;
  if (u < 1_000_000n) return `${sign}${decimal(u, 3)}µs`;
  if (u < 1_000_000_000n) return `${sign}${decimal(u, 6)}ms`;
  const totalSeconds = u / 1_000_000_000n;
  const seconds = `${decimal((totalSeconds % 60n) * 1_000_000_000n + (u % 1_000_000_000n), 9)}s`;
  const totalMinutes = totalSeconds / 60n;
  if (totalMinutes === 0n) return `${sign}${seconds}`;
  const hours = totalMinutes / 60n;
  return `${sign}${hours > 0n ? `${hours}h` : ""}${totalMinutes % 60n}m${seconds}`;
}

/** `value / 10^scale` in decimal, without trailing fraction zeros (Go's fmtFrac + fmtInt). */
function decimal(value: bigint, scale: number): string {
  const divisor = 10n ** BigInt(scale);
  const fraction = (value % divisor).toString().padStart(scale, "0").replace(/0+$/, "");
  return fraction ? `${value / divisor}.${fraction}` : `${value / divisor}`;
}

/** RawExtension / FieldsV1 carry JSON bytes verbatim; Go writes them as-is, `null` when absent. */
function parseEmbeddedJson(raw: WireValue | undefined, what: string): JsonValue | undefined {
  if (!(raw instanceof Uint8Array) || raw.length === 0) return undefined;
  try {
    return JSON.parse(new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(raw)) as JsonValue;
  } catch {
    throw new WireFormatError(`${what} does not hold valid JSON`);
  }
}
