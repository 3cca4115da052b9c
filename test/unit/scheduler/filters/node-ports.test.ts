import { describe, expect, it } from "vitest";
import type { KubeObject } from "../../../../schema/types";
import { nodePortsFilter, podHostPorts, type FilterResult } from "../../../../worker/scheduler/filters";
import { info, node, pod } from "./helpers";

type Port = { hostPort?: number; containerPort?: number; protocol?: string; hostIP?: string };
const withPorts = (ports: Port[], name = "p"): KubeObject =>
  pod({ containers: [{ name: "c", image: "x", ports: ports.map((p) => ({ containerPort: 80, ...p })) }] }, name);

const CONFLICT: FilterResult = { ok: false, reasons: ["node(s) didn't have free ports for the requested pod ports"] };

// Cases after upstream TestNodePorts (plugins/nodeports/node_ports_test.go) and HostPortInfo tests.
describe("NodePorts filter", () => {
  it.each<[string, Port[], Port[], FilterResult]>([
    ["no host ports", [{ containerPort: 80 }], [{ hostPort: 80 }], { ok: true }],
    ["free port", [{ hostPort: 8080 }], [{ hostPort: 9090 }], { ok: true }],
    ["same port, default protocol and IP", [{ hostPort: 8080 }], [{ hostPort: 8080 }], CONFLICT],
    ["TCP vs UDP on the same port", [{ hostPort: 8080, protocol: "UDP" }], [{ hostPort: 8080, protocol: "TCP" }], { ok: true }],
    ["empty protocol means TCP", [{ hostPort: 8080, protocol: "TCP" }], [{ hostPort: 8080 }], CONFLICT],
    ["different host IPs", [{ hostPort: 8080, hostIP: "127.0.0.1" }], [{ hostPort: 8080, hostIP: "127.0.0.2" }], { ok: true }],
    ["same host IP", [{ hostPort: 8080, hostIP: "127.0.0.1" }], [{ hostPort: 8080, hostIP: "127.0.0.1" }], CONFLICT],
    ["wanted 0.0.0.0 vs a specific IP", [{ hostPort: 8080, hostIP: "0.0.0.0" }], [{ hostPort: 8080, hostIP: "127.0.0.1" }], CONFLICT],
    ["wanted specific IP vs used 0.0.0.0", [{ hostPort: 8080, hostIP: "127.0.0.1" }], [{ hostPort: 8080 }], CONFLICT],
    ["empty hostIP means 0.0.0.0", [{ hostPort: 8080 }], [{ hostPort: 8080, hostIP: "10.0.0.1" }], CONFLICT],
    [
      "one conflicting port among several",
      [{ hostPort: 8080 }, { hostPort: 9090, protocol: "UDP" }],
      [{ hostPort: 9090, protocol: "UDP", hostIP: "127.0.0.1" }],
      CONFLICT,
    ],
    ["SCTP is its own protocol", [{ hostPort: 8080, protocol: "SCTP" }], [{ hostPort: 8080 }], { ok: true }],
  ])("%s", (_name, wanted, used, want) => {
    expect(nodePortsFilter(withPorts(wanted), info(node("n1"), [withPorts(used, "existing")]))).toEqual(want);
  });

  it("sidecar host ports are held and requested; plain init container ports are not", () => {
    const sidecarPod = pod(
      {
        initContainers: [
          { name: "init", image: "x", ports: [{ containerPort: 1, hostPort: 7000 }] },
          { name: "proxy", image: "x", restartPolicy: "Always", ports: [{ containerPort: 2, hostPort: 7001 }] },
        ],
      },
      "existing",
    );
    expect(podHostPorts(sidecarPod)).toEqual([{ hostIP: "0.0.0.0", protocol: "TCP", hostPort: 7001 }]);
    expect(nodePortsFilter(withPorts([{ hostPort: 7001 }]), info(node("n1"), [sidecarPod]))).toEqual(CONFLICT);
    expect(nodePortsFilter(withPorts([{ hostPort: 7000 }]), info(node("n1"), [sidecarPod]))).toEqual({ ok: true });
  });
});
