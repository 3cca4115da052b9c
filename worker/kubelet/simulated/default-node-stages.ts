/**
 * The default node stage of the `simulated` runtime: KWOK's node-initialize (kustomize/stage/node/fast)
 * as data — a Node whose Ready condition is not True gets the four kubelet conditions (reasons and
 * messages as kubelet 1.32's setters in pkg/kubelet/nodestatus) and its addresses. Capacity, allocatable
 * and nodeInfo are left to the kubelet that registers the Node; KWOK's heartbeat stage is the kubelet's
 * Lease and status loop here, not a stage.
 */
import type { JsonObject } from "../../patch/json";
import type { Stage } from "./stage";

const nodeCondition = (type: string, status: "True" | "False", reason: string, message: string): JsonObject => ({
  type,
  status,
  reason,
  message,
  lastHeartbeatTime: "{{ Now }}",
  lastTransitionTime: "{{ Now }}",
});

export const NODE_INITIALIZE: Stage = {
  metadata: { name: "node-initialize" },
  spec: {
    resourceRef: { apiGroup: "v1", kind: "Node" },
    selector: {
      matchExpressions: [{ key: '.status.conditions.[] | select(.type == "Ready") | .status', operator: "NotIn", values: ["True"] }],
    },
    next: {
      statusPatch: {
        conditions: [
          nodeCondition("MemoryPressure", "False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available"),
          nodeCondition("DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure"),
          nodeCondition("PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available"),
          nodeCondition("Ready", "True", "KubeletReady", "kubelet is posting ready status"),
        ],
        addresses: [
          { type: "InternalIP", address: "{{ NodeIP }}" },
          { type: "Hostname", address: "{{ .metadata.name }}" },
        ],
      },
    },
  },
};

export const DEFAULT_NODE_STAGES: readonly Stage[] = [NODE_INITIALIZE];
