/**
 * The bodies kubectl 1.32's typed clients send as protobuf (KUBECTL.md §4), built field by field as
 * Go writes them, decode to the JSON kubectl would have sent (`kubectl create ... --dry-run=client
 * -o json`, minus `"creationTimestamp": null`, which the decoder omits).
 */
import { describe, expect, it } from "vitest";
import { decodeKubernetesProtobuf } from "../../../worker/protobuf";
import { bool, bytes, container, encode, envelope, int, msg, objectMeta, podSpec, str, strMap } from "./wire-builder";

const utf8 = (s: string) => new TextEncoder().encode(s);
const webLabels = { app: "web" };

const cases: { command: string; apiVersion: string; kind: string; raw: Uint8Array; json: Record<string, unknown> }[] = [
  {
    command: "create configmap a --from-literal=a=b",
    apiVersion: "v1",
    kind: "ConfigMap",
    raw: encode(objectMeta(1, { name: "a" }), ...strMap(2, { a: "b" })),
    json: { metadata: { name: "a" }, data: { a: "b" } },
  },
  {
    command: "create secret generic s --from-literal=user=admin",
    apiVersion: "v1",
    kind: "Secret",
    raw: encode(objectMeta(1, { name: "s" }), msg(2, str(1, "user"), bytes(2, utf8("admin"))), str(3, "")),
    json: { metadata: { name: "s" }, data: { user: "YWRtaW4=" } },
  },
  {
    command: "create namespace n",
    apiVersion: "v1",
    kind: "Namespace",
    raw: encode(objectMeta(1, { name: "n" }), msg(2), msg(3, str(1, ""))),
    json: { metadata: { name: "n" }, spec: {}, status: {} },
  },
  {
    command: "create serviceaccount sa",
    apiVersion: "v1",
    kind: "ServiceAccount",
    raw: encode(objectMeta(1, { name: "sa" })),
    json: { metadata: { name: "sa" } },
  },
  {
    command: "create deployment web --image=nginx --replicas=2 --port=80",
    apiVersion: "apps/v1",
    kind: "Deployment",
    raw: encode(
      objectMeta(1, { name: "web", labels: webLabels }),
      msg(
        2,
        int(1, 2),
        msg(2, ...strMap(1, webLabels)),
        msg(
          3,
          objectMeta(1, { labels: webLabels }),
          podSpec(2, container(2, "nginx", "nginx", msg(6, str(1, ""), int(2, 0), int(3, 80), str(4, ""), str(5, "")))),
        ),
        msg(4, str(1, "")),
        int(5, 0),
        bool(7, false),
      ),
      msg(3, int(1, 0), int(2, 0), int(3, 0), int(4, 0), int(5, 0), int(7, 0)),
    ),
    json: {
      metadata: { name: "web", labels: webLabels },
      spec: {
        replicas: 2,
        selector: { matchLabels: webLabels },
        template: {
          metadata: { labels: webLabels },
          spec: { containers: [{ name: "nginx", image: "nginx", ports: [{ containerPort: 80 }], resources: {} }] },
        },
        strategy: {},
      },
      status: {},
    },
  },
  {
    command: "create service clusterip my --tcp=80:8080",
    apiVersion: "v1",
    kind: "Service",
    raw: encode(
      objectMeta(1, { name: "my", labels: { app: "my" } }),
      msg(
        2,
        msg(1, str(1, "80-8080"), str(2, "TCP"), int(3, 80), msg(4, int(1, 0), int(2, 8080), str(3, "")), int(5, 0)),
        ...strMap(2, { app: "my" }),
        str(3, ""),
        str(4, "ClusterIP"),
        str(7, ""),
        str(8, ""),
        str(10, ""),
        str(11, ""),
        int(12, 0),
        bool(13, false),
      ),
      msg(3, msg(1)),
    ),
    json: {
      metadata: { name: "my", labels: { app: "my" } },
      spec: {
        ports: [{ name: "80-8080", protocol: "TCP", port: 80, targetPort: 8080 }],
        selector: { app: "my" },
        type: "ClusterIP",
      },
      status: { loadBalancer: {} },
    },
  },
  {
    command: "create job j --image=busybox",
    apiVersion: "batch/v1",
    kind: "Job",
    raw: encode(
      objectMeta(1, { name: "j" }),
      msg(2, msg(6, objectMeta(1), podSpec(2, container(2, "j", "busybox"), str(3, "Never")))),
      msg(3, int(4, 0), int(5, 0), int(6, 0), str(7, "")),
    ),
    json: {
      metadata: { name: "j" },
      spec: {
        template: { metadata: {}, spec: { containers: [{ name: "j", image: "busybox", resources: {} }], restartPolicy: "Never" } },
      },
      status: {},
    },
  },
  {
    command: 'create cronjob cj --image=busybox --schedule="*/1 * * * *"',
    apiVersion: "batch/v1",
    kind: "CronJob",
    raw: encode(
      objectMeta(1, { name: "cj" }),
      msg(
        2,
        str(1, "*/1 * * * *"),
        str(3, ""),
        msg(5, objectMeta(1, { name: "cj" }), msg(2, msg(6, objectMeta(1), podSpec(2, container(2, "cj", "busybox"), str(3, "OnFailure"))))),
      ),
      msg(3),
    ),
    json: {
      metadata: { name: "cj" },
      spec: {
        schedule: "*/1 * * * *",
        jobTemplate: {
          metadata: { name: "cj" },
          spec: {
            template: {
              metadata: {},
              spec: { containers: [{ name: "cj", image: "busybox", resources: {} }], restartPolicy: "OnFailure" },
            },
          },
        },
      },
      status: {},
    },
  },
  {
    command: "create role r --verb=get --resource=pods",
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "Role",
    raw: encode(objectMeta(1, { name: "r" }), msg(2, str(1, "get"), str(2, ""), str(3, "pods"))),
    json: { metadata: { name: "r" }, rules: [{ verbs: ["get"], apiGroups: [""], resources: ["pods"] }] },
  },
  {
    command: "create rolebinding rb --role=r --user=alice",
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "RoleBinding",
    raw: encode(
      objectMeta(1, { name: "rb" }),
      msg(2, str(1, "User"), str(2, "rbac.authorization.k8s.io"), str(3, "alice"), str(4, "")),
      msg(3, str(1, "rbac.authorization.k8s.io"), str(2, "Role"), str(3, "r")),
    ),
    json: {
      metadata: { name: "rb" },
      subjects: [{ kind: "User", apiGroup: "rbac.authorization.k8s.io", name: "alice" }],
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "r" },
    },
  },
  {
    command: "auth can-i create pods",
    apiVersion: "authorization.k8s.io/v1",
    kind: "SelfSubjectAccessReview",
    raw: encode(
      objectMeta(1),
      msg(2, msg(1, str(1, "default"), str(2, "create"), str(3, ""), str(4, ""), str(5, "pods"), str(6, ""), str(7, ""))),
      msg(3, bool(1, false), str(2, ""), str(3, ""), bool(4, false)),
    ),
    json: {
      metadata: {},
      spec: { resourceAttributes: { namespace: "default", verb: "create", resource: "pods" } },
      status: { allowed: false },
    },
  },
  {
    command: "auth can-i get /logs",
    apiVersion: "authorization.k8s.io/v1",
    kind: "SelfSubjectAccessReview",
    raw: encode(objectMeta(1), msg(2, msg(2, str(1, "/logs"), str(2, "get"))), msg(3, bool(1, false))),
    json: { metadata: {}, spec: { nonResourceAttributes: { path: "/logs", verb: "get" } }, status: { allowed: false } },
  },
  {
    command: "auth can-i --list",
    apiVersion: "authorization.k8s.io/v1",
    kind: "SelfSubjectRulesReview",
    raw: encode(objectMeta(1), msg(2, str(1, "default")), msg(3, bool(3, false), str(4, ""))),
    json: { metadata: {}, spec: { namespace: "default" }, status: { incomplete: false } },
  },
  {
    command: "auth whoami",
    apiVersion: "authentication.k8s.io/v1",
    kind: "SelfSubjectReview",
    raw: encode(objectMeta(1), msg(2, msg(1, str(1, ""), str(2, "")))),
    json: { metadata: {}, status: { userInfo: {} } },
  },
  {
    command: "create token default --duration=10m",
    apiVersion: "authentication.k8s.io/v1",
    kind: "TokenRequest",
    raw: encode(objectMeta(1), msg(2, int(4, 600)), msg(3, str(1, ""), msg(2))),
    json: { metadata: {}, spec: { expirationSeconds: 600 }, status: {} },
  },
  {
    command: "create token default --audience=api --bound-object-kind=Pod --bound-object-name=p --bound-object-uid=u1",
    apiVersion: "authentication.k8s.io/v1",
    kind: "TokenRequest",
    raw: encode(
      objectMeta(1),
      msg(2, str(1, "api"), msg(3, str(1, "Pod"), str(2, "v1"), str(3, "p"), str(4, "u1"))),
      msg(3, str(1, ""), msg(2)),
    ),
    json: {
      metadata: {},
      spec: { audiences: ["api"], boundObjectRef: { kind: "Pod", apiVersion: "v1", name: "p", uid: "u1" } },
      status: {},
    },
  },
];

describe("kubectl create bodies", () => {
  it.each(cases)("kubectl $command", ({ apiVersion, kind, raw, json }) => {
    const decoded = decodeKubernetesProtobuf(envelope(apiVersion, kind, raw));
    expect(decoded.apiVersion).toBe(apiVersion);
    expect(decoded.kind).toBe(kind);
    expect(decoded.object).toStrictEqual({ kind, apiVersion, ...json });
  });

  it("puts kind and apiVersion first, then fields in Go struct order", () => {
    const { object } = decodeKubernetesProtobuf(envelope("v1", "ConfigMap", encode(
      ...strMap(2, { a: "b" }), bool(4, true), objectMeta(1, { name: "a" }),
    )));
    expect(Object.keys(object)).toEqual(["kind", "apiVersion", "metadata", "immutable", "data"]);
  });
});
