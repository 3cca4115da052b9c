/**
 * Accept corpus, pod side: manifests upstream accepts (what `kubectl run --dry-run=client -o yaml` prints, a pod
 * using nearly every PodSpec field, a server-returned pod, and Deployment-style pod templates).
 */

/** `kubectl run nginx --image=nginx --dry-run=client -o yaml` (kubectl 1.32). */
export const KUBECTL_RUN_POD = `
apiVersion: v1
kind: Pod
metadata:
  creationTimestamp: null
  labels:
    run: nginx
  name: nginx
spec:
  containers:
  - image: nginx
    name: nginx
    resources: {}
  dnsPolicy: ClusterFirst
  restartPolicy: Always
status: {}
`;

/** A pod exercising most PodSpec fields. */
export const FULL_POD = `
apiVersion: v1
kind: Pod
metadata:
  name: full
  namespace: default
  labels: {app: web, tier: frontend, app.kubernetes.io/name: web}
  annotations: {example.com/owner: team-a, description: "a pod"}
  finalizers: [example.com/cleanup]
spec:
  activeDeadlineSeconds: 3600
  automountServiceAccountToken: false
  enableServiceLinks: false
  serviceAccountName: builder
  priorityClassName: high
  preemptionPolicy: PreemptLowerPriority
  runtimeClassName: gvisor
  schedulerName: default-scheduler
  hostname: web-0
  subdomain: web
  setHostnameAsFQDN: false
  shareProcessNamespace: true
  hostUsers: true
  terminationGracePeriodSeconds: 45
  os: {name: linux}
  nodeSelector: {kubernetes.io/os: linux, disktype: ssd}
  imagePullSecrets: [{name: regcred}]
  hostAliases: [{ip: 10.1.2.3, hostnames: [foo.local, bar.local]}]
  dnsPolicy: None
  dnsConfig:
    nameservers: [1.1.1.1]
    searches: [ns1.svc.cluster.local]
    options: [{name: ndots, value: "2"}, {name: edns0}]
  readinessGates: [{conditionType: example.com/feature-ready}]
  schedulingGates: [{name: example.com/quota}]
  securityContext:
    runAsUser: 1000
    runAsGroup: 3000
    runAsNonRoot: true
    fsGroup: 2000
    fsGroupChangePolicy: OnRootMismatch
    supplementalGroups: [4000]
    supplementalGroupsPolicy: Merge
    seccompProfile: {type: RuntimeDefault}
    appArmorProfile: {type: RuntimeDefault}
    seLinuxOptions: {level: "s0:c123,c456"}
    sysctls: [{name: net.ipv4.ip_local_port_range, value: "1024 65535"}]
  tolerations:
  - {key: dedicated, operator: Equal, value: web, effect: NoSchedule}
  - {key: node.kubernetes.io/not-ready, operator: Exists, effect: NoExecute, tolerationSeconds: 300}
  - {operator: Exists}
  affinity:
    nodeAffinity:
      requiredDuringSchedulingIgnoredDuringExecution:
        nodeSelectorTerms:
        - matchExpressions:
          - {key: topology.kubernetes.io/zone, operator: In, values: [us-east-1a, us-east-1b]}
      preferredDuringSchedulingIgnoredDuringExecution:
      - weight: 10
        preference:
          matchExpressions: [{key: node-type, operator: NotIn, values: [spot]}]
    podAffinity:
      requiredDuringSchedulingIgnoredDuringExecution:
      - labelSelector: {matchLabels: {app: cache}}
        topologyKey: kubernetes.io/hostname
    podAntiAffinity:
      preferredDuringSchedulingIgnoredDuringExecution:
      - weight: 100
        podAffinityTerm:
          labelSelector:
            matchExpressions: [{key: app, operator: In, values: [web]}]
          topologyKey: topology.kubernetes.io/zone
          namespaces: [default]
  topologySpreadConstraints:
  - maxSkew: 1
    topologyKey: topology.kubernetes.io/zone
    whenUnsatisfiable: DoNotSchedule
    minDomains: 2
    nodeAffinityPolicy: Honor
    nodeTaintsPolicy: Ignore
    labelSelector: {matchLabels: {app: web}}
    matchLabelKeys: [pod-template-hash]
  resourceClaims:
  - {name: gpu, resourceClaimTemplateName: gpu-template}
  overhead: {cpu: 10m}
  volumes:
  - name: config
    configMap:
      name: web-config
      defaultMode: 0444
      items: [{key: app.yaml, path: app.yaml, mode: 0400}]
      optional: true
  - name: creds
    secret: {secretName: web-creds, defaultMode: 256}
  - name: cache
    emptyDir: {medium: Memory, sizeLimit: 64Mi}
  - name: data
    persistentVolumeClaim: {claimName: web-data, readOnly: false}
  - name: host
    hostPath: {path: /var/log, type: Directory}
  - name: podinfo
    downwardAPI:
      items:
      - path: labels
        fieldRef: {fieldPath: metadata.labels}
      - path: cpu_limit
        resourceFieldRef: {containerName: web, resource: limits.cpu, divisor: 1m}
  - name: all-in-one
    projected:
      sources:
      - secret: {name: a, items: [{key: k, path: p}]}
      - configMap: {name: b}
      - downwardAPI: {items: [{path: ns, fieldRef: {fieldPath: metadata.namespace}}]}
      - serviceAccountToken: {audience: vault, expirationSeconds: 7200, path: token}
      - clusterTrustBundle: {signerName: example.com/signer, labelSelector: {}, path: bundle.pem}
  - name: nfs
    nfs: {server: nfs.example.com, path: /exports, readOnly: true}
  - name: csi
    csi: {driver: secrets-store.csi.k8s.io, readOnly: true, volumeAttributes: {secretProviderClass: vault}}
  - name: scratch
    ephemeral:
      volumeClaimTemplate:
        metadata: {labels: {type: scratch}}
        spec:
          accessModes: [ReadWriteOnce]
          storageClassName: fast
          resources: {requests: {storage: 1Gi}}
  - name: models
    image: {reference: "quay.io/models/llm:v1", pullPolicy: IfNotPresent}
  initContainers:
  - name: init-db
    image: busybox:1.36
    command: [sh, -c, "until nslookup db; do sleep 2; done"]
  - name: log-shipper
    image: fluent/fluent-bit:3.0
    restartPolicy: Always
    readinessProbe: {tcpSocket: {port: 2020}}
    volumeMounts: [{name: host, mountPath: /var/log, readOnly: true}]
  containers:
  - name: web
    image: registry.example.com/web@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
    imagePullPolicy: IfNotPresent
    command: [/bin/web]
    args: [--port=8080, --verbose]
    workingDir: /app
    ports:
    - {name: http, containerPort: 8080, protocol: TCP}
    - {name: metrics, containerPort: 9090}
    - {containerPort: 53, protocol: UDP, hostPort: 5353, hostIP: 0.0.0.0}
    env:
    - {name: MODE, value: production}
    - name: POD_NAME
      valueFrom: {fieldRef: {fieldPath: metadata.name}}
    - name: MEM_LIMIT
      valueFrom: {resourceFieldRef: {resource: limits.memory, divisor: 1Mi}}
    - name: DB_HOST
      valueFrom: {configMapKeyRef: {name: web-config, key: db.host, optional: true}}
    - name: DB_PASSWORD
      valueFrom: {secretKeyRef: {name: web-creds, key: password}}
    - {name: my.dotted-name, value: x}
    envFrom:
    - configMapRef: {name: web-env}
      prefix: CFG_
    - secretRef: {name: web-secret-env, optional: true}
    resources:
      requests: {cpu: 250m, memory: 64Mi, ephemeral-storage: 1Gi}
      limits: {cpu: "1", memory: 128Mi, example.com/widget: "2"}
      claims: [{name: gpu}]
    resizePolicy: [{resourceName: cpu, restartPolicy: NotRequired}]
    volumeMounts:
    - {name: config, mountPath: /etc/web, readOnly: true}
    - {name: creds, mountPath: /etc/creds, subPath: password}
    - {name: cache, mountPath: /cache}
    - {name: data, mountPath: /data, mountPropagation: HostToContainer}
    - {name: podinfo, mountPath: /etc/podinfo}
    - {name: all-in-one, mountPath: /projected}
    - {name: nfs, mountPath: /nfs, subPathExpr: $(POD_NAME)}
    - {name: csi, mountPath: /mnt/secrets, recursiveReadOnly: Disabled}
    - {name: scratch, mountPath: /scratch}
    - {name: models, mountPath: /models}
    livenessProbe:
      httpGet:
        path: /healthz
        port: http
        scheme: HTTP
        httpHeaders: [{name: X-Probe, value: liveness}]
      initialDelaySeconds: 10
      periodSeconds: 20
      timeoutSeconds: 2
      failureThreshold: 5
      successThreshold: 1
      terminationGracePeriodSeconds: 30
    readinessProbe:
      exec: {command: [cat, /tmp/ready]}
      periodSeconds: 5
      successThreshold: 2
    startupProbe:
      grpc: {port: 9090, service: health}
      failureThreshold: 30
    lifecycle:
      postStart: {exec: {command: [/bin/sh, -c, echo started]}}
      preStop: {sleep: {seconds: 5}}
    securityContext:
      allowPrivilegeEscalation: false
      readOnlyRootFilesystem: true
      privileged: false
      capabilities: {drop: [ALL], add: [NET_BIND_SERVICE]}
      procMount: Default
      runAsUser: 1000
      seccompProfile: {type: Localhost, localhostProfile: profiles/web.json}
    terminationMessagePath: /tmp/termination
    terminationMessagePolicy: FallbackToLogsOnError
    stdin: false
    stdinOnce: false
    tty: false
  - name: sidecar
    image: envoyproxy/envoy:v1.30.1
    ports: [{containerPort: 15001}]
    resources: {limits: {cpu: 500m, memory: 256Mi}}
`;

/** A pod as the server returns it (defaults, status, managedFields), sent back by `kubectl replace`/`edit`. */
export const SERVER_POD = `
apiVersion: v1
kind: Pod
metadata:
  creationTimestamp: "2025-01-10T12:00:00Z"
  generateName: web-7d4b9c8f6d-
  labels: {app: web, pod-template-hash: 7d4b9c8f6d}
  name: web-7d4b9c8f6d-x2kqp
  namespace: default
  resourceVersion: "1234"
  uid: 0f8a1c2e-1b2c-4d5e-8f90-123456789abc
  ownerReferences:
  - apiVersion: apps/v1
    kind: ReplicaSet
    name: web-7d4b9c8f6d
    uid: 5e6f7a8b-1111-2222-3333-444455556666
    controller: true
    blockOwnerDeletion: true
  managedFields:
  - apiVersion: v1
    fieldsType: FieldsV1
    fieldsV1: {"f:metadata": {"f:labels": {".": {}, "f:app": {}}}}
    manager: kube-controller-manager
    operation: Update
    time: "2025-01-10T12:00:00Z"
spec:
  containers:
  - image: nginx:1.27
    imagePullPolicy: IfNotPresent
    name: nginx
    ports: [{containerPort: 80, protocol: TCP}]
    resources: {}
    terminationMessagePath: /dev/termination-log
    terminationMessagePolicy: File
    volumeMounts:
    - {mountPath: /var/run/secrets/kubernetes.io/serviceaccount, name: kube-api-access-abcde, readOnly: true}
  dnsPolicy: ClusterFirst
  enableServiceLinks: true
  nodeName: node-1
  preemptionPolicy: PreemptLowerPriority
  priority: 0
  restartPolicy: Always
  schedulerName: default-scheduler
  securityContext: {}
  serviceAccount: default
  serviceAccountName: default
  terminationGracePeriodSeconds: 30
  tolerations:
  - {effect: NoExecute, key: node.kubernetes.io/not-ready, operator: Exists, tolerationSeconds: 300}
  - {effect: NoExecute, key: node.kubernetes.io/unreachable, operator: Exists, tolerationSeconds: 300}
  volumes:
  - name: kube-api-access-abcde
    projected:
      defaultMode: 420
      sources:
      - serviceAccountToken: {expirationSeconds: 3607, path: token}
      - configMap:
          items: [{key: ca.crt, path: ca.crt}]
          name: kube-root-ca.crt
      - downwardAPI:
          items:
          - fieldRef: {apiVersion: v1, fieldPath: metadata.namespace}
            path: namespace
status:
  conditions:
  - {lastProbeTime: null, lastTransitionTime: "2025-01-10T12:00:02Z", status: "True", type: PodReadyToStartContainers}
  - {lastProbeTime: null, lastTransitionTime: "2025-01-10T12:00:00Z", status: "True", type: Initialized}
  - {lastProbeTime: null, lastTransitionTime: "2025-01-10T12:00:03Z", status: "True", type: Ready}
  - {lastProbeTime: null, lastTransitionTime: "2025-01-10T12:00:00Z", status: "True", type: PodScheduled}
  containerStatuses:
  - containerID: containerd://abc
    image: docker.io/library/nginx:1.27
    imageID: docker.io/library/nginx@sha256:0123
    lastState: {}
    name: nginx
    ready: true
    restartCount: 0
    started: true
    state: {running: {startedAt: "2025-01-10T12:00:02Z"}}
    volumeMounts:
    - {mountPath: /var/run/secrets/kubernetes.io/serviceaccount, name: kube-api-access-abcde, readOnly: true, recursiveReadOnly: Disabled}
  hostIP: 10.0.0.5
  hostIPs: [{ip: 10.0.0.5}]
  phase: Running
  podIP: 10.244.1.7
  podIPs: [{ip: 10.244.1.7}]
  qosClass: BestEffort
  startTime: "2025-01-10T12:00:00Z"
`;

/** A Deployment's pod template (what apps/v1 validates through validatePodTemplateSpec). */
export const DEPLOYMENT_TEMPLATE = `
metadata:
  labels: {app: api}
  annotations: {prometheus.io/scrape: "true"}
spec:
  containers:
  - name: api
    image: ghcr.io/example/api:2.3.1
    ports: [{containerPort: 8080, name: http}]
    readinessProbe:
      httpGet: {path: /ready, port: 8080}
      initialDelaySeconds: 5
    livenessProbe:
      tcpSocket: {port: http}
    resources:
      requests: {cpu: 100m, memory: 128Mi}
      limits: {memory: 256Mi}
    env: [{name: LOG_LEVEL, value: info}]
    volumeMounts: [{name: tmp, mountPath: /tmp}]
  volumes: [{name: tmp, emptyDir: {}}]
  affinity:
    podAntiAffinity:
      requiredDuringSchedulingIgnoredDuringExecution:
      - labelSelector: {matchLabels: {app: api}}
        topologyKey: kubernetes.io/hostname
  tolerations: [{key: example.com/dedicated, operator: Exists, effect: NoSchedule}]
`;
