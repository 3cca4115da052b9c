/**
 * pkg/controller/history for this control plane: ControllerRevision names and hashes (./hash), the pure history
 * decisions (./revisions) and the API writes (./api). Used by the StatefulSet and DaemonSet controllers.
 */
export * from "./hash";
export * from "./revisions";
export * from "./api";
