/**
 * The service proxy through the real Worker, without running pods: the id and port rules, RBAC on
 * services/proxy, and the targets it refuses (no endpoints, ExternalName, the `kubernetes` Service, endpoints
 * that are not pods: never an arbitrary address). Traffic to real pods is in test/unit/edge/traffic.test.ts.
 */
import { SELF } from "cloudflare:test";
import { describe, expect, it, beforeAll } from "vitest";
import { BASE, call, freshNamespace, get, post, TOKEN } from "../../api/client";
import { as, grant, unique } from "../../security/helpers";

let ns: string;
const S = () => `/api/v1/namespaces/${ns}/services`;

async function create(path: string, body: unknown) {
  const res = await post(path, body);
  expect(res.status, res.text).toBe(201);
}

const service = (name: string, spec: Record<string, unknown>) => ({ apiVersion: "v1", kind: "Service", metadata: { name }, spec });

beforeAll(async () => {
  ns = await freshNamespace("svcproxy");
  await create(S(), service("empty", { selector: { app: "none" }, ports: [{ name: "http", port: 80, targetPort: 8080 }] }));
  await create(S(), service("ext", { type: "ExternalName", externalName: "example.com" }));
  await create(S(), service("manual", { ports: [{ port: 80 }] }));
  // A selectorless Service whose hand-written EndpointSlice names addresses that are no pod's: the API
  // server's, the `kubernetes` ClusterIP and an outside address. The proxy must never dial them.
  await create(`/apis/discovery.k8s.io/v1/namespaces/${ns}/endpointslices`, {
    apiVersion: "discovery.k8s.io/v1",
    kind: "EndpointSlice",
    metadata: { name: "manual-1", labels: { "kubernetes.io/service-name": "manual" } },
    addressType: "IPv4",
    ports: [{ name: "", port: 6443, protocol: "TCP" }],
    endpoints: [{ addresses: ["172.31.255.254"] }, { addresses: ["10.96.0.1"] }, { addresses: ["1.1.1.1"] }],
  });
});

describe("services/{id}/proxy", () => {
  it.each([
    ["GET", "a:b:c:d/proxy/", 400, 'invalid service request "a:b:c:d"'],
    ["GET", "ftp:empty:80/proxy/", 400, 'invalid service request "ftp:empty:80"'],
    ["GET", "missing:80/proxy/", 404, 'services "missing" not found'],
    ["GET", "empty:81/proxy/", 503, 'no service port 81 found for service "empty"'],
    ["GET", "empty:nope/proxy/", 503, 'no endpoints available for service "empty:nope"'],
    ["POST", "ext/proxy/x", 503, 'no endpoints available for service "ext": an ExternalName Service (example.com) has no endpoints to proxy to'],
    ["GET", "https:empty:80/proxy/", 400, 'the service proxy reaches pods over plain HTTP only: scheme "https" is not supported (use "http:empty:80")'],
  ])("%s %s → %i %s", async (method, rest, code, message) => {
    const res = await call(method, `${S()}/${rest}`);
    expect(res.status, res.text).toBe(code);
    expect(res.body).toMatchObject({ kind: "Status", code, message });
  });

  it("refuses the kubernetes Service: its endpoint is the API server", async () => {
    const res = await get("/api/v1/namespaces/default/services/https:kubernetes:443/proxy/api/v1/namespaces");
    expect(res.status).toBe(503);
    expect(res.text).not.toContain("NamespaceList");
  });

  it.each(["empty", "empty:80", "empty:http", "http:empty:80"])("%s without ready endpoints → 503", async (id) => {
    const res = await get(`${S()}/${id}/proxy/`);
    expect(res.status, res.text).toBe(503);
    expect(res.text).toContain("empty");
  });

  it("never dials an endpoint address that is not a pod's", async () => {
    for (const path of ["/", "/api/v1/namespaces", "/version"]) {
      const res = await get(`${S()}/manual:80/proxy${path}`);
      expect(res.status, res.text).toBe(503);
      expect(res.text).not.toContain("NamespaceList");
      expect(res.text).not.toContain("gitVersion");
    }
  });

  it("redirects the bare …/proxy to …/proxy/ for GET", async () => {
    const res = await SELF.fetch(`${BASE}${S()}/empty:80/proxy?a=1`, { headers: { Authorization: `Bearer ${TOKEN}` }, redirect: "manual" });
    expect(res.status).toBe(301);
    expect(res.headers.get("location")).toBe(`/api/v1/namespaces/${ns}/services/empty:80/proxy/?a=1`);
  });

  it("authorizes the HTTP method as the verb on services/proxy", async () => {
    const user = unique("svc-proxier");
    const denied = await as({ user }, "GET", `${S()}/empty:80/proxy/`);
    expect(denied.status).toBe(403);
    expect(denied.body.message).toContain('cannot get resource "services/proxy"');
    await grant(user, [{ apiGroups: [""], resources: ["services/proxy"], verbs: ["get"] }], ns);
    expect((await as({ user }, "GET", `${S()}/empty:80/proxy/`)).status).toBe(503);
    const post403 = await as({ user }, "POST", `${S()}/empty:80/proxy/x`);
    expect(post403.status).toBe(403);
    expect(post403.body.message).toContain('cannot create resource "services/proxy"');
  });

  it("is listed in discovery with upstream's kind and verbs", async () => {
    const res = await get("/api/v1");
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const proxy = res.body.resources.find((r: any) => r.name === "services/proxy");
    expect(proxy).toMatchObject({ kind: "ServiceProxyOptions", namespaced: true, verbs: ["create", "delete", "get", "patch", "update"] });
  });
});
