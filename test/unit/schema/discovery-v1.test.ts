/** discovery.k8s.io/v1 EndpointSlice: accept corpus, port defaults, address rules. */
import { describe, expect, it } from "vitest";
import { discoveryV1 } from "../../../schema/discovery-v1";
import { admit, kindOf, load, stored, update } from "./group-helpers";

const es = kindOf(discoveryV1, "EndpointSlice");

const SLICE = `
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata:
  name: example-abc
  labels: {kubernetes.io/service-name: example, endpointslice.kubernetes.io/managed-by: endpointslice-controller.k8s.io}
addressType: IPv4
ports:
- {name: http, protocol: TCP, port: 80, appProtocol: kubernetes.io/h2c}
- {name: metrics, port: 9090}
endpoints:
- addresses: ["10.1.2.3"]
  conditions: {ready: true, serving: true, terminating: false}
  hostname: pod-1
  nodeName: node-1
  zone: us-west2-a
  targetRef: {kind: Pod, namespace: default, name: pod-1, uid: 1f0c2d5e-0000-4000-8000-000000000001}
  hints: {forZones: [{name: us-west2-a}]}
`;

describe("EndpointSlice", () => {
  it("accepts and defaults port protocol TCP", () => {
    const { obj, issues, errors } = admit(es, load(SLICE));
    expect([issues, errors]).toEqual([[], []]);
    expect(obj.ports[1]).toEqual({ name: "metrics", port: 9090, protocol: "TCP" });
  });

  it("accepts FQDN and IPv6 slices", () => {
    const fqdn = load(SLICE);
    fqdn.addressType = "FQDN";
    fqdn.endpoints[0].addresses = ["db.example.com"];
    expect(admit(es, fqdn).errors).toEqual([]);
    const v6 = load(SLICE);
    v6.addressType = "IPv6";
    v6.endpoints[0].addresses = ["2001:db8::1"];
    expect(admit(es, v6).errors).toEqual([]);
  });

  it.each<[string, (o: any) => void, string[]]>([
    ["addressType", (o) => (o.addressType = "IPv5"), ['addressType: Unsupported value: "IPv5": supported values: "FQDN", "IPv4", "IPv6"']],
    ["missing addressType", (o) => delete o.addressType, ["addressType: Required value"]],
    ["bad IPv4", (o) => (o.endpoints[0].addresses = ["10.1.2"]), ['endpoints[0].addresses[0]: Invalid value: "10.1.2": must be a valid IPv4 address']],
    ["loopback", (o) => (o.endpoints[0].addresses = ["127.0.0.1"]), ['endpoints[0].addresses[0]: Invalid value: "127.0.0.1": may not be in the loopback range (127.0.0.0/8, ::1/128)']],
    ["no addresses", (o) => (o.endpoints[0].addresses = []), ["endpoints[0].addresses: Required value: must contain at least 1 address"]],
    ["duplicate port names", (o) => (o.ports[1].name = "http"), ['ports[1].name: Duplicate value: "http"']],
  ])("rejects %s", (_n, edit, expected) => {
    const obj = load(SLICE);
    edit(obj);
    expect(admit(es, obj).errors).toEqual(expected);
  });

  it("addressType is immutable", () => {
    const old = stored(es, SLICE);
    const { errors } = update(es, old, (o) => {
      o.addressType = "FQDN";
      o.endpoints[0].addresses = ["a.example.com"];
    });
    expect(errors).toEqual(['addressType: Invalid value: "FQDN": field is immutable']);
  });
});
