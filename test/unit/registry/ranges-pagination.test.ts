/** Content-Range of chunks, upload progress, blob byte ranges, and n/last pagination. */
import { describe, expect, it } from "vitest";
import { parseByteRange, parseContentRange, uploadRange } from "../../../worker/registry/ranges";
import { MAX_PAGE, nextLink, parsePage } from "../../../worker/registry/pagination";
import { RegistryError } from "../../../worker/registry/errors";

describe("parseContentRange", () => {
  it.each([
    ["0-99", { start: 0, end: 99 }],
    ["100-100", { start: 100, end: 100 }],
    ["bytes 5-9/*", { start: 5, end: 9 }],
    ["bytes 5-9/10", { start: 5, end: 9 }],
    [" 1-2 ", { start: 1, end: 2 }],
    ["9-5", undefined],
    ["-5", undefined],
    ["5-", undefined],
    ["a-b", undefined],
    ["bytes=0-1", undefined],
    ["", undefined],
  ])("%j → %j", (header, want) => {
    expect(parseContentRange(header)).toEqual(want);
  });
});

describe("uploadRange", () => {
  it.each([
    [0, "0-0"],
    [1, "0-0"],
    [100, "0-99"],
  ])("%d bytes → %s", (size, want) => {
    expect(uploadRange(size)).toBe(want);
  });
});

describe("parseByteRange", () => {
  it.each([
    ["bytes=0-9", 100, { offset: 0, length: 10 }],
    ["bytes=90-", 100, { offset: 90, length: 10 }],
    ["bytes=90-200", 100, { offset: 90, length: 10 }],
    ["bytes=-10", 100, { offset: 90, length: 10 }],
    ["bytes=-200", 100, { offset: 0, length: 100 }],
    ["bytes=100-", 100, "unsatisfiable"],
    ["bytes=-0", 100, "unsatisfiable"],
    ["bytes=9-0", 100, undefined],
    ["bytes=0-1,5-6", 100, undefined],
    ["items=0-1", 100, undefined],
    ["bytes=-", 100, undefined],
    [null, 100, undefined],
  ])("%j of %d bytes → %j", (header, size, want) => {
    expect(parseByteRange(header, size)).toEqual(want);
  });
});

describe("parsePage", () => {
  it.each([
    ["", {}],
    ["n=2", { n: 2 }],
    ["n=0", { n: 0 }],
    ["n=2&last=b", { n: 2, last: "b" }],
    ["last=b", { last: "b" }],
    [`n=${MAX_PAGE + 5}`, { n: MAX_PAGE }],
    ["n=", {}],
  ])("%j → %j", (query, want) => {
    expect(parsePage(new URLSearchParams(query))).toEqual(want);
  });

  it.each(["n=-1", "n=x", "n=1.5", "n=99999999999"])("%j → PAGINATION_NUMBER_INVALID", (query) => {
    expect(() => parsePage(new URLSearchParams(query))).toThrow(RegistryError);
    try {
      parsePage(new URLSearchParams(query));
    } catch (e) {
      expect((e as RegistryError).code).toBe("PAGINATION_NUMBER_INVALID");
      expect((e as RegistryError).status).toBe(400);
    }
  });
});

describe("nextLink", () => {
  it("points at the page after last, escaped", () => {
    expect(nextLink("/v2/a/tags/list", 2, "v1")).toBe('</v2/a/tags/list?n=2&last=v1>; rel="next"');
    expect(nextLink("/v2/_catalog", 1, "team/app")).toBe('</v2/_catalog?n=1&last=team%2Fapp>; rel="next"');
  });
});
