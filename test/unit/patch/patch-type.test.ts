import { describe, expect, it } from "vitest";
import { patchTypeOf, unsupportedPatchTypeMessage } from "../../../worker/patch/patch-type";

describe("patchTypeOf", () => {
  it.each([
    ["application/json-patch+json", "json"],
    ["application/merge-patch+json", "merge"],
    ["application/strategic-merge-patch+json", "strategic"],
    ["application/apply-patch+yaml", "apply"],
    ["application/merge-patch+json; charset=utf-8", "merge"],
    ["Application/Strategic-Merge-Patch+JSON", "strategic"],
    ["application/apply-patch+cbor", undefined],
    ["application/json", undefined],
    ["application/yaml", undefined],
    ["", undefined],
    [null, undefined],
    [undefined, undefined],
  ])("%s → %s", (contentType, expected) => {
    expect(patchTypeOf(contentType)).toBe(expected);
  });

  it("names the accepted types in the 415 message, as upstream does", () => {
    expect(unsupportedPatchTypeMessage()).toBe(
      "the body of the request was in an unknown format - accepted media types include: " +
        "application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json, application/apply-patch+yaml",
    );
  });
});
