import { describe, expect, it } from "vitest";
import { defaultPod, defaultPodSpec, defaultPodTemplateSpec, imageTag, podQOSClass } from "../../../../schema/core-v1";
import type { KubeObject } from "../../../../schema/types";
import { KUBECTL_RUN_POD } from "./fixtures-pods";
import { load } from "./helpers";

describe("defaultPod on `kubectl run` output", () => {
  const pod = load(KUBECTL_RUN_POD);
  defaultPod(pod);

  it("fills upstream's PodSpec and Pod defaults", () => {
    expect(pod.spec).toMatchObject({
      dnsPolicy: "ClusterFirst",
      restartPolicy: "Always",
      terminationGracePeriodSeconds: 30,
      schedulerName: "default-scheduler",
      securityContext: {},
      enableServiceLinks: true,
    });
  });

  it("fills container defaults", () => {
    expect(pod.spec.containers[0]).toEqual({
      name: "nginx",
      image: "nginx",
      imagePullPolicy: "Always",
      resources: {},
      terminationMessagePath: "/dev/termination-log",
      terminationMessagePolicy: "File",
    });
  });

  it("sets the create-time status (Pending, BestEffort)", () => {
    expect(pod.status).toEqual({ phase: "Pending", qosClass: "BestEffort" });
  });
});

describe("imagePullPolicy from the image reference", () => {
  it.each([
    ["nginx", "latest", "Always"],
    ["nginx:latest", "latest", "Always"],
    ["nginx:1.27", "1.27", "IfNotPresent"],
    ["localhost:5000/app", "latest", "Always"],
    ["localhost:5000/app:v2", "v2", "IfNotPresent"],
    ["ghcr.io/org/app@sha256:abcd", "", "IfNotPresent"],
    ["ghcr.io/org/app:v1@sha256:abcd", "v1", "IfNotPresent"],
  ])("%s → tag %j → %s", (image, tag, policy) => {
    expect(imageTag(image)).toBe(tag);
    const spec: KubeObject = { containers: [{ name: "c", image }] };
    defaultPodSpec(spec);
    expect(spec.containers[0].imagePullPolicy).toBe(policy);
  });

  it("keeps an explicit policy", () => {
    const spec: KubeObject = { containers: [{ name: "c", image: "nginx", imagePullPolicy: "Never" }] };
    expect(defaultPodSpec(spec).containers[0].imagePullPolicy).toBe("Never");
  });
});

describe("nested defaults", () => {
  const spec: KubeObject = defaultPodSpec({
    hostNetwork: true,
    serviceAccount: "legacy",
    containers: [
      {
        name: "c",
        image: "x:1",
        ports: [{ containerPort: 8080 }],
        env: [{ name: "N", valueFrom: { fieldRef: { fieldPath: "metadata.name" } } }],
        livenessProbe: { httpGet: { port: 8080 } },
        readinessProbe: { grpc: { port: 9000 } },
        lifecycle: { preStop: { httpGet: { port: 80 } } },
      },
    ],
    volumes: [
      { name: "none" },
      { name: "s", secret: { secretName: "s" } },
      { name: "cm", configMap: { name: "cm" } },
      { name: "p", projected: { sources: [{ serviceAccountToken: { path: "t" } }] } },
      { name: "h", hostPath: { path: "/x" } },
      { name: "e", ephemeral: { volumeClaimTemplate: { spec: { accessModes: ["ReadWriteOnce"] } } } },
    ],
  });
  const c = spec.containers[0];

  it.each<[string, unknown, unknown]>([
    ["port protocol", c.ports[0].protocol, "TCP"],
    ["hostPort with hostNetwork", c.ports[0].hostPort, 8080],
    ["fieldRef apiVersion", c.env[0].valueFrom.fieldRef.apiVersion, "v1"],
    ["probe timing", [c.livenessProbe.timeoutSeconds, c.livenessProbe.periodSeconds, c.livenessProbe.successThreshold, c.livenessProbe.failureThreshold], [1, 10, 1, 3]],
    ["httpGet path and scheme", [c.livenessProbe.httpGet.path, c.livenessProbe.httpGet.scheme], ["/", "HTTP"]],
    ["grpc service", c.readinessProbe.grpc.service, ""],
    ["lifecycle httpGet", c.lifecycle.preStop.httpGet.scheme, "HTTP"],
    ["volume without source → emptyDir", spec.volumes[0].emptyDir, {}],
    ["secret defaultMode 0644", spec.volumes[1].secret.defaultMode, 420],
    ["configMap defaultMode 0644", spec.volumes[2].configMap.defaultMode, 420],
    ["projected defaultMode and token expiry", [spec.volumes[3].projected.defaultMode, spec.volumes[3].projected.sources[0].serviceAccountToken.expirationSeconds], [420, 3600]],
    ["hostPath type", spec.volumes[4].hostPath.type, ""],
    ["ephemeral claim volumeMode", spec.volumes[5].ephemeral.volumeClaimTemplate.spec.volumeMode, "Filesystem"],
    ["serviceAccountName from deprecated serviceAccount", [spec.serviceAccountName, spec.serviceAccount], ["legacy", "legacy"]],
  ])("%s", (_name, actual, expected) => {
    expect(actual).toEqual(expected);
  });

  it("is idempotent", () => {
    expect(defaultPodSpec(structuredClone(spec))).toEqual(spec);
  });
});

describe("Pod-only defaults stay out of templates", () => {
  it("templates get no enableServiceLinks and no requests-from-limits", () => {
    const template: KubeObject = { spec: { containers: [{ name: "c", image: "x:1", resources: { limits: { cpu: "1" } } }] } };
    defaultPodTemplateSpec(template);
    expect(template.spec.enableServiceLinks).toBeUndefined();
    expect(template.spec.containers[0].resources).toEqual({ limits: { cpu: "1" } });
  });

  it("pods copy limits into missing requests", () => {
    const pod: KubeObject = { spec: { containers: [{ name: "c", image: "x:1", resources: { limits: { cpu: "1" }, requests: { memory: "1Gi" } } }] } };
    defaultPod(pod);
    expect(pod.spec.containers[0].resources.requests).toEqual({ memory: "1Gi", cpu: "1" });
  });
});

describe("podQOSClass (qos.GetPodQOS)", () => {
  const spec = (...resources: KubeObject[]) => ({ containers: resources.map((r, i) => ({ name: `c${i}`, resources: r })) });
  it.each<[string, KubeObject, string]>([
    ["no resources", spec({}), "BestEffort"],
    ["only non-QoS resources", spec({ requests: { "ephemeral-storage": "1Gi" } }), "BestEffort"],
    ["requests equal limits for cpu and memory", spec({ requests: { cpu: "1", memory: "1Gi" }, limits: { cpu: "1000m", memory: "1Gi" } }), "Guaranteed"],
    ["limits only (requests defaulted from limits)", spec({ requests: { cpu: "1", memory: "1Gi" }, limits: { cpu: "1", memory: "1Gi" } }), "Guaranteed"],
    ["memory limit missing", spec({ requests: { cpu: "1" }, limits: { cpu: "1" } }), "Burstable"],
    ["requests below limits", spec({ requests: { cpu: "500m", memory: "1Gi" }, limits: { cpu: "1", memory: "1Gi" } }), "Burstable"],
    ["one guaranteed, one best-effort container", spec({ requests: { cpu: "1", memory: "1Gi" }, limits: { cpu: "1", memory: "1Gi" } }, {}), "Burstable"],
  ])("%s → %s", (_name, s, qos) => {
    expect(podQOSClass(s)).toBe(qos);
  });
});
