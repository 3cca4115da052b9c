/**
 * Accept corpus, non-pod kinds: `kubectl create … --dry-run=client -o yaml` outputs (kubectl 1.32) and
 * hand-written manifests of every core/v1 kind, each as upstream accepts it.
 */

export const KUBECTL_CREATE = {
  configmap: `
apiVersion: v1
data:
  a: b
  app.properties: |
    x=1
kind: ConfigMap
metadata:
  creationTimestamp: null
  name: app-config
`,
  secretGeneric: `
apiVersion: v1
data:
  password: czNjcjN0
  username: YWRtaW4=
kind: Secret
metadata:
  creationTimestamp: null
  name: db-creds
`,
  secretTls: `
apiVersion: v1
data:
  tls.crt: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0t
  tls.key: LS0tLS1CRUdJTiBQUklWQVRFIEtFWS0tLS0t
kind: Secret
metadata:
  creationTimestamp: null
  name: web-tls
type: kubernetes.io/tls
`,
  secretDockerRegistry: `
apiVersion: v1
data:
  .dockerconfigjson: eyJhdXRocyI6e319
kind: Secret
metadata:
  creationTimestamp: null
  name: regcred
type: kubernetes.io/dockerconfigjson
`,
  serviceClusterIP: `
apiVersion: v1
kind: Service
metadata:
  creationTimestamp: null
  labels:
    app: my-svc
  name: my-svc
spec:
  ports:
  - name: 80-8080
    port: 80
    protocol: TCP
    targetPort: 8080
  selector:
    app: my-svc
  type: ClusterIP
status:
  loadBalancer: {}
`,
  serviceNodePort: `
apiVersion: v1
kind: Service
metadata:
  creationTimestamp: null
  labels:
    app: np
  name: np
spec:
  ports:
  - name: 80-80
    nodePort: 30080
    port: 80
    protocol: TCP
    targetPort: 80
  selector:
    app: np
  type: NodePort
status:
  loadBalancer: {}
`,
  serviceExternalName: `
apiVersion: v1
kind: Service
metadata:
  creationTimestamp: null
  labels:
    app: ext
  name: ext
spec:
  externalName: example.com
  type: ExternalName
status:
  loadBalancer: {}
`,
  namespace: `
apiVersion: v1
kind: Namespace
metadata:
  creationTimestamp: null
  name: team-a
spec: {}
status: {}
`,
  serviceaccount: `
apiVersion: v1
kind: ServiceAccount
metadata:
  creationTimestamp: null
  name: builder
`,
  quota: `
apiVersion: v1
kind: ResourceQuota
metadata:
  creationTimestamp: null
  name: compute
spec:
  hard:
    cpu: "4"
    memory: 8Gi
    pods: "10"
    count/deployments.apps: "5"
  scopeSelector:
    matchExpressions:
    - operator: In
      scopeName: PriorityClass
      values:
      - high
status: {}
`,
  exposeDeployment: `
apiVersion: v1
kind: Service
metadata:
  creationTimestamp: null
  labels:
    app: web
  name: web
spec:
  ports:
  - port: 80
    protocol: TCP
    targetPort: 8080
  selector:
    app: web
status:
  loadBalancer: {}
`,
};

export const SERVICES = {
  headless: `
apiVersion: v1
kind: Service
metadata: {name: db}
spec:
  clusterIP: None
  selector: {app: db}
  ports: [{name: pg, port: 5432}]
`,
  headlessNoPorts: `
apiVersion: v1
kind: Service
metadata: {name: peers}
spec: {clusterIP: None, selector: {app: peers}, publishNotReadyAddresses: true}
`,
  loadBalancer: `
apiVersion: v1
kind: Service
metadata:
  name: lb
  annotations: {service.beta.kubernetes.io/aws-load-balancer-type: nlb}
spec:
  type: LoadBalancer
  selector: {app: web}
  ports:
  - {name: http, port: 80, targetPort: http}
  - {name: https, port: 443, targetPort: 8443, appProtocol: https}
  - {name: dns, port: 53, protocol: UDP}
  externalTrafficPolicy: Local
  loadBalancerSourceRanges: [10.0.0.0/8]
  loadBalancerClass: example.com/lb
  sessionAffinity: ClientIP
  sessionAffinityConfig: {clientIP: {timeoutSeconds: 600}}
  ipFamilyPolicy: PreferDualStack
  trafficDistribution: PreferClose
status:
  loadBalancer:
    ingress: [{ip: 203.0.113.10, ipMode: VIP, ports: [{port: 80, protocol: TCP}]}]
  conditions:
  - {type: Ready, status: "True", lastTransitionTime: "2025-01-01T00:00:00Z", reason: Provisioned, message: ok}
`,
  withClusterIP: `
apiVersion: v1
kind: Service
metadata: {name: fixed}
spec:
  clusterIP: 10.96.0.42
  clusterIPs: [10.96.0.42]
  ipFamilies: [IPv4]
  ports: [{port: 443, targetPort: 6443}]
  externalIPs: [192.0.2.10]
`,
};

export const OTHER = {
  node: `
apiVersion: v1
kind: Node
metadata:
  name: kwok-node-0
  labels: {kubernetes.io/hostname: kwok-node-0, node-role.kubernetes.io/agent: "", type: kwok}
  annotations: {node.alpha.kubernetes.io/ttl: "0", kwok.x-k8s.io/node: fake}
spec:
  podCIDR: 10.244.1.0/24
  podCIDRs: [10.244.1.0/24]
  providerID: kwok://kwok-node-0
  taints: [{key: kwok.x-k8s.io/node, value: fake, effect: NoSchedule}]
status:
  allocatable: {cpu: "32", memory: 256Gi, pods: "110"}
  capacity: {cpu: "32", memory: 256Gi, pods: "110"}
  nodeInfo:
    architecture: amd64
    bootID: ""
    containerRuntimeVersion: ""
    kernelVersion: ""
    kubeProxyVersion: fake
    kubeletVersion: fake
    machineID: ""
    operatingSystem: linux
    osImage: ""
    systemUUID: ""
  addresses: [{type: InternalIP, address: 10.0.0.10}, {type: Hostname, address: kwok-node-0}]
  conditions:
  - {type: Ready, status: "True", reason: KubeletReady, message: ready, lastHeartbeatTime: "2025-01-01T00:00:00Z", lastTransitionTime: "2025-01-01T00:00:00Z"}
  daemonEndpoints: {kubeletEndpoint: {Port: 10250}}
  images: [{names: ["registry.k8s.io/pause:3.9"], sizeBytes: 321000}]
  phase: Running
`,
  persistentVolume: `
apiVersion: v1
kind: PersistentVolume
metadata: {name: pv-local, labels: {type: local}}
spec:
  capacity: {storage: 10Gi}
  accessModes: [ReadWriteOnce]
  persistentVolumeReclaimPolicy: Delete
  storageClassName: manual
  mountOptions: [noatime]
  hostPath: {path: /mnt/data}
  claimRef: {namespace: default, name: data}
  nodeAffinity:
    required:
      nodeSelectorTerms:
      - matchExpressions: [{key: kubernetes.io/hostname, operator: In, values: [node-1]}]
`,
  persistentVolumeClaim: `
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: data}
spec:
  accessModes: [ReadWriteOnce]
  storageClassName: standard
  resources: {requests: {storage: 5Gi}}
  selector: {matchLabels: {type: local}}
  dataSource: {kind: PersistentVolumeClaim, name: seed}
`,
  limitRange: `
apiVersion: v1
kind: LimitRange
metadata: {name: defaults}
spec:
  limits:
  - type: Container
    default: {cpu: 500m, memory: 512Mi}
    defaultRequest: {cpu: 100m, memory: 128Mi}
    max: {cpu: "2", memory: 2Gi}
    min: {cpu: 50m}
    maxLimitRequestRatio: {cpu: "10"}
  - type: Pod
    max: {cpu: "4"}
  - type: PersistentVolumeClaim
    min: {storage: 1Gi}
    max: {storage: 50Gi}
`,
  event: `
apiVersion: v1
kind: Event
metadata: {name: web-1.17a2b3c4d5e6f708, namespace: default}
involvedObject: {apiVersion: v1, kind: Pod, name: web-1, namespace: default, uid: "1234", resourceVersion: "99", fieldPath: "spec.containers{web}"}
reason: Pulled
message: Successfully pulled image "nginx"
source: {component: kubelet, host: node-1}
firstTimestamp: "2025-01-01T00:00:00Z"
lastTimestamp: "2025-01-01T00:00:05Z"
count: 2
type: Normal
eventTime: null
reportingComponent: ""
reportingInstance: ""
`,
  newStyleEvent: `
apiVersion: v1
kind: Event
metadata: {name: web-1.17a2b3c4d5e6f709, namespace: default}
involvedObject: {apiVersion: v1, kind: Pod, name: web-1, namespace: default}
reason: Scheduled
message: Successfully assigned default/web-1 to node-1
action: Binding
eventTime: "2025-01-01T00:00:00.123456Z"
reportingComponent: default-scheduler
reportingInstance: default-scheduler-node-0
series: {count: 3, lastObservedTime: "2025-01-01T00:01:00.000000Z"}
type: Normal
`,
  endpoints: `
apiVersion: v1
kind: Endpoints
metadata: {name: web}
subsets:
- addresses:
  - ip: 10.244.1.7
    nodeName: node-1
    targetRef: {kind: Pod, name: web-1, namespace: default, uid: abc}
  notReadyAddresses: [{ip: 10.244.2.8, hostname: web-2}]
  ports: [{name: http, port: 8080, protocol: TCP}, {name: grpc, port: 9090, appProtocol: kubernetes.io/h2c}]
`,
  serviceAccountFull: `
apiVersion: v1
kind: ServiceAccount
metadata: {name: ci}
automountServiceAccountToken: false
secrets: [{name: ci-token}]
imagePullSecrets: [{name: regcred}]
`,
  configMapBinary: `
apiVersion: v1
kind: ConfigMap
metadata: {name: bin}
binaryData: {logo.png: iVBORw0KGgo=}
data: {readme: hello}
immutable: true
`,
  secretStringData: `
apiVersion: v1
kind: Secret
metadata: {name: s}
type: Opaque
stringData: {config.yaml: "key: value"}
`,
  namespaceFull: `
apiVersion: v1
kind: Namespace
metadata: {name: prod, labels: {env: prod}}
spec: {finalizers: [kubernetes]}
`,
};
