/**
 * The remaining kinds kubectl's typed clients create (`create clusterrole/clusterrolebinding/quota/
 * priorityclass/poddisruptionbudget/ingress`, `autoscale`, access and token reviews), with the Go
 * JSON details each one relies on.
 */
import { describe, expect, it } from "vitest";
import { decodeKubernetesProtobuf } from "../../../worker/protobuf";
import { bool, encode, envelope, int, intOrString, msg, objectMeta, quantityMap, str, strMap } from "./wire-builder";

const cases: { name: string; apiVersion: string; kind: string; raw: Uint8Array; json: Record<string, unknown> }[] = [
  {
    name: "ClusterRole with non-resource URLs and an aggregation rule",
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "ClusterRole",
    raw: encode(
      objectMeta(1, { name: "cr" }),
      msg(2, str(1, "get"), str(5, "/healthz")),
      msg(3, msg(1, ...strMap(1, { "rbac.example.com/aggregate": "true" }))),
    ),
    json: {
      metadata: { name: "cr" },
      rules: [{ verbs: ["get"], nonResourceURLs: ["/healthz"] }],
      aggregationRule: { clusterRoleSelectors: [{ matchLabels: { "rbac.example.com/aggregate": "true" } }] },
    },
  },
  {
    name: "ClusterRoleBinding to a service account",
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "ClusterRoleBinding",
    raw: encode(
      objectMeta(1, { name: "crb" }),
      msg(2, str(1, "ServiceAccount"), str(2, ""), str(3, "default"), str(4, "kube-system")),
      msg(3, str(1, "rbac.authorization.k8s.io"), str(2, "ClusterRole"), str(3, "view")),
    ),
    json: {
      metadata: { name: "crb" },
      subjects: [{ kind: "ServiceAccount", name: "default", namespace: "kube-system" }],
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "view" },
    },
  },
  {
    name: "ResourceQuota (create quota --hard=cpu=1,pods=2)",
    apiVersion: "v1",
    kind: "ResourceQuota",
    raw: encode(objectMeta(1, { name: "q" }), msg(2, ...quantityMap(1, { cpu: "1", pods: "2" })), msg(3)),
    json: { metadata: { name: "q" }, spec: { hard: { cpu: "1", pods: "2" } }, status: {} },
  },
  {
    name: "PriorityClass with value 0 (not omitempty) and globalDefault false (omitempty)",
    apiVersion: "scheduling.k8s.io/v1",
    kind: "PriorityClass",
    raw: encode(objectMeta(1, { name: "low" }), int(2, 0), bool(3, false), str(4, ""), str(5, "Never")),
    json: { metadata: { name: "low" }, value: 0, preemptionPolicy: "Never" },
  },
  {
    name: "PodDisruptionBudget with minAvailable as a number",
    apiVersion: "policy/v1",
    kind: "PodDisruptionBudget",
    raw: encode(
      objectMeta(1, { name: "pdb" }),
      msg(2, intOrString(1, 1), msg(2, ...strMap(1, { app: "web" }))),
      msg(3, int(1, 0), int(3, 0), int(4, 0), int(5, 0), int(6, 0)),
    ),
    json: {
      metadata: { name: "pdb" },
      spec: { minAvailable: 1, selector: { matchLabels: { app: "web" } } },
      status: { disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0 },
    },
  },
  {
    name: "Ingress (create ingress simple --rule=foo.com/bar=svc1:8080,tls=my-cert)",
    apiVersion: "networking.k8s.io/v1",
    kind: "Ingress",
    raw: encode(
      objectMeta(1, { name: "simple" }),
      msg(
        2,
        msg(2, str(1, "foo.com"), str(2, "my-cert")),
        msg(3, str(1, "foo.com"), msg(2, msg(1, msg(1, str(1, "/bar"), str(3, "Exact"),
          msg(2, msg(4, str(1, "svc1"), msg(2, str(1, ""), int(2, 8080)))))))),
      ),
      msg(3, msg(1)),
    ),
    json: {
      metadata: { name: "simple" },
      spec: {
        tls: [{ hosts: ["foo.com"], secretName: "my-cert" }],
        rules: [{ host: "foo.com", http: { paths: [{ path: "/bar", pathType: "Exact", backend: { service: { name: "svc1", port: { number: 8080 } } } }] } }],
      },
      status: { loadBalancer: {} },
    },
  },
  {
    name: "autoscaling/v1 HorizontalPodAutoscaler (autoscale deployment web --max=5 --cpu-percent=80)",
    apiVersion: "autoscaling/v1",
    kind: "HorizontalPodAutoscaler",
    raw: encode(
      objectMeta(1, { name: "web" }),
      msg(2, msg(1, str(1, "Deployment"), str(2, "web"), str(3, "apps/v1")), int(3, 5), int(4, 80)),
      msg(3, int(3, 0), int(4, 0)),
    ),
    json: {
      metadata: { name: "web" },
      spec: { scaleTargetRef: { kind: "Deployment", name: "web", apiVersion: "apps/v1" }, maxReplicas: 5, targetCPUUtilizationPercentage: 80 },
      status: { currentReplicas: 0, desiredReplicas: 0 },
    },
  },
  {
    name: "autoscaling/v2 HorizontalPodAutoscaler with a resource metric and behavior",
    apiVersion: "autoscaling/v2",
    kind: "HorizontalPodAutoscaler",
    raw: encode(
      objectMeta(1, { name: "web" }),
      msg(
        2,
        msg(1, str(1, "Deployment"), str(2, "web"), str(3, "apps/v1")),
        int(2, 0),
        int(3, 10),
        msg(4, str(1, "Resource"), msg(4, str(1, "cpu"), msg(2, str(1, "Utilization"), int(4, 70)))),
        msg(5, msg(2, int(3, 300), msg(2, str(1, "Pods"), int(2, 1), int(3, 60)))),
      ),
      msg(3, int(3, 0), int(4, 0)),
    ),
    json: {
      metadata: { name: "web" },
      spec: {
        scaleTargetRef: { kind: "Deployment", name: "web", apiVersion: "apps/v1" },
        minReplicas: 0,
        maxReplicas: 10,
        metrics: [{ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 70 } } }],
        behavior: { scaleDown: { stabilizationWindowSeconds: 300, policies: [{ type: "Pods", value: 1, periodSeconds: 60 }] } },
      },
      status: { desiredReplicas: 0 },
    },
  },
  {
    name: "SubjectAccessReview with groups and extra (ExtraValue is a plain list)",
    apiVersion: "authorization.k8s.io/v1",
    kind: "SubjectAccessReview",
    raw: encode(
      objectMeta(1),
      msg(2, msg(1, str(2, "list"), str(5, "secrets")), str(3, "bob"), str(4, "dev"),
        msg(5, str(1, "scopes"), msg(2, str(1, "a"), str(1, "b"))), str(6, "")),
      msg(3, bool(1, false)),
    ),
    json: {
      metadata: {},
      spec: { resourceAttributes: { verb: "list", resource: "secrets" }, user: "bob", groups: ["dev"], extra: { scopes: ["a", "b"] } },
      status: { allowed: false },
    },
  },
  {
    name: "LocalSubjectAccessReview",
    apiVersion: "authorization.k8s.io/v1",
    kind: "LocalSubjectAccessReview",
    raw: encode(objectMeta(1, { namespace: "dev" }), msg(2, msg(1, str(1, "dev"), str(2, "get"), str(5, "pods")), str(3, "bob")), msg(3, bool(1, false))),
    json: {
      metadata: { namespace: "dev" },
      spec: { resourceAttributes: { namespace: "dev", verb: "get", resource: "pods" }, user: "bob" },
      status: { allowed: false },
    },
  },
  {
    name: "TokenReview",
    apiVersion: "authentication.k8s.io/v1",
    kind: "TokenReview",
    raw: encode(objectMeta(1), msg(2, str(1, "abc"), str(2, "api")), msg(3, bool(1, false), msg(2), str(3, ""))),
    json: { metadata: {}, spec: { token: "abc", audiences: ["api"] }, status: { user: {} } },
  },
  {
    name: "Eviction with DeleteOptions (gracePeriodSeconds is a pointer)",
    apiVersion: "policy/v1",
    kind: "Eviction",
    raw: encode(objectMeta(1, { name: "p", namespace: "default" }), msg(2, int(1, 0), str(4, "Background"), str(5, "All"))),
    json: {
      metadata: { name: "p", namespace: "default" },
      deleteOptions: { gracePeriodSeconds: 0, propagationPolicy: "Background", dryRun: ["All"] },
    },
  },
  {
    name: "DeleteOptions labelled with a group version (metav1.AddToGroupVersion registers it everywhere)",
    apiVersion: "apps/v1",
    kind: "DeleteOptions",
    raw: encode(msg(2, str(1, "uid-1"), str(2, "")), bool(3, false), str(4, "Foreground")),
    json: { preconditions: { uid: "uid-1" }, propagationPolicy: "Foreground", orphanDependents: false },
  },
  {
    name: "Job with pointer fields set to zero (backoffLimit, suspend) and a pod failure policy",
    apiVersion: "batch/v1",
    kind: "Job",
    raw: encode(
      objectMeta(1, { name: "j" }),
      msg(2, int(1, 2), int(7, 0), bool(10, false), msg(11, msg(1, str(1, "FailJob"), msg(2, str(1, "main"), str(2, "In"), int(3, 42))))),
    ),
    json: {
      metadata: { name: "j" },
      spec: {
        parallelism: 2,
        podFailurePolicy: { rules: [{ action: "FailJob", onExitCodes: { containerName: "main", operator: "In", values: [42] } }] },
        backoffLimit: 0,
        suspend: false,
      },
    },
  },
  {
    name: "ServiceAccount with automountServiceAccountToken false and image pull secrets",
    apiVersion: "v1",
    kind: "ServiceAccount",
    raw: encode(objectMeta(1, { name: "sa" }), msg(3, str(1, "regcred")), bool(4, false)),
    json: { metadata: { name: "sa" }, imagePullSecrets: [{ name: "regcred" }], automountServiceAccountToken: false },
  },
];

describe("other kinds", () => {
  it.each(cases)("$name", ({ apiVersion, kind, raw, json }) => {
    expect(decodeKubernetesProtobuf(envelope(apiVersion, kind, raw)).object).toStrictEqual({ kind, apiVersion, ...json });
  });
});
