/** The service proxy's port choice and refusals (worker/handlers/service-proxy/locate.ts, ResourceLocation). */
import { describe, expect, it } from "vitest";
import { serviceProxyPort, serviceProxyRefusal } from "../../../../worker/handlers/service-proxy/locate";

const svc = (ports: { name?: string; port: number }[], extra: Record<string, unknown> = {}) => ({ metadata: { name: "web", namespace: "ns" }, spec: { ports, ...extra } });

describe("serviceProxyPort", () => {
  it.each([
    [[{ port: 80 }], "", { name: "", port: 80 }],
    [[{ port: 80 }], "80", { name: "", port: 80 }],
    [[{ name: "http", port: 80 }, { name: "admin", port: 9000 }], "9000", { name: "admin", port: 9000 }],
    [[{ name: "http", port: 80 }, { name: "admin", port: 9000 }], "admin", { name: "admin", port: 9000 }],
  ])("%o, %j → %o", (ports, given, want) => expect(serviceProxyPort(svc(ports), given)).toEqual({ ok: true, value: want }));

  it.each([
    [[{ port: 80 }], "81", 'no service port 81 found for service "web"'],
    [[{ name: "http", port: 80 }], "", 'no endpoints available for service "web"'],
    [[{ name: "http", port: 80 }], "nope", 'no endpoints available for service "web:nope"'],
    [[{ name: "a", port: 80 }, { name: "b", port: 81 }], "", 'no endpoints available for service "web": it has 2 ports, name one (services/web:<port>/proxy)'],
  ])("%o, %j → %s", (ports, given, message) => expect(serviceProxyPort(svc(ports), given)).toEqual({ ok: false, message }));
});

describe("serviceProxyRefusal", () => {
  it.each([
    [svc([{ port: 80 }]), undefined],
    [svc([], { type: "ExternalName", externalName: "example.com" }), 'no endpoints available for service "web": an ExternalName Service (example.com) has no endpoints to proxy to'],
    [{ metadata: { name: "kubernetes", namespace: "default" }, spec: { ports: [{ name: "https", port: 443 }] } }, 'no endpoints available for service "kubernetes": its endpoint is the API server, not a pod'],
    [{ metadata: { name: "kubernetes", namespace: "other" }, spec: { ports: [{ port: 443 }] } }, undefined],
  ])("%o → %s", (service, want) => expect(serviceProxyRefusal(service)).toBe(want));
});
