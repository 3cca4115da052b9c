import { describe, expect, it } from "vitest";
import {
  dialablePodIP,
  proxyPort,
  proxySubpath,
  redirectsToRoot,
  rewriteProxyLocation,
  selectContainer,
  splitSchemeNamePort,
  type PodLike,
} from "../../../../worker/handlers/pod-connect/locate";

const pod = (containers: string[], init: string[] = [], ephemeral: string[] = []): PodLike => ({
  metadata: { name: "p" },
  spec: { containers: containers.map((name) => ({ name })), initContainers: init.map((name) => ({ name })), ephemeralContainers: ephemeral.map((name) => ({ name })) },
});

describe("selectContainer (validateContainer)", () => {
  it.each([
    ["the only container", pod(["a"], ["i"]), undefined, { ok: true, value: "a" }],
    ["a named init container", pod(["a", "b"], ["i"]), "i", { ok: true, value: "i" }],
    ["a named ephemeral container", pod(["a"], [], ["dbg"]), "dbg", { ok: true, value: "dbg" }],
    ["several, none named", pod(["a", "b"], ["i"], ["dbg"]), undefined, { ok: false, message: "a container name must be specified for pod p, choose one of: [i a b dbg]" }],
    ["no containers", pod([]), undefined, { ok: false, message: "a container name must be specified for pod p" }],
    ["an unknown one", pod(["a"]), "c", { ok: false, message: "container c is not valid for pod p" }],
  ])("%s", (_name, p, requested, expected) => expect(selectContainer(p, requested)).toEqual(expected));
});

describe("splitSchemeNamePort", () => {
  it.each([
    ["web", { scheme: "", name: "web", port: "" }],
    ["web:8080", { scheme: "", name: "web", port: "8080" }],
    ["http:web:8080", { scheme: "http", name: "web", port: "8080" }],
    ["https:web:443", { scheme: "https", name: "web", port: "443" }],
    ["http:web:", { scheme: "http", name: "web", port: "" }],
    ["ftp:web:21", undefined],
    [":8080", undefined],
    ["a:b:c:d", undefined],
  ])("%s", (id, expected) => expect(splitSchemeNamePort(id)).toEqual(expected));
});

describe("proxyPort", () => {
  const withPorts: PodLike = { metadata: { name: "p" }, spec: { containers: [{ name: "a" }, { name: "b", ports: [{ containerPort: 8080 }, { containerPort: 9090 }] }] } };
  it.each([
    ["given", withPorts, "3000", { ok: true, value: 3000 }],
    ["the first declared port", withPorts, "", { ok: true, value: 8080 }],
    ["80 when none is declared", pod(["a"]), "", { ok: true, value: 80 }],
    ["a named port does not dial", withPorts, "http", { ok: false, message: "dial tcp: lookup tcp/http: unknown port" }],
    ["out of range", withPorts, "70000", { ok: false, message: "dial tcp: address 10.0.0.1:70000: invalid port" }],
  ])("%s", (_name, p, given, expected) => expect(proxyPort(p, given, "10.0.0.1")).toEqual(expected));
});

describe("dialablePodIP (IsGlobalUnicast)", () => {
  it.each([
    [undefined, undefined],
    ["10.244.1.7", "10.244.1.7"],
    ["127.0.0.1", undefined],
    ["0.0.0.0", undefined],
    ["169.254.169.254", undefined],
    ["224.0.0.1", undefined],
    ["255.255.255.255", undefined],
    ["fd00::5", "fd00::5"],
    ["::1", undefined],
    ["fe80::1", undefined],
    ["ff02::1", undefined],
    ["not-an-ip", undefined],
  ])("%s", (ip, expected) => expect(dialablePodIP({ metadata: { name: "p" }, status: ip ? { podIP: ip } : {} })).toBe(expected));

  it("prefers podIPs[0]", () => expect(dialablePodIP({ metadata: { name: "p" }, status: { podIP: "127.0.0.1", podIPs: [{ ip: "10.0.0.9" }] } })).toBe("10.0.0.9"));
});

describe("proxy paths", () => {
  it.each([
    [undefined, "/api/v1/namespaces/n/pods/p/proxy", ""],
    [undefined, "/api/v1/namespaces/n/pods/p/proxy/", "/"],
    ["a/b", "/api/v1/namespaces/n/pods/p/proxy/a/b", "/a/b"],
    ["a/b", "/api/v1/namespaces/n/pods/p/proxy/a/b/", "/a/b/"],
  ])("subpath of %s (%s)", (rest, pathname, expected) => expect(proxySubpath(rest, pathname)).toBe(expected));

  it.each([
    ["", "GET", true],
    ["", "HEAD", true],
    ["", "POST", false],
    ["/", "GET", false],
  ])("redirectsToRoot(%j, %s)", (sub, method, expected) => expect(redirectsToRoot(sub, method)).toBe(expected));

  const prefix = "/api/v1/namespaces/n/pods/p:8080/proxy";
  it.each([
    ["/login?next=1", `${prefix}/login?next=1`],
    ["/login/", `${prefix}/login/`],
    ["http://10.0.0.1:8080/x#top", `${prefix}/x#top`],
    ["https://k8s.example/y", `${prefix}/y`],
    [`${prefix}/already`, `${prefix}/already`],
    ["https://elsewhere.example/z", "https://elsewhere.example/z"],
    ["relative/path", "relative/path"],
  ])("Location %s", (location, expected) => expect(rewriteProxyLocation(location, "10.0.0.1:8080", "k8s.example", prefix)).toBe(expected));
});
