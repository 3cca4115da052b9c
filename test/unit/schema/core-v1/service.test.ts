import { describe, expect, it } from "vitest";
import { defaultService, patchAllocatedServiceValues } from "../../../../schema/core-v1";
import type { KubeObject } from "../../../../schema/types";
import { KUBECTL_CREATE, SERVICES } from "./fixtures-other";
import { admit, clone, load, stored } from "./helpers";

describe("defaultService (SetDefaults_Service + single-stack normalisation)", () => {
  it.each<[string, KubeObject, KubeObject]>([
    [
      "ClusterIP by default",
      { ports: [{ port: 80 }] },
      {
        type: "ClusterIP",
        sessionAffinity: "None",
        internalTrafficPolicy: "Cluster",
        ipFamilyPolicy: "SingleStack",
        ipFamilies: ["IPv4"],
        ports: [{ port: 80, protocol: "TCP", targetPort: 80 }],
      },
    ],
    [
      "NodePort gets externalTrafficPolicy",
      { type: "NodePort", ports: [{ port: 80, targetPort: "http" }] },
      {
        type: "NodePort",
        sessionAffinity: "None",
        externalTrafficPolicy: "Cluster",
        internalTrafficPolicy: "Cluster",
        ipFamilyPolicy: "SingleStack",
        ipFamilies: ["IPv4"],
        ports: [{ port: 80, protocol: "TCP", targetPort: "http" }],
      },
    ],
    [
      "LoadBalancer allocates node ports by default",
      { type: "LoadBalancer", ports: [{ port: 443 }] },
      {
        type: "LoadBalancer",
        sessionAffinity: "None",
        externalTrafficPolicy: "Cluster",
        internalTrafficPolicy: "Cluster",
        allocateLoadBalancerNodePorts: true,
        ipFamilyPolicy: "SingleStack",
        ipFamilies: ["IPv4"],
        ports: [{ port: 443, protocol: "TCP", targetPort: 443 }],
      },
    ],
    ["ExternalName gets no IP fields", { type: "ExternalName", externalName: "example.com" }, { type: "ExternalName", externalName: "example.com", sessionAffinity: "None" }],
    [
      "ClientIP affinity gets the 3h timeout",
      { sessionAffinity: "ClientIP", clusterIP: "None" },
      {
        type: "ClusterIP",
        sessionAffinity: "ClientIP",
        sessionAffinityConfig: { clientIP: { timeoutSeconds: 10800 } },
        internalTrafficPolicy: "Cluster",
        clusterIP: "None",
        clusterIPs: ["None"],
        ipFamilyPolicy: "SingleStack",
        ipFamilies: ["IPv4"],
      },
    ],
  ])("%s", (_name, spec, expected) => {
    const svc: KubeObject = { spec };
    defaultService(svc);
    expect(svc.spec).toEqual(expected);
    expect(svc.status).toEqual({ loadBalancer: {} });
  });
});

describe("service updates", () => {
  const old = stored("Service", SERVICES.withClusterIP);
  const update = (mutate: (s: KubeObject) => void) => {
    const next = clone(old);
    mutate(next);
    return admit("Service", next, old).errors;
  };

  it("allows changing ports and selector", () => {
    expect(update((s) => ((s.spec.ports[0].port = 8443), (s.spec.selector = { app: "x" })))).toEqual([]);
  });

  it("spec.clusterIP is immutable once set", () => {
    expect(update((s) => ((s.spec.clusterIP = "10.96.0.43"), (s.spec.clusterIPs = ["10.96.0.43"])))).toContainEqual({
      reason: "FieldValueInvalid",
      field: "spec.clusterIPs[0]",
      message: 'Invalid value: []string{"10.96.0.43"}: may not change once set',
    });
  });

  it("a PUT without clusterIP keeps the allocated one after patchAllocatedServiceValues", () => {
    const next = clone(old);
    delete next.spec.clusterIP;
    delete next.spec.clusterIPs;
    patchAllocatedServiceValues(next, old);
    expect(admit("Service", next, old).errors).toEqual([]);
    expect(next.spec.clusterIPs).toEqual(["10.96.0.42"]);
  });

  it("keeps allocated node ports the PUT leaves out", () => {
    const np = stored("Service", KUBECTL_CREATE.serviceNodePort);
    const next = clone(np);
    delete next.spec.ports[0].nodePort;
    patchAllocatedServiceValues(next, np);
    expect(next.spec.ports[0].nodePort).toBe(30080);
  });

  it("accepts the kubectl create outputs unchanged as updates of themselves", () => {
    for (const yaml of Object.values(KUBECTL_CREATE).filter((y) => /^kind: Service$/m.test(y))) {
      const s = stored("Service", yaml);
      expect(admit("Service", clone(s), s).errors).toEqual([]);
    }
  });

  it("validates the new object with the create rules too", () => {
    const errors = update((s) => (s.spec.type = "Bogus"));
    expect(errors.map((e) => e.field)).toContain("spec.type");
  });

  it("treats the headless fixture's clusterIP None as headless (no ports needed)", () => {
    const { errors } = admit("Service", load(SERVICES.headlessNoPorts));
    expect(errors).toEqual([]);
  });
});
