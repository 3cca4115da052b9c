import { env, SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
describe("smoke", () => {
  it("serves", async () => {
    const res = await SELF.fetch("https://k8s.test/");
    expect(await res.text()).toBe("ok");
    const stub = (env as any).STORE.get((env as any).STORE.idFromName("x"));
    expect(await stub.ping()).toBe("pong");
  });
});
