import { describe, expect, it } from "vitest";
import { CurrentCache } from "../../../durable-objects/store/current-cache";

describe("CurrentCache", () => {
  it("keeps the newest row per key and evicts the oldest keys past its byte budget", () => {
    const c = new CurrentCache(10);
    c.set("a", { id: 1, createRevision: 1, value: "aaaa" });
    c.set("b", { id: 2, createRevision: 2, value: "bbbb" });
    c.set("a", { id: 3, createRevision: 1, value: "AAAA" });
    expect(c.get("a")?.id).toBe(3);
    c.set("c", { id: 4, createRevision: 4, value: "cccc" });
    // 12 bytes > 10: the oldest entry ("b", since "a" was rewritten after it) goes.
    expect(c.get("b")).toBeUndefined();
    expect(c.get("a")?.value).toBe("AAAA");
    expect(c.get("c")?.value).toBe("cccc");
    c.delete("a");
    expect(c.get("a")).toBeUndefined();
  });
});
