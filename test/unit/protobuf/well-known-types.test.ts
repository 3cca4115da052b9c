/** The Go formatting rules behind metav1.Time, MicroTime and Duration. */
import { describe, expect, it } from "vitest";
import { formatGoDuration, formatRfc3339 } from "../../../worker/protobuf";
import { lookupMessageType } from "../../../worker/protobuf/kind-registry";
import { messageToJson } from "../../../worker/protobuf/message-to-json";
import { encode, int } from "./wire-builder";

const SECOND = 1_000_000_000n;

describe("formatGoDuration (time.Duration.String)", () => {
  it.each([
    [0n, "0s"],
    [1n, "1ns"],
    [999n, "999ns"],
    [1_500n, "1.5µs"],
    [250_000_000n, "250ms"],
    [1_000_000n, "1ms"],
    [SECOND, "1s"],
    [1_500_000_000n, "1.5s"],
    [90n * SECOND, "1m30s"],
    [600n * SECOND, "10m0s"],
    [3600n * SECOND, "1h0m0s"],
    [3723n * SECOND + 5n, "1h2m3.000000005s"],
    [-90n * SECOND, "-1m30s"],
    [9_223_372_036_854_775_807n, "2562047h47m16.854775807s"],
  ])("%s ns → %s", (nanos, expected) => {
    expect(formatGoDuration(nanos)).toBe(expected);
  });
});

describe("formatRfc3339", () => {
  it.each([
    [0, 0, 0, "1970-01-01T00:00:00Z"],
    [1714557600, 999_999_999, 0, "2024-05-01T10:00:00Z"],
    [1714557600, 123_456_789, 6, "2024-05-01T10:00:00.123456Z"],
    [1714557600, 0, 6, "2024-05-01T10:00:00.000000Z"],
    [-62135596800, 0, 0, "0001-01-01T00:00:00Z"],
  ] as const)("(%d s, %d ns, %d digits) → %s", (seconds, nanos, digits, expected) => {
    expect(formatRfc3339(seconds, nanos, digits)).toBe(expected);
  });

  it("rejects years Go's encoder cannot write", () => {
    expect(() => formatRfc3339(253402300800, 0, 0)).toThrow();
  });
});

describe("well-known messages", () => {
  const toJson = (type: string, raw: Uint8Array) => messageToJson(lookupMessageType(type), raw);

  it.each([
    ["k8s.io.apimachinery.pkg.apis.meta.v1.MicroTime", encode(int(1, 1714557600), int(2, 5_000)), "2024-05-01T10:00:00.000005Z"],
    ["k8s.io.apimachinery.pkg.apis.meta.v1.MicroTime", new Uint8Array(), undefined],
    ["k8s.io.apimachinery.pkg.apis.meta.v1.Time", new Uint8Array(), undefined],
    ["k8s.io.apimachinery.pkg.apis.meta.v1.Duration", encode(int(1, 600_000_000_000)), "10m0s"],
    ["k8s.io.apimachinery.pkg.apis.meta.v1.Duration", new Uint8Array(), "0s"],
    ["k8s.io.apimachinery.pkg.util.intstr.IntOrString", new Uint8Array(), 0],
    ["k8s.io.apimachinery.pkg.runtime.RawExtension", encode((w) => void w.uint32(10).bytes(new TextEncoder().encode('{"a":[1]}'))), { a: [1] }],
    ["k8s.io.apimachinery.pkg.runtime.RawExtension", new Uint8Array(), undefined],
  ])("%s %j", (type, raw, expected) => {
    expect(toJson(type, raw)).toStrictEqual(expected);
  });
});
