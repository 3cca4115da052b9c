import { describe, expect, it } from "vitest";
import { envVariableName, serviceEnv, serviceEnvVars } from "../../../../worker/kubelet/pod-env/service-env";
import type { ServiceLike } from "../../../../worker/kubelet/pod-env/types";

type Ports = NonNullable<NonNullable<ServiceLike["spec"]>["ports"]>;

const svc = (namespace: string, name: string, clusterIP: string, ports: Ports = [{ port: 80 }]): ServiceLike => ({
  metadata: { namespace, name },
  spec: { clusterIP, ports },
});

describe("envVariableName (makeEnvVariableName)", () => {
  it.each([
    ["redis-master", "REDIS_MASTER"],
    ["my.svc", "MY_SVC"],
    ["1st", "_1ST"],
  ])("%s", (name, expected) => expect(envVariableName(name)).toBe(expected));
});

describe("serviceEnvVars (FromServices)", () => {
  it("writes host, ports and docker link variables", () => {
    const vars = serviceEnvVars(
      svc("shop", "redis-master", "10.96.0.11", [
        { name: "", port: 6379, protocol: "TCP" },
        { name: "metrics", port: 9121 },
        { name: "dns", port: 53, protocol: "UDP" },
      ]),
    );
    expect(vars).toEqual([
      ["REDIS_MASTER_SERVICE_HOST", "10.96.0.11"],
      ["REDIS_MASTER_SERVICE_PORT", "6379"],
      ["REDIS_MASTER_SERVICE_PORT_METRICS", "9121"],
      ["REDIS_MASTER_SERVICE_PORT_DNS", "53"],
      ["REDIS_MASTER_PORT", "tcp://10.96.0.11:6379"],
      ["REDIS_MASTER_PORT_6379_TCP", "tcp://10.96.0.11:6379"],
      ["REDIS_MASTER_PORT_6379_TCP_PROTO", "tcp"],
      ["REDIS_MASTER_PORT_6379_TCP_PORT", "6379"],
      ["REDIS_MASTER_PORT_6379_TCP_ADDR", "10.96.0.11"],
      ["REDIS_MASTER_PORT_9121_TCP", "tcp://10.96.0.11:9121"],
      ["REDIS_MASTER_PORT_9121_TCP_PROTO", "tcp"],
      ["REDIS_MASTER_PORT_9121_TCP_PORT", "9121"],
      ["REDIS_MASTER_PORT_9121_TCP_ADDR", "10.96.0.11"],
      ["REDIS_MASTER_PORT_53_UDP", "udp://10.96.0.11:53"],
      ["REDIS_MASTER_PORT_53_UDP_PROTO", "udp"],
      ["REDIS_MASTER_PORT_53_UDP_PORT", "53"],
      ["REDIS_MASTER_PORT_53_UDP_ADDR", "10.96.0.11"],
    ]);
  });
});

describe("serviceEnv (getServiceEnvVarMap)", () => {
  const services = [
    svc("default", "kubernetes", "10.96.0.1", [{ name: "https", port: 443 }]),
    svc("default", "other", "10.96.0.2"),
    svc("shop", "web", "10.96.0.3"),
    svc("shop", "headless", "None"),
    svc("shop", "external", ""),
    svc("blog", "web", "10.96.0.4"),
  ];
  const hosts = (env: Record<string, string>) => Object.keys(env).filter((k) => k.endsWith("_SERVICE_HOST")).sort();

  it.each<[string, string, boolean | undefined, string[]]>([
    ["same namespace plus kubernetes", "shop", undefined, ["KUBERNETES_SERVICE_HOST", "WEB_SERVICE_HOST"]],
    ["headless and IP-less Services are skipped", "shop", true, ["KUBERNETES_SERVICE_HOST", "WEB_SERVICE_HOST"]],
    ["enableServiceLinks false: kubernetes only", "shop", false, ["KUBERNETES_SERVICE_HOST"]],
    ["the default namespace sees its own Services", "default", true, ["KUBERNETES_SERVICE_HOST", "OTHER_SERVICE_HOST"]],
    ["default namespace, links off", "default", false, ["KUBERNETES_SERVICE_HOST"]],
  ])("%s", (_name, namespace, links, expected) => expect(hosts(serviceEnv(services, namespace, links))).toEqual(expected));

  it("reads each Service's own address", () => {
    expect(serviceEnv(services, "blog")).toMatchObject({ WEB_SERVICE_HOST: "10.96.0.4", KUBERNETES_SERVICE_HOST: "10.96.0.1", KUBERNETES_SERVICE_PORT: "443", KUBERNETES_SERVICE_PORT_HTTPS: "443" });
  });

  it.each([
    ["after the master service", [services[0], svc("shop", "kubernetes", "10.96.9.9")]],
    ["before the master service", [svc("shop", "kubernetes", "10.96.9.9"), services[0]]],
  ])("a kubernetes Service of the pod's namespace wins %s", (_name, list) =>
    expect(serviceEnv(list, "shop").KUBERNETES_SERVICE_HOST).toBe("10.96.9.9"),
  );
});
