import type { StoreDO } from "../durable-objects/store/store-do";
import type { ControllerDO } from "../durable-objects/controller/controller-do";
import type { KubeletDO } from "../durable-objects/kubelet/kubelet-do";
import type { VolumeDO } from "../durable-objects/volume/volume-do";

/** Bindings of the Worker (wrangler.toml vars, secrets). Optional ones have upstream-like defaults. */
export interface Env {
  STORE: DurableObjectNamespace<StoreDO>;
  /** The control loops' work queues, one object per loop (durable-objects/controller). */
  CONTROLLERS: DurableObjectNamespace<ControllerDO>;
  /** The kubelets, one object per node (DO name = node name; durable-objects/kubelet). */
  KUBELETS: DurableObjectNamespace<KubeletDO>;
  /** Volume storage, one object per PersistentVolume or emptyDir (durable-objects/volume). */
  VOLUMES: DurableObjectNamespace<VolumeDO>;
  /** The built-in OCI registry's blobs, manifests and upload sessions (worker/registry, bucket kube-edge-images). */
  IMAGES: R2Bucket;
  /** Loads pod code (the ES modules of an image, worker/images) into an isolate of its own. */
  LOADER: WorkerLoader;
  /** The cluster-admin bearer token (a generated local secret; `wrangler secret put ADMIN_TOKEN` in production). */
  ADMIN_TOKEN: string;
  /** Interval between watch bookmarks in milliseconds (default 30 s). */
  WATCH_BOOKMARK_MS?: string;
  /** Static bearer tokens, in `--token-auth-file` CSV form: `token,user,uid,"group1,group2"` per line. */
  STATIC_TOKENS?: string;
  /** The service-account token issuer (`--service-account-issuer`); default https://kubernetes.default.svc.cluster.local */
  SERVICE_ACCOUNT_ISSUER?: string;
  /** The cluster CA certificate and its private key (PEM): client-certificate signer, kube-root-ca.crt. */
  CLUSTER_CA_CERT?: string;
  CLUSTER_CA_KEY?: string;
  /**
   * "platform" trusts `request.cf.tlsClientAuth` (TLS terminated by the edge with mTLS); anything else ignores
   * it. Off locally: the local runtime lets a client set `request.cf`.
   */
  CLIENT_CERT_AUTH?: string;
  /** Per-user limits of one isolate: requests in flight and open watches (429 with Retry-After beyond). */
  MAX_REQUESTS_INFLIGHT_PER_USER?: string;
  MAX_WATCHES_PER_USER?: string;
  /** "off" silences the audit log (default: one audit.k8s.io/v1 Event per request at Metadata level). */
  AUDIT_LOG?: string;
  /**
   * Milliseconds between a namespace turning Terminating and the namespace controller's background pass that
   * empties it (default 2000; a non-negative integer). Upstream's controller works after the DELETE returns,
   * so `kubectl delete -f` of a Namespace and its objects still finds the objects; the cron resync finishes
   * what that pass leaves (finalizers, graceful pods).
   */
  NAMESPACE_CLEANUP_DELAY_MS?: string;
  /**
   * The node pool (worker/kubelet/node/pool-config.ts): JSON, e.g. `{"pools":[{"name":"edge","count":3}]}`.
   * The ConfigMap kube-system/node-pool (key pool.json) overrides it at run time. Empty: no nodes.
   */
  NODE_POOL?: string;
  /** "off" forbids the simulated runtime (KWOK-style stages for images that cannot run as isolates); default on. */
  SIMULATED_RUNTIME?: string;
  /** Comma-separated `host:port` names this control plane is reached by: pod images there come from /v2/. */
  CLUSTER_HOSTS?: string;
  /**
   * The domain LoadBalancer Services, NodePorts and Ingresses are reached under (worker/services/domain.ts);
   * default `lb.localhost`. Requests for hosts under it never reach the Kubernetes API.
   */
  LOAD_BALANCER_DOMAIN?: string;
  /** "true" stops the controllers and the scheduler from being woken (API-only tests); the default runs them. */
  CONTROLLERS_OFF?: string;
}
