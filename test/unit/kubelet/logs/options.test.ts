import { describe, expect, it } from "vitest";
import { parseInt64, parsePodLogQuery, parseRfc3339, sinceMsOf, validatePodLogOptions, type PodLogQuery } from "../../../../worker/kubelet/logs/options";

const q = (s: string) => new URLSearchParams(s);
const base: PodLogQuery = { follow: false, previous: false, timestamps: false };

describe("parsePodLogQuery", () => {
  it.each([
    ["", base],
    ["container=c&follow=true&previous=1&timestamps", { ...base, container: "c", follow: true, previous: true, timestamps: true }],
    ["follow=false&previous=0&timestamps=FALSE", base],
    ["tailLines=10&limitBytes=%2B5&sinceSeconds=007", { ...base, tailLines: 10, limitBytes: 5, sinceSeconds: 7 }],
    ["tailLines=-1", { ...base, tailLines: -1 }],
    ["tailLines=&sinceTime=", base],
    ["sinceTime=2024-05-01T10:00:00Z", { ...base, sinceTime: "2024-05-01T10:00:00Z" }],
    ["sinceTime=2024-05-01T10:00:00.5%2B02:00", { ...base, sinceTime: "2024-05-01T10:00:00.5+02:00" }],
    ["stream=Stdout", { ...base, stream: "Stdout" }],
    ["insecureSkipTLSVerifyBackend=true&pretty=1", base],
  ])("%s", (query, expected) => {
    expect(parsePodLogQuery(q(query))).toEqual({ ok: true, query: expected });
  });

  it.each([
    ["tailLines=abc", 'strconv.ParseInt: parsing "abc": invalid syntax'],
    ["limitBytes=1.5", 'strconv.ParseInt: parsing "1.5": invalid syntax'],
    ["sinceSeconds=9223372036854775808", 'strconv.ParseInt: parsing "9223372036854775808": value out of range'],
    ["sinceTime=yesterday", 'parsing time "yesterday" as "2006-01-02T15:04:05Z07:00": cannot parse "yesterday" as "2006"'],
  ])("%s is a decoding error", (query, message) => {
    expect(parsePodLogQuery(q(query))).toEqual({ ok: false, message });
  });
});

describe("parseInt64 / parseRfc3339", () => {
  it.each([
    ["0", 0],
    ["-9223372036854775808", -9223372036854775808],
    ["42", 42],
  ])("parseInt64(%s)", (s, n) => expect(parseInt64(s)).toEqual({ ok: true, value: n }));

  it.each([
    ["2024-02-30T00:00:00Z", false],
    ["2024-13-01T00:00:00Z", false],
    ["2024-01-01T24:00:00Z", false],
    ["2024-01-01t00:00:00z", false],
    ["2024-01-01T00:00:00Z", true],
    ["2024-01-01T00:00:00-07:00", true],
  ])("parseRfc3339(%s) ok=%s", (s, ok) => expect(parseRfc3339(s).ok).toBe(ok));
});

describe("validatePodLogOptions", () => {
  it.each<[string, PodLogQuery, string[]]>([
    ["defaults", base, []],
    ["tailLines 0 and limitBytes 1", { ...base, tailLines: 0, limitBytes: 1 }, []],
    ["negative tailLines", { ...base, tailLines: -1 }, ["tailLines: Invalid value: -1: must be greater than or equal to 0"]],
    ["limitBytes 0", { ...base, limitBytes: 0 }, ["limitBytes: Invalid value: 0: must be greater than 0"]],
    ["sinceSeconds 0", { ...base, sinceSeconds: 0 }, ["sinceSeconds: Invalid value: 0: must be greater than 0"]],
    ["both since", { ...base, sinceSeconds: 5, sinceTime: "2024-01-01T00:00:00Z" }, [": Forbidden: at most one of `sinceTime` or `sinceSeconds` may be specified"]],
    ["stream without the feature", { ...base, stream: "All" }, ["stream: Forbidden: may not be specified"]],
    [
      "several, in upstream's order",
      { ...base, tailLines: -2, limitBytes: -1, sinceSeconds: -1 },
      [
        "tailLines: Invalid value: -2: must be greater than or equal to 0",
        "limitBytes: Invalid value: -1: must be greater than 0",
        "sinceSeconds: Invalid value: -1: must be greater than 0",
      ],
    ],
  ])("%s", (_name, opts, expected) => {
    expect(validatePodLogOptions(opts).map((e) => `${e.field}: ${e.message}`)).toEqual(expected);
  });
});

describe("sinceMsOf", () => {
  const now = Date.parse("2024-01-01T00:10:00Z");
  it.each([
    [{}, undefined],
    [{ sinceSeconds: 60 }, Date.parse("2024-01-01T00:09:00Z")],
    [{ sinceTime: "2024-01-01T00:05:00Z" }, Date.parse("2024-01-01T00:05:00Z")],
  ])("%j", (o, expected) => expect(sinceMsOf(o, now)).toBe(expected));
});
