/** Endpoint selection (pure): slice ports by Service port name, ready / terminating fallback, spread, ClientIP affinity. */
import { describe, expect, it } from "vitest";
import { affinitySeconds, pickEndpoint, servicePortOf, sliceEndpoints, usableEndpoints, type Endpoint } from "../../../worker/kube-proxy/endpoints";

const ep = (ip: string, c: Record<string, boolean> = {}, name = "p-" + ip) => ({ addresses: [ip], conditions: { ready: true, serving: true, terminating: false, ...c }, targetRef: { kind: "Pod", name, namespace: "ns", uid: "u-" + ip } });
const slice = (ports: object[], endpoints: object[], addressType = "IPv4") => ({ metadata: { namespace: "ns", labels: { "kubernetes.io/service-name": "web" } }, addressType, ports, endpoints });
const svc = (ports: object[], spec: object = {}) => ({ metadata: { namespace: "ns", name: "web" }, spec: { ports, ...spec } });

describe("servicePortOf", () => {
  const two = svc([{ name: "http", port: 80 }, { name: "admin", port: 9000 }]);
  it.each([
    [svc([{ port: 80 }]), undefined, { ok: true, port: { port: 80 } }],
    [two, 80, { ok: true, port: { name: "http", port: 80 } }],
    [two, "admin", { ok: true, port: { name: "admin", port: 9000 } }],
    [two, "9000", { ok: true, port: { name: "admin", port: 9000 } }],
    [two, undefined, { ok: false, status: 400 }],
    [two, 81, { ok: false, status: 503 }],
    [svc([]), undefined, { ok: false, status: 503 }],
  ])("%#", (s, ref, want) => expect(servicePortOf(s, ref)).toMatchObject(want));
});

describe("sliceEndpoints", () => {
  it.each([
    ["by port name", [slice([{ name: "http", port: 8080 }, { name: "admin", port: 9090 }], [ep("10.244.0.5")])], "admin", [["10.244.0.5", 9090]]],
    ["unnamed port", [slice([{ port: 8080 }], [ep("10.244.0.5")])], "", [["10.244.0.5", 8080]]],
    ["port missing from slice", [slice([{ name: "http", port: 8080 }], [ep("10.244.0.5")])], "admin", []],
    ["dedup across slices", [slice([{ port: 1 }], [ep("10.244.0.5")]), slice([{ port: 1 }], [ep("10.244.0.5"), ep("10.244.0.6")])], "", [["10.244.0.5", 1], ["10.244.0.6", 1]]],
    ["IPv6 slices skipped", [slice([{ port: 1 }], [ep("fd00::1")], "IPv6")], "", []],
    ["UDP port skipped", [slice([{ port: 53, protocol: "UDP" }], [ep("10.244.0.5")])], "", []],
  ])("%s", (_n, slices, name, want) => expect(sliceEndpoints(slices, name as string).map((e) => [e.ip, e.port])).toEqual(want));

  it("keeps the targetRef pod, node and hostname", () => {
    const [e] = sliceEndpoints([slice([{ port: 1 }], [{ ...ep("10.244.0.5"), nodeName: "n1", hostname: "h" }])], "");
    expect(e).toEqual({ ip: "10.244.0.5", port: 1, ready: true, serving: true, terminating: false, pod: { namespace: "ns", name: "p-10.244.0.5", uid: "u-10.244.0.5" }, nodeName: "n1", hostname: "h" });
  });
});

describe("usableEndpoints", () => {
  const e = (ip: string, ready: boolean, serving: boolean, terminating: boolean): Endpoint => ({ ip, port: 1, ready, serving, terminating });
  it.each([
    ["ready only", [e("a", true, true, false), e("b", false, false, false)], ["a"]],
    ["ready beats serving-terminating", [e("a", true, true, false), e("b", false, true, true)], ["a"]],
    ["none ready: serving terminating", [e("a", false, false, false), e("b", false, true, true), e("c", false, false, true)], ["b"]],
    ["nothing", [e("a", false, false, false)], []],
  ])("%s", (_n, eps, want) => expect(usableEndpoints(eps).map((x) => x.ip)).toEqual(want));
});

describe("affinitySeconds", () => {
  it.each([
    [{}, undefined],
    [{ sessionAffinity: "None" }, undefined],
    [{ sessionAffinity: "ClientIP" }, 10800],
    [{ sessionAffinity: "ClientIP", sessionAffinityConfig: { clientIP: { timeoutSeconds: 60 } } }, 60],
  ])("%j", (spec, want) => expect(affinitySeconds({ spec })).toBe(want));
});

describe("pickEndpoint", () => {
  const eps: Endpoint[] = ["a", "b", "c"].map((ip) => ({ ip, port: 80, ready: true, serving: true, terminating: false }));
  it.each([
    [0, "a"],
    [0.34, "b"],
    [0.99, "c"],
  ])("random %s → %s", (random, ip) => expect(pickEndpoint({ endpoints: eps, random })?.endpoint.ip).toBe(ip));

  it.each([
    ["live entry sticks", { endpoint: "c:80", expiresMs: 2000 }, 1000, "c", 11000],
    ["expired entry → random", { endpoint: "c:80", expiresMs: 1000 }, 1000, "a", 11000],
    ["entry for a removed endpoint → random", { endpoint: "z:80", expiresMs: 5000 }, 1000, "a", 11000],
    ["no entry → random, remembered", undefined, 1000, "a", 11000],
  ])("%s", (_n, entry, nowMs, ip, expires) => {
    const got = pickEndpoint({ endpoints: eps, random: 0, affinity: { entry, seconds: 10, nowMs } });
    expect(got?.endpoint.ip).toBe(ip);
    expect(got?.affinity).toEqual({ endpoint: `${ip}:80`, expiresMs: expires });
  });

  it("skips excluded endpoints and ends when all are", () => {
    expect(pickEndpoint({ endpoints: eps, random: 0, exclude: new Set(["a:80"]) })?.endpoint.ip).toBe("b");
    expect(pickEndpoint({ endpoints: eps, random: 0, exclude: new Set(["a:80", "b:80", "c:80"]) })).toBeUndefined();
  });
});
