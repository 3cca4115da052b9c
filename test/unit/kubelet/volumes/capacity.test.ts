/** A volume's capacity: ENOSPC past the limit, shrinking always allowed, and the limit's own validation. */
import { describe, expect, it } from "vitest";
import { checkCapacity, volumeLimit } from "../../../../worker/kubelet/volumes/capacity";

describe("checkCapacity", () => {
  it.each([
    ["no limit", { bytes: 900, limit: null }, 0, 10_000, { ok: true, value: 10_900 }],
    ["a new file that fits", { bytes: 50, limit: 100 }, 0, 50, { ok: true, value: 100 }],
    ["a new file one byte over", { bytes: 50, limit: 100 }, 0, 51, { ok: false, code: "ENOSPC" }],
    ["growing a file within the limit", { bytes: 90, limit: 100 }, 40, 50, { ok: true, value: 100 }],
    ["growing a file past it", { bytes: 90, limit: 100 }, 40, 51, { ok: false, code: "ENOSPC" }],
    ["shrinking a file under a lowered limit", { bytes: 500, limit: 100 }, 300, 200, { ok: true, value: 400 }],
    ["rewriting the same size over a lowered limit", { bytes: 500, limit: 100 }, 300, 300, { ok: true, value: 500 }],
    ["a zero limit and an empty file", { bytes: 0, limit: 0 }, 0, 0, { ok: true, value: 0 }],
    ["a zero limit and one byte", { bytes: 0, limit: 0 }, 0, 1, { ok: false, code: "ENOSPC" }],
  ])("%s", (_, usage, oldSize, newSize, expected) => expect(checkCapacity(usage, oldSize, newSize)).toMatchObject(expected));

  it("says by how much", () => {
    expect(checkCapacity({ bytes: 50, limit: 100 }, 0, 60)).toEqual({ ok: false, code: "ENOSPC", reason: "no space left on volume: 60 more bytes would make 110, over its limit of 100" });
  });
});

describe("volumeLimit", () => {
  it.each([
    [null, { ok: true, value: null }],
    [undefined, { ok: true, value: null }],
    [0, { ok: true, value: 0 }],
    [1 << 30, { ok: true, value: 1 << 30 }],
    [-1, { ok: false, code: "EINVAL" }],
    [1.5, { ok: false, code: "EINVAL" }],
    ["1Gi", { ok: false, code: "EINVAL" }],
    [Number.POSITIVE_INFINITY, { ok: false, code: "EINVAL" }],
  ])("%j", (bytes, expected) => expect(volumeLimit(bytes)).toMatchObject(expected));
});
