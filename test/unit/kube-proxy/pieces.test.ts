/** Pure pieces of the data path: the Service index, the container serving a port, the API server request. */
import { describe, expect, it } from "vitest";
import { indexServices } from "../../../worker/kube-proxy/service-index";
import { containerForPort, namedContainerPort } from "../../../worker/kube-proxy/dialer";
import { apiServerFetch, apiServerRequest } from "../../../worker/kube-proxy/api-server";

describe("indexServices", () => {
  const a = { metadata: { namespace: "ns", name: "a" }, spec: { clusterIP: "10.96.0.20", clusterIPs: ["10.96.0.20"], ports: [{ port: 80, nodePort: 30080 }] }, status: { loadBalancer: { ingress: [{ hostname: "a-ns.lb.localhost" }] } } };
  const h = { metadata: { namespace: "ns", name: "h" }, spec: { clusterIP: "None", ports: [{ port: 80 }] } };
  const index = indexServices([a, h]);
  it.each([
    ["get", index.get("ns", "a"), a],
    ["get missing", index.get("ns", "b"), undefined],
    ["byClusterIP", index.byClusterIP("10.96.0.20"), a],
    ["headless has no ClusterIP", index.byClusterIP("None"), undefined],
    ["byNodePort", index.byNodePort(30080), { service: a, port: a.spec.ports[0] }],
    ["byNodePort missing", index.byNodePort(30081), undefined],
    ["byLoadBalancerHostname", index.byLoadBalancerHostname("A-NS.lb.localhost."), a],
  ])("%s", (_n, got, want) => expect(got).toEqual(want));
});

describe("containerForPort / namedContainerPort", () => {
  const pod = { spec: { containers: [{ name: "web", ports: [{ name: "http", containerPort: 8080 }] }, { name: "side", ports: [{ containerPort: 9090 }] }], initContainers: [{ name: "proxy", restartPolicy: "Always", ports: [{ name: "p", containerPort: 7000 }] }] } };
  it.each([
    [pod, 8080, "web"],
    [pod, 9090, "side"],
    [pod, 7000, "proxy"],
    [pod, 1234, undefined],
    [{ spec: { containers: [{ name: "only" }] } }, 1234, "only"],
  ])("%#", (p, port, want) => expect(containerForPort(p, port)).toBe(want));
  it.each([
    ["http", 8080],
    ["p", 7000],
    ["nope", undefined],
  ])("%s", (name, want) => expect(namedContainerPort(pod, name)).toBe(want));
});

describe("apiServerRequest", () => {
  it("keeps the pod's own headers and drops what the edge adds", () => {
    const r = apiServerRequest(new Request("https://kubernetes.default.svc/api/v1/pods?limit=1", { headers: { authorization: "Bearer t", accept: "application/json", "cf-connecting-ip": "1.2.3.4", "x-forwarded-for": "1.2.3.4", "x-real-ip": "1.2.3.4" } }));
    expect(r.url).toBe("https://localhost/api/v1/pods?limit=1");
    expect([...r.headers.keys()].sort()).toEqual(["accept", "authorization"]);
  });
});

describe("apiServerFetch", () => {
  it("refuses clients from outside the cluster before touching the API server", async () => {
    let called = false;
    const exports = { default: { fetch: async () => ((called = true), new Response("api")) } };
    const res = await apiServerFetch({ env: {} as never, exports }, new Request("https://kubernetes.default.svc/api"), { kind: "external", ip: "203.0.113.9" });
    expect(res.status).toBe(503);
    expect(await res.text()).toContain("reachable from pods only");
    expect(called).toBe(false);
    const fromPod = await apiServerFetch({ env: {} as never, exports }, new Request("https://kubernetes.default.svc/api"), { kind: "pod", namespace: "a", name: "p", uid: "u", labels: {}, ip: "10.244.0.5" });
    expect(await fromPod.text()).toBe("api");
  });
});
