/**
 * The slices of core/v1 Pod the status machinery reads and writes, as they appear on the wire (times are
 * RFC 3339 strings). Structural, so a stored Pod object can be passed as it is.
 */

export interface ContainerSpecLike {
  name: string;
  image?: string;
  /** `Always` on an init container makes it a sidecar (a restartable init container). */
  restartPolicy?: string;
  startupProbe?: unknown;
  readinessProbe?: unknown;
  livenessProbe?: unknown;
  resources?: { limits?: Record<string, unknown>; requests?: Record<string, unknown> };
}

export interface PodSpecLike {
  containers: ContainerSpecLike[];
  initContainers?: ContainerSpecLike[];
  /** Always (the default), OnFailure or Never. */
  restartPolicy?: string;
  readinessGates?: { conditionType: string }[];
  hostNetwork?: boolean;
}

export interface ContainerStateWaiting {
  reason?: string;
  message?: string;
}

export interface ContainerStateTerminated {
  exitCode: number;
  signal?: number;
  reason?: string;
  message?: string;
  startedAt?: string;
  finishedAt?: string;
  containerID?: string;
}

export interface ContainerState {
  waiting?: ContainerStateWaiting;
  running?: { startedAt?: string };
  terminated?: ContainerStateTerminated;
}

export interface ContainerStatus {
  name: string;
  state: ContainerState;
  lastState: ContainerState;
  ready: boolean;
  restartCount: number;
  image: string;
  imageID: string;
  containerID?: string;
  started?: boolean;
}

export interface PodCondition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastProbeTime?: string | null;
  lastTransitionTime?: string;
}

export interface PodStatusLike {
  phase?: string;
  reason?: string;
  message?: string;
  conditions?: PodCondition[];
  hostIP?: string;
  hostIPs?: { ip: string }[];
  podIP?: string;
  podIPs?: { ip: string }[];
  startTime?: string;
  qosClass?: string;
  initContainerStatuses?: ContainerStatus[];
  containerStatuses?: ContainerStatus[];
  [field: string]: unknown;
}

/** IsRestartableInitContainer: an init container with `restartPolicy: Always` (a sidecar). */
export const isRestartableInit = (c: ContainerSpecLike): boolean => c.restartPolicy === "Always";

/** podutil.GetContainerStatus. */
export const findStatus = (statuses: readonly ContainerStatus[], name: string): ContainerStatus | undefined =>
  statuses.find((s) => s.name === name);

/** kubecontainer.HasAnyRegularContainerStarted: an app container is running or has terminated. */
export function hasAnyRegularContainerStarted(spec: PodSpecLike, statuses: readonly ContainerStatus[]): boolean {
  const names = new Set(spec.containers.map((c) => c.name));
  return statuses.some((s) => names.has(s.name) && (s.state.running !== undefined || s.state.terminated !== undefined));
}
