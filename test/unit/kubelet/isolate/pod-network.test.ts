/**
 * The pod network: which requests reach which container (pure), and podNetworkFetch loading the target
 * container's current isolate through the real Worker Loader from a directory of the pod's containers.
 */
import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { ContainerCodeSpec } from "../../../../worker/kubelet/isolate/container-code";
import { containerEnv } from "../../../../worker/kubelet/isolate/container-env";
import { containerId } from "../../../../worker/kubelet/isolate/container-id";
import { podNetworkFetch, podNetworkFetcher, routeLocalhost, type PodContainerDirectory, type PodNetworkProps } from "../../../../worker/kubelet/isolate/pod-network";
import { E, image, kube, POD_UID } from "./fixtures";
import { get as apiGet } from "../../api/client";

describe("routeLocalhost", () => {
  const ports = { "8080": "web", "80": "proxy", "443": "tls" };
  it.each([
    ["http://localhost:8080/x", { kind: "container", container: "web", port: "8080" }],
    ["http://127.0.0.1:8080/", { kind: "container", container: "web", port: "8080" }],
    ["http://127.1.2.3:8080/", { kind: "container", container: "web", port: "8080" }],
    ["http://[::1]:8080/", { kind: "container", container: "web", port: "8080" }],
    ["http://localhost/", { kind: "container", container: "proxy", port: "80" }],
    ["https://localhost/", { kind: "container", container: "tls", port: "443" }],
    ["http://localhost:9090/", { kind: "closed", port: "9090" }],
    ["http://example.com:8080/", { kind: "outside", host: "example.com:8080" }],
    ["http://web.default.svc.cluster.local/", { kind: "outside", host: "web.default.svc.cluster.local" }],
    ["http://10.244.0.5:8080/", { kind: "outside", host: "10.244.0.5:8080" }],
    ["http://localhost.evil.com:8080/", { kind: "outside", host: "localhost.evil.com:8080" }],
    ["http://localhost:8080.evil.com/", { kind: "outside", host: "http://localhost:8080.evil.com/" }],
  ])("%s", (url, route) => expect(routeLocalhost(url, ports)).toEqual(route));

  it("does not treat inherited keys as ports", () => {
    expect(routeLocalhost("http://localhost:8080/", Object.create({ "8080": "web" }))).toEqual({ kind: "closed", port: "8080" });
  });
});

/** A pod's containers as the kubelet would answer for them: current instance per name, code per instance. */
class PodDirectory implements PodContainerDirectory {
  current = new Map<string, string>();
  specs = new Map<string, ContainerCodeSpec>();
  run(name: string, restartCount: number, source: string) {
    const id = containerId({ podUid: POD_UID, container: name, restartCount });
    this.current.set(name, id);
    this.specs.set(id, { image: image({ "index.js": source }), env: containerEnv({}, kube(name, { restartCount })) });
  }
  async podContainerId(podUid: string, container: string) {
    return podUid === POD_UID ? (this.current.get(container) ?? null) : null;
  }
  async podContainerSpec(id: string) {
    return this.specs.get(id) ?? null;
  }
}

describe("podNetworkFetch", () => {
  const props: PodNetworkProps = { podUid: POD_UID, node: "node-a", ports: { "8081": "sidecar", "9000": "stopped" } };
  const counter = "let n = 0; export default { fetch(req, env) { return new Response(env.KUBE.containerName + '/' + env.KUBE.restartCount + ' #' + ++n + ' ' + new URL(req.url).pathname); } };";

  async function get(directory: PodDirectory, url: string) {
    const res = await podNetworkFetch(new Request(url), props, { loader: E.LOADER, directory, outbound: () => null });
    return [res.status, await res.text()];
  }

  it("reaches the container that declares the port, in its current instance", async () => {
    const pod = new PodDirectory();
    pod.run("sidecar", 0, counter);
    expect(await get(pod, "http://localhost:8081/a")).toEqual([200, "sidecar/0 #1 /a"]);
    expect(await get(pod, "http://127.0.0.1:8081/b")).toEqual([200, "sidecar/0 #2 /b"]);
    pod.run("sidecar", 1, counter);
    expect(await get(pod, "http://localhost:8081/c")).toEqual([200, "sidecar/1 #1 /c"]);
  });

  it.each([
    ["http://localhost:7000/", "no container of pod"],
    ["http://localhost:9000/", "container stopped (port 9000)"],
    ["http://example.com/", "example.com is not reachable"],
  ])("refuses %s with 502", async (url, text) => {
    const [status, body] = await get(new PodDirectory(), url);
    expect(status).toBe(502);
    expect(body).toContain(text);
  });

  it("answers 502 when the instance's code is gone", async () => {
    const pod = new PodDirectory();
    pod.current.set("sidecar", containerId({ podUid: POD_UID, container: "sidecar", restartCount: 7 }));
    const [status, body] = await get(pod, "http://localhost:8081/");
    expect(status).toBe(502);
    expect(body).toContain("is gone");
  });
});

describe("podNetworkFetcher", () => {
  it("is null while the main Worker does not export PodNetwork", () => {
    expect(podNetworkFetcher({}, { podUid: "u", node: "n", ports: {} })).toBeNull();
  });

  // Runs once worker/index.ts exports PodNetwork: the entrypoint reached as ctx.exports.PodNetwork({ props }).
  it.runIf("PodNetwork" in exports)("is the main Worker's PodNetwork entrypoint with the pod's props", async () => {
    // The cluster exists (bootstrapped by its first API request): kube-proxy reads it with its ClusterRole.
    expect((await apiGet("/version")).status).toBe(200);
    const net = podNetworkFetcher(exports, { podUid: POD_UID, node: "node-a", ports: {} });
    // Other hosts go to the cluster network (worker/kube-proxy): an unknown cluster name is NXDOMAIN.
    const outside = await net?.fetch("http://nope.default.svc.cluster.local/");
    expect(outside?.status).toBe(502);
    expect(await outside?.text()).toContain("lookup nope.default.svc.cluster.local: no such host");
    expect(await net?.fetch("http://localhost:1234/").then((r) => r.text())).toContain("no container of pod");
  });
});
