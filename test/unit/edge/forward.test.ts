/** What the edge adds to a request, the LoadBalancer port it picks, the Services it refuses (worker/edge/forward.ts). */
import { describe, expect, it } from "vitest";
import { edgeServiceRefusal, forwardedRequest, loadBalancerPort } from "../../../worker/edge/forward";

describe("forwardedRequest", () => {
  it("keeps method, URL, Host, other headers and body; adds X-Forwarded-*", async () => {
    const req = new Request("https://web-ns.lb.localhost/a?b=1", { method: "POST", headers: { Authorization: "Bearer x", "X-Forwarded-For": "9.9.9.9" }, body: "hi" });
    const out = forwardedRequest(req, "1.2.3.4");
    expect(out.method).toBe("POST");
    expect(out.url).toBe("https://web-ns.lb.localhost/a?b=1");
    expect(out.headers.get("authorization")).toBe("Bearer x");
    expect(out.headers.get("x-forwarded-for")).toBe("9.9.9.9, 1.2.3.4");
    expect(out.headers.get("x-forwarded-proto")).toBe("https");
    expect(out.headers.get("x-forwarded-host")).toBe("web-ns.lb.localhost");
    expect(await out.text()).toBe("hi");
  });

  it("sets no X-Forwarded-For without a client address", () => {
    expect(forwardedRequest(new Request("http://x.lb.localhost/"), "").headers.get("x-forwarded-for")).toBeNull();
  });
});

describe("loadBalancerPort", () => {
  const svc = (...ports: number[]) => ({ spec: { ports: ports.map((port) => ({ port })) } });
  it.each([
    [svc(80, 443), "http", 80],
    [svc(80, 443), "https", 443],
    [svc(443, 80), "http", 80],
    [svc(8080), "https", 8080],
    [svc(9000, 9001), "http", 9000],
    [svc(), "http", undefined],
  ])("%o over %s → %s", (service, scheme, want) => expect(loadBalancerPort(service, scheme)).toBe(want));
});

describe("edgeServiceRefusal", () => {
  it.each([
    [undefined, false],
    [{ metadata: { namespace: "a", name: "web" }, spec: { type: "LoadBalancer" } }, false],
    [{ metadata: { namespace: "default", name: "kubernetes" }, spec: { type: "ClusterIP" } }, true],
    [{ metadata: { namespace: "a", name: "api" }, spec: { type: "ExternalName", externalName: "kubernetes.default.svc" } }, true],
  ])("%o → refused %s", (service, refused) => expect(edgeServiceRefusal(service) !== undefined).toBe(refused));
});
