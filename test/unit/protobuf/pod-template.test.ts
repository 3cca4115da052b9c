/**
 * A Deployment exercising the whole PodSpec: probes (inline ProbeHandler, named IntOrString port),
 * env and envFrom (inline LocalObjectReference), volumes (inline VolumeSource), resources
 * (Quantity maps), security contexts, scheduling constraints, and pointer fields set to zero.
 */
import { describe, expect, it } from "vitest";
import { decodeKubernetesProtobuf } from "../../../worker/protobuf";
import {
  bool, container, encode, envelope, int, intOrString, msg, objectMeta, packedInts, podSpec, quantityMap, str, strMap,
} from "./wire-builder";

const labels = { app: "api" };

const app = container(
  2, "api", "example/api:1.0",
  str(3, "/bin/api"), str(4, "--port=8080"),
  msg(6, str(1, "http"), int(2, 0), int(3, 8080), str(4, "TCP"), str(5, "")),
  msg(7, str(1, "MODE"), str(2, "prod")),
  msg(7, str(1, "TOKEN"), str(2, ""), msg(3, msg(4, msg(1, str(1, "creds")), str(2, "token"), bool(3, false)))),
  msg(7, str(1, "POD"), str(2, ""), msg(3, msg(1, str(1, "v1"), str(2, "metadata.name")))),
  msg(19, str(1, "CFG_"), msg(2, msg(1, str(1, "settings")))),
  msg(8, ...quantityMap(1, { cpu: "500m", memory: "256Mi" }), ...quantityMap(2, { cpu: "100m" })),
  msg(9, str(1, "data"), bool(2, true), str(3, "/data"), str(4, "")),
  msg(10, msg(1, msg(2, str(1, "/healthz"), intOrString(2, "http"), str(3, ""), str(4, "HTTP"))),
    int(2, 5), int(3, 0), int(4, 10), int(5, 0), int(6, 0)),
  msg(11, msg(1, msg(1, str(1, "cat"), str(1, "/ready")))),
  msg(22, msg(1, msg(3, intOrString(1, 8080), str(2, "")))),
  msg(12, msg(2, msg(4, int(1, 5)))),
  str(14, "IfNotPresent"),
  msg(15, msg(1, str(1, "NET_BIND_SERVICE"), str(2, "ALL")), bool(2, false), int(4, 0), bool(6, true)),
);

const deployment = encode(
  objectMeta(1, { name: "api", labels }),
  msg(
    2,
    int(1, 0),
    msg(2, ...strMap(1, labels)),
    msg(
      3,
      objectMeta(1, { labels, annotations: { "kubectl.kubernetes.io/restartedAt": "2024-05-01T10:00:00Z" } }),
      podSpec(
        2,
        msg(1, str(1, "data"), msg(2, msg(10, str(1, "api-data"), bool(2, false)))),
        msg(1, str(1, "cfg"), msg(2, msg(19, msg(1, str(1, "settings")), msg(2, str(1, "a"), str(2, "a.txt"), int(3, 256)), int(3, 420)))),
        msg(1, str(1, "tmp"), msg(2, msg(2, str(1, "Memory"), msg(2, str(1, "64Mi"))))),
        msg(1, str(1, "tok"), msg(2, msg(26, msg(1, msg(4, str(1, "vault"), int(2, 3600), str(3, "token"))), int(2, 420)))),
        container(20, "init", "busybox", str(3, "true")),
        app,
        int(4, 0),
        str(3, "Always"),
        str(6, "ClusterFirst"),
        ...strMap(7, { "kubernetes.io/os": "linux" }),
        str(8, "api"),
        bool(21, false),
        msg(14, int(2, 1000), bool(3, true), packedInts(4, [2000, 3000]), int(5, 2000), msg(10, str(1, "RuntimeDefault"))),
        msg(15, str(1, "regcred")),
        msg(18, msg(1, msg(1, msg(1, msg(1, str(1, "zone"), str(2, "In"), str(3, "a"), str(3, "b")))))),
        msg(22, str(1, "dedicated"), str(2, "Equal"), str(3, "api"), str(4, "NoExecute"), int(5, 0)),
        msg(33, int(1, 1), str(2, "topology.kubernetes.io/zone"), str(3, "ScheduleAnyway"), msg(4, ...strMap(1, labels))),
        msg(36, str(1, "linux")),
      ),
    ),
    msg(4, str(1, "RollingUpdate"), msg(2, intOrString(1, 0), intOrString(2, "25%"))),
    int(5, 0),
    int(6, 0),
    bool(7, false),
  ),
  msg(3),
);

const expectedPodSpec = {
  volumes: [
    { name: "data", persistentVolumeClaim: { claimName: "api-data" } },
    { name: "cfg", configMap: { name: "settings", items: [{ key: "a", path: "a.txt", mode: 256 }], defaultMode: 420 } },
    { name: "tmp", emptyDir: { medium: "Memory", sizeLimit: "64Mi" } },
    { name: "tok", projected: { sources: [{ serviceAccountToken: { audience: "vault", expirationSeconds: 3600, path: "token" } }], defaultMode: 420 } },
  ],
  initContainers: [{ name: "init", image: "busybox", command: ["true"], resources: {} }],
  containers: [
    {
      name: "api",
      image: "example/api:1.0",
      command: ["/bin/api"],
      args: ["--port=8080"],
      ports: [{ name: "http", containerPort: 8080, protocol: "TCP" }],
      envFrom: [{ prefix: "CFG_", configMapRef: { name: "settings" } }],
      env: [
        { name: "MODE", value: "prod" },
        { name: "TOKEN", valueFrom: { secretKeyRef: { name: "creds", key: "token", optional: false } } },
        { name: "POD", valueFrom: { fieldRef: { apiVersion: "v1", fieldPath: "metadata.name" } } },
      ],
      resources: { limits: { cpu: "500m", memory: "256Mi" }, requests: { cpu: "100m" } },
      volumeMounts: [{ name: "data", readOnly: true, mountPath: "/data" }],
      livenessProbe: { httpGet: { path: "/healthz", port: "http", scheme: "HTTP" }, initialDelaySeconds: 5, periodSeconds: 10 },
      readinessProbe: { exec: { command: ["cat", "/ready"] } },
      startupProbe: { tcpSocket: { port: 8080 } },
      lifecycle: { preStop: { sleep: { seconds: 5 } } },
      imagePullPolicy: "IfNotPresent",
      securityContext: {
        capabilities: { add: ["NET_BIND_SERVICE"], drop: ["ALL"] },
        privileged: false,
        runAsUser: 0,
        readOnlyRootFilesystem: true,
      },
    },
  ],
  restartPolicy: "Always",
  terminationGracePeriodSeconds: 0,
  dnsPolicy: "ClusterFirst",
  nodeSelector: { "kubernetes.io/os": "linux" },
  serviceAccountName: "api",
  automountServiceAccountToken: false,
  securityContext: {
    runAsUser: 1000,
    runAsNonRoot: true,
    supplementalGroups: [2000, 3000],
    fsGroup: 2000,
    seccompProfile: { type: "RuntimeDefault" },
  },
  imagePullSecrets: [{ name: "regcred" }],
  affinity: {
    nodeAffinity: {
      requiredDuringSchedulingIgnoredDuringExecution: {
        nodeSelectorTerms: [{ matchExpressions: [{ key: "zone", operator: "In", values: ["a", "b"] }] }],
      },
    },
  },
  tolerations: [{ key: "dedicated", operator: "Equal", value: "api", effect: "NoExecute", tolerationSeconds: 0 }],
  topologySpreadConstraints: [
    { maxSkew: 1, topologyKey: "topology.kubernetes.io/zone", whenUnsatisfiable: "ScheduleAnyway", labelSelector: { matchLabels: labels } },
  ],
  os: { name: "linux" },
};

describe("Deployment with a full pod template", () => {
  const { object } = decodeKubernetesProtobuf(envelope("apps/v1", "Deployment", deployment));

  it("decodes the pod spec with Go's JSON rules", () => {
    const spec = (object.spec as { template: { spec: unknown } }).template.spec;
    expect(spec).toStrictEqual(expectedPodSpec);
  });

  it("keeps pointer fields set to zero and drops non-pointer zeros", () => {
    expect(object.spec).toMatchObject({ replicas: 0, revisionHistoryLimit: 0 });
    expect(object.spec).not.toHaveProperty("minReadySeconds");
    expect(object.spec).not.toHaveProperty("paused");
  });

  it("decodes IntOrString as number or string, and template annotations", () => {
    expect(object.spec).toMatchObject({
      strategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 0, maxSurge: "25%" } },
      template: { metadata: { labels, annotations: { "kubectl.kubernetes.io/restartedAt": "2024-05-01T10:00:00Z" } } },
    });
    expect(object.status).toStrictEqual({});
  });

  it("flattens an ephemeral container's common fields", () => {
    const pod = encode(
      objectMeta(1, { name: "p" }),
      podSpec(2, msg(34, msg(1, str(1, "debugger"), str(2, "busybox"), msg(8), bool(16, true), bool(18, true)), str(2, "api"))),
    );
    const spec = decodeKubernetesProtobuf(envelope("v1", "Pod", pod)).object.spec;
    expect(spec).toStrictEqual({
      ephemeralContainers: [{ name: "debugger", image: "busybox", resources: {}, stdin: true, tty: true, targetContainerName: "api" }],
    });
  });
});
