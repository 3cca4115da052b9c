/**
 * One valid manifest per fuzzed kind: the seeds that mutations start from. Each exercises the kind's
 * interesting shapes (maps, merge-keyed lists, int-or-string, quantities, nested templates) so a mutation
 * at a random path lands on a variety of types. Field names follow the upstream OpenAPI v3 documents.
 */

export interface FuzzKind {
  kind: string;
  apiVersion: string;
  /** Collection path in namespace `ns`. */
  collection(ns: string): string;
  manifest(name: string): Record<string, unknown>;
}

const podSpec = (app: string, restartPolicy = "Always") => ({
  restartPolicy,
  containers: [
    {
      name: "app",
      image: "nginx:1.27",
      args: ["--port", "8080"],
      ports: [{ name: "http", containerPort: 8080, protocol: "TCP" }],
      env: [{ name: "MODE", value: "fuzz" }, { name: "POD", valueFrom: { fieldRef: { fieldPath: "metadata.name" } } }],
      resources: { requests: { cpu: "100m", memory: "64Mi" }, limits: { cpu: "1", memory: "128Mi" } },
      readinessProbe: { httpGet: { path: "/healthz", port: "http" }, periodSeconds: 5 },
      volumeMounts: [{ name: "cfg", mountPath: "/etc/cfg", readOnly: true }],
    },
  ],
  volumes: [{ name: "cfg", configMap: { name: `${app}-cfg`, items: [{ key: "a", path: "a.txt" }] } }],
  nodeSelector: { "kubernetes.io/os": "linux" },
  tolerations: [{ key: "dedicated", operator: "Equal", value: "fuzz", effect: "NoSchedule" }],
  terminationGracePeriodSeconds: 10,
});

const template = (app: string, restartPolicy?: string) => ({
  metadata: { labels: { app } },
  spec: podSpec(app, restartPolicy),
});

const meta = (name: string) => ({
  name,
  labels: { app: "fuzz", "example.com/tier": "backend" },
  annotations: { "example.com/note": "seed manifest" },
});

const namespaced = (group: string, version: string, resource: string) => (ns: string) =>
  group ? `/apis/${group}/${version}/namespaces/${ns}/${resource}` : `/api/${version}/namespaces/${ns}/${resource}`;

export const FUZZ_KINDS: FuzzKind[] = [
  {
    kind: "ConfigMap",
    apiVersion: "v1",
    collection: namespaced("", "v1", "configmaps"),
    manifest: (name) => ({ metadata: meta(name), data: { a: "1", "b.txt": "hello\nworld" }, binaryData: { bin: "aGVsbG8=" } }),
  },
  {
    kind: "Secret",
    apiVersion: "v1",
    collection: namespaced("", "v1", "secrets"),
    manifest: (name) => ({
      // managedFields given on create are kept (upstream decodes and reuses valid ones): the one place an
      // object carries free-form JSON (fieldsV1), so mutations can reach it.
      metadata: {
        ...meta(name),
        managedFields: [
          { manager: "fuzzer", operation: "Update", apiVersion: "v1", time: "2024-01-01T00:00:00Z", fieldsType: "FieldsV1", fieldsV1: { "f:data": { "f:user": {} } } },
        ],
      },
      type: "Opaque",
      data: { user: "YWRtaW4=" },
      stringData: { password: "s3cret" },
    }),
  },
  {
    kind: "Pod",
    apiVersion: "v1",
    collection: namespaced("", "v1", "pods"),
    manifest: (name) => ({ metadata: meta(name), spec: podSpec(name) }),
  },
  {
    kind: "Service",
    apiVersion: "v1",
    collection: namespaced("", "v1", "services"),
    manifest: (name) => ({
      metadata: meta(name),
      spec: {
        type: "ClusterIP",
        selector: { app: name },
        ports: [
          { name: "http", port: 80, targetPort: "http", protocol: "TCP" },
          { name: "metrics", port: 9090, targetPort: 9090, protocol: "TCP" },
        ],
        sessionAffinity: "None",
      },
    }),
  },
  {
    kind: "Deployment",
    apiVersion: "apps/v1",
    collection: namespaced("apps", "v1", "deployments"),
    manifest: (name) => ({
      metadata: meta(name),
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: name } },
        strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: "25%", maxUnavailable: 1 } },
        revisionHistoryLimit: 5,
        template: template(name),
      },
    }),
  },
  {
    kind: "StatefulSet",
    apiVersion: "apps/v1",
    collection: namespaced("apps", "v1", "statefulsets"),
    manifest: (name) => ({
      metadata: meta(name),
      spec: {
        serviceName: name,
        replicas: 1,
        selector: { matchLabels: { app: name } },
        podManagementPolicy: "OrderedReady",
        template: template(name),
        volumeClaimTemplates: [
          { metadata: { name: "data" }, spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } } } },
        ],
      },
    }),
  },
  {
    kind: "Job",
    apiVersion: "batch/v1",
    collection: namespaced("batch", "v1", "jobs"),
    manifest: (name) => ({
      metadata: meta(name),
      spec: { backoffLimit: 3, completions: 2, parallelism: 1, activeDeadlineSeconds: 600, template: template(name, "Never") },
    }),
  },
  {
    kind: "CronJob",
    apiVersion: "batch/v1",
    collection: namespaced("batch", "v1", "cronjobs"),
    manifest: (name) => ({
      metadata: meta(name),
      spec: {
        schedule: "*/5 * * * *",
        concurrencyPolicy: "Forbid",
        successfulJobsHistoryLimit: 2,
        jobTemplate: { spec: { backoffLimit: 1, template: template(name, "OnFailure") } },
      },
    }),
  },
  {
    kind: "Role",
    apiVersion: "rbac.authorization.k8s.io/v1",
    collection: namespaced("rbac.authorization.k8s.io", "v1", "roles"),
    manifest: (name) => ({
      metadata: meta(name),
      rules: [
        { apiGroups: [""], resources: ["pods", "pods/log"], verbs: ["get", "list", "watch"] },
        { apiGroups: ["apps"], resources: ["deployments"], resourceNames: ["web"], verbs: ["patch"] },
      ],
    }),
  },
  {
    kind: "RoleBinding",
    apiVersion: "rbac.authorization.k8s.io/v1",
    collection: namespaced("rbac.authorization.k8s.io", "v1", "rolebindings"),
    manifest: (name) => ({
      metadata: meta(name),
      subjects: [
        { kind: "User", name: "alice", apiGroup: "rbac.authorization.k8s.io" },
        { kind: "ServiceAccount", name: "default", namespace: "default" },
      ],
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "reader" },
    }),
  },
  {
    kind: "Ingress",
    apiVersion: "networking.k8s.io/v1",
    collection: namespaced("networking.k8s.io", "v1", "ingresses"),
    manifest: (name) => ({
      metadata: meta(name),
      spec: {
        ingressClassName: "nginx",
        tls: [{ hosts: ["fuzz.example.com"], secretName: "fuzz-tls" }],
        rules: [
          {
            host: "fuzz.example.com",
            http: {
              paths: [
                { path: "/", pathType: "Prefix", backend: { service: { name: "web", port: { number: 80 } } } },
                { path: "/api", pathType: "Exact", backend: { service: { name: "api", port: { name: "http" } } } },
              ],
            },
          },
        ],
      },
    }),
  },
  {
    kind: "NetworkPolicy",
    apiVersion: "networking.k8s.io/v1",
    collection: namespaced("networking.k8s.io", "v1", "networkpolicies"),
    manifest: (name) => ({
      metadata: meta(name),
      spec: {
        podSelector: { matchLabels: { app: "fuzz" }, matchExpressions: [{ key: "tier", operator: "In", values: ["a", "b"] }] },
        policyTypes: ["Ingress", "Egress"],
        ingress: [
          {
            from: [{ podSelector: { matchLabels: { role: "client" } } }, { ipBlock: { cidr: "10.0.0.0/8", except: ["10.1.0.0/16"] } }],
            ports: [{ protocol: "TCP", port: 80 }, { protocol: "TCP", port: "http" }],
          },
        ],
        egress: [{ to: [{ namespaceSelector: {} }], ports: [{ protocol: "UDP", port: 53, endPort: 54 }] }],
      },
    }),
  },
];

/** The full object for `kind` named `name`: apiVersion and kind first, as kubectl writes them. */
export function seedObject(kind: FuzzKind, name: string): Record<string, unknown> {
  return { apiVersion: kind.apiVersion, kind: kind.kind, ...kind.manifest(name) };
}
