/**
 * The default pod stages of the `simulated` runtime, as data: KWOK's default ("general") pod stages
 * (kustomize/stage/pod/general: pod-create, pod-ready, pod-complete, pod-delete) rewritten in our status
 * patch form, with the kubelet's own condition reasons and messages (kubelet 1.32 status_manager /
 * generateAPIPodStatus). Differences from KWOK, on purpose:
 * - pod-create says the pod is simulated: an Event (reason `Simulated`) and a pod condition
 *   `kube-edge.dev/Simulated`, so `kubectl describe pod` never shows a simulated pod as a real one;
 * - imageID is `simulated://<image>` (no image was pulled, so there is no digest to report);
 * - pod-delete waits 1 s (a process that exits promptly on SIGTERM) instead of KWOK's random wait up to the
 *   end of the grace period, and never touches other controllers' finalizers;
 * - pod-remove-finalizer is left out: it only removes KWOK's own test finalizer `kwok.x-k8s.io/fake`;
 * - sidecar init containers (restartPolicy Always) are reported terminated like other init containers.
 * Delays can be overridden per pod with KWOK's annotations, e.g. `pod-ready.stage.kwok.x-k8s.io/delay: 10s`.
 */
import type { JsonObject } from "../../patch/json";
import type { Stage, StageDelay } from "./stage";

/** Type of the pod condition every simulated pod carries. */
export const SIMULATED_CONDITION_TYPE = "kube-edge.dev/Simulated";

export const SIMULATED_MESSAGE = "kube-edge simulated runtime: image {{ .spec.containers.[].image }} is not run, its lifecycle is simulated";

const POD = { apiGroup: "v1", kind: "Pod" } as const;
const NOT_DELETED = { key: ".metadata.deletionTimestamp", operator: "DoesNotExist" } as const;

/** KWOK's default delay (1 s + up to 4 s jitter) with its per-pod override annotations. */
function kwokDelay(stage: string): StageDelay {
  return {
    durationMilliseconds: 1000,
    durationFrom: { expressionFrom: `.metadata.annotations["${stage}.stage.kwok.x-k8s.io/delay"]` },
    jitterDurationMilliseconds: 5000,
    jitterDurationFrom: { expressionFrom: `.metadata.annotations["${stage}.stage.kwok.x-k8s.io/jitter-delay"]` },
  };
}

const NO_INIT = ".spec | select(.initContainers[0] == null)";
const HAS_INIT = ".spec | select(.initContainers[0] != null)";

const condition = (type: string, status: "True" | "False", extra: JsonObject = {}): JsonObject => ({
  type,
  status,
  lastProbeTime: null,
  lastTransitionTime: "{{ Now }}",
  ...extra,
});

const NOT_READY = { reason: "ContainersNotReady", message: "containers with unready status: [{{ .spec.containers.[].name }}]" };

const waiting = (each: string, reason: string): JsonObject => ({
  $each: each,
  $item: {
    name: "{{ item.name }}",
    image: "{{ item.image }}",
    imageID: "",
    ready: false,
    started: false,
    restartCount: 0,
    state: { waiting: { reason } },
  },
});

/** Bound to a node, not yet started: the kubelet admits it (startTime, IPs) and creates its containers. */
export const POD_CREATE: Stage = {
  metadata: { name: "pod-create" },
  spec: {
    resourceRef: POD,
    selector: {
      matchExpressions: [
        NOT_DELETED,
        { key: ".spec.nodeName", operator: "Exists" },
        { key: ".status.startTime", operator: "DoesNotExist" },
        { key: ".status.phase", operator: "NotIn", values: ["Succeeded", "Failed"] },
      ],
    },
    next: {
      statusPatch: {
        phase: "Pending",
        hostIP: "{{ NodeIP }}",
        hostIPs: [{ ip: "{{ NodeIP }}" }],
        podIP: "{{ PodIP }}",
        podIPs: [{ ip: "{{ PodIP }}" }],
        startTime: "{{ Now }}",
        conditions: [
          condition("PodReadyToStartContainers", "True"),
          { $each: NO_INIT, $item: condition("Initialized", "True") },
          {
            $each: HAS_INIT,
            $item: condition("Initialized", "False", {
              reason: "ContainersNotInitialized",
              message: "containers with incomplete status: [{{ .spec.initContainers.[].name }}]",
            }),
          },
          condition("Ready", "False", NOT_READY),
          condition("ContainersReady", "False", NOT_READY),
          // Keeps the scheduler's lastTransitionTime (conditions merge by type).
          { type: "PodScheduled", status: "True" },
          condition(SIMULATED_CONDITION_TYPE, "True", { reason: "SimulatedRuntime", message: SIMULATED_MESSAGE }),
        ],
        initContainerStatuses: [waiting(".spec.initContainers.[]", "PodInitializing")],
        containerStatuses: [
          waiting(`${NO_INIT} | .containers.[]`, "ContainerCreating"),
          waiting(`${HAS_INIT} | .containers.[]`, "PodInitializing"),
        ],
      },
      event: { type: "Normal", reason: "Simulated", message: SIMULATED_MESSAGE },
    },
  },
};

/** Started: init containers completed, app containers running and ready. */
export const POD_READY: Stage = {
  metadata: { name: "pod-ready" },
  spec: {
    resourceRef: POD,
    selector: {
      matchExpressions: [
        NOT_DELETED,
        { key: ".status.phase", operator: "In", values: ["Pending"] },
        { key: ".status.startTime", operator: "Exists" },
      ],
    },
    delay: kwokDelay("pod-ready"),
    next: {
      statusPatch: {
        phase: "Running",
        conditions: [
          condition("Initialized", "True", { reason: null, message: null }),
          condition("ContainersReady", "True", { reason: null, message: null }),
          condition("Ready", "True", { reason: null, message: null }),
          // KWOK's choice: readiness gates are reported met, since no controller here would set them.
          { $each: ".spec.readinessGates.[]", $item: condition("{{ item.conditionType }}", "True") },
        ],
        initContainerStatuses: [
          {
            $each: ".spec.initContainers.[]",
            $item: {
              name: "{{ item.name }}",
              image: "{{ item.image }}",
              imageID: "simulated://{{ item.image }}",
              ready: true,
              started: false,
              restartCount: 0,
              state: { terminated: { exitCode: 0, reason: "Completed", startedAt: "{{ .status.startTime }}", finishedAt: "{{ Now }}" } },
            },
          },
        ],
        containerStatuses: [
          {
            $each: ".spec.containers.[]",
            $item: {
              name: "{{ item.name }}",
              image: "{{ item.image }}",
              imageID: "simulated://{{ item.image }}",
              ready: true,
              started: true,
              restartCount: 0,
              state: { running: { startedAt: "{{ Now }}" } },
            },
          },
        ],
      },
      event: { type: "Normal", reason: "Started", message: "Started container {{ .spec.containers.[].name }}" },
    },
  },
};

/** A Job's pod runs to completion: every container exits 0. */
export const POD_COMPLETE: Stage = {
  metadata: { name: "pod-complete" },
  spec: {
    resourceRef: POD,
    selector: {
      matchExpressions: [
        NOT_DELETED,
        { key: ".status.phase", operator: "In", values: ["Running"] },
        { key: '.status.conditions.[] | select(.type == "Ready") | .status', operator: "In", values: ["True"] },
        { key: ".metadata.ownerReferences.[].kind", operator: "In", values: ["Job"] },
        { key: ".spec.restartPolicy", operator: "In", values: ["Never", "OnFailure"] },
      ],
    },
    delay: kwokDelay("pod-complete"),
    next: {
      statusPatch: {
        phase: "Succeeded",
        conditions: [
          condition("PodReadyToStartContainers", "False"),
          condition("ContainersReady", "False", { reason: "PodCompleted" }),
          condition("Ready", "False", { reason: "PodCompleted" }),
        ],
        containerStatuses: [
          {
            $each: ".status.containerStatuses.[]",
            $item: {
              name: "{{ item.name }}",
              image: "{{ item.image }}",
              imageID: "{{ item.imageID }}",
              ready: false,
              started: false,
              restartCount: "{{ item.restartCount }}",
              state: {
                terminated: { exitCode: 0, reason: "Completed", startedAt: "{{ item.state.running.startedAt }}", finishedAt: "{{ Now }}" },
              },
            },
          },
        ],
      },
    },
  },
};

/** Deleted with no finalizers left: containers stopped, then the kubelet's final delete. */
export const POD_DELETE: Stage = {
  metadata: { name: "pod-delete" },
  spec: {
    resourceRef: POD,
    selector: {
      matchExpressions: [
        { key: ".metadata.deletionTimestamp", operator: "Exists" },
        { key: ".metadata.finalizers", operator: "DoesNotExist" },
      ],
    },
    delay: {
      durationMilliseconds: 1000,
      durationFrom: { expressionFrom: '.metadata.annotations["pod-delete.stage.kwok.x-k8s.io/delay"]' },
    },
    next: {
      delete: true,
      event: { type: "Normal", reason: "Killing", message: "Stopping container {{ .spec.containers.[].name }}" },
    },
  },
};

/** The default pod stages, in KWOK's order. */
export const DEFAULT_POD_STAGES: readonly Stage[] = [POD_CREATE, POD_READY, POD_COMPLETE, POD_DELETE];
