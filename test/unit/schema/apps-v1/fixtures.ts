/** Realistic apps/v1 manifests, as users apply them (and as kubectl create / the server produce them). */

export const DEPLOYMENT_WITH_PROBES = `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: {app: web, tier: frontend}
  annotations: {kubernetes.io/change-cause: "initial"}
spec:
  replicas: 3
  selector:
    matchLabels: {app: web}
    matchExpressions:
    - {key: tier, operator: In, values: [frontend]}
  strategy:
    type: RollingUpdate
    rollingUpdate: {maxSurge: 1, maxUnavailable: "10%"}
  minReadySeconds: 5
  template:
    metadata:
      labels: {app: web, tier: frontend}
    spec:
      containers:
      - name: nginx
        image: nginx:1.27
        ports: [{containerPort: 80, name: http}]
        resources:
          requests: {cpu: 100m, memory: 128Mi}
          limits: {cpu: "1", memory: 256Mi}
        readinessProbe:
          httpGet: {path: /healthz, port: http}
          initialDelaySeconds: 3
          periodSeconds: 5
        livenessProbe:
          tcpSocket: {port: 80}
          failureThreshold: 5
        env:
        - {name: MODE, value: prod}
        - name: POD_NAME
          valueFrom: {fieldRef: {fieldPath: metadata.name}}
        volumeMounts: [{name: cache, mountPath: /cache}]
      volumes:
      - {name: cache, emptyDir: {}}
`;

/** `kubectl create deployment web --image=nginx --dry-run=client -o yaml`. */
export const KUBECTL_CREATE_DEPLOYMENT = `
apiVersion: apps/v1
kind: Deployment
metadata:
  creationTimestamp: null
  labels: {app: web}
  name: web
spec:
  replicas: 1
  selector:
    matchLabels: {app: web}
  strategy: {}
  template:
    metadata:
      creationTimestamp: null
      labels: {app: web}
    spec:
      containers:
      - image: nginx
        name: nginx
        resources: {}
status: {}
`;

export const RECREATE_DEPLOYMENT = `
apiVersion: apps/v1
kind: Deployment
metadata: {name: db-migrator}
spec:
  selector: {matchLabels: {app: migrator}}
  strategy: {type: Recreate}
  paused: true
  progressDeadlineSeconds: 120
  revisionHistoryLimit: 0
  template:
    metadata: {labels: {app: migrator}}
    spec:
      containers: [{name: m, image: "registry.example.com/migrator@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"}]
`;

export const STATEFULSET_WITH_CLAIMS = `
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: web}
spec:
  serviceName: nginx
  replicas: 2
  minReadySeconds: 10
  selector: {matchLabels: {app: nginx}}
  template:
    metadata: {labels: {app: nginx}}
    spec:
      terminationGracePeriodSeconds: 10
      containers:
      - name: nginx
        image: registry.k8s.io/nginx-slim:0.24
        ports: [{containerPort: 80, name: web}]
        volumeMounts: [{name: www, mountPath: /usr/share/nginx/html}]
  volumeClaimTemplates:
  - metadata: {name: www}
    spec:
      accessModes: [ReadWriteOnce]
      storageClassName: my-storage-class
      resources: {requests: {storage: 1Gi}}
  persistentVolumeClaimRetentionPolicy: {whenDeleted: Delete}
  ordinals: {start: 1}
`;

export const DAEMONSET = `
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: fluentd-elasticsearch, namespace: kube-system, labels: {k8s-app: fluentd-logging}}
spec:
  selector: {matchLabels: {name: fluentd-elasticsearch}}
  updateStrategy: {type: RollingUpdate, rollingUpdate: {maxUnavailable: 0, maxSurge: "25%"}}
  template:
    metadata: {labels: {name: fluentd-elasticsearch}}
    spec:
      tolerations:
      - {key: node-role.kubernetes.io/control-plane, operator: Exists, effect: NoSchedule}
      containers:
      - name: fluentd-elasticsearch
        image: quay.io/fluentd_elasticsearch/fluentd:v2.5.2
        resources: {limits: {memory: 200Mi}, requests: {cpu: 100m, memory: 200Mi}}
        volumeMounts: [{name: varlog, mountPath: /var/log}]
      terminationGracePeriodSeconds: 30
      volumes:
      - {name: varlog, hostPath: {path: /var/log}}
`;

export const REPLICASET = `
apiVersion: apps/v1
kind: ReplicaSet
metadata: {name: frontend, labels: {app: guestbook, tier: frontend}}
spec:
  replicas: 3
  selector: {matchLabels: {tier: frontend}}
  template:
    metadata: {labels: {tier: frontend}}
    spec:
      containers: [{name: php-redis, image: us-docker.pkg.dev/google-samples/containers/gke/gb-frontend:v5}]
`;

export const CONTROLLER_REVISION = `
apiVersion: apps/v1
kind: ControllerRevision
metadata: {name: web-7b6c8d9f5d, labels: {controller-revision-hash: 7b6c8d9f5d}}
revision: 1
data:
  spec:
    template:
      $patch: replace
      metadata: {labels: {app: nginx}}
`;
